//! One file per view.

pub mod activations;
pub mod coming_soon;
pub mod losses;
pub mod triplet;

pub use activations::ActivationsView;
pub use coming_soon::ComingSoon;
pub use losses::LossesView;
pub use triplet::TripletView;
