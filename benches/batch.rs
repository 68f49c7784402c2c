//! `neurotriage batch` end to end on one million synthetic JSON Lines
//! cases: cases per second and peak memory with `--jobs 1` and with every
//! core, beside a floor measured in the same run (the same file only
//! parsed with `serde_json` and written back out, no rules). Figures and
//! how to read them are in `docs/performance.md`.
//!
//! Run with `cargo bench --bench batch`; `BATCH_CASES=100000` runs fewer
//! cases, `BATCH_ROUNDS=5` more rounds (3 by default).
//! Peak memory comes from GNU time (`/usr/bin/time`), when it is there.

#![allow(clippy::expect_used, clippy::cast_precision_loss, clippy::cast_possible_truncation)]

use std::{
    env,
    fmt::Write as _,
    fs,
    io::{BufRead, BufReader, BufWriter, Write},
    path::Path,
    process::Command,
    time::Instant,
};

/// A small fixed-seed generator (xorshift), so the cases are the same in
/// every run without a dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn generate(path: &Path, cases: u64) {
    let features: [(&str, &[&str]); 10] = [
        ("fasciculations", &["true", "false"]),
        ("sensory_loss", &["true", "false", "\"unknown\""]),
        ("course", &["\"relapsing\"", "\"progressive\"", "\"single_episode\""]),
        ("visual_problems", &["true", "false"]),
        ("muscle_wasting", &["true", "false"]),
        ("mri_lesions", &["true", "false"]),
        ("ataxia", &["true", "false"]),
        ("upper_motor_neuron_signs", &["true", "false"]),
        ("lower_motor_neuron_signs", &["true", "false"]),
        ("tingling", &["\"yes\"", "\"no\""]),
    ];
    let expected = ["\"ALS\"", "\"MS\"", "\"none\""];
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut out = BufWriter::new(fs::File::create(path).expect("create the case file"));
    for i in 0..cases {
        let mut line = format!(
            "{{\"id\":\"case-{i}\",\"expected\":{},\"features\":{{\"age\":{}",
            expected[random.below(3) as usize],
            15 + random.below(70)
        );
        for (name, values) in features {
            if random.below(2) == 0 {
                let value = values[random.below(values.len() as u64) as usize];
                let _ = write!(line, ",\"{name}\":{value}");
            }
        }
        line.push_str("}}\n");
        out.write_all(line.as_bytes()).expect("write a case");
    }
    out.flush().expect("write the case file");
}

/// The floor: every line parsed into a JSON value and written back out.
fn floor(path: &Path, sink: &Path) -> f64 {
    let start = Instant::now();
    let input = BufReader::new(fs::File::open(path).expect("open the cases"));
    let mut out = BufWriter::new(fs::File::create(sink).expect("create the sink"));
    for line in input.lines() {
        let line = line.expect("a line");
        let value: serde_json::Value = serde_json::from_str(&line).expect("valid JSON");
        serde_json::to_writer(&mut out, &value).expect("write");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
    start.elapsed().as_secs_f64()
}

/// The median (the upper one of an even count).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// One run of the binary: seconds and peak memory in KiB (if known).
fn batch(path: &Path, sink: &Path, args: &[&str]) -> (f64, Option<u64>) {
    let binary = env!("CARGO_BIN_EXE_neurotriage");
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%M", binary]);
        c
    } else {
        Command::new(binary)
    };
    command.arg("batch").arg(path).args(["--format", "jsonl", "--output"]).arg(sink).args(args);
    let start = Instant::now();
    let output = command.output().expect("run neurotriage");
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak = stderr.lines().last().and_then(|l| l.trim().parse().ok());
    (seconds, peak)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter other than "batch" skips us.
    if env::args().skip(1).any(|a| !a.starts_with('-') && !"batch".contains(a.as_str())) {
        return;
    }
    let cases: u64 = env::var("BATCH_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let input = dir.join(format!("batch-{cases}.jsonl"));
    let sink = dir.join("batch-out.jsonl");
    if !input.exists() {
        generate(&input, cases);
    }
    let size = fs::metadata(&input).map_or(0, |m| m.len());
    println!("{cases} cases, {:.1} MB of JSON Lines", size as f64 / 1e6);
    let rate = |seconds: f64| cases as f64 / seconds;
    let cores = std::thread::available_parallelism().map_or(1, usize::from).to_string();
    let runs: [(&str, Vec<&str>); 2] = [
        ("batch --detail verdict --jobs 1", vec!["--detail", "verdict", "--jobs", "1"]),
        (
            "batch --detail verdict (all cores)",
            vec!["--detail", "verdict", "--jobs", cores.as_str()],
        ),
    ];
    // This machine's speed drifts by a third from minute to minute. Each
    // round measures the floor and then each run, so that a run is
    // compared with the floor of its own moment; the medians of the
    // rounds are reported.
    let rounds: usize = env::var("BATCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let mut floors = Vec::new();
    let mut seconds: Vec<Vec<f64>> = vec![Vec::new(); runs.len()];
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); runs.len()];
    let mut peaks: Vec<u64> = vec![0; runs.len()];
    for round in 1..=rounds {
        let floor_seconds = floor(&input, &sink);
        floors.push(floor_seconds);
        print!("round {round}: floor {:.0} cases/s", rate(floor_seconds));
        for (i, (_, args)) in runs.iter().enumerate() {
            let (run_seconds, peak) = batch(&input, &sink, args);
            seconds[i].push(run_seconds);
            ratios[i].push(floor_seconds / run_seconds);
            peaks[i] = peaks[i].max(peak.unwrap_or(0));
            print!(", {:.2} of it", floor_seconds / run_seconds);
        }
        println!();
    }
    let floor_seconds = median(&mut floors);
    println!(
        "{:<44} {:>10.0} cases/s  {:>6.2} s",
        "floor: serde_json parse and write, 1 thread",
        rate(floor_seconds),
        floor_seconds
    );
    for (i, (label, _)) in runs.iter().enumerate() {
        let run_seconds = median(&mut seconds[i]);
        let peak = if peaks[i] == 0 {
            "?".to_owned()
        } else {
            format!("{:.1} MiB", peaks[i] as f64 / 1024.0)
        };
        println!(
            "{label:<44} {:>10.0} cases/s  {:>6.2} s  {:.2} of the floor  peak {peak}",
            rate(run_seconds),
            run_seconds,
            median(&mut ratios[i])
        );
    }
    // The larger output, once: it takes minutes, and is there to show
    // what the per-case detail costs.
    let (brief_seconds, peak) =
        batch(&input, &sink, &["--detail", "brief", "--jobs", cores.as_str()]);
    let peak = peak.map_or("?".to_owned(), |kib| format!("{:.1} MiB", kib as f64 / 1024.0));
    println!(
        "{:<44} {:>10.0} cases/s  {:>6.2} s  {:.2} of the floor  peak {peak} (one run)",
        "batch --detail brief (all cores)",
        rate(brief_seconds),
        brief_seconds,
        floor_seconds / brief_seconds
    );
    let _ = fs::remove_file(&sink);
}
