//! An ordered parallel pipeline: inputs handed one by one to a thread pool,
//! worked on in any order, and their outputs written to one sink in input
//! order, with a bound on the bytes in flight.
//!
//! It knows nothing of what it carries (cases, packs and reports are the
//! batch's business): it takes inputs with their size in bytes, a worker
//! function that turns one input into one output, and a sink. It must not
//! let a failed write or a panicking worker leave any thread waiting.
//!
//! # The protocol
//!
//! Every thread (the feeding thread and the workers) meets in [`State`],
//! behind one mutex (`Shared::state`), with one condition variable
//! (`Shared::changed`) signalled whenever an output is handed in, one is
//! written, or the run fails. The mutex is held only for bookkeeping, never
//! across work or a write.
//!
//! Writing is done by whichever thread holds the *writer's token*
//! (`State::writing`). A thread takes it, under `state`, only when the
//! token is free and the output whose turn has come is waiting; it gives
//! it back, under the same lock, only after seeing that the next output is
//! not there yet. So an output handed in while another thread writes is
//! always seen by that thread before it stops, and an output whose turn
//! has come is never left with nobody to write it.
//!
//! The sink sits behind a second mutex (`Shared::sink`), only so that it
//! can move between threads: only the token holder takes it, so it is
//! never contended. No thread holds both locks at once: [`Shared::drain`]
//! releases `state` before it takes `sink`, and `sink` before it takes
//! `state` again. So there is no lock order to get wrong, and no deadlock.

use std::{
    any::Any,
    collections::BTreeMap,
    panic::{self, AssertUnwindSafe},
    sync::{Condvar, Mutex, MutexGuard, PoisonError},
};

/// Roughly the memory a value holds, for the budget of bytes in flight.
pub(crate) trait Held {
    fn held(&self) -> usize;
}

/// Which threads write finished outputs to the sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Writer {
    /// The feeding thread, before each input it sends and while it waits:
    /// for when a core is spare, so that the workers only work.
    Feeder,
    /// The worker that hands in the output whose turn has come (and then
    /// writes those after it that are ready): so that the feeding thread,
    /// which every worker waits on, never queues behind writing.
    Workers,
}

/// How a run shares its work out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) writer: Writer,
    /// The bytes that may be in flight (sent and not yet written; counted
    /// as the output an input will likely become until it is worked on,
    /// then as its output holds). An input is sent only if it fits, or if
    /// fewer than `fewest` (within the cores, see below) are out; an output
    /// larger than foreseen may take the count over, and sending then
    /// waits until it is back under.
    pub(crate) budget: usize,
    /// Inputs the pool would like in flight, however large: one per worker
    /// and a few more. Before issue 14 that many were let through, so at
    /// `--jobs 64` some 66 chunks were in flight whatever the budget (300
    /// MiB once rendered with `--detail full`). Now no more than one per
    /// core and two more are ([`always_in_flight`]): workers beyond the
    /// cores wait for the budget like any input.
    pub(crate) fewest: usize,
}

/// Why a run stopped before its end.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Failure<E> {
    /// The sink returned an error: nothing was written after it.
    Sink(E),
    /// A worker or the sink panicked; the panic's message.
    Panicked(String),
}

/// What sending returns once the run has failed: stop feeding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stopped;

/// The bookkeeping every thread meets in (see the module's protocol).
struct State<O, E> {
    /// Outputs handed in and not yet written, by input index.
    waiting: BTreeMap<usize, O>,
    /// The index of the next output to write.
    next: usize,
    /// Inputs sent and not yet written.
    out: usize,
    /// The bytes they hold (see [`Plan::budget`]).
    bytes: usize,
    /// The bytes of the inputs worked on so far, and of their outputs: an
    /// input is counted as the output it will likely become.
    worked_in: usize,
    worked_out: usize,
    /// The writer's token: some thread is writing.
    writing: bool,
    /// The first failure; after it nothing is worked on or written.
    failure: Option<Failure<E>>,
}

impl<O, E> State<O, E> {
    /// The bytes an input of `bytes` will likely hold once worked on: as
    /// much as the inputs worked on so far grew, never less than itself.
    fn likely(&self, bytes: usize) -> usize {
        if self.worked_in == 0 || self.worked_out <= self.worked_in {
            return bytes;
        }
        let wide = |n: usize| u128::try_from(n).unwrap_or(u128::MAX);
        let likely = wide(bytes).saturating_mul(wide(self.worked_out)) / wide(self.worked_in);
        usize::try_from(likely).unwrap_or(usize::MAX)
    }

