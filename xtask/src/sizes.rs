//! Bundle sizes of the release build: what a student's browser downloads, raw and gzip -9.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::ctx::Ctx;

const EXTENSIONS: &[&str] = &["wasm", "js", "css", "html"];

pub fn print(ctx: &Ctx) -> Result<(), String> {
    let dist = ctx.root.join("dist");
    let mut files = Vec::new();
    collect(&dist, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err("dist/ has no .wasm/.js/.css/.html files".into());
    }
    println!("  {:<44} {:>12} {:>12}", "file", "raw", "gzip -9");
    let (mut raw_total, mut gzip_total) = (0, 0);
    for file in &files {
        let raw = fs::metadata(file)
            .map_err(|e| format!("cannot stat {}: {e}", file.display()))?
            .len();
        let gzip = gzip_size(file)?;
        raw_total += raw;
        gzip_total += gzip;
        let name = file
            .strip_prefix(&dist)
            .unwrap_or(file)
            .display()
            .to_string();
        println!("  {name:<44} {:>12} {:>12}", human(raw), human(gzip));
    }
    println!(
        "  {:<44} {:>12} {:>12}",
        "total",
        human(raw_total),
        human(gzip_total)
    );
    Ok(())
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

fn human(bytes: u64) -> String {
    if bytes < 10 * 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
