//! Bundle sizes of the release build: what a student's browser downloads, raw and gzip -9.
//! Two parts: the app (the shell and every view's chunks; a page fetches the shell and its view's)
//! and the training lab's worker (`trainer*` files, loaded only when the training view opens).
//! `cargo xtask test` fails when either part's gzip total is over its ceiling in
//! `bench/budgets.json`; `cargo xtask bench` reports the same numbers.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::bench;
use crate::ctx::Ctx;

pub const EXTENSIONS: &[&str] = &["wasm", "js", "css", "html"];

/// The training worker's files (`trainer_loader.js`, `trainer.js`, `trainer_bg.wasm`) start so.
pub const WORKER_PREFIX: &str = "trainer";

/// True for a file of the training worker (not loaded by the other views).
pub fn is_worker(name: &str) -> bool {
    name.starts_with(WORKER_PREFIX)
}

/// gzip totals: (the app, the worker).
pub fn gzip_totals(files: &[FileSize]) -> (u64, u64) {
    files.iter().fold((0, 0), |(page, worker), f| {
        if is_worker(&f.name) {
            (page, worker + f.gzip)
        } else {
            (page + f.gzip, worker)
        }
    })
}

/// One file of the bundle.
pub struct FileSize {
    /// Path relative to `dist/`.
    pub name: String,
    /// One of [`EXTENSIONS`].
    pub kind: &'static str,
    pub raw: u64,
    pub gzip: u64,
}

/// The `cargo xtask test` step: prints the table, then checks the whole app's gzip total (every
/// view's files; a page fetches only the shell and its view's chunks, which
/// `tests/e2e/first_load.spec.mjs` checks per view) and the worker's against their ceilings.
pub fn print(ctx: &Ctx) -> Result<(), String> {
    let files = measure(&ctx.root.join("dist"))?;
    print_table(&files);
    let (total, worker) = gzip_totals(&files);
    let (ceiling, worker_ceiling) = (
        bench::bundle_gzip_ceiling(ctx)?,
        bench::worker_gzip_ceiling(ctx)?,
    );
    println!(
        "  the app (every view's files): {} gzip -9 (ceiling {}); training worker (training view \
         only): {} (ceiling {})",
        human(total),
        human(ceiling),
        human(worker),
        human(worker_ceiling)
    );
    if total > ceiling {
        return Err(format!(
            "the app is {} gzip -9, over the ceiling of {}: make it smaller, or raise \
             bundle_gzip_ceiling_bytes in {} on purpose",
            human(total),
            human(ceiling),
            bench::BUDGETS
        ));
    }
    if worker > worker_ceiling {
        return Err(format!(
            "the training worker is {} gzip -9, over the ceiling of {}: make it smaller, or raise \
             worker_gzip_ceiling_bytes in {} on purpose",
            human(worker),
            human(worker_ceiling),
            bench::BUDGETS
        ));
    }
    Ok(())
}

/// Raw and gzip -9 size of every .wasm/.js/.css/.html file below `dist`, sorted by name.
pub fn measure(dist: &Path) -> Result<Vec<FileSize>, String> {
    let mut paths = Vec::new();
    collect(dist, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        return Err(format!(
            "{} has no .wasm/.js/.css/.html files",
            dist.display()
        ));
    }
    paths
        .iter()
        .map(|file| {
            let raw = fs::metadata(file)
                .map_err(|e| format!("cannot stat {}: {e}", file.display()))?
                .len();
            let kind = file
                .extension()
                .and_then(|e| e.to_str())
                .and_then(|e| EXTENSIONS.iter().copied().find(|k| *k == e))
                .unwrap_or("other");
            let name = file
                .strip_prefix(dist)
                .unwrap_or(file)
                .display()
                .to_string();
            Ok(FileSize {
                name,
                kind,
                raw,
                gzip: gzip_size(file)?,
            })
        })
        .collect()
}

pub fn print_table(files: &[FileSize]) {
    println!("  {:<44} {:>12} {:>12}", "file", "raw", "gzip -9");
    for file in files {
        println!(
            "  {:<44} {:>12} {:>12}",
            file.name,
            human(file.raw),
            human(file.gzip)
        );
    }
    println!(
        "  {:<44} {:>12} {:>12}",
        "total",
        human(files.iter().map(|f| f.raw).sum()),
        human(files.iter().map(|f| f.gzip).sum())
    );
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// Size of `gzip -9` output (std has no deflate; gzip is on every Debian system).
fn gzip_size(file: &Path) -> Result<u64, String> {
    let output = Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .arg(file)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if !output.status.success() {
        return Err(format!("gzip -9 {} failed", file.display()));
    }
    Ok(output.stdout.len() as u64)
}

pub fn human(bytes: u64) -> String {
    if bytes < 10 * 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_training_worker_is_counted_apart_from_the_page() {
        let file = |name: &str, gzip| FileSize {
            name: name.to_string(),
            kind: "wasm",
            raw: 0,
            gzip,
        };
        let files = [
            file("explorer-0123_bg.wasm", 500),
            file("index.html", 20),
            file("trainer_bg.wasm", 90),
            file("trainer.js", 4),
            file("trainer_loader.js", 1),
        ];
        assert_eq!(gzip_totals(&files), (520, 95));
    }
}
