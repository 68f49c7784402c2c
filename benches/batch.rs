//! `neurotriage batch` end to end on synthetic cases (one million by
//! default): cases per second and peak memory with `--jobs 1` and with
//! every core, each beside floors measured in the same run, on the same
//! cases, just before it (interleaved rounds; medians of the rounds):
//!
//! - the typed floor (issue 17), on the benchmark's own cases and, when
//!   `../shared/perf/gen.py` and python3 are there, on that generator's
//!   (the cases the issue was measured on): each JSON line deserialized by
//!   `serde_json` into a borrowed, typed struct of the case's shape, one
//!   short line written per case, one thread; the method of
//!   `../shared/perf/floor`;
//! - the `Value` floor: each line parsed into a `serde_json::Value` and
//!   written back (slower than the typed one: a map per case);
//! - the same cases converted to CSV (one row per case) and to YAML (one
//!   document per case), each with its own typed floor made the same way:
//!   the csv crate into a typed record, serde-saphyr's streaming reader
//!   into a typed struct.
//!
//! Run with `cargo bench --bench batch`; `BATCH_CASES=200000` runs fewer
//! cases (1,000,000 by default), `BATCH_ROUNDS=5` more rounds (3 by
//! default), `BATCH_BRIEF=1` adds one `--detail brief` run (it takes
//! minutes). Figures and how to read them are in `docs/performance.md`.
//! Peak memory comes from GNU time (`/usr/bin/time`), when it is there.

#![allow(clippy::expect_used, clippy::cast_precision_loss, clippy::cast_possible_truncation)]

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::{
    borrow::Cow,
    env,
    fmt::Write as _,
    fs,
    io::{BufRead, BufReader, BufWriter, Write},
    path::{Path, PathBuf},
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

/// `cases` cases made by `../shared/perf/gen.py`, the generator of the
/// issue's measurements; `false` when it or python3 is not there.
fn generate_with_gen_py(path: &Path, cases: u64) -> bool {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/perf/gen.py");
    if !script.exists() {
        return false;
    }
    let Ok(out) = fs::File::create(path) else {
        return false;
    };
    let made = Command::new("python3")
        .arg(&script)
        .arg(cases.to_string())
        .stdout(out)
        .status()
        .is_ok_and(|status| status.success());
    if !made {
        let _ = fs::remove_file(path);
    }
    made
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

/// The `Value` floor: every line parsed into a JSON value and written back
/// out.
fn value_floor(path: &Path, sink: &Path) -> f64 {
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

/// A feature's value as the typed floors read it: no `Value` tree, a
/// string borrowed from the input when it can be.
#[allow(dead_code)]
enum Scalar<'a> {
    Bool(bool),
    Num(f64),
    Text(Cow<'a, str>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bool, number or string")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Num(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Num(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Num(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_any(V)
    }
}

/// A key borrowed from the line when it has no escapes, owned otherwise.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct K;
        impl<'de> Visitor<'de> for K {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(K)
    }
}

/// The features object, in order, as pairs.
struct Pairs<'a>(Vec<(Key<'a>, Scalar<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct P;
        impl<'de> Visitor<'de> for P {
            type Value = Pairs<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<Pairs<'de>, A::Error> {
                let mut v = Vec::with_capacity(m.size_hint().unwrap_or(24));
                while let Some((k, val)) = m.next_entry::<Key<'de>, Scalar<'de>>()? {
                    v.push((k, val));
                }
                Ok(Pairs(v))
            }
        }
        d.deserialize_map(P)
    }
}

/// A case as the typed JSON floor reads it (other keys are skipped).
#[derive(Deserialize)]
struct Wire<'a> {
    #[serde(borrow)]
    id: Key<'a>,
    #[serde(borrow)]
    features: Pairs<'a>,
}

