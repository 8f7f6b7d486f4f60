//! A function with its current parameters as the PyTorch code that computes it
//! (`nn.ELU(alpha=1.5)`, `torch.sin(10.0 * x)`), in Python's spelling of numbers. Shown on the
//! function cards of the views and in exported CSV headers; and each view's state as a whole
//! script ([`script`]). Pure text, natively tested.

use nnfunc::catalogue::{FnId, ParamKind, ParamSpec};
use nnfunc::{Params, Value};

pub mod script;
pub use script::{py, Printed, Script, ScriptInput, Writer};

/// The PyTorch code for `params`, e.g. `nn.ELU(alpha=1.5)`: the catalogue's call with every
/// parameter's current value, in Python's spelling.
pub fn torch_call(params: &Params) -> String {
    let spec = params.spec;
    let python = |param: &ParamSpec| -> String {
        match params.get(param.name) {
            Some(Value::Real(v)) => python_float(*v),
            Some(Value::Tensor(Some(t))) if t.numel() == 1 => {
                t.data.first().map_or("None".into(), |v| python_float(*v))
            }
            Some(Value::Tensor(Some(_))) => "tensor([…])".into(),
            Some(Value::Tensor(None) | Value::Int(None)) | None => "None".into(),
            Some(Value::Int(Some(v))) => v.to_string(),
            Some(Value::Bool(b)) => if *b { "True" } else { "False" }.into(),
            Some(Value::Choice(c)) => format!("'{c}'"),
        }
    };
    let torch = spec.torch;
    let open = torch.find('(');
    // The constructor's closing parenthesis (not `.eval()`'s).
    let close = open.and_then(|open| torch[open..].find(')').map(|i| open + i));
    match (torch.starts_with("nn."), open, close) {
        (true, Some(open), Some(close)) if close > open => {
            let args: Vec<String> = spec
                .params
                .iter()
                .map(|param| {
                    // nn.PReLU's constructor calls its single weight `init`.
                    let name = match (spec.id, param.name) {
                        (FnId::Prelu, "weight") => "init",
                        (_, name) => name,
                    };
                    format!("{name}={}", python(param))
                })
                .collect();
            format!(
                "{}({}){}",
                &torch[..open],
                args.join(", "),
                &torch[close + 1..]
            )
        }
        // Not a module (`c * x`, `torch.sin(omega_0 * x)`): put the values in for the names.
        _ => spec.params.iter().fold(torch.to_string(), |text, param| {
            replace_word(&text, param.name, &python(param))
        }),
    }
}

/// The `torch.nn.functional` call (or the expression) that applies `params`'s function to the
/// tensor named `x`, with every parameter that differs from PyTorch's default, e.g.
/// `F.elu(x, alpha=1.5)`, `F.prelu(x, torch.tensor([0.25]))`, `torch.sin(30.0 * x)`.
pub fn functional_call(params: &Params, x: &str) -> String {
    let spec = params.spec;
    let real = |name: &str| python_float(params.real(name));
    match spec.id {
        FnId::Linear => return format!("{} * {x}", real("c")),
        FnId::Sine => return format!("torch.sin({} * {x})", real("omega_0")),
        FnId::Sigmoid | FnId::Tanh => return format!("torch.{}({x})", spec.name),
        FnId::Prelu => {
            let weight = params
                .tensor("weight")
                .and_then(|t| t.data.first().copied())
                .unwrap_or(0.25);
            return format!("F.prelu({x}, torch.tensor([{}]))", python_float(weight));
        }
        // Both are required arguments of F.threshold.
        FnId::Threshold => {
            return format!("F.threshold({x}, {}, {})", real("threshold"), real("value"))
        }
        _ => {}
    }
    let mut args = vec![x.to_string()];
    args.extend(changed_args(params));
    format!("F.{}({})", spec.name, args.join(", "))
}

/// The `torch.nn.functional` call of a loss on the tensors named `inputs`, with every parameter
/// that differs from PyTorch's default, e.g. `F.huber_loss(input, target, delta=2.0)`.
pub fn loss_call(params: &Params, inputs: &[&str]) -> String {
    let mut args: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    args.extend(changed_args(params));
    format!("F.{}({})", params.spec.name, args.join(", "))
}

