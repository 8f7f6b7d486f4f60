//! `cargo xtask bench`: how fast the release build answers an input, how fast it draws its
//! first plot, how big it is and whether it leaks — measured, compared with `bench/budgets.json`,
//! never asserted (machines are noisy).
//!
//! Stages: ensure tools (as `cargo xtask test`), `trunk build --release` into `dist/`, bundle
//! sizes (`target/bench/bundle.json`), the native training rate of the fixed workload
//! (`nnfunc::train::bench`, the `train_bench` example, release profile), then
//! `tests/e2e/bench.mjs` drives headless Chromium over the served `dist/` (the same workload in the
//! page with `?view=training&bench=1`, printed next to the native rate), prints the tables and
//! budget lines and writes `target/bench/report.json`.
//! Exits non-zero only when the bench could not run; figures over budget are printed as
//! `OVER BUDGET: …` and still exit 0. (The bundle-size budget is enforced by `cargo xtask test`.)

use std::cell::Cell;
use std::fmt::Write as _;
use std::fs;
use std::process::ExitCode;
use std::time::Instant;

use crate::ctx::Ctx;
use crate::{pipeline, sizes, tools};

/// The budgets file, relative to the repository root.
pub const BUDGETS: &str = "bench/budgets.json";
/// Where the bench writes `bundle.json` and `report.json`, relative to the repository root.
const OUT_DIR: &str = "target/bench";

type StepFn<'a> = Box<dyn Fn(&Ctx) -> Result<(), String> + 'a>;

/// Runs the bench; `extra` goes to `tests/e2e/bench.mjs` (e.g. `--inputs 500` or a workload filter).
pub fn bench(ctx: &Ctx, extra: &[String]) -> ExitCode {
    let native_rate = Cell::new(None::<f64>);
    let native = &native_rate;
    let steps: Vec<(&str, StepFn)> = vec![
        (
            "ensure tools (the same as `cargo xtask test`)",
            Box::new(tools::ensure_all),
        ),
        (
            "trunk build index.html --release (into dist/)",
            Box::new(pipeline::release_build),
        ),
        (
            "bundle sizes (dist/) -> target/bench/bundle.json",
            Box::new(bundle),
        ),
        (
            "native training rate: cargo run --release -p nnfunc --example train_bench",
            Box::new(move |ctx: &Ctx| {
                native.set(Some(native_training_rate(ctx)?));
                Ok(())
            }),
        ),
        (
            "node tests/e2e/bench.mjs (headless Chromium, DPR 2, 1280x900) -> target/bench/report.json",
            Box::new(move |ctx: &Ctx| browser(ctx, extra, native.get())),
        ),
    ];
    let total = steps.len();
    let started = Instant::now();
    let mut timings = Vec::new();
    for (index, (name, run)) in steps.iter().enumerate() {
        println!("\n==> bench [{}/{total}] {name}", index + 1);
        let step_started = Instant::now();
        let result = run(ctx);
        let elapsed = step_started.elapsed();
        timings.push((*name, elapsed));
        match result {
            Ok(()) => println!("<== ok: {name} ({:.1}s)", elapsed.as_secs_f64()),
            Err(message) => {
                println!("<== FAILED: {name} ({:.1}s)", elapsed.as_secs_f64());
                eprintln!("xtask bench: {message}");
                pipeline::print_timings(&timings, started.elapsed());
                println!("xtask bench: could not run (see above)");
                return ExitCode::FAILURE;
            }
        }
    }
    pipeline::print_timings(&timings, started.elapsed());
    println!("xtask bench: done; report in {OUT_DIR}/report.json");
    ExitCode::SUCCESS
}

/// The gzip -9 size a view's first load should have (`first_load_gzip_bytes` in
/// `bench/budgets.json`; `tests/e2e/first_load.spec.mjs` holds each view under its ceiling).
pub fn first_load_gzip_budget(ctx: &Ctx) -> Result<u64, String> {
    budget_number(ctx, "first_load_gzip_bytes")
}

/// The training worker's size above which `cargo xtask test` fails (`worker_gzip_ceiling_bytes`).
pub fn worker_gzip_ceiling(ctx: &Ctx) -> Result<u64, String> {
    budget_number(ctx, "worker_gzip_ceiling_bytes")
}

/// The whole app's size (every view's files, the worker aside) above which `cargo xtask test`
/// fails (`bundle_gzip_ceiling_bytes`).
pub fn bundle_gzip_ceiling(ctx: &Ctx) -> Result<u64, String> {
    budget_number(ctx, "bundle_gzip_ceiling_bytes")
}

fn budget_number(ctx: &Ctx, key: &str) -> Result<u64, String> {
    let path = ctx.root.join(BUDGETS);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let value =
        json_number(&text, key).ok_or_else(|| format!("{BUDGETS} has no numeric \"{key}\""))?;
    if !(value.is_finite() && value > 0.0) {
        return Err(format!("{BUDGETS}: {key} must be positive, not {value}"));
    }
    Ok(value as u64)
}

