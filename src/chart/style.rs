//! How every chart looks: colours as plotters and CSS want them, thin strokes, and the one mesh
//! style (labels in the theme's text colour, thin axis and grid lines, short tick marks). Views
//! describe what to draw; they never configure plotters' mesh themselves.

use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::*;

use crate::theme::{ChartTheme, Rgb};

/// A theme colour for plotters.
pub fn rgb((r, g, b): Rgb) -> RGBColor {
    RGBColor(r, g, b)
}

/// A theme colour for CSS and the 2D context: `rgba(r,g,b,alpha)`.
pub fn css_rgba((r, g, b): Rgb, alpha: f64) -> String {
    format!("rgba({r},{g},{b},{alpha})")
}

/// A theme colour for CSS: `rgb(r, g, b)`.
pub fn css_rgb((r, g, b): Rgb) -> String {
    format!("rgb({r}, {g}, {b})")
}

/// A line `width` backing pixels wide (at least 1).
pub fn stroke(color: Rgb, width: f64) -> ShapeStyle {
    ShapeStyle {
        color: rgb(color).to_rgba(),
        filled: false,
        stroke_width: width.round().max(1.0) as u32,
    }
}

/// The chart font at `size` backing pixels, in the theme's text colour.
pub fn font(theme: &ChartTheme, size: f64) -> TextStyle<'static> {
    sans_serif(size).color(&rgb(theme.text))
}

/// The sans-serif font at `size` backing pixels. Named by its family, not by the text
/// "sans-serif": plotters would lower-case that text, which pulls Unicode's case tables (about
/// 6 KB gzip) into the page.
pub fn sans_serif(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal)
}

/// The mesh every chart draws, at `scale` backing pixels per CSS pixel: tick labels of
/// `font_size` CSS px, 1 px axis and grid lines, ticks `tick` CSS px long. Chain further
/// settings (axis descriptions, label counts) on the result, then `.draw()`.
pub fn mesh<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    theme: &ChartTheme,
    scale: f64,
    font_size: f64,
    tick: f64,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged + ValueFormatter<X::ValueType>,
    Y: Ranged + ValueFormatter<Y::ValueType>,
    DB: DrawingBackend,
{
    let px = |css: f64| (css * scale).round().max(1.0);
    mesh.label_style(font(theme, px(font_size)))
        .axis_style(stroke(theme.axis, px(1.0)))
        .bold_line_style(stroke(theme.grid, px(1.0)))
        .set_all_tick_mark_size(px(tick) as u32)
}
