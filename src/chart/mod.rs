//! Charts drawn with plotters on a `<canvas>`: the data arrives finished (finite, padded) from
//! `nnfunc::plot`; this module only scales it for the device pixel ratio and draws.
//!
//! The chart kit: views describe what to draw, these modules draw it.
//!
//! - `backend` — the one plotters backend (a canvas or an SVG document) every figure draws on.
//! - `canvas` — the one HiDPI sizing of a canvas.
//! - `style` — colours, strokes and the one mesh style.
//! - `format` — numbers as labels: scientific notation, decades, thousands.
//! - `line_chart` — a static line chart (several series, solid or dashed, linear or log y).
//! - `function_plot` — an interactive plot of curves over x: zoom and pan (wheel, pinch, drag, keys),
//!   a crosshair on an overlay canvas (so moving it never redraws the curves), shaded x bands and
//!   labelled vertical markers; each redraw is timed with `performance.measure`.
//! - `heatmap` — a grid of values as an RGBA image under vector axes, with a colour bar.
//! - `pen` — the 2D-context calls a hand-drawn figure makes, for the screen and for exports.
//! - `export` — every figure registered by test id: SVG, PNG (as on screen, 2×, 4×), CSV.

pub mod backend;
pub mod canvas;
pub mod export;
pub mod format;
pub mod function_plot;
pub mod heatmap;
pub mod line_chart;
pub mod pen;
pub mod style;

pub use function_plot::{Band, Curve, FunctionPlot, Marker, PlotData, Stroke};
pub use line_chart::{LineChart, Series, SeriesStyle};

use crate::theme::Rgb;
use nnfunc::plot::PALETTE;

/// The colour of the `index`-th shown series: Okabe–Ito, ordered so that the first few are the most
/// distinct, with black (invisible on dark) and yellow (faint on white) last, swapped per theme.
pub fn series_color(index: usize, dark: bool) -> Rgb {
    const LIGHT: [usize; 8] = [0, 3, 2, 1, 4, 5, 7, 6];
    const DARK: [usize; 8] = [5, 1, 2, 3, 4, 6, 0, 7];
    let order = if dark { DARK } else { LIGHT };
    let rgb = PALETTE[order[index % order.len()]];
    // Okabe–Ito's black on a dark background: use a light grey instead.
    if dark && rgb == (0, 0, 0) {
        (0xd4, 0xd4, 0xd8)
    } else {
        rgb
    }
}
