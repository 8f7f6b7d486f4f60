//! The conformance harness's logic: one JSON request in, one JSON answer out, never a panic.
//!
//! Request: `{"id": "c1", "fn": "elu", "params": {"alpha": 0.5}, "inputs": {"input": [0.1, -2.0]},
//! "wrt": ["input"], "grad_output": [1.0, 1.0]}`. Answer: `{"id": "c1", "output": …, "grad": {…}}` or
//! `{"id": "c1", "error": "…"}`. Non-finite numbers are read and written as Python's `json` module
//! does (`NaN`, `Infinity`, `-Infinity`), since the reference side is Python.

use serde_json::{Map, Value as Json};

use crate::activation::{self, Activation};
use crate::catalogue::{self, FnId, Kind, ParamKind};
use crate::error::{invalid, Error, Result};
use crate::loss::{self, Inputs};
use crate::params::{Params, Value};
use crate::tensor::Tensor;

/// A successful evaluation: the output and the requested gradients, by input name.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub output: Tensor,
    pub grads: Vec<(String, Tensor)>,
}

/// Parse a JSON line that may hold Python's bare `NaN`, `Infinity` and `-Infinity` tokens (they
/// become the strings "NaN", "Infinity", "-Infinity", which [`tensor_from_json`] reads as numbers).
pub fn parse_line(line: &str) -> std::result::Result<Json, serde_json::Error> {
    serde_json::from_str(&quote_non_finite(line))
}

/// Answer one request line with one JSON line (without the newline). Never panics on any input.
pub fn eval_line(line: &str) -> String {
    let request = match parse_line(line) {
        Ok(Json::Object(map)) => map,
        Ok(_) => return error_line(&Json::Null, "malformed request: expected a JSON object"),
        Err(e) => return error_line(&Json::Null, &format!("malformed JSON: {e}")),
    };
    let id = request.get("id").cloned().unwrap_or(Json::Null);
    match evaluate(&request) {
        Ok(answer) => answer_line(&id, &answer),
        Err(e) => error_line(&id, &e.to_string()),
    }
}

