//! Parameter values of one function call, checked against the catalogue's specs.

use crate::catalogue::{FnSpec, ParamKind};
use crate::error::{invalid, Error, Result};
use crate::tensor::Tensor;

/// The value of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Real(f64),
    Int(Option<i64>),
    Bool(bool),
    Choice(&'static str),
    /// `None`: no tensor given (no weighting).
    Tensor(Option<Tensor>),
}

/// All parameters of one function, starting from the catalogue's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub spec: &'static FnSpec,
    values: Vec<Value>,
}

impl Params {
    /// PyTorch's defaults (for parameters PyTorch requires, the catalogue's slider default).
    pub fn defaults(spec: &'static FnSpec) -> Params {
        let values = spec
            .params
            .iter()
            .map(|p| match p.kind {
                ParamKind::Real { default, .. } => Value::Real(default),
                ParamKind::Int { default, .. } => Value::Int(default),
                ParamKind::Bool { default } => Value::Bool(default),
                ParamKind::Choice { default, .. } => Value::Choice(default),
                ParamKind::Tensor { scalar_default, .. } => {
                    Value::Tensor(scalar_default.map(Tensor::scalar))
                }
            })
            .collect();
        Params { spec, values }
    }

    fn index(&self, name: &str) -> Result<usize> {
        self.spec
            .params
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| Error::UnknownParameter {
                function: self.spec.name.to_string(),
                parameter: name.to_string(),
            })
    }

    /// Set a parameter, refusing values of the wrong type or outside what PyTorch accepts.
    pub fn set(&mut self, name: &str, value: Value) -> Result<()> {
        let i = self.index(name)?;
        let spec = &self.spec.params[i];
        let checked = match (spec.kind, value) {
            (ParamKind::Real { domain, .. }, Value::Real(v)) => {
                if !domain.contains(v) {
                    return Err(invalid(
                        name,
                        format!("{} {}, got {v}", spec.name, domain.describe()),
                    ));
                }
                Value::Real(v)
            }
            (ParamKind::Real { domain, .. }, Value::Int(Some(v))) => {
                let v = v as f64;
                if !domain.contains(v) {
                    return Err(invalid(
                        name,
                        format!("{} {}, got {v}", spec.name, domain.describe()),
                    ));
                }
                Value::Real(v)
            }
            (ParamKind::Int { .. }, Value::Int(v)) => Value::Int(v),
            (ParamKind::Bool { .. }, Value::Bool(b)) => Value::Bool(b),
            (ParamKind::Choice { options, .. }, Value::Choice(c)) => match options
                .iter()
                .find(|o| **o == c)
            {
                Some(o) => Value::Choice(o),
                None => {
                    return Err(invalid(
                        name,
                        format!("{c} is not a valid value for {name}: expected one of {options:?}"),
                    ))
                }
            },
            (ParamKind::Tensor { .. }, Value::Tensor(t)) => Value::Tensor(t),
            (ParamKind::Tensor { .. }, Value::Real(v)) => Value::Tensor(Some(Tensor::scalar(v))),
            (kind, other) => {
                return Err(invalid(
                    name,
                    format!("expected {}, got {other:?}", kind_name(kind)),
                ))
            }
        };
        self.values[i] = checked;
        Ok(())
    }

    /// Set a choice parameter from any string (the string need not be `'static`).
    pub fn set_choice(&mut self, name: &str, choice: &str) -> Result<()> {
        let i = self.index(name)?;
        match self.spec.params[i].kind {
            ParamKind::Choice { options, .. } => match options.iter().find(|o| **o == choice) {
                Some(o) => {
                    self.values[i] = Value::Choice(o);
                    Ok(())
                }
                None => Err(invalid(
                    name,
                    format!(
                        "{choice} is not a valid value for {name}: expected one of {options:?}"
                    ),
                )),
            },
            kind => Err(invalid(
                name,
                format!("expected {}, got a string", kind_name(kind)),
            )),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.index(name).ok().map(|i| &self.values[i])
    }

    /// A real parameter (`NaN` if the name is not a real parameter of this function: a programming error
    /// that the catalogue tests rule out).
    pub fn real(&self, name: &str) -> f64 {
        match self.get(name) {
            Some(Value::Real(v)) => *v,
            Some(Value::Tensor(Some(t))) if t.numel() == 1 => t.data[0],
            _ => f64::NAN,
        }
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        match self.get(name) {
            Some(Value::Int(v)) => *v,
            _ => None,
        }
    }

    pub fn bool(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Value::Bool(true)))
    }

    pub fn choice(&self, name: &str) -> &'static str {
        match self.get(name) {
            Some(Value::Choice(c)) => c,
            _ => "",
        }
    }

    pub fn tensor(&self, name: &str) -> Option<&Tensor> {
        match self.get(name) {
            Some(Value::Tensor(t)) => t.as_ref(),
            _ => None,
        }
    }
}

fn kind_name(kind: ParamKind) -> &'static str {
    match kind {
        ParamKind::Real { .. } => "a number",
        ParamKind::Int { .. } => "an integer",
        ParamKind::Bool { .. } => "true or false",
        ParamKind::Choice { .. } => "one of the listed strings",
        ParamKind::Tensor { .. } => "a number or an array",
    }
}
