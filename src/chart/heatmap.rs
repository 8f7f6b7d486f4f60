//! A heatmap (a loss landscape or surface) on a HiDPI canvas or in an export: the cells arrive as an
//! RGBA buffer computed in `nnfunc::plot::to_rgba` and go to the backend's raster sink (on a canvas
//! one `putImageData` on a small offscreen canvas, then `drawImage` into the plotting area — never
//! one drawing call per cell; in an SVG one PNG `<image>`). Axes, contour lines, markers, paths and
//! the colour bar are drawn with plotters, by [`paint`], on any backend.

use std::sync::Arc;

use crate::chart::backend::Backend;
use nnfunc::contour::Segment;
use nnfunc::plot::{nice_ticks, tick_label, tick_step, AxisRange, ColorScale, Grid};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use super::export::{
    clip_polyline, context_2d, draw_raster, register_figure, Cell, Csv, Figure, PixelRect, Raster,
    RasterSink, Size, Surface,
};
use super::style::{self, rgb};
use crate::theme::{ChartTheme, Rgb};

/// Something drawn over the cells, in data coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// A filled circle with a contrasting ring, e.g. the current position or a minimiser.
    Marker {
        at: (f64, f64),
        color: Rgb,
        radius_css: f64,
    },
    /// A polyline, e.g. a gradient-descent path.
    Path {
        points: Vec<(f64, f64)>,
        color: Rgb,
        width_css: f64,
    },
    /// Independent segments, e.g. contour lines.
    Segments {
        segments: Vec<Segment>,
        color: Rgb,
        width_css: f64,
    },
}

/// Everything a heatmap draws. (No `PartialEq`: comparing 256² cells on every change would cost more
/// than redrawing; wrap it in a `Signal::derive`, not a `Memo`.)
#[derive(Debug, Clone)]
pub struct HeatmapChart {
    /// The values (for the axes' ranges and the cell count).
    pub grid: Grid,
    /// The cells' colours, top row first (`nnfunc::plot::to_rgba`): `4 · nx · ny` bytes, or with
    /// `cell_pixels` k above 1 each cell a k × k block (`nnfunc::plot::blocks`).
    pub rgba: Vec<u8>,
    /// 1: the cells are values at points, smoothed between when stretched; k > 1: each cell is a
    /// block of k × k raster pixels, drawn as a crisp square (a lattice of a few cells).
    pub cell_pixels: u32,
    /// The colour scale the cells were coloured with, for the colour bar.
    pub scale: ColorScale,
    /// The colour map (value in [0, 1] → colour), for the colour bar.
    pub palette: fn(f64) -> Rgb,
    pub x_label: String,
    pub y_label: String,
    /// Names of the columns at x = 0, 1, 2, … in place of numbers, at whole x only (empty:
    /// numbers anywhere): a lattice's steps.
    pub x_names: Vec<String>,
    /// Names of the rows at y = 0, 1, 2, … (bottom up) in place of numbers (empty: numbers).
    pub y_names: Vec<String>,
    pub overlays: Vec<Overlay>,
}

/// Where the plotting area ended up, in CSS pixels relative to the canvas, with its data ranges:
/// views map pointer positions to data coordinates with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotArea {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub x: AxisRange,
    pub y: AxisRange,
}

impl PlotArea {
    /// The data coordinates under a pointer event on `canvas` (clamped to the area).
    pub fn to_data_at(&self, canvas: &web_sys::Element, ev: &web_sys::MouseEvent) -> (f64, f64) {
        let (x, y) = crate::dom::offset_in(canvas, ev);
        self.to_data(x, y)
    }

    /// The data coordinates of a point given in CSS pixels relative to the canvas (clamped to the area).
    pub fn to_data(&self, css_x: f64, css_y: f64) -> (f64, f64) {
        let fx = ((css_x - self.left) / self.width.max(1e-9)).clamp(0.0, 1.0);
        let fy = ((css_y - self.top) / self.height.max(1e-9)).clamp(0.0, 1.0);
        (
            self.x.min + fx * self.x.width(),
            self.y.max - fy * self.y.width(),
        )
    }

    /// CSS pixels of a data point.
    pub fn to_css(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (
            self.left + (x - self.x.min) / self.x.width() * self.width,
            self.top + (self.y.max - y) / self.y.width() * self.height,
        )
    }
}

const FALLBACK_CSS_SIZE: (u32, u32) = (480, 400);