/// Prints the size table (as `cargo xtask test` does) and writes it as JSON for `bench.mjs`.
fn bundle(ctx: &Ctx) -> Result<(), String> {
    let files = sizes::measure(&ctx.root.join("dist"))?;
    sizes::print_table(&files);
    let budget = first_load_gzip_budget(ctx)?;
    let (page, worker) = sizes::gzip_totals(&files);
    let mut json = String::from("{\n  \"dir\": \"dist\",\n  \"files\": [\n");
    for (i, f) in files.iter().enumerate() {
        let comma = if i + 1 < files.len() { "," } else { "" };
        let _ = writeln!(
            json,
            "    {{ \"file\": {}, \"kind\": \"{}\", \"raw\": {}, \"gzip\": {} }}{comma}",
            json_string(&f.name),
            f.kind,
            f.raw,
            f.gzip
        );
    }
    let _ = write!(
        json,
        "  ],\n  \"total\": {{ \"raw\": {}, \"gzip\": {} }},\n  \"page_gzip\": {page},\n  \"worker_gzip\": {worker},\n  \"first_load_budget_gzip\": {budget}\n}}\n",
        files.iter().map(|f| f.raw).sum::<u64>(),
        files.iter().map(|f| f.gzip).sum::<u64>()
    );
    let out = ctx.root.join(OUT_DIR);
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let file = out.join("bundle.json");
    fs::write(&file, json).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// Steps per second of `nnfunc::train::bench`'s workload, natively (the `train_bench` example in
/// the release profile, which the wasm build shares); its line is echoed.
fn native_training_rate(ctx: &Ctx) -> Result<f64, String> {
    let args = [
        "run",
        "--quiet",
        "--release",
        "-p",
        "nnfunc",
        "--example",
        "train_bench",
    ];
    println!("    $ cargo {}", args.join(" "));
    let output = ctx
        .cargo()
        .args(args)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{text}");
    if !output.status.success() {
        return Err(format!("train_bench failed ({})", output.status));
    }
    steps_per_second(&text)
        .ok_or_else(|| format!("no `<N> steps/s` in the output of train_bench: {text}"))
}

/// The number before the first ` steps/s` in `text`.
fn steps_per_second(text: &str) -> Option<f64> {
    let before = &text[..text.find(" steps/s")?];
    let number = before.rsplit(|c: char| c.is_whitespace()).next()?;
    number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v > 0.0)
}

fn browser(ctx: &Ctx, extra: &[String], native_rate: Option<f64>) -> Result<(), String> {
    let out = ctx.root.join(OUT_DIR);
    let native: Vec<String> = native_rate
        .map(|rate| vec!["--native-train-rate".to_string(), format!("{rate}")])
        .unwrap_or_default();
    ctx.run(
        ctx.cmd("node")
            .arg("tests/e2e/bench.mjs")
            .arg("--dist")
            .arg(ctx.root.join("dist"))
            .arg("--bundle")
            .arg(out.join("bundle.json"))
            .arg("--budgets")
            .arg(ctx.root.join(BUDGETS))
            .arg("--out")
            .arg(out.join("report.json"))
            .args(native)
            .args(extra),
    )
}

/// The number after the first `"key":` in a JSON text; enough for the flat budgets file.
fn json_number(json: &str, key: &str) -> Option<f64> {
    let quoted = format!("\"{key}\"");
    let rest = &json[json.find(&quoted)? + quoted.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_budget_numbers() {
        let json = r#"{ "first_plot_ms": 250, "first_load_gzip_bytes" : 200000,
            "memory_growth_bytes": 1.048576e6 }"#;
        assert_eq!(json_number(json, "first_load_gzip_bytes"), Some(200000.0));
        assert_eq!(json_number(json, "memory_growth_bytes"), Some(1_048_576.0));
        assert_eq!(json_number(json, "missing"), None);
        assert_eq!(json_number(r#"{"a": "x"}"#, "a"), None);
    }

    #[test]
    fn the_committed_budgets_file_has_a_first_load_budget() {
        let ctx = Ctx::new().unwrap();
        assert!(first_load_gzip_budget(&ctx).unwrap() > 0);
    }

    #[test]
    fn reads_the_native_training_rate() {
        let line = "train_bench: 2x64 ReLU MLP, Adam, batch 256, spirals: 463 steps/s \
                    (best of 3 fresh runs of 2000 steps; final batch loss 0.0123)\n";
        assert_eq!(steps_per_second(line), Some(463.0));
        assert_eq!(steps_per_second("x: 12.5 steps/s"), Some(12.5));
        assert_eq!(steps_per_second("no rate here"), None);
        assert_eq!(steps_per_second("NaN steps/s"), None);
    }

    #[test]
    fn escapes_json_strings() {
        assert_eq!(json_string("a\"b\\c\n"), r#""a\"b\\c\u000a""#);
    }
}
