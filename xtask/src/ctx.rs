//! Where things are, and how child processes are started.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository layout and the `PATH` every child process gets.
pub struct Ctx {
    /// Repository root (the workspace root).
    pub root: PathBuf,
    /// `.tools/node_modules/.bin`: project-local wasm-opt from the npm package `binaryen`.
    pub tools_bin: PathBuf,
    /// `tools_bin:cargo_bin:$PATH`. Trunk runs the first `wasm-bindgen` / `wasm-opt` on `PATH`
    /// (it has no option for a full path), so the pinned ones must come first; Debian's
    /// binaryen 108 in `/usr/bin` produces wasm that crashes at load.
    path: OsString,
    cargo: OsString,
}

impl Ctx {
    pub fn new() -> Result<Ctx, String> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .ok_or("xtask has no parent directory")?
            .to_path_buf();
        let cargo_home = match env::var_os("CARGO_HOME") {
            Some(home) => PathBuf::from(home),
            None => {
                let home = env::var_os("HOME").ok_or("neither CARGO_HOME nor HOME is set")?;
                PathBuf::from(home).join(".cargo")
            }
        };
        // Where `cargo install` puts trunk and wasm-bindgen.
        let cargo_bin = cargo_home.join("bin");
        let tools_bin = root.join(".tools").join("node_modules").join(".bin");
        let mut entries = vec![tools_bin.clone(), cargo_bin];
        if let Some(path) = env::var_os("PATH") {
            entries.extend(env::split_paths(&path));
        }
        let path = env::join_paths(entries).map_err(|e| format!("cannot build PATH: {e}"))?;
        let cargo = env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        Ok(Ctx {
            root,
            tools_bin,
            path,
            cargo,
        })
    }

    /// A command run in the repository root with the tool `PATH`.
    pub fn cmd(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root).env("PATH", &self.path);
        cmd
    }

    /// The cargo that runs this xtask (same toolchain).
    pub fn cargo(&self) -> Command {
        self.cmd(&self.cargo)
    }

    /// Runs a command with inherited stdio; an error says which command failed and how.
    pub fn run(&self, cmd: &mut Command) -> Result<(), String> {
        let line = display(cmd, &self.root);
        println!("    $ {line}");
        let status = cmd
            .status()
            .map_err(|e| format!("cannot start `{line}`: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{line}` failed ({status})"))
        }
    }

    /// Runs a command quietly and returns its stdout, or `None` if it cannot start or fails.
    /// Used to probe installed tools (`trunk --version`).
    pub fn probe(&self, cmd: &mut Command) -> Option<String> {
        let output = cmd
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if output.status.success() {
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            None
        }
    }

    /// The first executable called `name` on the tool `PATH`.
    pub fn which(&self, name: &str) -> Option<PathBuf> {
        env::split_paths(&self.path)
            .map(|dir| dir.join(name))
            .find(|candidate| is_executable(candidate))
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

fn display(cmd: &Command, root: &Path) -> String {
    let program = Path::new(cmd.get_program());
    let mut parts = vec![program
        .file_name()
        .unwrap_or(program.as_os_str())
        .to_string_lossy()
        .into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    let line = parts.join(" ");
    match cmd.get_current_dir() {
        Some(dir) if dir != root => {
            let shown = dir.strip_prefix(root).unwrap_or(dir);
            format!("(cd {} && {line})", shown.display())
        }
        _ => line,
    }
}