/// Draw `chart` on `canvas`, sized for the device pixel ratio. Errors are messages for the page.
pub fn draw(
    canvas: &HtmlCanvasElement,
    chart: &HeatmapChart,
    theme: &ChartTheme,
) -> Result<PlotArea, String> {
    draw_with(canvas, chart, &[], theme)
}

/// [`draw`] with `extra` overlays drawn after the chart's own: a view can keep one prepared chart
/// (cells, contours) and add what moves every frame (a marker) without copying the cells.
pub fn draw_with(
    canvas: &HtmlCanvasElement,
    chart: &HeatmapChart,
    extra: &[Overlay],
    theme: &ChartTheme,
) -> Result<PlotArea, String> {
    draw_sized(canvas, css_size(canvas), chart, extra, theme)
}

/// The CSS size a canvas is laid out at (a fallback size if it has no layout yet).
pub fn css_size(canvas: &HtmlCanvasElement) -> (u32, u32) {
    super::canvas::css_size(canvas, FALLBACK_CSS_SIZE)
}

/// [`draw_with`] at a given CSS size: for an offscreen canvas (which has no layout) that caches a
/// chart's static layer. The drawing is [`paint`], the one the exports use.
pub fn draw_sized(
    canvas: &HtmlCanvasElement,
    (css_w, css_h): (u32, u32),
    chart: &HeatmapChart,
    extra: &[Overlay],
    theme: &ChartTheme,
) -> Result<PlotArea, String> {
    let dpr = super::canvas::fit(canvas, (css_w, css_h), crate::dom::device_pixel_ratio()).dpr;
    let backend = Backend::canvas(canvas)?;
    let root = backend.into_drawing_area();
    let ctx = context_2d(canvas)?;
    let mut sink = |raster: Raster<'_>, rect: PixelRect| draw_raster(&ctx, raster, rect);
    let plot = paint(&root, css_w, dpr, &chart.layers(extra), theme, &mut sink)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(plot.plot_area(chart.grid.x, chart.grid.y, dpr))
}

/// A rectangle in backend pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    /// A plotting area's pixel ranges (plotters' `get_pixel_range`) as a rectangle.
    pub fn from_pixels((x, y): (std::ops::Range<i32>, std::ops::Range<i32>)) -> Rect {
        Rect {
            left: f64::from(x.start),
            top: f64::from(y.start),
            right: f64::from(x.end),
            bottom: f64::from(y.end),
        }
    }

    /// Left, top, width, height.
    pub fn xywh(&self) -> PixelRect {
        (
            self.left,
            self.top,
            self.right - self.left,
            self.bottom - self.top,
        )
    }

    /// The area in CSS pixels with its data ranges (backends at `scale` pixels per CSS pixel).
    pub fn plot_area(&self, x: AxisRange, y: AxisRange, scale: f64) -> PlotArea {
        PlotArea {
            left: self.left / scale,
            top: self.top / scale,
            width: (self.right - self.left) / scale,
            height: (self.bottom - self.top) / scale,
            x,
            y,
        }
    }
}

/// What a heatmap figure draws, borrowed: the cells, the colour scale, the axes and the overlays.
pub struct HeatmapLayers<'a> {
    pub cells: Raster<'a>,
    pub scale: &'a ColorScale,
    pub palette: fn(f64) -> Rgb,
    pub x: AxisRange,
    pub y: AxisRange,
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// See [`HeatmapChart::x_names`].
    pub x_names: &'a [String],
    /// See [`HeatmapChart::y_names`].
    pub y_names: &'a [String],
    pub overlays: &'a [Overlay],
    pub extra: &'a [Overlay],
}

impl HeatmapChart {
    /// The chart's layers with `extra` overlays on top.
    pub fn layers<'a>(&'a self, extra: &'a [Overlay]) -> HeatmapLayers<'a> {
        HeatmapLayers {
            cells: Raster {
                rgba: &self.rgba,
                width: self.grid.nx as u32 * self.cell_pixels.max(1),
                height: self.grid.ny as u32 * self.cell_pixels.max(1),
            },
            scale: &self.scale,
            palette: self.palette,
            x: self.grid.x,
            y: self.grid.y,
            x_label: &self.x_label,
            y_label: &self.y_label,
            x_names: &self.x_names,
            y_names: &self.y_names,
            overlays: &self.overlays,
            extra,
        }
    }
}