/// Evaluate a parsed request.
pub fn evaluate(request: &Map<String, Json>) -> Result<Answer> {
    for key in request.keys() {
        if !matches!(
            key.as_str(),
            "id" | "fn" | "params" | "inputs" | "wrt" | "grad_output"
        ) {
            return Err(Error::Input(format!(
                "malformed request: unknown key '{key}'"
            )));
        }
    }
    let name = match request.get("fn") {
        Some(Json::String(s)) => s.as_str(),
        _ => {
            return Err(Error::Input(
                "malformed request: 'fn' must be a string".into(),
            ))
        }
    };
    let spec = catalogue::find(name).ok_or_else(|| Error::UnknownFunction(name.to_string()))?;
    let mut params = Params::defaults(spec);
    let given = match request.get("params") {
        None | Some(Json::Null) => Map::new(),
        Some(Json::Object(m)) => m.clone(),
        Some(_) => {
            return Err(Error::Input(
                "malformed request: 'params' must be an object".into(),
            ))
        }
    };
    let mut inplace = false;
    let (mut size_average, mut reduce) = (None, None);
    for (key, value) in &given {
        match (key.as_str(), value) {
            // PyTorch's legacy reduction flags, which override `reduction` when given.
            ("size_average" | "reduce", v) if ACCEPTS_LEGACY_REDUCTION.contains(&spec.id) => {
                let flag = match v {
                    Json::Null => None,
                    Json::Bool(b) => Some(*b),
                    _ => return Err(invalid(key, format!("expected true, false or null, got {v}"))),
                };
                if key == "size_average" {
                    size_average = flag;
                } else {
                    reduce = flag;
                }
            }
            // Signature-only flags of torch.nn.functional that do not change the values.
            ("inplace", Json::Bool(b)) if ACCEPTS_INPLACE.contains(&spec.id) => inplace = *b,
            ("training", Json::Bool(false)) if spec.id == FnId::Rrelu => {}
            ("training", Json::Bool(true)) if spec.id == FnId::Rrelu => {
                return Err(invalid("training", "rrelu with training=True draws random slopes; only evaluation mode is deterministic"))
            }
            ("inplace" | "training", _) if spec.id == FnId::Rrelu || ACCEPTS_INPLACE.contains(&spec.id) => {
                return Err(invalid(key, format!("expected true or false, got {value}")))
            }
            _ => set_param(&mut params, key, value)?,
        }
    }
    if size_average.is_some() || reduce.is_some() {
        let legacy = match (size_average.unwrap_or(true), reduce.unwrap_or(true)) {
            (true, true) => "mean",
            (false, true) => "sum",
            (_, false) => "none",
        };
        params.set_choice("reduction", legacy)?;
    }
    for p in spec.params.iter().filter(|p| p.required) {
        if !given.contains_key(p.name) {
            return Err(Error::Input(format!(
                "{}() missing required argument: '{}'",
                spec.name, p.name
            )));
        }
    }
    let inputs = match request.get("inputs") {
        Some(Json::Object(m)) => m,
        _ => {
            return Err(Error::Input(
                "malformed request: 'inputs' must be an object of named arrays".into(),
            ))
        }
    };
    let mut tensors = Inputs::default();
    for (key, value) in inputs {
        if !spec.inputs.contains(&key.as_str()) {
            return Err(Error::Input(format!(
                "{}() got an unexpected input '{key}'",
                spec.name
            )));
        }
        if INTEGRAL_INPUTS.contains(&(spec.id, key.as_str())) && !integers(value) {
            return Err(Error::Input(format!("{key} must be integral")));
        }
        tensors.0.push((
            key.clone(),
            tensor_from_json(value).map_err(|e| named(key, e))?,
        ));
    }
    for required in spec.inputs {
        tensors.get(required)?;
    }
    let wrt: Vec<String> = match request.get("wrt") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                Error::Input("malformed request: 'wrt' must be a list of names".into())
            })?,
        Some(_) => {
            return Err(Error::Input(
                "malformed request: 'wrt' must be a list of names".into(),
            ))
        }
    };
    let grad_output = match request.get("grad_output") {
        None | Some(Json::Null) => None,
        Some(v) => Some(tensor_from_json(v).map_err(|e| named("grad_output", e))?),
    };

    let (output, grads): (Tensor, Vec<(&str, Tensor)>) = match spec.kind {
        Kind::Activation => {
            let input = tensors.get("input")?;
            // GLU's output has half the input's size along dim: the default upstream follows it.
            let out_shape = if spec.id == FnId::Glu {
                activation::glu_output_shape(params.int("dim").unwrap_or(-1), &input.shape)?.1
            } else {
                input.shape.clone()
            };
            let ones = Tensor::full(&out_shape, 1.0);
            let g = grad_output.as_ref().unwrap_or(&ones);
            let r = if spec.id == FnId::Prelu {
                let weight = params
                    .tensor("weight")
                    .ok_or_else(|| invalid("weight", "prelu needs a weight"))?;
                activation::prelu(input, weight, g)?
            } else {
                activation::apply(&Activation::from_params(&params)?, input, g)?
            };
            let mut grads = vec![("input", r.grad_input)];
            if let Some(w) = r.grad_weight {
                grads.push(("weight", w));
            }
            (r.output, grads)
        }
        Kind::Loss => {
            let r = loss::evaluate(&params, &tensors, grad_output.as_ref())?;
            (r.output, r.grads)
        }
    };
    if inplace && !wrt.is_empty() {
        return Err(Error::Input(
            "a leaf Variable that requires grad is being used in an in-place operation.".into(),
        ));
    }
    let mut picked = Vec::new();
    for w in &wrt {
        match grads.iter().find(|(n, _)| n == w) {
            Some((_, g)) => picked.push((w.clone(), g.clone())),
            None => {
                return Err(Error::Input(format!(
                    "no gradient with respect to '{w}': it is not a differentiable (floating point) input of {}",
                    spec.name
                )))
            }
        }
    }
    Ok(Answer {
        output,
        grads: picked,
    })
}

