//! `cargo xtask`: the project's build and test tasks, written in Rust instead of shell scripts
//! (the alias lives in `.cargo/config.toml`).
//!
//! - `cargo xtask test`  — installs missing tools, then runs the whole gate that CI runs (`.ci/run`):
//!   fmt, clippy (native and wasm32), native tests, browser tests, release build, bundle sizes, e2e.
//! - `cargo xtask serve` — dev server on <http://127.0.0.1:8080>, built into `target/serve-dist`
//!   so it never overwrites the release `dist/`. Extra arguments go to `trunk serve`.
//!   `cargo xtask serve --release [PORT]`: the release build into `dist/`, served as a static host
//!   should serve it (`tools/serve.mjs`: the .br/.gz copies, MIME types, caching).
//! - `cargo xtask e2e`   — only the end-to-end suite, against the `dist/` that is already built.
//!   Extra arguments go to `tests/e2e/run.mjs` (e.g. a test-name filter).
//! - `cargo xtask bench` — performance: input latency, first plot, bundle bytes and memory of the
//!   release build in headless Chromium, compared with `bench/budgets.json` (see `bench.rs`).
//!   Extra arguments go to `tests/e2e/bench.mjs`.
//!
//! Architecture Invariant: xtask depends on std only, so it builds in seconds on a fresh clone.

mod bench;
mod ctx;
mod pipeline;
mod sizes;
mod tools;

use std::process::ExitCode;

use ctx::Ctx;

const USAGE: &str = "\
usage: cargo xtask <task> [args]

tasks:
  test    install missing tools, then fmt, clippy, native + browser tests,
          release build into dist/, bundle sizes, end-to-end tests (what CI runs)
  serve   trunk dev server on http://127.0.0.1:8080 (builds into target/serve-dist);
          extra args are passed to `trunk serve`
  serve --release [PORT]
          the release build into dist/, served like a static host (compressed copies)
  e2e     only the end-to-end suite against the existing dist/;
          extra args are passed to tests/e2e/run.mjs (e.g. a test-name filter)
  bench   install missing tools, release build, then input latency, first plot, bundle
          bytes and memory in headless Chromium vs bench/budgets.json -> target/bench/;
          extra args are passed to tests/e2e/bench.mjs (e.g. --inputs 500, a workload filter)
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next();
    let rest: Vec<String> = args.collect();
    let ctx = match Ctx::new() {
        Ok(ctx) => ctx,
        Err(message) => {
            eprintln!("xtask: {message}");
            return ExitCode::FAILURE;
        }
    };
    match task.as_deref() {
        Some("test") => pipeline::test(&ctx),
        Some("serve") => report(serve(&ctx, &rest)),
        Some("e2e") => report(e2e(&ctx, &rest)),
        Some("bench") => bench::bench(&ctx, &rest),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprint!("xtask: unknown task `{other}`\n\n{USAGE}");
            ExitCode::FAILURE
        }
        None => {
            eprint!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn report(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `trunk serve` with its own dist directory: a dev build with a live-reload socket must never
/// land in `dist/`, which the e2e suite and deployments treat as the release build.
fn serve(ctx: &Ctx, extra: &[String]) -> Result<(), String> {
    tools::ensure_build_tools(ctx)?;
    if extra.first().map(String::as_str) == Some("--release") {
        pipeline::release_build(ctx)?;
        let port = extra.get(1).map_or("8080", String::as_str);
        return ctx.run(ctx.cmd("node").args(["tools/serve.mjs", "dist", port]));
    }
    ctx.run(ctx.cargo().arg("fetch"))?;
    let mut trunk = ctx.cmd("trunk");
    trunk.args(["serve", "index.html", "--dist", "target/serve-dist"]);
    let given = |short: &str, long: &str| extra.iter().any(|a| a == short || a.starts_with(long));
    if !given("-a", "--address") {
        trunk.args(["--address", "127.0.0.1"]);
    }
    if !given("-p", "--port") {
        trunk.args(["--port", "8080"]);
    }
    trunk.args(extra);
    ctx.run(&mut trunk)
}

fn e2e(ctx: &Ctx, extra: &[String]) -> Result<(), String> {
    tools::ensure_node(ctx)?;
    tools::ensure_playwright(ctx)?;
    tools::ensure_chromium(ctx)?;
    pipeline::run_e2e(ctx, extra)
}