/// The typed floor (issue 17; `../shared/perf/floor`): each line read,
/// deserialized into [`Wire`], one short line written per case.
fn typed_floor(path: &Path, sink: &Path) -> f64 {
    let start = Instant::now();
    let mut input = BufReader::new(fs::File::open(path).expect("open the cases"));
    let mut out =
        BufWriter::with_capacity(1 << 16, fs::File::create(sink).expect("create the sink"));
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line).expect("read") == 0 {
            break;
        }
        let l = line.trim_end();
        if l.is_empty() {
            continue;
        }
        match serde_json::from_str::<Wire>(l) {
            Ok(c) => writeln!(out, "{{\"id\":\"{}\",\"n\":{}}}", c.id.0, c.features.0.len()),
            Err(e) => writeln!(out, "{{\"error\":\"{e}\"}}"),
        }
        .expect("write");
    }
    out.flush().expect("flush");
    start.elapsed().as_secs_f64()
}

/// The columns of the CSV cases, in order.
const CSV_COLUMNS: [&str; 13] = [
    "id",
    "expected",
    "age",
    "fasciculations",
    "sensory_loss",
    "course",
    "visual_problems",
    "muscle_wasting",
    "mri_lesions",
    "ataxia",
    "upper_motor_neuron_signs",
    "lower_motor_neuron_signs",
    "tingling",
];

/// A CSV row as the CSV floor reads it: typed, cells borrowed from the
/// record.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Row<'a> {
    id: &'a str,
    expected: &'a str,
    age: Option<u16>,
    fasciculations: &'a str,
    sensory_loss: &'a str,
    course: &'a str,
    visual_problems: &'a str,
    muscle_wasting: &'a str,
    mri_lesions: &'a str,
    ataxia: &'a str,
    upper_motor_neuron_signs: &'a str,
    lower_motor_neuron_signs: &'a str,
    tingling: &'a str,
}

impl Row<'_> {
    /// How many features the row gives.
    fn known(&self) -> usize {
        usize::from(self.age.is_some())
            + [
                self.fasciculations,
                self.sensory_loss,
                self.course,
                self.visual_problems,
                self.muscle_wasting,
                self.mri_lesions,
                self.ataxia,
                self.upper_motor_neuron_signs,
                self.lower_motor_neuron_signs,
                self.tingling,
            ]
            .iter()
            .filter(|cell| !cell.is_empty())
            .count()
    }
}

/// The CSV floor: the csv crate reads each row into a reused record,
/// deserialized into [`Row`]; one short line written per case.
fn csv_floor(path: &Path, sink: &Path) -> f64 {
    let start = Instant::now();
    let mut input = csv::Reader::from_reader(fs::File::open(path).expect("open the cases"));
    let headers = input.headers().expect("a header").clone();
    let mut out =
        BufWriter::with_capacity(1 << 16, fs::File::create(sink).expect("create the sink"));
    let mut record = csv::StringRecord::new();
    while input.read_record(&mut record).expect("a row") {
        match record.deserialize::<Row>(Some(&headers)) {
            Ok(r) => writeln!(out, "{{\"id\":\"{}\",\"n\":{}}}", r.id, r.known()),
            Err(e) => writeln!(out, "{{\"error\":\"{e}\"}}"),
        }
        .expect("write");
    }
    out.flush().expect("flush");
    start.elapsed().as_secs_f64()
}

/// A YAML case as the YAML floor reads it. serde-saphyr's streaming
/// reader gives owned values (`DeserializeOwned`), so the strings are
/// owned here.
#[derive(Deserialize)]
struct YamlCase {
    id: String,
    features: YamlPairs,
}

struct YamlPairs(Vec<(String, Scalar<'static>)>);

impl<'de> Deserialize<'de> for YamlPairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// A value with its strings owned.
        struct Owned(Scalar<'static>);
        impl<'de> Deserialize<'de> for Owned {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Owned(match Scalar::deserialize(d)? {
                    Scalar::Bool(b) => Scalar::Bool(b),
                    Scalar::Num(n) => Scalar::Num(n),
                    Scalar::Text(t) => Scalar::Text(Cow::Owned(t.into_owned())),
                }))
            }
        }
        struct P;
        impl<'de> Visitor<'de> for P {
            type Value = YamlPairs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<YamlPairs, A::Error> {
                let mut v = Vec::with_capacity(m.size_hint().unwrap_or(24));
                while let Some((k, Owned(val))) = m.next_entry::<String, Owned>()? {
                    v.push((k, val));
                }
                Ok(YamlPairs(v))
            }
        }
        d.deserialize_map(P)
    }
}

