//! One file per view.

pub mod activations;
pub mod coming_soon;

pub use activations::ActivationsView;
pub use coming_soon::ComingSoon;
