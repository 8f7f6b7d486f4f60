//! The conformance harness: JSON lines in on stdin, exactly one JSON line out per line, in order.
//! It never exits early on a bad line.

use std::io::{self, BufRead, BufWriter, Write};

fn main() {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let answer = match line {
            Ok(line) => {
                // A panic would be a bug; still answer the line instead of dying.
                std::panic::catch_unwind(|| nnfunc::eval::eval_line(&line))
                    .unwrap_or_else(|_| r#"{"id": null, "error": "internal error"}"#.to_string())
            }
            Err(e) => format!(
                r#"{{"id": null, "error": "unreadable line: {}"}}"#,
                e.to_string().replace('"', "'")
            ),
        };
        if writeln!(out, "{answer}").and_then(|_| out.flush()).is_err() {
            return;
        }
    }
}
