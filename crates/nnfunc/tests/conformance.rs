//! The PyTorch conformance suite: every fixture written by `tools/gen_fixtures.py` from real PyTorch
//! (float64) goes through the harness's own code path (`eval::eval_line`), and every value and
//! gradient must satisfy |got − want| ≤ 1e-10 + 1e-8·|want| (NaN matches NaN, ∞ matches ∞ of the
//! same sign). Cases PyTorch refuses must be refused.

use std::collections::BTreeMap;
use std::path::PathBuf;

use nnfunc::catalogue::CATALOGUE;
use nnfunc::eval::{eval_line, parse_line};
use serde_json::{Map, Value as Json};

const ABS_TOL: f64 = 1e-10;
const REL_TOL: f64 = 1e-8;

fn fixture_lines() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    let mut lines = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                lines.push((format!("{name}:{}", i + 1), line.to_string()));
            }
        }
    }
    lines
}

fn number(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) if s == "NaN" => Some(f64::NAN),
        Json::String(s) if s == "Infinity" => Some(f64::INFINITY),
        Json::String(s) if s == "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

fn close(got: f64, want: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    if want.is_infinite() {
        return got == want;
    }
    (got - want).abs() <= ABS_TOL + REL_TOL * want.abs()
}

/// Compare nested arrays; on a mismatch say where.
fn compare(got: &Json, want: &Json, path: &str) -> Result<(), String> {
    match (got, want) {
        (Json::Array(g), Json::Array(w)) => {
            if g.len() != w.len() {
                return Err(format!("{path}: length {} != {}", g.len(), w.len()));
            }
            for (i, (g, w)) in g.iter().zip(w).enumerate() {
                compare(g, w, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ => match (number(got), number(want)) {
            (Some(g), Some(w)) if close(g, w) => Ok(()),
            (g, w) => Err(format!("{path}: got {g:?}, want {w:?}")),
        },
    }
}

fn check_case(line: &str) -> Result<(), String> {
    let case = parse_line(line).map_err(|e| format!("bad fixture line: {e}"))?;
    let Json::Object(mut case) = case else {
        return Err("fixture is not an object".into());
    };
    let expect = case.remove("expect").ok_or("fixture without expect")?;
    let request = Json::Object(case).to_string();
    let answer =
        parse_line(&eval_line(&request)).map_err(|e| format!("harness wrote bad JSON: {e}"))?;
    let answer = answer.as_object().cloned().unwrap_or_default();
    if let Some(want_error) = expect.get("error") {
        return match answer.get("error") {
            Some(_) => Ok(()),
            None => Err(format!(
                "PyTorch refuses this ({want_error}), we answered {answer:?}"
            )),
        };
    }
    if let Some(err) = answer.get("error") {
        return Err(format!("we refused: {err}"));
    }
    compare(
        answer.get("output").unwrap_or(&Json::Null),
        expect.get("output").unwrap_or(&Json::Null),
        "output",
    )?;
    let empty = Map::new();
    let want_grads = expect
        .get("grad")
        .and_then(Json::as_object)
        .unwrap_or(&empty);
    let got_grads = answer
        .get("grad")
        .and_then(Json::as_object)
        .unwrap_or(&empty);
    for (name, want) in want_grads {
        let got = got_grads
            .get(name)
            .ok_or_else(|| format!("missing grad {name}"))?;
        compare(got, want, &format!("grad.{name}"))?;
    }
    Ok(())
}

#[test]
fn every_fixture_matches_pytorch() {
    let lines = fixture_lines();
    assert!(
        lines.len() >= 1000,
        "expected at least 1,000 PyTorch fixtures, found {}",
        lines.len()
    );
    let mut failures = Vec::new();
    for (where_, line) in &lines {
        if let Err(e) = check_case(line) {
            let id = parse_line(line)
                .ok()
                .and_then(|c| c.get("id").cloned())
                .unwrap_or(Json::Null);
            failures.push(format!("{where_} {id}: {e}"));
        }
    }
    for f in failures.iter().take(60) {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ from PyTorch",
        failures.len(),
        lines.len()
    );
}

#[test]
fn fixtures_cover_every_function_and_parameter() {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, line) in fixture_lines() {
        let Ok(case) = parse_line(&line) else {
            continue;
        };
        let Some(name) = case.get("fn").and_then(Json::as_str) else {
            continue;
        };
        let params: Vec<String> = case
            .get("params")
            .and_then(Json::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        seen.entry(name.to_string()).or_default().extend(params);
    }
    let mut missing = Vec::new();
    for spec in CATALOGUE {
        match seen.get(spec.name) {
            None => missing.push(spec.name.to_string()),
            Some(params) => {
                for p in spec.params {
                    if !params.iter().any(|q| q == p.name) {
                        missing.push(format!("{}.{}", spec.name, p.name));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no PyTorch fixture exercises: {missing:?}"
    );
}
