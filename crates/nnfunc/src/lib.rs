//! Activation and loss functions with their gradients, exact to PyTorch (float64), the catalogue that
//! lists them, and plot-safe data helpers.
//!
//! This crate knows nothing about browsers, Leptos or plotters: it is plain Rust, tested natively.
#![forbid(unsafe_code)]

pub mod activation;
pub mod catalogue;
pub mod contour;
pub mod ctc;
pub mod error;
#[cfg(feature = "eval")]
pub mod eval;
pub mod gradient_flow;
pub mod landscape;
pub mod loss;
pub mod loss_views;
pub mod params;
pub mod plot;
pub mod properties;
pub mod tensor;
pub mod train;
pub mod triplet;

pub use catalogue::{FnId, FnSpec, CATALOGUE};
pub use error::{Error, Result};
pub use params::{Params, Value};
pub use tensor::Tensor;
