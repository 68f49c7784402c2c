//! Hostile and broken case files in one batch: each gets one line that
//! says what is wrong and where, nothing crashes or hangs, and the good
//! cases next to them are still evaluated.

use std::fmt::Write as _;

use crate::test::Test;

/// A billion-laughs file: eleven levels of ten aliases each.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        let _ = writeln!(text, "a{level}: &a{level} [{refs}]");
    }
    text.push_str("id: bomb\nfeatures: {age: *a11}\n");
    text
}

#[cfg(unix)]
#[test]
fn hostile_case_files_each_get_one_clear_line() {
    let deep = 100_000;
    let mut long_line = String::from("{\"id\": \"long\", \"description\": \"");
    long_line.push_str(&"x".repeat(50 * 1024 * 1024));
    long_line.push_str("\"}\n{\"id\": \"after\", \"features\": {\"age\": 40}}\n");
    let mut garbage = Vec::new();
    let mut state: u32 = 7;
    for _ in 0..3000 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push(state.to_be_bytes()[1]);
    }
    Test::new()
        .write_bytes("h/empty.yaml", b"")
        .write_bytes("h/garbage.yaml", &garbage)
        .write_bytes("h/badutf8.yaml", b"id: a\nfeatures:\n  age: 40\n  tingling: \xff\n")
        .write_bytes("h/bom.yaml", b"\xef\xbb\xbfid: bom\nfeatures: {age: 40}\n")
        .write_bytes("h/tabs.yaml", b"id: tab\nfeatures:\n\tage: 40\n")
        .write_bytes("h/dupkey.yaml", b"id: d\nid: e\nfeatures: {age: 40}\n")
        .write_bytes("h/bomb.yaml", alias_bomb().as_bytes())
        .write_bytes(
            "h/deep.yaml",
            format!("id: deep\nfeatures: {}{}\n", "[".repeat(deep), "]".repeat(deep)).as_bytes(),
        )
        .write_bytes(
            "h/deep.jsonl",
            format!("{{\"id\":\"deep\",\"features\":{}{}}}\n", "[".repeat(deep), "]".repeat(deep))
                .as_bytes(),
        )
        .write_bytes("h/longline.jsonl", long_line.as_bytes())
        .write_bytes(
            "h/numbers.jsonl",
            b"{\"id\":\"n1\",\"features\":{\"age\":1e309}}\n{\"id\":\"n2\",\"features\":{\"age\":-0}}\n{\"id\":\"n3\",\"features\":{\"age\":\"sixty\"}}\n{\"id\":\"n2\",\"features\":{\"age\":40}}\n",
        )
        .write_bytes("h/numbers.yaml", b"id: y1\nfeatures: {age: .nan}\n---\nid: y2\nfeatures: {age: 30}\n")
        .symlink("h/loop/up", "..")
        .args(["batch", "h", "--format", "table"])
        .status(1)
        .stdout(
            r#"
            id                         verdict  margin top reason                 expected
            ?                          error: this file is not UTF-8 text (h/badutf8.yaml:1); save it as UTF-8
            bom                        none          0
            ?                          error: too many aliases or anchors, as in an alias bomb (h/bomb.yaml:6:45)
            ?                          error: not valid JSON: recursion limit exceeded (h/deep.jsonl:1:151); each line must be one JSON object, such as {"id": "a", "features": {}}
            ?                          error: nested deeper than 40 levels, the limit for YAML files here (h/deep.yaml:2:266)
            ?                          error: duplicate mapping key `id` is not allowed here (h/dupkey.yaml:2:1)
            ?                          error: this file holds no case (h/empty.yaml:1); a case has an `id` and `features`; see docs/cases.md
            ?                          error: this file is not UTF-8 text (h/garbage.yaml:1); save it as UTF-8
            ?                          error: this line is longer than the 1 MiB limit for a JSON line (h/longline.jsonl:1); one case per line; is this a JSON Lines file?
            after                      none          0
            ?                          error: not valid JSON: number out of range (h/numbers.jsonl:1:34); each line must be one JSON object, such as {"id": "a", "features": {}}
            n2                         none          1 younger-onset-leans-ms
            n3                         error: `sixty` is not a number (h/numbers.jsonl:3); `age` is a number in years, such as `age=60`
            n2                         error: the id `n2` was given to an earlier case (h/numbers.jsonl:4); give every case its own id
            y1                         error: `.nan` is not a number (h/numbers.yaml:2:17); `age` is a number in years, such as `age=60`
            y2                         none          1 younger-onset-leans-ms
            ?                          error: tabs disallowed within this context (block indentation) (h/tabs.yaml:3:2)
            Disclaimer: neurotriage is an educational tool for learning differential
            reasoning. It is not a diagnosis and not medical advice; only a clinician who
            examines the person can diagnose. If you are worried about symptoms, see a
            doctor.
            "#,
        )
        .stderr(
            "
            note: `h/loop/up` was read already (a link loop?); skipped
            Summary: 17 cases read from 12 files, 4 evaluated, 13 failed
            Disclaimer: neurotriage is an educational tool for learning differential
            reasoning. It is not a diagnosis and not medical advice; only a clinician who
            examines the person can diagnose. If you are worried about symptoms, see a
            doctor.
            ",
        )
        .run();
}
