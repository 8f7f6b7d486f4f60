//! The PyTorch panel's scripts, checked without PyTorch. For every state in
//! `tests/pytorch/states.txt`:
//! - the app still writes the committed script and expectation (`tests/pytorch/scripts.json`;
//!   `UPDATE_PYTORCH=1 cargo test --test pytorch` rewrites it);
//! - PyTorch ran exactly that script (`tests/pytorch/torch.json`, written by
//!   `tools/check_pytorch.py`, keeps a hash of each script) and printed the page's expectation:
//!   the same names and shapes, every number within 1e-12 relative or 1e-15 absolute;
//! - the script is valid Python (when `python3` is on the machine).
#![cfg(not(target_arch = "wasm32"))]

use std::task::{Context, Poll, Waker};

use explorer::route::View;
use explorer::torch::{Script, ScriptInput};
use serde_json::{json, Value};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pytorch");

/// A committed state: its name (`<view>-<n>`), query and live values.
struct State {
    name: String,
    input: ScriptInput,
}

fn pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

fn states() -> Vec<State> {
    let text = std::fs::read_to_string(format!("{DIR}/states.txt"))
        .unwrap_or_else(|e| panic!("tests/pytorch/states.txt: {e}"));
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut states = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (query, live) = line.split_once(" | ").unwrap_or((line, ""));
        let query = pairs(query.trim());
        let view = query
            .iter()
            .find(|(k, _)| k == "view")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let n = match counts.iter_mut().find(|(v, _)| *v == view) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                counts.push((view.clone(), 1));
                1
            }
        };
        states.push(State {
            name: format!("{view}-{n:02}"),
            input: ScriptInput {
                query,
                live: pairs(live.trim()),
            },
        });
    }
    states
}

/// The script the app writes for `state` (a view's script is a future that is ready at once
/// without the `split` feature).
fn script(state: &State) -> Script {
    let view = state.input.query.iter().find(|(k, _)| k == "view");
    let (view, _) = View::from_query(view.map(|(_, v)| v.as_str()));
    let make = view.spec().pytorch;
    let mut future = make(state.input.clone());
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(script) => script,
        Poll::Pending => panic!("{}: the script was not ready", state.name),
    }
}

fn to_text(pairs: &[(String, String)]) -> String {
    let items: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    items.join("&")
}

fn generated() -> Vec<(String, Script, Value)> {
    states()
        .into_iter()
        .map(|state| {
            let script = script(&state);
            // Keys in alphabetical order: the text is the same whether or not serde_json's
            // `preserve_order` is on (the workspace's other crates turn it on).
            let entry = json!({
                "caveat": script.caveat,
                "code": script.code,
                "expected": script.expected,
                "file_name": script.file_name,
                "live": to_text(&state.input.live),
                "name": state.name,
                "query": to_text(&state.input.query),
            });
            (state.name, script, entry)
        })
        .collect()
}