/// The functions whose `torch.nn.functional` signature has an `inplace` flag.
const ACCEPTS_INPLACE: &[FnId] = &[
    FnId::Relu,
    FnId::LeakyRelu,
    FnId::Elu,
    FnId::Celu,
    FnId::Selu,
    FnId::Relu6,
    FnId::Hardtanh,
    FnId::Hardsigmoid,
    FnId::Hardswish,
    FnId::Silu,
    FnId::Mish,
    FnId::Threshold,
    FnId::Rrelu,
];

/// The losses whose `torch.nn.functional` signature still has `size_average` and `reduce`.
const ACCEPTS_LEGACY_REDUCTION: &[FnId] = &[
    FnId::MseLoss,
    FnId::L1Loss,
    FnId::SmoothL1Loss,
    FnId::NllLoss,
    FnId::CrossEntropy,
    FnId::MultilabelSoftMarginLoss,
    FnId::MultiMarginLoss,
    FnId::MultilabelMarginLoss,
    FnId::BinaryCrossEntropy,
    FnId::BinaryCrossEntropyWithLogits,
    FnId::SoftMarginLoss,
    FnId::KlDiv,
    FnId::PoissonNllLoss,
    FnId::MarginRankingLoss,
    FnId::HingeEmbeddingLoss,
    FnId::TripletMarginLoss,
    FnId::CosineEmbeddingLoss,
];

/// Inputs PyTorch wants with an integer dtype: written with a decimal point (a float tensor for
/// the reference side), they are refused as PyTorch refuses them.
const INTEGRAL_INPUTS: &[(FnId, &str)] = &[
    (FnId::CtcLoss, "input_lengths"),
    (FnId::CtcLoss, "target_lengths"),
];

/// Whether every number of a nested array is written as an integer.
fn integers(v: &Json) -> bool {
    match v {
        Json::Array(items) => items.iter().all(integers),
        Json::Number(n) => n.is_i64() || n.is_u64(),
        _ => false,
    }
}

fn named(name: &str, e: Error) -> Error {
    Error::Input(format!("'{name}': {e}"))
}

fn set_param(params: &mut Params, key: &str, value: &Json) -> Result<()> {
    let spec = params
        .spec
        .param(key)
        .ok_or_else(|| Error::UnknownParameter {
            function: params.spec.name.to_string(),
            parameter: key.to_string(),
        })?;
    let type_error = |what: &str| invalid(key, format!("expected {what}, got {value}"));
    match spec.kind {
        ParamKind::Real { .. } => {
            let v = number(value).ok_or_else(|| type_error("a number"))?;
            params.set(key, Value::Real(v))
        }
        ParamKind::Int { .. } => match value {
            Json::Null => params.set(key, Value::Int(None)),
            Json::Number(n) if n.is_i64() => params.set(key, Value::Int(n.as_i64())),
            _ => Err(type_error("an integer")),
        },
        ParamKind::Bool { .. } => match value {
            Json::Bool(b) => params.set(key, Value::Bool(*b)),
            _ => Err(type_error("true or false")),
        },
        ParamKind::Choice { .. } => match value {
            Json::String(s) => params.set_choice(key, s),
            _ => Err(type_error("a string")),
        },
        ParamKind::Tensor { .. } => match value {
            Json::Null => params.set(key, Value::Tensor(None)),
            v => params.set(
                key,
                Value::Tensor(Some(tensor_from_json(v).map_err(|e| named(key, e))?)),
            ),
        },
    }
}