    fn fail(&mut self, failure: Failure<E>) {
        if self.failure.is_none() {
            self.failure = Some(failure);
        }
    }

    /// Whether the output whose turn has come is waiting and nobody is
    /// writing.
    fn can_write(&self) -> bool {
        !self.writing && self.failure.is_none() && self.waiting.contains_key(&self.next)
    }
}

struct Shared<O, E, S> {
    state: Mutex<State<O, E>>,
    changed: Condvar,
    sink: Mutex<S>,
}

/// Runs the pipeline: `feed` is called once on this thread with a `send`
/// function, which it calls with each input and its size in bytes, in
/// order, until `send` says the run has stopped. Each input goes to the
/// pool, where `work` (given the input's index) turns it into an output,
/// and every output goes to `sink` in input order. Returns what `feed`
/// returned, or the first failure once every worker has stopped.
pub(crate) fn run<I, O, E, R>(
    pool: &rayon::ThreadPool,
    plan: Plan,
    work: impl Fn(usize, I) -> O + Sync,
    sink: impl FnMut(O) -> Result<(), E> + Send,
    feed: impl FnOnce(&mut dyn FnMut(I, usize) -> Result<(), Stopped>) -> R,
) -> Result<R, Failure<E>>
where
    I: Send,
    O: Held + Send,
    E: Send,
{
    let shared = Shared {
        state: Mutex::new(State {
            waiting: BTreeMap::new(),
            next: 0,
            out: 0,
            bytes: 0,
            worked_in: 0,
            worked_out: 0,
            writing: false,
            failure: None,
        }),
        changed: Condvar::new(),
        sink: Mutex::new(sink),
    };
    let (shared, work) = (&shared, &work);
    let feeder_writes = plan.writer == Writer::Feeder;
    let fewest = always_in_flight(plan.fewest);
    let result = pool.in_place_scope(|scope| {
        let mut index = 0;
        let mut send = |input: I, bytes: usize| {
            // The budget holds whatever the number of workers: an input
            // waits until it fits, but for the few always let through
            // ([`always_in_flight`]), which follow the cores, not `--jobs`.
            //
            // An input is counted as its likely output (its size times the
            // outputs' size over the inputs' so far), because outputs can be
            // many times larger (rendered explanations: some 40 times the
            // case) and are made on every worker at once: counted at their
            // input's size, 64 workers' outputs came to 230 MiB. Until the
            // first output is in, nothing tells, so only those few go.
            let mut state = shared.wait(feeder_writes, |state| {
                state.out < fewest
                    || (state.worked_in > 0 && state.bytes + state.likely(bytes) <= plan.budget)
            })?;
            let cost = state.likely(bytes);
            state.out += 1;
            state.bytes += cost;
            drop(state);
            let this = index;
            index += 1;
            scope.spawn(move |_| shared.work(this, input, (bytes, cost), work, !feeder_writes));
            Ok(())
        };
        let result = feed(&mut send);
        // The rest, to the last output (or the first failure).
        drop(shared.wait(feeder_writes, |state| state.out == 0));
        result
    });
    // Every worker has stopped: the scope waits for them.
    match lock(&shared.state).failure.take() {
        Some(failure) => Err(failure),
        None => Ok(result),
    }
}

/// How many of the `fewest` inputs the pool would like in flight are let
/// through whatever the budget: one per core and two more (so that every
/// core has work while the reading thread reads), at least one (so that an
/// input larger than the whole budget goes). Not one per worker: workers
/// beyond the cores do not work at once, and one chunk each made memory
/// grow with `--jobs` (some 300 MiB of rendered chunks at `--jobs 64`,
/// issue 14). So what goes past the budget follows the machine, never the
/// option.
fn always_in_flight(fewest: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    fewest.min(cores + 2).max(1)
}

