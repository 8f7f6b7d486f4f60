//! A heatmap (a loss landscape or surface) on a HiDPI canvas: the cells arrive as an RGBA buffer
//! computed in `nnfunc::plot::to_rgba` and are put with one `putImageData` (on a small offscreen
//! canvas, then scaled into the plotting area with `drawImage`) — never one drawing call per cell.
//! Axes, contour lines, markers, paths and the colour bar are drawn with plotters.

use nnfunc::contour::Segment;
use nnfunc::plot::{nice_ticks, tick_label, tick_step, AxisRange, ColorScale, Grid};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

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
    /// The cells' colours, `4 · nx · ny` bytes, top row first (`nnfunc::plot::to_rgba`).
    pub rgba: Vec<u8>,
    /// The colour scale the cells were coloured with, for the colour bar.
    pub scale: ColorScale,
    /// The colour map (value in [0, 1] → colour), for the colour bar.
    pub palette: fn(f64) -> Rgb,
    pub x_label: String,
    pub y_label: String,
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
    match (canvas.client_width(), canvas.client_height()) {
        (w, h) if w > 0 && h > 0 => (w as u32, h as u32),
        _ => FALLBACK_CSS_SIZE,
    }
}

/// [`draw_with`] at a given CSS size: for an offscreen canvas (which has no layout) that caches a
/// chart's static layer.
pub fn draw_sized(
    canvas: &HtmlCanvasElement,
    (css_w, css_h): (u32, u32),
    chart: &HeatmapChart,
    extra: &[Overlay],
    theme: &ChartTheme,
) -> Result<PlotArea, String> {
    let dpr = crate::dom::device_pixel_ratio();
    let backing = |css: u32| ((f64::from(css) * dpr).round() as u32).clamp(1, 8192);
    let (width, height) = (backing(css_w), backing(css_h));
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    let px = |css: f64| (css * dpr).round().max(1.0);
    let rgb = |(r, g, b): Rgb| RGBColor(r, g, b);

    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("this browser gave no 2D canvas context")?;
    let root = backend.into_drawing_area();
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let bar_width = px(64.0) as u32;
    let (main, bar) = root.split_horizontally(width.saturating_sub(bar_width));

    let font_size = if css_w < 420 { 11.0 } else { 13.0 };
    let font = ("sans-serif", px(font_size))
        .into_font()
        .color(&rgb(theme.text));
    let (x, y) = (chart.grid.x, chart.grid.y);
    let x_ticks = nice_ticks(x, if css_w < 420 { 5 } else { 8 });
    let y_ticks = nice_ticks(y, 7);
    let (x_step, y_step) = (
        tick_step(&x_ticks).unwrap_or(x.width()),
        tick_step(&y_ticks).unwrap_or(y.width()),
    );
    let mut plot = ChartBuilder::on(&main)
        .margin(px(10.0) as i32)
        .x_label_area_size(px(font_size * 3.6) as i32)
        .y_label_area_size(px(font_size * 4.6) as i32)
        .build_cartesian_2d(x.to_range(), y.to_range())
        .map_err(|e| e.to_string())?;
    let thin = ShapeStyle {
        color: rgb(theme.axis).to_rgba(),
        filled: false,
        stroke_width: px(1.0) as u32,
    };
    plot.configure_mesh()
        .disable_mesh()
        .x_labels(x_ticks.len().max(2))
        .y_labels(y_ticks.len().max(2))
        .x_label_formatter(&|v| tick_label(*v, x_step))
        .y_label_formatter(&|v| tick_label(*v, y_step))
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .axis_style(thin)
        .set_all_tick_mark_size(px(4.0) as u32)
        .draw()
        .map_err(|e| e.to_string())?;

    let (x_px, y_px) = plot.plotting_area().get_pixel_range();
    let ctx = context(canvas)?;
    put_cells(
        &ctx,
        &chart.rgba,
        chart.grid.nx as u32,
        chart.grid.ny as u32,
        (
            f64::from(x_px.start),
            f64::from(y_px.start),
            f64::from(x_px.end - x_px.start),
            f64::from(y_px.end - y_px.start),
        ),
    )?;

    for overlay in chart.overlays.iter().chain(extra) {
        match overlay {
            Overlay::Segments {
                segments,
                color,
                width_css,
            } => {
                // One path and one stroke for all segments: a plotters element per segment costs a
                // style change and a stroke each (hundreds per contour set).
                let (r, g, b) = *color;
                ctx.save();
                ctx.begin_path();
                ctx.rect(
                    f64::from(x_px.start),
                    f64::from(y_px.start),
                    f64::from(x_px.end - x_px.start),
                    f64::from(y_px.end - y_px.start),
                );
                ctx.clip();
                ctx.begin_path();
                for (a, b) in segments {
                    let (pa, pb) = (plot.backend_coord(a), plot.backend_coord(b));
                    ctx.move_to(f64::from(pa.0), f64::from(pa.1));
                    ctx.line_to(f64::from(pb.0), f64::from(pb.1));
                }
                ctx.set_stroke_style_str(&format!("rgba({r},{g},{b},0.85)"));
                ctx.set_line_width(px(*width_css));
                ctx.stroke();
                ctx.restore();
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
                let inside = points
                    .iter()
                    .copied()
                    .filter(|p| p.0.is_finite() && p.1.is_finite());
                plot.draw_series(LineSeries::new(inside, style))
                    .map_err(|e| e.to_string())?;
            }
            Overlay::Marker {
                at,
                color,
                radius_css,
            } => {
                if !(at.0.is_finite() && at.1.is_finite()) {
                    continue;
                }
                let r = px(*radius_css) as i32;
                plot.draw_series([
                    Circle::new(*at, r + px(2.0) as i32, rgb(theme.background).filled()),
                    Circle::new(*at, r, rgb(*color).filled()),
                ])
                .map_err(|e| e.to_string())?;
            }
        }
    }
    // The overlays must not spill over the axes: plotters clips to the plotting area.

    draw_color_bar(&bar, &ctx, chart, theme, px, &font)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(PlotArea {
        left: f64::from(x_px.start) / dpr,
        top: f64::from(y_px.start) / dpr,
        width: f64::from(x_px.end - x_px.start) / dpr,
        height: f64::from(y_px.end - y_px.start) / dpr,
        x,
        y,
    })
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| "this browser gave no 2D canvas context".to_string())
}