/// The YAML floor: serde-saphyr's streaming reader, a document at a time,
/// into [`YamlCase`]; one short line written per case.
fn yaml_floor(path: &Path, sink: &Path) -> f64 {
    let start = Instant::now();
    let mut input = BufReader::new(fs::File::open(path).expect("open the cases"));
    let mut out =
        BufWriter::with_capacity(1 << 16, fs::File::create(sink).expect("create the sink"));
    let options = serde_saphyr::options! { budget: None };
    for case in serde_saphyr::read_with_options::<_, YamlCase>(&mut input, options) {
        match case {
            Ok(c) => writeln!(out, "{{\"id\":\"{}\",\"n\":{}}}", c.id, c.features.0.len()),
            Err(e) => writeln!(out, "{{\"error\":\"{e}\"}}"),
        }
        .expect("write");
    }
    out.flush().expect("flush");
    start.elapsed().as_secs_f64()
}

/// The same cases as CSV (one row each, `yes`/`no` for `true`/`false`)
/// and as YAML (one document each), converted from the JSON Lines file.
fn convert(jsonl: &Path, csv_path: &Path, yaml_path: &Path) {
    let input = BufReader::new(fs::File::open(jsonl).expect("open the cases"));
    let mut csv_out = BufWriter::new(fs::File::create(csv_path).expect("create the CSV cases"));
    let mut yaml_out = BufWriter::new(fs::File::create(yaml_path).expect("create the YAML cases"));
    writeln!(csv_out, "{}", CSV_COLUMNS.join(",")).expect("write");
    for line in input.lines() {
        let line = line.expect("a line");
        let case: serde_json::Value = serde_json::from_str(&line).expect("valid JSON");
        let features = &case["features"];
        let mut row = Vec::with_capacity(CSV_COLUMNS.len());
        for column in CSV_COLUMNS {
            let value = match column {
                "id" | "expected" => &case[column],
                _ => &features[column],
            };
            row.push(match value {
                serde_json::Value::Null => String::new(),
                serde_json::Value::Bool(true) => "yes".to_owned(),
                serde_json::Value::Bool(false) => "no".to_owned(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
        writeln!(csv_out, "{}", row.join(",")).expect("write");
        // JSON's scalars are YAML's too (a quoted string stays a string).
        writeln!(yaml_out, "---\nid: {}\nexpected: {}\nfeatures:", case["id"], case["expected"])
            .expect("write");
        for (name, value) in features.as_object().expect("an object") {
            writeln!(yaml_out, "  {name}: {value}").expect("write");
        }
    }
    csv_out.flush().expect("write");
    yaml_out.flush().expect("write");
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
    command.arg("batch").arg(path).arg("--output").arg(sink).args(args);
    let start = Instant::now();
    let output = command.output().expect("run neurotriage");
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak = stderr.lines().last().and_then(|l| l.trim().parse().ok());
    (seconds, peak)
}

/// A floor: its label and how it is measured (seconds for the file).
struct Floor {
    label: &'static str,
    measure: fn(&Path, &Path) -> f64,
}

/// A run of `batch`: its label and its arguments after the input.
struct Run {
    label: String,
    args: Vec<String>,
}

/// The cases of one input format, its floors (the first is the one its
/// runs are measured against first) and its runs.
struct Group {
    input: PathBuf,
    floors: Vec<Floor>,
    runs: Vec<Run>,
}

fn run(label: &str, args: &str) -> Run {
    Run { label: label.to_owned(), args: args.split_whitespace().map(str::to_owned).collect() }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter other than "batch" skips us.
    if env::args().skip(1).any(|a| !a.starts_with('-') && !"batch".contains(a.as_str())) {
        return;
    }
    let cases: u64 = env::var("BATCH_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let jsonl = dir.join(format!("batch-{cases}.jsonl"));
    let csv_input = dir.join(format!("batch-{cases}.csv"));
    let yaml_input = dir.join(format!("batch-{cases}.yaml"));
    if !jsonl.exists() {
        generate(&jsonl, cases);
    }
    if !csv_input.exists() || !yaml_input.exists() {
        convert(&jsonl, &csv_input, &yaml_input);
    }
    let size = |p: &Path| fs::metadata(p).map_or(0, |m| m.len()) as f64 / 1e6;
    println!(
        "{cases} cases: {:.1} MB of JSON Lines, {:.1} MB of CSV, {:.1} MB of YAML",
        size(&jsonl),
        size(&csv_input),
        size(&yaml_input)
    );
    let rate = |seconds: f64| cases as f64 / seconds;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let all = format!("--jobs {cores}");
    // The cases the issue measured on (`../shared/perf/gen.py`, which
    // needs python3): all valid, about 395 bytes each. The generator below
    // makes shorter cases, one in six a mistake on purpose.
    let issue_cases = dir.join(format!("gen-{cases}.jsonl"));
    let have_issue_cases = issue_cases.exists() || generate_with_gen_py(&issue_cases, cases);
    if !have_issue_cases {
        println!(
            "(../shared/perf/gen.py or python3 is missing: the issue's cases are not measured)"
        );
    }
    let mut groups = vec![
        Group {
            input: jsonl.clone(),
            floors: vec![
                Floor { label: "typed floor", measure: typed_floor },
                Floor {
                    label: "Value floor (parse into serde_json::Value and write back)",
                    measure: value_floor,
                },
            ],
            runs: vec![
                run(
                    &format!("jsonl in, --format jsonl --detail verdict, {cores} cores"),
                    &format!("--format jsonl --detail verdict {all}"),
                ),
                run(
                    "jsonl in, --format jsonl --detail verdict, --jobs 1",
                    "--format jsonl --detail verdict --jobs 1",
                ),
                run(
                    &format!("jsonl in, --format csv, {cores} cores"),
                    &format!("--format csv {all}"),
                ),
                run("jsonl in, --format csv, --jobs 1", "--format csv --jobs 1"),
            ],
        },
        Group {
            input: csv_input,
            floors: vec![Floor {
                label: "typed CSV floor (csv crate into a typed record)",
                measure: csv_floor,
            }],
            runs: vec![
                run(
                    &format!("csv in, --format jsonl --detail verdict, {cores} cores"),
                    &format!("--format jsonl --detail verdict {all}"),
                ),
                run(
                    "csv in, --format jsonl --detail verdict, --jobs 1",
                    "--format jsonl --detail verdict --jobs 1",
                ),
            ],
        },
        Group {
            input: yaml_input,
            floors: vec![Floor {
                label: "typed YAML floor (serde-saphyr into a typed struct)",
                measure: yaml_floor,
            }],
            runs: vec![
                run(
                    &format!("yaml in, --format jsonl --detail verdict, {cores} cores"),
                    &format!("--format jsonl --detail verdict {all}"),
                ),
                run(
                    "yaml in, --format jsonl --detail verdict, --jobs 1",
                    "--format jsonl --detail verdict --jobs 1",
                ),
            ],
        },
    ];
    if have_issue_cases {
        groups.insert(
            0,
            Group {
                input: issue_cases,
                floors: vec![Floor { label: "typed floor (gen.py cases)", measure: typed_floor }],
                runs: vec![
                    run(
                        &format!("gen.py jsonl in, --format jsonl --detail verdict, {cores} cores"),
                        &format!("--format jsonl --detail verdict {all}"),
                    ),
                    run(
                        "gen.py jsonl in, --format jsonl --detail verdict, --jobs 1",
                        "--format jsonl --detail verdict --jobs 1",
                    ),
                    run(
                        &format!("gen.py jsonl in, --format csv, {cores} cores"),
                        &format!("--format csv {all}"),
                    ),
                    run("gen.py jsonl in, --format csv, --jobs 1", "--format csv --jobs 1"),
                ],
            },
        );
    }
    let sink = dir.join("batch-out");
    // This machine's speed drifts by a third from minute to minute. Each
    // round measures, for each input format, its floors and then its
    // runs, so that a run is compared with the floors of its own moment;
    // the medians of the rounds are reported.
    let rounds: usize = env::var("BATCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    // Per group: seconds of each floor per round; per run: seconds, ratios
    // to each of its group's floors per round, and the peak memory.
    let mut floor_seconds: Vec<Vec<Vec<f64>>> =
        groups.iter().map(|g| vec![Vec::new(); g.floors.len()]).collect();
    let mut run_seconds: Vec<Vec<Vec<f64>>> =
        groups.iter().map(|g| vec![Vec::new(); g.runs.len()]).collect();
    let mut ratios: Vec<Vec<Vec<Vec<f64>>>> =
        groups.iter().map(|g| vec![vec![Vec::new(); g.floors.len()]; g.runs.len()]).collect();
    let mut peaks: Vec<Vec<u64>> = groups.iter().map(|g| vec![0; g.runs.len()]).collect();
    for round in 1..=rounds {
        println!("round {round}:");
        for (g, group) in groups.iter().enumerate() {
            let now: Vec<f64> =
                group.floors.iter().map(|f| (f.measure)(&group.input, &sink)).collect();
            for (f, floor) in group.floors.iter().enumerate() {
                floor_seconds[g][f].push(now[f]);
                println!("  {}: {:.0} cases/s", floor.label, rate(now[f]));
            }
            for (r, run) in group.runs.iter().enumerate() {
                let args: Vec<&str> = run.args.iter().map(String::as_str).collect();
                let (seconds, peak) = batch(&group.input, &sink, &args);
                run_seconds[g][r].push(seconds);
                peaks[g][r] = peaks[g][r].max(peak.unwrap_or(0));
                print!("  {}: {:.0} cases/s", run.label, rate(seconds));
                for (f, floor) in group.floors.iter().enumerate() {
                    ratios[g][r][f].push(now[f] / seconds);
                    print!(
                        ", {:.2} of the {}",
                        now[f] / seconds,
                        floor.label.split(" (").next().unwrap_or("")
                    );
                }
                println!();
            }
        }
    }
    println!("\nmedians of {rounds} rounds, {cases} cases:");
    for (g, group) in groups.iter().enumerate() {
        for (f, floor) in group.floors.iter().enumerate() {
            let seconds = median(&mut floor_seconds[g][f]);
            println!("{}: {:.0} cases/s, {seconds:.2} s (1 thread)", floor.label, rate(seconds));
        }
        for (r, run) in group.runs.iter().enumerate() {
            let seconds = median(&mut run_seconds[g][r]);
            let peak = if peaks[g][r] == 0 {
                "?".to_owned()
            } else {
                format!("{:.1} MiB", peaks[g][r] as f64 / 1024.0)
            };
            println!("  {}: {:.0} cases/s, {seconds:.2} s, peak {peak}", run.label, rate(seconds));
            for (f, floor) in group.floors.iter().enumerate() {
                println!("    {}: {:.2}", floor.label, median(&mut ratios[g][r][f]));
            }
        }
    }
    if env::var_os("BATCH_BRIEF").is_some() {
        // The larger output, once, to show what the per-case detail costs.
        let (brief_seconds, peak) = batch(
            &jsonl,
            &sink,
            &["--format", "jsonl", "--detail", "brief", "--jobs", &cores.to_string()],
        );
        let peak = peak.map_or("?".to_owned(), |kib| format!("{:.1} MiB", kib as f64 / 1024.0));
        println!(
            "jsonl in, --format jsonl --detail brief, {cores} cores: {:.0} cases/s, {brief_seconds:.2} s, peak {peak} (one run)",
            rate(brief_seconds)
        );
    }
    let _ = fs::remove_file(&sink);
}
