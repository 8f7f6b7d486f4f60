//! `cargo xtask test`: the gate CI runs, as a list of steps. Each step prints a `==> step`
//! header and its elapsed time; the first failure stops the run with a non-zero exit.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::ctx::Ctx;
use crate::{sizes, tools};

struct Step {
    name: &'static str,
    run: fn(&Ctx) -> Result<(), String>,
}

const STEPS: &[Step] = &[
    Step {
        name: "ensure tools",
        run: tools::ensure_all,
    },
    Step {
        name: "cargo fmt --all --check",
        run: |ctx| ctx.run(ctx.cargo().args(["fmt", "--all", "--check"])),
    },
    Step {
        name: "cargo clippy --workspace --all-targets -- -D warnings",
        run: |ctx| {
            ctx.run(ctx.cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        },
    },
    Step {
        name: "cargo clippy -p explorer -p trainer --target wasm32-unknown-unknown --features explorer/split -- -D warnings",
        run: |ctx| {
            ctx.run(ctx.cargo().args([
                "clippy",
                "-p",
                "explorer",
                "-p",
                "trainer",
                "--target",
                "wasm32-unknown-unknown",
                "--features",
                "explorer/split",
                "--",
                "-D",
                "warnings",
            ]))
        },
    },
    Step {
        name: "cargo test --workspace (native)",
        run: |ctx| ctx.run(ctx.cargo().args(["test", "--workspace"])),
    },
    Step {
        name:
            "cargo test -p explorer --target wasm32-unknown-unknown --test web* (headless Chromium)",
        run: browser_tests,
    },
    Step {
        name: "trunk build index.html --release (into dist/)",
        run: release_build,
    },
    Step {
        name: "bundle sizes (dist/, gzip budget in bench/budgets.json)",
        run: sizes::print,
    },
    Step {
        name: "node tests/e2e/run.mjs (end-to-end, release dist/)",
        run: |ctx| run_e2e(ctx, &[]),
    },
    Step {
        name: "panic containment: debug build (with its panic trigger) + tests/e2e/*.debug.mjs",
        run: debug_suite,
    },
];

pub fn test(ctx: &Ctx) -> ExitCode {
    let total = STEPS.len();
    let started = Instant::now();
    let mut timings: Vec<(&str, Duration)> = Vec::new();
    for (index, step) in STEPS.iter().enumerate() {
        println!("\n==> [{}/{total}] {}", index + 1, step.name);
        let step_started = Instant::now();
        let result = (step.run)(ctx);
        let elapsed = step_started.elapsed();
        timings.push((step.name, elapsed));
        match result {
            Ok(()) => println!("<== ok: {} ({:.1}s)", step.name, elapsed.as_secs_f64()),
            Err(message) => {
                println!("<== FAILED: {} ({:.1}s)", step.name, elapsed.as_secs_f64());
                eprintln!("xtask: {message}");
                print_timings(&timings, started.elapsed());
                let skipped = total - index - 1;
                println!("xtask: {index} passed, 1 failed ({skipped} not run)");
                return ExitCode::FAILURE;
            }
        }
    }
    print_timings(&timings, started.elapsed());
    println!("xtask: {total} passed, 0 failed");
    ExitCode::SUCCESS
}

pub fn print_timings(timings: &[(&str, Duration)], total: Duration) {
    println!("\nstep timings:");
    for (name, elapsed) in timings {
        println!("  {:>7.1}s  {name}", elapsed.as_secs_f64());
    }
    println!("  {:>7.1}s  total", total.as_secs_f64());
}

/// wasm-bindgen-test in headless Chromium: `.cargo/config.toml` makes `wasm-bindgen-test-runner`
/// the runner for wasm32, and the runner drives the browser through chromedriver.
fn browser_tests(ctx: &Ctx) -> Result<(), String> {
    let chromedriver = ctx
        .which("chromedriver")
        .ok_or("chromedriver is not on PATH (apt-get install chromium-driver)")?;
    // Every `tests/web*.rs` is a browser test file: a new one runs without editing this list.
    let mut tests: Vec<String> = std::fs::read_dir(ctx.root.join("tests"))
        .map_err(|e| format!("reading tests/: {e}"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("web") && name.ends_with(".rs"))
        .map(|name| name.trim_end_matches(".rs").to_string())
        .collect();
    tests.sort();
    let mut cmd = ctx.cargo();
    cmd.args([
        "test",
        "-p",
        "explorer",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    for test in &tests {
        cmd.args(["--test", test]);
    }
    // Explicit, so a geckodriver or safaridriver on PATH is never picked instead.
    ctx.run(cmd.env("CHROMEDRIVER", chromedriver))
}

/// The release build, with a chunk per view (the `split` feature; tools/split.mjs cuts the wasm).
/// Trunk.toml sets `offline = true`, which makes trunk pass `--offline` to cargo, so fetch first
/// (a no-op when the registry cache is warm).
pub fn release_build(ctx: &Ctx) -> Result<(), String> {
    ctx.run(ctx.cargo().arg("fetch"))?;
    ctx.run(ctx.cmd("trunk").args(RELEASE_BUILD))
}

/// `trunk build` as the release pipeline runs it.
pub const RELEASE_BUILD: &[&str] = &["build", "index.html", "--release", "--features", "split"];

/// The end-to-end suite against the release `dist/` (see `tests/e2e/README.md`).
pub fn run_e2e(ctx: &Ctx, extra: &[String]) -> Result<(), String> {
    let dist = ctx.root.join("dist");
    if !dist.join("index.html").exists() {
        return Err("dist/index.html is missing: build first (`cargo xtask test` does)".into());
    }
    ctx.run(
        ctx.cmd("node")
            .arg("tests/e2e/run.mjs")
            .arg("--dist")
            .arg(&dist)
            .args(extra),
    )
}

/// Where the debug build for the `*.debug.mjs` suite goes (never `dist/`).
const DEBUG_DIST: &str = "target/e2e-debug-dist";

/// A debug build (it contains the `?debug_panic=1` trigger, which release builds compile out) and
/// the end-to-end tests that need it: the panic banner appears and its link recovers the view.
fn debug_suite(ctx: &Ctx) -> Result<(), String> {
    ctx.run(
        ctx.cmd("trunk")
            .args(["build", "index.html", "--dist", DEBUG_DIST]),
    )?;
    ctx.run(
        ctx.cmd("node")
            .arg("tests/e2e/run.mjs")
            .arg("--dist")
            .arg(ctx.root.join(DEBUG_DIST))
            .args(["--suite", "debug"]),
    )
}