#[test]
fn the_committed_scripts_are_what_the_app_writes() {
    let generated = generated();
    // A committed state the page would not use as written checks something else than meant.
    for (name, script, _) in &generated {
        assert!(
            !script.code.contains("# Not used: "),
            "{name}: the address bar of this state has a value the page ignores:\n{}",
            script.code
        );
    }
    let entries: Vec<Value> = generated.into_iter().map(|(_, _, e)| e).collect();
    let path = format!("{DIR}/scripts.json");
    let text = serde_json::to_string_pretty(&entries).expect("json") + "\n";
    if std::env::var_os("UPDATE_PYTORCH").is_some() {
        std::fs::write(&path, text).expect("write scripts.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "tests/pytorch/scripts.json differs from what the app writes: run \
         UPDATE_PYTORCH=1 cargo test --test pytorch, then tools/check_pytorch.py with PyTorch"
    );
}

/// FNV-1a (64 bits) of the script, as `tools/check_pytorch.py` computes it.
fn fnv1a(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A printed value's shape (numbers replaced by `#`) and its numbers.
fn parse_value(text: &str) -> (String, Vec<f64>) {
    let mut shape = String::new();
    let mut numbers = Vec::new();
    let mut token = String::new();
    let mut flush = |token: &mut String, shape: &mut String| {
        if !token.is_empty() {
            numbers.push(
                token
                    .parse::<f64>()
                    .unwrap_or_else(|_| panic!("not a number: {token}")),
            );
            shape.push('#');
            token.clear();
        }
    };
    for c in text.chars() {
        match c {
            '[' | ']' | ',' => {
                flush(&mut token, &mut shape);
                shape.push(c);
            }
            ' ' => flush(&mut token, &mut shape),
            c => token.push(c),
        }
    }
    flush(&mut token, &mut shape);
    (shape, numbers)
}

fn close(page: f64, torch: f64) -> bool {
    if page.is_nan() || torch.is_nan() {
        return page.is_nan() && torch.is_nan();
    }
    if page == torch {
        return true;
    }
    let diff = (page - torch).abs();
    diff <= 1e-15 || diff <= 1e-12 * page.abs().max(torch.abs())
}

#[test]
fn pytorch_printed_what_the_page_expects() {
    let text = std::fs::read_to_string(format!("{DIR}/torch.json")).expect("torch.json");
    let torch: Value = serde_json::from_str(&text).expect("torch.json is JSON");
    let results = torch["results"].as_array().expect("results");
    let mut numbers = 0;
    for (name, script, _) in generated() {
        let result = results
            .iter()
            .find(|r| r["name"] == name.as_str())
            .unwrap_or_else(|| panic!("{name}: not run with PyTorch; run tools/check_pytorch.py"));
        assert_eq!(
            result["code_fnv1a"].as_str(),
            Some(fnv1a(&script.code).as_str()),
            "{name}: PyTorch ran another script; run tools/check_pytorch.py"
        );
        let printed = result["printed"].as_str().expect("printed");
        if script.caveat.is_some() {
            // Other random numbers (the training lab): the script ran, printed finite numbers,
            // and a line for each of the page's.
            let names: Vec<&str> = printed
                .lines()
                .filter_map(|l| l.split_once(" = ").map(|p| p.0))
                .collect();
            assert!(!names.is_empty(), "{name}: PyTorch printed nothing");
            for line in printed.lines() {
                let (_, value) = line.split_once(" = ").expect("name = value");
                assert!(
                    parse_value(value).1.iter().all(|v| v.is_finite()),
                    "{name}: {line}"
                );
            }
            for line in script.expected.lines() {
                let (want, _) = line.split_once(" = ").expect("name = value");
                assert!(names.contains(&want), "{name}: PyTorch printed no {want}");
            }
            continue;
        }
        let (want, got): (Vec<&str>, Vec<&str>) =
            (script.expected.lines().collect(), printed.lines().collect());
        assert_eq!(want.len(), got.len(), "{name}: line count");
        for (w, g) in want.iter().zip(&got) {
            let (wn, wv) = w.split_once(" = ").expect("name = value");
            let (gn, gv) = g
                .split_once(" = ")
                .unwrap_or_else(|| panic!("{name}: PyTorch printed {g}"));
            assert_eq!(wn, gn, "{name}: names");
            let ((ws, wx), (gs, gx)) = (parse_value(wv), parse_value(gv));
            assert_eq!(ws, gs, "{name}: {wn} has another shape");
            for (a, b) in wx.iter().zip(&gx) {
                assert!(close(*a, *b), "{name}: {wn}: page {a:e}, PyTorch {b:e}");
                numbers += 1;
            }
        }
    }
    assert!(numbers > 0);
}

#[test]
fn every_script_is_valid_python() {
    let scripts: Vec<String> = generated().into_iter().map(|(_, s, _)| s.code).collect();
    let check = "import ast, json, sys\nfor s in json.load(sys.stdin): ast.parse(s)\n";
    let child = std::process::Command::new("python3")
        .args(["-c", check])
        .stdin(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("python3 is not on this machine: the scripts' syntax is not checked");
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(json!(scripts).to_string().as_bytes());
    }
    let status = child.wait().expect("python3 ran");
    assert!(status.success(), "a script is not valid Python (see above)");
}

#[test]
fn tolerance_and_parsing() {
    assert_eq!(parse_value("[1.0, -2e-05, [nan, inf]]").0, "[#,#,[#,#]]");
    assert!(close(1.0, 1.0 + 1e-13));
    assert!(!close(1.0, 1.0 + 1e-11));
    assert!(close(0.0, 1e-16));
    assert!(close(f64::NAN, f64::NAN) && !close(f64::NAN, 0.0));
    assert_eq!(fnv1a(""), "cbf29ce484222325");
}
