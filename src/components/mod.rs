//! Reusable pieces of views.

pub mod formula;
pub mod param_control;

pub use formula::Formula;
pub use param_control::ParamControl;