impl<O: Held, E, S: FnMut(O) -> Result<(), E>> Shared<O, E, S> {
    /// One input on a worker: worked on, handed in, and with `write`,
    /// written if its turn has come and nobody is writing.
    fn work<I>(
        &self,
        index: usize,
        input: I,
        (bytes, cost): (usize, usize),
        work: impl Fn(usize, I) -> O,
        write: bool,
    ) {
        // After a failure nothing more is worked on.
        if lock(&self.state).failure.is_some() {
            return;
        }
        // A panic would leave this input's turn unfilled and every other
        // thread waiting for it: it fails the run instead.
        let output = panic::catch_unwind(AssertUnwindSafe(|| work(index, input)));
        let mut state = lock(&self.state);
        match output {
            Ok(output) => {
                let held = output.held();
                state.bytes = state.bytes - cost.min(state.bytes) + held;
                state.worked_in = state.worked_in.saturating_add(bytes.max(1));
                state.worked_out = state.worked_out.saturating_add(held);
                state.waiting.insert(index, output);
                if write && state.can_write() {
                    state = self.drain(state);
                }
            }
            Err(panic) => state.fail(Failure::Panicked(message(&*panic))),
        }
        drop(state);
        self.changed.notify_all();
    }

    /// Writes the outputs whose turn has come. Called with `state` locked
    /// and [`State::can_write`]; takes the writer's token, and returns with
    /// `state` locked and the token given back, having seen (under that
    /// lock) that the next output is not waiting or that the run failed.
    fn drain<'s>(&'s self, mut state: MutexGuard<'s, State<O, E>>) -> MutexGuard<'s, State<O, E>> {
        state.writing = true;
        while state.failure.is_none() {
            let next = state.next;
            let Some(output) = state.waiting.remove(&next) else { break };
            // Never both locks at once (see the module's protocol).
            drop(state);
            let held = output.held();
            let written = panic::catch_unwind(AssertUnwindSafe(|| (lock(&self.sink))(output)));
            state = lock(&self.state);
            state.next += 1;
            state.out -= 1;
            state.bytes -= held.min(state.bytes);
            match written {
                Ok(Ok(())) => {}
                Ok(Err(error)) => state.fail(Failure::Sink(error)),
                Err(panic) => state.fail(Failure::Panicked(message(&*panic))),
            }
            drop(state);
            self.changed.notify_all();
            state = lock(&self.state);
        }
        state.writing = false;
        state
    }

