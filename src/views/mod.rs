//! One file per view.

pub mod activations;
pub mod coming_soon;
pub mod gradient_flow;
pub mod losses;
pub mod softmax;
pub mod training;
pub mod triplet;

pub use activations::ActivationsView;
pub use coming_soon::ComingSoon;
pub use gradient_flow::{FlowFunction, GradientFlow};
pub use losses::LossesView;
pub use softmax::SoftmaxView;
pub use training::TrainingView;
pub use triplet::TripletView;