/// The label at `v` on an axis with `names`: the name at a whole `v`, nothing between names (or
/// outside them); `None` without names (the axis shows numbers).
fn name_at(names: &[String], v: f64) -> Option<String> {
    if names.is_empty() {
        return None;
    }
    let k = v.round();
    let whole = (v - k).abs() < 1e-9 && k >= 0.0;
    Some(
        names
            .get(k as usize)
            .filter(|_| whole)
            .cloned()
            .unwrap_or_default(),
    )
}

/// The step between `ticks` (the range's width for fewer than two).
fn y_step_of(ticks: &[f64], range: AxisRange) -> f64 {
    tick_step(ticks).unwrap_or(range.width())
}

fn font_size(css_w: u32) -> f64 {
    if css_w < 420 {
        11.0
    } else {
        13.0
    }
}

/// The static part of a heatmap on any backend: the background, the axes with their labels and the
/// colour bar's gradient. Returns the plotting area and the bar (if there is room for one), in
/// backend pixels; `scale` is backend pixels per CSS pixel of a `css_w` wide figure; `x_names` and
/// `y_names` name the columns and rows at whole values instead of numbers (empty: numbers).
#[allow(clippy::too_many_arguments)]
pub fn paint_axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_w: u32,
    scale: f64,
    (x, y): (AxisRange, AxisRange),
    (x_label, y_label, x_names, y_names): (&str, &str, &[String], &[String]),
    palette: fn(f64) -> Rgb,
    theme: &ChartTheme,
) -> Result<(Rect, Option<Rect>), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let width = root.dim_in_pixel().0;
    let bar_width = px(64.0) as u32;
    let (main, bar) = root.split_horizontally(width.saturating_sub(bar_width));
    let font_size = font_size(css_w);
    let font = style::font(theme, px(font_size));
    let most_x = if css_w < 420 { 5 } else { 8 };
    // Named columns: asking plotters for at most as many labels as there are columns keeps its
    // key points on whole steps (1, 2, 5, 10 …), never between two columns.
    let x_ticks = if x_names.is_empty() {
        nice_ticks(x, most_x)
    } else {
        (0..x_names.len().min(most_x)).map(|k| k as f64).collect()
    };
    let y_ticks = if y_names.is_empty() {
        nice_ticks(y, 7)
    } else {
        (0..y_names.len()).map(|k| k as f64).collect()
    };
    let x_step = tick_step(&x_ticks).unwrap_or(x.width());
    let x_tick_label = |v: &f64| name_at(x_names, *v).unwrap_or_else(|| tick_label(*v, x_step));
    let y_tick_label =
        |v: &f64| name_at(y_names, *v).unwrap_or_else(|| tick_label(*v, y_step_of(&y_ticks, y)));
    let mut plot = ChartBuilder::on(&main)
        .margin(px(10.0) as i32)
        .x_label_area_size(px(font_size * 3.6) as i32)
        .y_label_area_size(px(font_size * 4.6) as i32)
        .build_cartesian_2d(x.to_range(), y.to_range())
        .map_err(|e| e.to_string())?;
    style::mesh(&mut plot.configure_mesh(), theme, scale, font_size, 4.0)
        .disable_mesh()
        .x_labels(x_ticks.len().max(2))
        .y_labels(y_ticks.len().max(2))
        .x_label_formatter(&x_tick_label)
        .y_label_formatter(&y_tick_label)
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_desc_style(font)
        .draw()
        .map_err(|e| e.to_string())?;
    let area = Rect::from_pixels(plot.plotting_area().get_pixel_range());
    // The colour bar: 256 steps, top = high, each a rectangle from its rounded top edge.
    let (bx, by) = bar.get_pixel_range();
    let (top, bottom) = (f64::from(by.start) + px(14.0), f64::from(by.end) - px(48.0));
    let left = f64::from(bx.start) + px(6.0);
    let bar_rect = (bottom > top).then(|| Rect {
        left,
        top,
        right: left + px(12.0),
        bottom,
    });
    if let Some(b) = bar_rect {
        let steps = 256u32;
        let edge =
            |k: u32| (b.top + f64::from(k) * (b.bottom - b.top) / f64::from(steps)).round() as i32;
        for k in 0..steps {
            let t = 1.0 - f64::from(k) / f64::from(steps - 1);
            root.draw(&Rectangle::new(
                // Down to the bar's bottom, the next step drawn over it: no seams where a
                // viewer anti-aliases the edges of abutting rectangles (an SVG scaled down).
                [(b.left as i32, edge(k)), (b.right as i32, edge(steps))],
                rgb(palette(t)).filled(),
            ))
            .map_err(|e| e.to_string())?;
        }
    }
    Ok((area, bar_rect))
}