    /// Waits until `done` holds, writing what is ready meanwhile when the
    /// feeding thread writes; returns with `state` locked, or [`Stopped`]
    /// once the run has failed.
    fn wait(
        &self,
        feeder_writes: bool,
        done: impl Fn(&State<O, E>) -> bool,
    ) -> Result<MutexGuard<'_, State<O, E>>, Stopped> {
        let mut state = lock(&self.state);
        loop {
            if feeder_writes && state.can_write() {
                state = self.drain(state);
            }
            if state.failure.is_some() {
                return Err(Stopped);
            }
            if done(&state) {
                return Ok(state);
            }
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A lock, whatever a panicking thread left behind: `state` is not held
/// across the work or the sink, which are the code that may panic, and
/// after a panic in the sink the run has failed and the sink is not called
/// again.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The message a panic was raised with.
fn message(panic: &(dyn Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "a panic without a message".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::{
        sync::atomic::{AtomicIsize, AtomicUsize, Ordering},
        thread,
        time::Duration,
    };

    use super::*;

    impl Held for Vec<u8> {
        fn held(&self) -> usize {
            self.len()
        }
    }

    fn pool(jobs: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(jobs).build().unwrap()
    }

    fn plan(writer: Writer, jobs: usize) -> Plan {
        Plan { writer, budget: 1000, fewest: jobs + 2 }
    }

    /// Input `i` as bytes: its index, then filler up to `size`.
    fn input(i: usize, size: usize) -> Vec<u8> {
        let mut bytes = i.to_le_bytes().to_vec();
        bytes.resize(size.max(8), 0);
        bytes
    }

    fn index_of(bytes: &[u8]) -> usize {
        usize::from_le_bytes(bytes[..8].try_into().unwrap())
    }

    /// A worker that takes longer over earlier inputs, so that later ones
    /// often finish first.
    fn slow(i: usize, bytes: Vec<u8>) -> Vec<u8> {
        thread::sleep(Duration::from_micros(150 * u64::try_from(7 - i % 8).unwrap()));
        bytes
    }

    const WRITERS: [Writer; 2] = [Writer::Feeder, Writer::Workers];

    #[test]
    fn outputs_come_in_input_order_for_any_number_of_jobs() {
        for jobs in [1, 2, 8] {
            for writer in WRITERS {
                let pool = pool(jobs);
                let mut written = Vec::new();
                let sink = |bytes: Vec<u8>| {
                    written.push(index_of(&bytes));
                    Ok::<_, ()>(())
                };
                let fed = run(&pool, plan(writer, jobs), slow, sink, |send| {
                    (0..200).take_while(|&i| send(input(i, 40), 40).is_ok()).count()
                });
                assert_eq!(fed, Ok(200), "{jobs} jobs, {writer:?}");
                assert_eq!(written, (0..200).collect::<Vec<_>>(), "{jobs} jobs, {writer:?}");
            }
        }
    }

    #[test]
    fn never_more_than_the_budget_in_flight() {
        for jobs in [1, 2, 8] {
            for writer in WRITERS {
                // Counted by the test: sent and not yet written. An input
                // is counted once `send` has taken it, which may be after
                // it was written: the count may dip below zero, but when
                // it is read, just after a send (the only time it grows),
                // it is the true figure.
                let in_flight = AtomicIsize::new(0);
                let mut peak = 0;
                let pool = pool(jobs);
                let sink = |bytes: Vec<u8>| {
                    in_flight.fetch_sub(isize::try_from(bytes.len()).unwrap(), Ordering::SeqCst);
                    Ok::<_, ()>(())
                };
                let plan = Plan { writer, budget: 1000, fewest: 2 };
                let fed = run(&pool, plan, slow, sink, |send| {
                    for i in 0..300 {
                        let size = 50 + i % 100;
                        if send(input(i, size), size).is_err() {
                            break;
                        }
                        let size = isize::try_from(size).unwrap();
                        peak = peak.max(in_flight.fetch_add(size, Ordering::SeqCst) + size);
                    }
                });
                assert_eq!(fed, Ok(()));
                assert_eq!(in_flight.load(Ordering::SeqCst), 0);
                assert!(peak <= 1000, "{peak} bytes in flight, {jobs} jobs, {writer:?}");
                // The budget was used, not just one input at a time.
                assert!(peak > 500, "{peak} bytes in flight, {jobs} jobs, {writer:?}");
            }
        }
    }

    #[test]
    fn inputs_larger_than_the_budget_go_through_a_few_at_a_time() {
        for writer in WRITERS {
            // Counted as in the test above.
            let out = AtomicIsize::new(0);
            let mut peak = 0;
            let pool = pool(2);
            let sink = |_: Vec<u8>| {
                out.fetch_sub(1, Ordering::SeqCst);
                Ok::<_, ()>(())
            };
            let plan = Plan { writer, budget: 100, fewest: 4 };
            let fed = run(&pool, plan, slow, sink, |send| {
                for i in 0..50 {
                    if send(input(i, 500), 500).is_err() {
                        break;
                    }
                    peak = peak.max(out.fetch_add(1, Ordering::SeqCst) + 1);
                }
            });
            assert_eq!(fed, Ok(()));
            let peak = usize::try_from(peak).unwrap();
            assert!((1..=always_in_flight(4)).contains(&peak), "{peak} out, {writer:?}");
        }
    }

    /// Issue 14: at `--jobs 64` one input per worker (66 of them) used to
    /// be let through whatever their size; now only one per core and two
    /// more are.
    #[test]
    fn many_workers_do_not_take_the_bytes_in_flight_past_the_budget() {
        for writer in WRITERS {
            // Counted as in the test above.
            let in_flight = AtomicIsize::new(0);
            let mut peak = 0;
            let pool = pool(64);
            let sink = |bytes: Vec<u8>| {
                in_flight.fetch_sub(isize::try_from(bytes.len()).unwrap(), Ordering::SeqCst);
                Ok::<_, ()>(())
            };
            let plan = Plan { writer, budget: 1000, fewest: 66 };
            let fed = run(&pool, plan, slow, sink, |send| {
                for i in 0..300 {
                    if send(input(i, 300), 300).is_err() {
                        break;
                    }
                    peak = peak.max(in_flight.fetch_add(300, Ordering::SeqCst) + 300);
                }
            });
            assert_eq!(fed, Ok(()));
            let most = 1000.max(300 * always_in_flight(66));
            assert!(peak <= most.try_into().unwrap(), "{peak} bytes in flight, {writer:?}");
        }
    }

    /// Outputs thirty times their input, made on 64 workers at once: each
    /// input is counted as the output it will become.
    #[test]
    fn outputs_larger_than_their_inputs_stay_within_the_budget() {
        for writer in WRITERS {
            // Output bytes made and not yet written, counted by the test.
            let held = AtomicIsize::new(0);
            let peak = AtomicIsize::new(0);
            let pool = pool(64);
            let work = |i, bytes: Vec<u8>| {
                let mut output = slow(i, bytes);
                output.resize(output.len() * 30, 0);
                let size = isize::try_from(output.len()).unwrap();
                peak.fetch_max(held.fetch_add(size, Ordering::SeqCst) + size, Ordering::SeqCst);
                output
            };
            let sink = |bytes: Vec<u8>| {
                held.fetch_sub(isize::try_from(bytes.len()).unwrap(), Ordering::SeqCst);
                Ok::<_, ()>(())
            };
            let plan = Plan { writer, budget: 3000, fewest: 66 };
            let fed = run(&pool, plan, work, sink, |send| {
                (0..200).take_while(|&i| send(input(i, 10), 10).is_ok()).count()
            });
            assert_eq!(fed, Ok(200));
            let peak = peak.load(Ordering::SeqCst);
            // The budget, and the few inputs always let through, which may
            // have been counted at their input's size before the first
            // output told how much they grow (so a loaded machine can
            // hold one or two of them beyond the budget).
            let most = 3000 + 300 * always_in_flight(66);
            assert!(peak <= most.try_into().unwrap(), "{peak} bytes of outputs held, {writer:?}");
        }
    }

    #[test]
    fn a_failed_write_stops_the_run_and_is_returned() {
        for jobs in [1, 2, 8] {
            for writer in WRITERS {
                let worked = AtomicUsize::new(0);
                let pool = pool(jobs);
                let mut written = 0;
                let work = |i, bytes| {
                    worked.fetch_add(1, Ordering::SeqCst);
                    slow(i, bytes)
                };
                let sink = |bytes: Vec<u8>| {
                    let i = index_of(&bytes);
                    written += 1;
                    if i == 10 { Err(format!("no room for {i}")) } else { Ok(()) }
                };
                let mut sent = 0;
                let result = run(&pool, plan(writer, jobs), work, sink, |send| {
                    for i in 0..10_000 {
                        if send(input(i, 40), 40).is_err() {
                            break;
                        }
                        sent += 1;
                    }
                });
                let label = format!("{jobs} jobs, {writer:?}");
                assert_eq!(result, Err(Failure::Sink("no room for 10".to_owned())), "{label}");
                // Nothing was written after the failure, and the feeding
                // stopped: only what was in flight then was worked on.
                assert_eq!(written, 11, "{label}");
                let in_flight = 1000 / 40 + 1;
                assert!(sent <= 11 + in_flight, "{sent} sent, {label}");
                assert!(worked.load(Ordering::SeqCst) <= sent, "{label}");
            }
        }
    }

    #[test]
    fn a_panicking_worker_fails_the_run_instead_of_leaving_it_waiting() {
        for jobs in [1, 2, 8] {
            for writer in WRITERS {
                let pool = pool(jobs);
                let mut written = Vec::new();
                let work = |i, bytes| {
                    assert!(i != 7, "worker gave up on {i}");
                    slow(i, bytes)
                };
                let sink = |bytes: Vec<u8>| {
                    written.push(index_of(&bytes));
                    Ok::<_, ()>(())
                };
                let result = run(&pool, plan(writer, jobs), work, sink, |send| {
                    (0..1000).take_while(|&i| send(input(i, 40), 40).is_ok()).count()
                });
                let label = format!("{jobs} jobs, {writer:?}");
                assert_eq!(result, Err(Failure::Panicked("worker gave up on 7".into())), "{label}");
                // In order, and none past the chunk that never came.
                assert_eq!(written, (0..written.len()).collect::<Vec<_>>(), "{label}");
                assert!(written.len() <= 7, "{label}");
            }
        }
    }

    #[test]
    fn a_panicking_sink_fails_the_run() {
        for writer in WRITERS {
            let pool = pool(2);
            let sink = |bytes: Vec<u8>| {
                assert!(index_of(&bytes) != 3, "the sink gave up");
                Ok::<_, ()>(())
            };
            let result = run(&pool, plan(writer, 2), slow, sink, |send| {
                (0..100).take_while(|&i| send(input(i, 40), 40).is_ok()).count()
            });
            assert_eq!(result, Err(Failure::Panicked("the sink gave up".into())), "{writer:?}");
        }
    }
}
