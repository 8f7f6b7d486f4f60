//! "Ensure" the tools the build needs: each check is cheap, and an install happens only when the
//! right version is missing, with a one-line message saying what is installed and why.
//! The versions are the ones the toolchain notes record as working together.

use std::fs;
use std::path::Path;

use crate::ctx::Ctx;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// trunk 0.22 needs a newer rustc than 1.95; 0.21.14 is the last release that builds here.
const TRUNK_VERSION: &str = "0.21.14";
/// binaryen 132 from npm; Debian's binaryen 108 emits wasm that fails at load.
const BINARYEN_VERSION: &str = "132";
const CHROMIUM: &str = "/usr/bin/chromium";
/// The splitter of the release build (tools/split.mjs): the crate Leptos's `#[lazy]` is made for.
const WASM_SPLIT_VERSION: &str = "0.2.4";
/// The JavaScript minifier of the release build: tools/split.mjs writes the glue and the chunk
/// loader itself, after Trunk's minification.
const TERSER_VERSION: &str = "5.51.4";

/// Everything `trunk build` / `trunk serve` needs.
pub fn ensure_build_tools(ctx: &Ctx) -> Result<(), String> {
    ensure_node(ctx)?;
    ensure_wasm_target(ctx)?;
    ensure_trunk(ctx)?;
    ensure_wasm_bindgen(ctx)?;
    ensure_wasm_opt(ctx)?;
    ensure_wasm_split(ctx)?;
    ensure_terser(ctx)?;
    check_trunk_pins(ctx)
}

/// Everything `cargo xtask test` needs: the build tools plus the browser and the e2e driver.
pub fn ensure_all(ctx: &Ctx) -> Result<(), String> {
    ensure_build_tools(ctx)?;
    ensure_chromium(ctx)?;
    ensure_playwright(ctx)
}

pub fn ensure_node(ctx: &Ctx) -> Result<(), String> {
    for tool in ["node", "npm"] {
        if ctx.probe(ctx.cmd(tool).arg("--version")).is_none() {
            return Err(format!(
                "`{tool}` is not on PATH: install Node.js 20 (with npm); it runs wasm-opt's \
                 installer and the end-to-end tests"
            ));
        }
    }
    Ok(())
}

fn ensure_wasm_target(ctx: &Ctx) -> Result<(), String> {
    let installed = ctx
        .probe(ctx.cmd("rustup").args(["target", "list", "--installed"]))
        .unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("xtask: installing the Rust target {WASM_TARGET} (the app compiles to WebAssembly)");
    ctx.run(ctx.cmd("rustup").args(["target", "add", WASM_TARGET]))
}

fn ensure_trunk(ctx: &Ctx) -> Result<(), String> {
    let found = ctx.probe(ctx.cmd("trunk").arg("--version"));
    if found.as_deref().map(str::trim) == Some(&format!("trunk {TRUNK_VERSION}")) {
        return Ok(());
    }
    println!(
        "xtask: installing trunk {TRUNK_VERSION} (builds and serves the wasm app; found: {}) — ~8 min",
        found.as_deref().map_or("none", str::trim)
    );
    ctx.run(
        ctx.cargo()
            .args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]),
    )
}

/// wasm-bindgen-cli must be exactly the `wasm-bindgen` crate version in Cargo.lock, or the
/// generated bindings fail with "schema version ... must exactly match". It also provides
/// `wasm-bindgen-test-runner`, the cargo runner for the browser tests.
fn ensure_wasm_bindgen(ctx: &Ctx) -> Result<(), String> {
    let want = wasm_bindgen_lock_version(ctx)?;
    let cli = ctx.probe(ctx.cmd("wasm-bindgen").arg("--version"));
    let runner = ctx.probe(ctx.cmd("wasm-bindgen-test-runner").arg("--version"));
    let is = |found: &Option<String>, expected: String| {
        found.as_deref().map(str::trim) == Some(expected.as_str())
    };
    if is(&cli, format!("wasm-bindgen {want}"))
        && is(&runner, format!("wasm-bindgen-test-runner {want}"))
    {
        return Ok(());
    }
    println!(
        "xtask: installing wasm-bindgen-cli {want} (must equal the wasm-bindgen crate in Cargo.lock; \
         found: {}) — ~2 min",
        cli.as_deref().map_or("none", str::trim)
    );
    // Not --locked: its lock file wants a crate version the registry mirror lacks.
    ctx.run(
        ctx.cargo()
            .args(["install", "wasm-bindgen-cli", "--version", &want]),
    )
}