/// A whole heatmap on any backend — the screen's canvas and every export: [`paint_axes`], the
/// cells (handed to `raster` for the plotting area), the overlays (clipped to it) and the colour
/// bar's labels. Returns the plotting area in backend pixels.
pub fn paint<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_w: u32,
    scale: f64,
    layers: &HeatmapLayers,
    theme: &ChartTheme,
    raster: &mut RasterSink,
) -> Result<Rect, String> {
    let (area, bar) = paint_axes(
        root,
        css_w,
        scale,
        (layers.x, layers.y),
        (
            layers.x_label,
            layers.y_label,
            layers.x_names,
            layers.y_names,
        ),
        layers.palette,
        theme,
    )?;
    raster(layers.cells, area.xywh())?;
    let px = |css: f64| (css * scale).round().max(1.0);
    let (x, y) = (layers.x, layers.y);
    let to_px = |(u, v): (f64, f64)| {
        (
            area.left + (u - x.min) / x.width() * (area.right - area.left),
            area.bottom - (v - y.min) / y.width() * (area.bottom - area.top),
        )
    };
    let bounds = (area.left, area.right, area.top, area.bottom);
    let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    let polyline = |points: Vec<(f64, f64)>, style: ShapeStyle| -> Result<(), String> {
        for piece in clip_polyline(&points, bounds) {
            let pixels: Vec<(i32, i32)> = piece
                .iter()
                .map(|p| (p.0.round() as i32, p.1.round() as i32))
                .collect();
            root.draw(&PathElement::new(pixels, style))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    };
    for overlay in layers.overlays.iter().chain(layers.extra) {
        match overlay {
            Overlay::Segments {
                segments,
                color,
                width_css,
            } => {
                let style = ShapeStyle {
                    color: rgb(*color).mix(0.85),
                    filled: false,
                    stroke_width: px(*width_css) as u32,
                };
                // Segments that continue one another become one polyline (fewer elements to draw).
                let mut chains: Vec<Vec<(f64, f64)>> = Vec::new();
                for (a, b) in segments.iter().filter(|(a, b)| finite(a) && finite(b)) {
                    match chains.last_mut() {
                        Some(chain) if chain.last() == Some(a) => chain.push(*b),
                        _ => chains.push(vec![*a, *b]),
                    }
                }
                for chain in chains {
                    polyline(chain.into_iter().map(to_px).collect(), style)?;
                }
            }
            Overlay::Path {
                points,
                color,
                width_css,
            } => {
                let style = ShapeStyle {
                    color: rgb(*color).to_rgba(),
                    filled: false,
                    stroke_width: px(*width_css) as u32,
                };
                polyline(
                    points
                        .iter()
                        .filter(|p| finite(p))
                        .map(|p| to_px(*p))
                        .collect(),
                    style,
                )?;
            }
            Overlay::Marker {
                at,
                color,
                radius_css,
            } => {
                let (cx, cy) = to_px(*at);
                let inside = finite(at)
                    && (area.left..=area.right).contains(&cx)
                    && (area.top..=area.bottom).contains(&cy);
                if !inside {
                    continue;
                }
                let centre = (cx.round() as i32, cy.round() as i32);
                let r = px(*radius_css) as i32;
                root.draw(&Circle::new(
                    centre,
                    r + px(2.0) as i32,
                    rgb(theme.background).filled(),
                ))
                .map_err(|e| e.to_string())?;
                root.draw(&Circle::new(centre, r, rgb(*color).filled()))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    if let Some(b) = bar {
        paint_bar_labels(root, css_w, scale, b, layers.scale, theme)?;
    }
    Ok(area)
}

/// The colour bar's labels: high, middle (geometric on a log scale) and low, and "log".
pub fn paint_bar_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_w: u32,
    scale: f64,
    bar: Rect,
    color_scale: &ColorScale,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    let font = style::font(theme, px(font_size(css_w)));
    let middle = font.pos(Pos::new(HPos::Left, VPos::Center));
    let (lo, hi) = color_scale.bounds();
    let x = (bar.right + px(4.0)) as i32;
    let label = |v: f64, y: f64| {
        root.draw_text(&short(v), &middle, (x, y as i32))
            .map_err(|e| e.to_string())
    };
    if lo.is_finite() && hi.is_finite() {
        label(hi, bar.top)?;
        label(lo, bar.bottom)?;
        if color_scale.is_log() && lo > 0.0 {
            label((lo * hi).sqrt(), (bar.top + bar.bottom) / 2.0)?;
        } else {
            label((lo + hi) / 2.0, (bar.top + bar.bottom) / 2.0)?;
        }
    }
    if color_scale.is_log() {
        root.draw_text(
            "log",
            &font,
            (bar.left as i32, (bar.bottom + px(10.0)) as i32),
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A heatmap canvas as the export buttons see it: the chart (with the overlays drawn last on
/// screen) from `source`, drawn by [`paint`]; its CSV is every cell (x, y, value, in the core
/// crate's order: rows from the bottom, x fastest), then the overlays' points.
struct HeatmapFigure<S> {
    source: S,
    /// The CSV's name of a cell's value ("loss").
    value: &'static str,
}

/// What a heatmap's export reads: its chart and the overlays drawn over it, untracked (`None` once
/// the view was removed).
pub trait HeatmapSource: Fn() -> Option<(Arc<HeatmapChart>, Vec<Overlay>)> + 'static {}
impl<S: Fn() -> Option<(Arc<HeatmapChart>, Vec<Overlay>)> + 'static> HeatmapSource for S {}

/// Register the heatmap on `canvas` for the export buttons under `test_id`; `value` names a
/// cell's value in the CSV.
pub fn register_heatmap(
    test_id: &str,
    canvas: leptos::prelude::NodeRef<leptos::html::Canvas>,
    dark: leptos::prelude::ReadSignal<bool>,
    value: &'static str,
    source: impl HeatmapSource,
) {
    let size = Size::Canvas(canvas, FALLBACK_CSS_SIZE);
    register_figure(test_id, size, dark, HeatmapFigure { source, value });
}

impl<S: HeatmapSource> HeatmapFigure<S> {
    fn chart(&self) -> Result<(Arc<HeatmapChart>, Vec<Overlay>), String> {
        (self.source)().ok_or_else(|| "the plot was removed".to_string())
    }
}

impl<S: HeatmapSource> Figure for HeatmapFigure<S> {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        let (chart, extra) = self.chart()?;
        let layers = chart.layers(&extra);
        paint(to.root, to.css.0, to.scale, &layers, &to.theme, to.raster).map(|_| ())
    }

    fn csv(&self) -> Result<String, String> {
        let (chart, extra) = self.chart()?;
        Ok(grid_csv(
            &chart.grid,
            (&chart.x_label, &chart.y_label),
            self.value,
            chart.overlays.iter().chain(&extra),
        ))
    }
}

/// A grid as CSV: `layer,<x>,<y>,<value>`; one `cell` row per cell in the grid's order, then a
/// `marker` row per marker and a `path` row per point of each path (contour lines are left out:
/// they follow from the cells).
pub fn grid_csv<'a>(
    grid: &Grid,
    (x_label, y_label): (&str, &str),
    value: &str,
    overlays: impl IntoIterator<Item = &'a Overlay>,
) -> String {
    let mut csv = Csv::new(vec![
        "layer".into(),
        x_label.into(),
        y_label.into(),
        value.into(),
    ]);
    for j in 0..grid.ny {
        let y = grid.y_at(j);
        for i in 0..grid.nx {
            csv.rows.push(vec![
                Cell::Text("cell".into()),
                Cell::Number(grid.x_at(i)),
                Cell::Number(y),
                Cell::from(grid.get(i, j)),
            ]);
        }
    }
    let mut point = |layer: &str, (x, y): (f64, f64)| {
        csv.rows.push(vec![
            Cell::Text(layer.into()),
            Cell::Number(x),
            Cell::Number(y),
            Cell::Empty,
        ]);
    };
    for overlay in overlays {
        match overlay {
            Overlay::Marker { at, .. } => point("marker", *at),
            Overlay::Path { points, .. } => points.iter().for_each(|p| point("path", *p)),
            Overlay::Segments { .. } => {}
        }
    }
    csv.text()
}

/// A colour-bar label: 3 significant digits.
pub fn short(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 1e4 || v.abs() < 1e-2 {
        format!("{v:.1e}")
    } else {
        let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 4) as usize;
        format!("{v:.digits$}")
    }
}