/// A JSON number, or one of the quoted non-finite tokens.
fn number(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => match s.as_str() {
            "NaN" | "nan" => Some(f64::NAN),
            "Infinity" | "inf" => Some(f64::INFINITY),
            "-Infinity" | "-inf" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// A nested array (or a number, for a 0-d tensor) as a tensor; ragged arrays are refused.
pub fn tensor_from_json(v: &Json) -> Result<Tensor> {
    fn walk(v: &Json, depth: usize, shape: &mut Vec<usize>, data: &mut Vec<f64>) -> Result<()> {
        match v {
            Json::Array(items) => {
                if depth > 32 {
                    return Err(Error::Input("too deeply nested".into()));
                }
                if shape.len() == depth {
                    shape.push(items.len());
                } else if shape.len() < depth || shape[depth] != items.len() {
                    return Err(Error::Input(
                        "ragged nested array: every row must have the same length".into(),
                    ));
                }
                for item in items {
                    walk(item, depth + 1, shape, data)?;
                }
                if items.is_empty() && shape.len() > depth + 1 {
                    return Err(Error::Input("ragged nested array".into()));
                }
                Ok(())
            }
            other => {
                if shape.len() != depth {
                    return Err(Error::Input(
                        "ragged nested array: numbers and arrays mixed".into(),
                    ));
                }
                data.push(
                    number(other)
                        .ok_or_else(|| Error::Input(format!("expected a number, got {other}")))?,
                );
                Ok(())
            }
        }
    }
    let mut shape = Vec::new();
    let mut data = Vec::new();
    walk(v, 0, &mut shape, &mut data)?;
    Tensor::new(shape, data)
}

/// Quote bare `NaN`, `Infinity` and `-Infinity` tokens outside strings so that serde_json accepts them.
fn quote_non_finite(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c == '"' {
            in_string = true;
        } else {
            let token = ["-Infinity", "Infinity", "NaN"]
                .into_iter()
                .find(|t| rest.starts_with(t));
            if let Some(t) = token {
                out.push('"');
                out.push_str(t);
                out.push('"');
                rest = &rest[t.len()..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A float as Python's `json` writes it: shortest round-trip digits, `NaN`, `Infinity`, `-Infinity`.
pub fn format_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v == f64::INFINITY {
        "Infinity".into()
    } else if v == f64::NEG_INFINITY {
        "-Infinity".into()
    } else {
        serde_json::Number::from_f64(v).map_or_else(|| "NaN".into(), |n| n.to_string())
    }
}

/// A tensor as a nested array (a 0-d tensor as a plain number).
pub fn tensor_to_json(t: &Tensor) -> String {
    fn write(out: &mut String, shape: &[usize], data: &[f64]) {
        match shape.split_first() {
            None => out.push_str(&format_number(data.first().copied().unwrap_or(f64::NAN))),
            Some((&n, rest)) => {
                let step: usize = rest.iter().product();
                out.push('[');
                for i in 0..n {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(out, rest, &data[i * step..(i + 1) * step]);
                }
                out.push(']');
            }
        }
    }
    let mut out = String::new();
    write(&mut out, &t.shape, &t.data);
    out
}

fn answer_line(id: &Json, answer: &Answer) -> String {
    let grads: Vec<String> = answer
        .grads
        .iter()
        .map(|(name, g)| format!("{}: {}", Json::String(name.clone()), tensor_to_json(g)))
        .collect();
    format!(
        "{{\"id\": {id}, \"output\": {}, \"grad\": {{{}}}}}",
        tensor_to_json(&answer.output),
        grads.join(", ")
    )
}

fn error_line(id: &Json, message: &str) -> String {
    format!(
        "{{\"id\": {id}, \"error\": {}}}",
        Json::String(message.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_tokens_round_trip() {
        let line = r#"{"id": "x", "fn": "relu", "inputs": {"input": [NaN, -Infinity, Infinity, "NaN text"]}}"#;
        assert!(quote_non_finite(line).contains(r#"["NaN", "-Infinity", "Infinity", "NaN text"]"#));
        let out = eval_line(
            r#"{"id": "x", "fn": "relu", "inputs": {"input": [NaN, -Infinity, Infinity]}, "wrt": ["input"]}"#,
        );
        assert_eq!(
            out,
            r#"{"id": "x", "output": [NaN, 0.0, Infinity], "grad": {"input": [1.0, 0.0, 1.0]}}"#
        );
    }

    #[test]
    fn malformed_lines_get_an_error_line() {
        for line in [
            "",
            "{",
            "[]",
            "{\"id\": 1}",
            "{\"id\": 1, \"fn\": 3}",
            "{\"id\": 1, \"fn\": \"relu\", \"inputs\": {\"input\": [[1], [1, 2]]}}",
        ] {
            let out = eval_line(line);
            assert!(out.contains("\"error\""), "{line} -> {out}");
        }
    }
}
