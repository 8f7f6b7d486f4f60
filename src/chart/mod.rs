//! Charts drawn with plotters on a `<canvas>`: the data arrives finished (finite, padded) from
//! `nnfunc::plot`; this module only scales it for the device pixel ratio and draws.

pub mod heatmap;
pub mod line_chart;

pub use line_chart::{LineChart, Series, SeriesStyle};
