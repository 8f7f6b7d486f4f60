//! The one error type of the crate: every refusal is a value, never a panic.

use std::fmt;

/// Why a function call, a parameter or an input was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// No function of that name in the catalogue.
    UnknownFunction(String),
    /// The function has no parameter of that name.
    UnknownParameter { function: String, parameter: String },
    /// A parameter has the wrong type or a value outside its domain.
    InvalidParameter { parameter: String, message: String },
    /// A required input tensor is missing, or one that the function does not take was given.
    Input(String),
    /// Shapes do not fit together.
    Shape(String),
    /// A value is outside the function's domain (BCE input outside [0, 1], class index out of range, …).
    Domain(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownFunction(name) => write!(f, "unknown function '{name}'"),
            Error::UnknownParameter {
                function,
                parameter,
            } => {
                write!(
                    f,
                    "{function}() got an unexpected keyword argument '{parameter}'"
                )
            }
            Error::InvalidParameter { parameter, message } => {
                write!(f, "parameter '{parameter}': {message}")
            }
            Error::Input(message) | Error::Shape(message) | Error::Domain(message) => {
                f.write_str(message)
            }
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn invalid(parameter: &str, message: impl Into<String>) -> Error {
    Error::InvalidParameter {
        parameter: parameter.to_string(),
        message: message.into(),
    }
}