thread_local! {
    /// One reusable offscreen canvas for the cells (creating one per frame would churn the DOM).
    static OFFSCREEN: std::cell::RefCell<Option<HtmlCanvasElement>> = const { std::cell::RefCell::new(None) };
}

fn offscreen(width: u32, height: u32) -> Result<HtmlCanvasElement, String> {
    OFFSCREEN.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let canvas = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("canvas").ok())
                .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
                .ok_or("could not create an offscreen canvas")?;
            *slot = Some(canvas);
        }
        let canvas = slot.clone().ok_or("no offscreen canvas")?;
        if canvas.width() != width {
            canvas.set_width(width);
        }
        if canvas.height() != height {
            canvas.set_height(height);
        }
        Ok(canvas)
    })
}

/// Put `nx × ny` RGBA cells into the rectangle (x, y, w, h) of backing pixels.
fn put_cells(
    ctx: &CanvasRenderingContext2d,
    rgba: &[u8],
    nx: u32,
    ny: u32,
    (x, y, w, h): (f64, f64, f64, f64),
) -> Result<(), String> {
    if nx == 0 || ny == 0 || rgba.len() != (4 * nx * ny) as usize {
        return Err(format!(
            "heatmap buffer has {} bytes for {nx}×{ny} cells",
            rgba.len()
        ));
    }
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), nx, ny)
        .map_err(|_| "could not make the heatmap image".to_string())?;
    let off = offscreen(nx, ny)?;
    context(&off)?
        .put_image_data(&image, 0.0, 0.0)
        .map_err(|_| "could not put the heatmap image".to_string())?;
    // Cells are values at points: smooth interpolation reads better than blocks.
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&off, x, y, w, h)
        .map_err(|_| "could not draw the heatmap image".to_string())
}

fn draw_color_bar(
    bar: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    ctx: &CanvasRenderingContext2d,
    chart: &HeatmapChart,
    theme: &ChartTheme,
    px: impl Fn(f64) -> f64,
    font: &TextStyle,
) -> Result<(), String> {
    let (lo, hi) = chart.scale.bounds();
    let (x_range, y_range) = bar.get_pixel_range();
    let (top, bottom) = (
        f64::from(y_range.start) + px(14.0),
        f64::from(y_range.end) - px(48.0),
    );
    let left = f64::from(x_range.start) + px(6.0);
    let bar_w = px(12.0);
    if bottom <= top {
        return Ok(());
    }
    // 256 steps, top = high.
    let steps = 256u32;
    let mut rgba = Vec::with_capacity(4 * steps as usize);
    for k in 0..steps {
        let t = 1.0 - f64::from(k) / f64::from(steps - 1);
        let (r, g, b) = (chart.palette)(t);
        rgba.extend_from_slice(&[r, g, b, 255]);
    }
    put_cells(ctx, &rgba, 1, steps, (left, top, bar_w, bottom - top))?;
    let text_color = RGBColor(theme.text.0, theme.text.1, theme.text.2);
    let text = font.color(&text_color);
    let label_at = |v: f64, y: f64| -> Result<(), String> {
        let pos = (
            (left + bar_w + px(4.0)) as i32 - x_range.start,
            y as i32 - y_range.start - px(6.0) as i32,
        );
        bar.draw_text(&short(v), &text, pos)
            .map_err(|e| e.to_string())
    };
    if lo.is_finite() && hi.is_finite() {
        label_at(hi, top)?;
        label_at(lo, bottom)?;
        if chart.scale.is_log() && lo > 0.0 {
            label_at((lo * hi).sqrt(), (top + bottom) / 2.0)?;
        } else {
            label_at((lo + hi) / 2.0, (top + bottom) / 2.0)?;
        }
    }
    if chart.scale.is_log() {
        let pos = (
            (left - f64::from(x_range.start)) as i32,
            (bottom - f64::from(y_range.start) + px(10.0)) as i32,
        );
        bar.draw_text("log", &text, pos)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A colour-bar label: 3 significant digits.
fn short(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 1e4 || v.abs() < 1e-2 {
        format!("{v:.1e}")
    } else {
        let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 4) as usize;
        format!("{v:.digits$}")
    }
}
