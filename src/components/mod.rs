//! Reusable pieces of views.

pub mod export;
pub mod formula;
pub mod param_control;
pub mod share;

pub use formula::Formula;
pub use param_control::ParamControl;
pub use share::ShareTools;