/// wasm-split-cli cuts the release build's wasm at the views' split points (tools/split.mjs).
fn ensure_wasm_split(ctx: &Ctx) -> Result<(), String> {
    // It prints no version: cargo's list of installed packages tells it.
    let want = format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:");
    let listed = ctx.probe(ctx.cargo().args(["install", "--list"]));
    if listed.is_some_and(|list| list.lines().any(|line| line.trim() == want))
        && ctx.which("wasm-split-cli").is_some()
    {
        return Ok(());
    }
    println!(
        "xtask: installing wasm-split-cli {WASM_SPLIT_VERSION} (cuts the release wasm into a chunk \
         per view) — ~3 min"
    );
    ctx.run(ctx.cargo().args([
        "install",
        "wasm_split_cli_support",
        "--version",
        WASM_SPLIT_VERSION,
        "--features",
        "build-binary",
        "--locked",
    ]))
}

fn ensure_terser(ctx: &Ctx) -> Result<(), String> {
    let package = ctx.root.join(".tools/node_modules/terser/package.json");
    let installed = fs::read_to_string(&package)
        .ok()
        .and_then(|pkg| json_version_after(&pkg, "\"name\""));
    if installed.as_deref() == Some(TERSER_VERSION) {
        return Ok(());
    }
    println!(
        "xtask: installing terser {TERSER_VERSION} into .tools/ (minifies the release build's \
         JavaScript glue)"
    );
    install_into_tools(ctx, &format!("terser@{TERSER_VERSION}"))
}

fn ensure_wasm_opt(ctx: &Ctx) -> Result<(), String> {
    let wasm_opt = ctx.tools_bin.join("wasm-opt");
    let found = ctx.probe(ctx.cmd(&wasm_opt).arg("--version"));
    if found
        .as_deref()
        .is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}")))
    {
        return Ok(());
    }
    println!(
        "xtask: installing wasm-opt (npm binaryen@{BINARYEN_VERSION}) into .tools/ (shrinks the \
         release wasm; Debian's binaryen 108 breaks it)"
    );
    install_into_tools(ctx, &format!("binaryen@{BINARYEN_VERSION}"))
}

/// `npm install` of one pinned package into the project-local `.tools/`.
fn install_into_tools(ctx: &Ctx, package: &str) -> Result<(), String> {
    fs::create_dir_all(ctx.root.join(".tools"))
        .map_err(|e| format!("cannot create .tools/: {e}"))?;
    ctx.run(ctx.cmd("npm").args([
        "install",
        "--prefix",
        ".tools",
        "--no-audit",
        "--no-fund",
        "--save-exact",
        package,
    ]))
}

/// The e2e suite's npm packages, at the versions of the committed `tests/e2e/package-lock.json`:
/// playwright-core drives the system Chromium (never `npx playwright install`: no browser
/// downloads); axe-core is injected into the pages by `a11y.spec.mjs`; chart.js draws the bench's
/// reference page, the first load the app's is compared with.
const E2E_PACKAGES: &[&str] = &["playwright-core", "axe-core", "chart.js"];