/// `name=value` for every parameter of `params` that is not PyTorch's default, in catalogue order.
fn changed_args(params: &Params) -> Vec<String> {
    let mut args = Vec::new();
    for param in params.spec.params {
        let Some(value) = params.get(param.name) else {
            continue;
        };
        let text = match (value, &param.kind) {
            (Value::Real(v), ParamKind::Real { default, .. }) if v != default => python_float(*v),
            (Value::Bool(b), ParamKind::Bool { default }) if b != default => {
                if *b { "True" } else { "False" }.into()
            }
            (Value::Choice(c), ParamKind::Choice { default, .. }) if c != default => {
                format!("'{c}'")
            }
            (Value::Int(v), ParamKind::Int { default, .. }) if v != default => {
                v.map_or("None".into(), |v| v.to_string())
            }
            (Value::Tensor(Some(t)), ParamKind::Tensor { .. }) => tensor_literal(t),
            _ => continue,
        };
        args.push(format!("{}={text}", param.name));
    }
    args
}

/// A tensor as `torch.tensor(...)` with its shape (a 0-d tensor as a number).
pub fn tensor_literal(t: &nnfunc::Tensor) -> String {
    fn nested(shape: &[usize], data: &[f64]) -> String {
        match shape.split_first() {
            None => data.first().map_or("0.0".into(), |v| python_float(*v)),
            Some((&n, rest)) => {
                let size: usize = rest.iter().product();
                let items: Vec<String> = (0..n)
                    .map(|i| nested(rest, data.get(i * size..(i + 1) * size).unwrap_or(&[])))
                    .collect();
                format!("[{}]", items.join(", "))
            }
        }
    }
    format!("torch.tensor({})", nested(&t.shape, &t.data))
}

/// A float as Python's `repr` writes it (`1.0`, `0.25`, `1e-05`).
pub fn python_float(v: f64) -> String {
    if v.is_nan() {
        return "float('nan')".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "float('inf')"
        } else {
            "float('-inf')"
        }
        .into();
    }
    let debug = format!("{v:?}");
    match debug.split_once('e') {
        Some((mantissa, exponent)) => {
            let (sign, digits) = match exponent.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exponent),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => debug,
    }
}

/// `text` with every whole-word occurrence of `word` replaced.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + word.len()..].chars().next();
        let whole = before.is_none_or(|c| !is_word(c)) && after.is_none_or(|c| !is_word(c));
        out.push_str(&rest[..i]);
        out.push_str(if whole { with } else { word });
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnfunc::catalogue;

    #[track_caller]
    fn call(name: &str, set: &[(&str, Value)]) -> String {
        let spec = catalogue::find(name).expect("in the catalogue");
        let mut params = Params::defaults(spec);
        for (param, value) in set {
            params.set(param, value.clone()).expect("valid");
        }
        torch_call(&params)
    }

    #[test]
    fn pytorch_calls_with_current_parameters() {
        assert_eq!(
            call("elu", &[("alpha", Value::Real(1.5))]),
            "nn.ELU(alpha=1.5)"
        );
        assert_eq!(call("elu", &[]), "nn.ELU(alpha=1.0)");
        assert_eq!(call("relu", &[]), "nn.ReLU()");
        assert_eq!(
            call("softplus", &[("threshold", Value::Real(1e-5))]),
            "nn.Softplus(beta=1.0, threshold=1e-05)"
        );
        assert_eq!(call("prelu", &[]), "nn.PReLU(init=0.25)");
        assert_eq!(call("gelu", &[]), "nn.GELU(approximate='none')");
        assert_eq!(
            call("rrelu", &[]),
            "nn.RReLU(lower=0.125, upper=0.3333333333333333).eval()"
        );
        assert_eq!(
            call("threshold", &[]),
            "nn.Threshold(threshold=1.0, value=0.0)"
        );
        assert_eq!(call("linear", &[("c", Value::Real(2.0))]), "2.0 * x");
        assert_eq!(
            call("sine", &[("omega_0", Value::Real(10.0))]),
            "torch.sin(10.0 * x)"
        );
    }
}
