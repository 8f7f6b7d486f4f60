//! The shape the code keeps: small components, small files. Fails with the places over the
//! limits (a view grows by new files and sub-components, not by longer ones).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// The longest a component function may be, in lines.
const MAX_COMPONENT_LINES: usize = 200;
/// The longest a source file may be, in lines, not counting its tests.
const MAX_FILE_LINES: usize = 700;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of `text` before its `#[cfg(test)]` module.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .collect()
}

/// `(first line, length)` of every function marked `#[component]`.
fn components(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if lines[index].trim() != "#[component]" {
            index += 1;
            continue;
        }
        let start = index;
        let mut depth = 0i64;
        let mut opened = false;
        while index < lines.len() {
            for c in lines[index].chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            index += 1;
            if opened && depth <= 0 {
                break;
            }
        }
        found.push((start + 1, index - start));
    }
    found
}

#[test]
fn components_and_files_stay_small() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(!files.is_empty(), "no sources under {}", root.display());
    let mut over = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let lines = code_lines(&text);
        let name = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        if lines.len() > MAX_FILE_LINES {
            over.push(format!("src/{name}: {} lines", lines.len()));
        }
        for (line, length) in components(&lines) {
            if length > MAX_COMPONENT_LINES {
                over.push(format!("src/{name}:{line}: a component of {length} lines"));
            }
        }
    }
    assert!(
        over.is_empty(),
        "over {MAX_FILE_LINES} lines a file or {MAX_COMPONENT_LINES} a component:\n{}",
        over.join("\n")
    );
}
