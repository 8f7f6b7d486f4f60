//! Reusable pieces of views.

pub mod checkbox;
pub mod export;
pub mod formula;
pub mod intro;
pub mod notices;
pub mod param_control;
pub mod points_box;
pub mod pytorch;
pub mod select;
pub mod share;

pub use checkbox::Checkbox;
pub use formula::Formula;
pub use intro::{is_wide, Intro};
pub use notices::Notices;
pub use param_control::ParamControl;
pub use points_box::PointsBox;
pub use select::Select;
pub use share::ShareTools;