pub fn ensure_playwright(ctx: &Ctx) -> Result<(), String> {
    let e2e = ctx.root.join("tests").join("e2e");
    let lock = read(&e2e.join("package-lock.json"))?;
    let mut missing = Vec::new();
    for package in E2E_PACKAGES {
        let want = json_version_after(&lock, &format!("\"node_modules/{package}\"")).ok_or(
            format!("tests/e2e/package-lock.json does not list {package}"),
        )?;
        let installed =
            fs::read_to_string(e2e.join("node_modules").join(package).join("package.json"))
                .ok()
                .and_then(|pkg| json_version_after(&pkg, "\"name\""));
        if installed.as_deref() != Some(want.as_str()) {
            missing.push(format!("{package} {want}"));
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    println!(
        "xtask: installing {} in tests/e2e (npm ci; the end-to-end tests drive Chromium and run \
         axe-core, the bench compares with a Chart.js page)",
        missing.join(", ")
    );
    ctx.run(
        ctx.cmd("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&e2e),
    )
}

/// Chromium and its driver: the e2e suite launches `/usr/bin/chromium`, and the wasm-bindgen
/// browser tests need `chromedriver` on PATH.
pub fn ensure_chromium(ctx: &Ctx) -> Result<(), String> {
    if Path::new(CHROMIUM).exists() && ctx.which("chromedriver").is_some() {
        return Ok(());
    }
    let is_root = ctx
        .probe(ctx.cmd("id").arg("-u"))
        .is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        return Err(format!(
            "{CHROMIUM} or chromedriver is missing and xtask is not root, so it cannot install \
             them; run: sudo apt-get update && sudo apt-get install -y chromium chromium-driver"
        ));
    }
    println!(
        "xtask: installing chromium + chromium-driver with apt (headless browser for the \
         browser and end-to-end tests) — ~1 min"
    );
    ctx.run(ctx.cmd("apt-get").arg("update"))?;
    ctx.run(
        ctx.cmd("apt-get")
            .args(["install", "-y", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The version of the `wasm-bindgen` package in Cargo.lock.
pub fn wasm_bindgen_lock_version(ctx: &Ctx) -> Result<String, String> {
    let lock = read(&ctx.root.join("Cargo.lock"))?;
    let mut versions: Vec<String> = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| quoted_value(l, "version")) {
                if !versions.contains(&version) {
                    versions.push(version);
                }
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err("Cargo.lock has no wasm-bindgen package".into()),
        many => Err(format!(
            "Cargo.lock has several wasm-bindgen versions ({}); pin one with `wasm-bindgen = \"=X\"`",
            many.join(", ")
        )),
    }
}

/// Trunk.toml pins the wasm-bindgen version (trunk refuses a mismatching binary instead of silently
/// using it); that pin must follow Cargo.lock, or every build fails with a confusing message.
fn check_trunk_pins(ctx: &Ctx) -> Result<(), String> {
    let lock_version = wasm_bindgen_lock_version(ctx)?;
    let trunk_toml = read(&ctx.root.join("Trunk.toml"))?;
    let pinned = trunk_toml
        .lines()
        .find_map(|l| quoted_value(l, "wasm_bindgen"))
        .ok_or("Trunk.toml has no [tools] wasm_bindgen pin")?;
    if pinned != lock_version {
        return Err(format!(
            "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen \
             {lock_version}: update the pin in Trunk.toml"
        ));
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// `key = "value"` (TOML line) -> `value`.
fn quoted_value(line: &str, key: &str) -> Option<String> {
    let rest = line
        .trim()
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// The first `"version": "X"` after `anchor` in a JSON text; enough for npm's files.
fn json_version_after(json: &str, anchor: &str) -> Option<String> {
    let after = &json[json.find(anchor)?..];
    let rest = &after[after.find("\"version\"")? + "\"version\"".len()..];
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_toml_values() {
        assert_eq!(
            quoted_value("version = \"0.2.130\"", "version").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            quoted_value("wasm_bindgen = \"0.2.130\" # pin", "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            quoted_value("wasm_opt = \"version_132\"", "wasm_bindgen"),
            None
        );
    }

    #[test]
    fn reads_npm_versions() {
        let lock = r#"{"packages": {"": {"version": "0.0.0"}, "node_modules/playwright-core": {
            "version": "1.65.1", "dev": true}}}"#;
        assert_eq!(
            json_version_after(lock, "\"node_modules/playwright-core\"").as_deref(),
            Some("1.65.1")
        );
        assert_eq!(json_version_after(lock, "\"missing\""), None);
    }
}
