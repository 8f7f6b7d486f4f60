//! The landscape lab's two canvases. A drag redraws both every frame, so each keeps its axes in an
//! [`AxesLayer`] (plotters, redrawn only when the ranges, size or theme change) and draws the rest
//! straight with the 2D context: the landscape's cells (one `putImageData` on a small canvas, scaled
//! with `drawImage`), its contours (one path), markers, the descent path, the colour bar's labels;
//! the scatter's fitted lines. Data arrives finite (`nnfunc::loss_views`).

use nnfunc::contour::Segment;
use nnfunc::plot::{nice_ticks, tick_label, tick_step, viridis, AxisRange, ColorScale};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use super::canvas::{context_2d, css_color, dash, fit_backing, new_canvas, AxesLayer, Frame};
use crate::chart::heatmap::PlotArea;
use crate::theme::{ChartTheme, Rgb};

/// What a lab canvas's axes depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxesKey {
    width: u32,
    height: u32,
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    theme: ChartTheme,
}

/// A filled dot with a ring in the background colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    pub at: (f64, f64),
    pub color: Rgb,
    pub radius_css: f64,
}

/// One frame of the landscape.
pub struct LandscapeFrame<'a> {
    /// Changes whenever `rgba` does (the cells are re-uploaded only then).
    pub image_id: u64,
    pub rgba: &'a [u8],
    /// Cells per side.
    pub cells: usize,
    pub contours: &'a [Segment],
    pub scale: &'a ColorScale,
    pub x: AxisRange,
    pub y: AxisRange,
    pub path: &'a [(f64, f64)],
    pub markers: &'a [Marker],
}

pub struct LandscapeCache {
    axes: AxesLayer<AxesKey>,
    cells: Option<HtmlCanvasElement>,
    cells_id: Option<u64>,
}

impl Default for LandscapeCache {
    fn default() -> Self {
        LandscapeCache {
            axes: AxesLayer::default(),
            cells: new_canvas(),
            cells_id: None,
        }
    }
}

fn font_size(css_w: u32) -> f64 {
    if css_w < 420 {
        11.0
    } else {
        13.0
    }
}

/// The landscape's axes and the colour bar's gradient; returns the plotting area and the bar.
fn landscape_axes(
    layer: &HtmlCanvasElement,
    css_w: u32,
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    theme: &ChartTheme,
) -> Result<(Frame, Option<Frame>), String> {
    let px = |css: f64| (css * dpr).round().max(1.0);
    let rgb = |(r, g, b): Rgb| RGBColor(r, g, b);
    let width = layer.width();
    let backend = CanvasBackend::with_canvas_object(layer.clone())
        .ok_or("this browser gave no 2D canvas context")?;
    let root = backend.into_drawing_area();
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let bar_width = px(64.0) as u32;
    let (main, bar) = root.split_horizontally(width.saturating_sub(bar_width));
    let font_size = font_size(css_w);
    let font = ("sans-serif", px(font_size))
        .into_font()
        .color(&rgb(theme.text));
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
    plot.configure_mesh()
        .disable_mesh()
        .x_labels(x_ticks.len().max(2))
        .y_labels(y_ticks.len().max(2))
        .x_label_formatter(&|v| tick_label(*v, x_step))
        .y_label_formatter(&|v| tick_label(*v, y_step))
        .x_desc("slope w")
        .y_desc("intercept b")
        .label_style(font.clone())
        .axis_desc_style(font)
        .axis_style(ShapeStyle {
            color: rgb(theme.axis).to_rgba(),
            filled: false,
            stroke_width: px(1.0) as u32,
        })
        .set_all_tick_mark_size(px(4.0) as u32)
        .draw()
        .map_err(|e| e.to_string())?;
    let (x_px, y_px) = plot.plotting_area().get_pixel_range();
    root.present().map_err(|e| e.to_string())?;
    let area = Frame {
        left: f64::from(x_px.start),
        top: f64::from(y_px.start),
        right: f64::from(x_px.end),
        bottom: f64::from(y_px.end),
        x,
        y,
    };
    // The colour bar: 256 steps, top = high.
    let (bx, by) = bar.get_pixel_range();
    let (top, bottom) = (f64::from(by.start) + px(14.0), f64::from(by.end) - px(48.0));
    let left = f64::from(bx.start) + px(6.0);
    let bar_frame = (bottom > top).then(|| Frame {
        left,
        top,
        right: left + px(12.0),
        bottom,
        x,
        y,
    });
    if let Some(b) = bar_frame {
        let ctx = context_2d(layer)?;
        let steps = 256;
        let h = (b.bottom - b.top) / f64::from(steps);
        for k in 0..steps {
            let t = 1.0 - f64::from(k) / f64::from(steps - 1);
            ctx.set_fill_style_str(&css_color(viridis(t), 1.0));
            ctx.fill_rect(b.left, b.top + f64::from(k) * h, b.right - b.left, h + 0.5);
        }
    }
    Ok((area, bar_frame))
}

/// Draw one frame of the landscape; where its plotting area is, in CSS pixels.
pub fn draw_landscape(
    canvas: &HtmlCanvasElement,
    css: (u32, u32),
    frame: &LandscapeFrame,
    theme: &ChartTheme,
    cache: &mut LandscapeCache,
) -> Result<PlotArea, String> {
    let dpr = crate::dom::device_pixel_ratio();
    let backing = fit_backing(canvas, css, dpr);
    let ctx = context_2d(canvas)?;
    let key = AxesKey {
        width: backing.0,
        height: backing.1,
        dpr,
        x: frame.x,
        y: frame.y,
        theme: *theme,
    };
    let (area, bar) = cache.axes.paint(&ctx, backing, key, |layer| {
        landscape_axes(layer, css.0, dpr, frame.x, frame.y, theme)
    })?;
    let px = |css: f64| (css * dpr).round().max(1.0);

    // Cells: uploaded when they change, scaled into the area every frame.
    let n = frame.cells as u32;
    let cells = cache.cells.as_ref().ok_or("could not create a canvas")?;
    if cache.cells_id != Some(frame.image_id) {
        if n == 0 || frame.rgba.len() != (4 * n * n) as usize {
            return Err(format!(
                "a landscape of {} bytes for {n}² cells",
                frame.rgba.len()
            ));
        }
        if cells.width() != n {
            cells.set_width(n);
        }
        if cells.height() != n {
            cells.set_height(n);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(frame.rgba), n, n)
            .map_err(|_| "could not make the landscape image".to_string())?;
        context_2d(cells)?
            .put_image_data(&image, 0.0, 0.0)
            .map_err(|_| "could not put the landscape image".to_string())?;
        cache.cells_id = Some(frame.image_id);
    }
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        cells,
        area.left,
        area.top,
        area.right - area.left,
        area.bottom - area.top,
    )
    .map_err(|_| "could not draw the landscape image".to_string())?;

    ctx.save();
    area.clip(&ctx);
    let _ = ctx.set_line_dash(&dash(&[]));
    // Contours: one path, one stroke.
    ctx.begin_path();
    for (a, b) in frame.contours {
        ctx.move_to(area.sx(a.0), area.sy(a.1));
        ctx.line_to(area.sx(b.0), area.sy(b.1));
    }
    ctx.set_stroke_style_str("rgba(255,255,255,0.85)");
    ctx.set_line_width(px(1.0));
    ctx.stroke();
    // The descent path.
    if frame.path.len() > 1 {
        ctx.begin_path();
        for (k, p) in frame.path.iter().enumerate() {
            if k == 0 {
                ctx.move_to(area.sx(p.0), area.sy(p.1));
            } else {
                ctx.line_to(area.sx(p.0), area.sy(p.1));
            }
        }
        ctx.set_line_join("round");
        ctx.set_stroke_style_str("#ffffff");
        ctx.set_line_width(px(2.0));
        ctx.stroke();
    }
    for m in frame.markers {
        if !(m.at.0.is_finite() && m.at.1.is_finite()) {
            continue;
        }
        let (cx, cy) = (area.sx(m.at.0), area.sy(m.at.1));
        let r = px(m.radius_css);
        for (radius, color) in [(r + px(2.0), theme.background), (r, m.color)] {
            ctx.begin_path();
            let _ = ctx.arc(cx, cy, radius, 0.0, std::f64::consts::TAU);
            ctx.set_fill_style_str(&css_color(color, 1.0));
            ctx.fill();
        }
    }
    ctx.restore();

    // The colour bar's labels (they follow the values, the bar itself is cached).
    if let Some(b) = bar {
        let (lo, hi) = frame.scale.bounds();
        ctx.set_font(&format!("{}px sans-serif", px(font_size(css.0))));
        ctx.set_fill_style_str(&css_color(theme.text, 1.0));
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        let label = |v: f64, y: f64| {
            let _ = ctx.fill_text(&short(v), b.right + px(4.0), y);
        };
        if lo.is_finite() && hi.is_finite() {
            label(hi, b.top);
            label(lo, b.bottom);
            let mid = if frame.scale.is_log() && lo > 0.0 {
                (lo * hi).sqrt()
            } else {
                (lo + hi) / 2.0
            };
            label(mid, (b.top + b.bottom) / 2.0);
        }
        if frame.scale.is_log() {
            let _ = ctx.fill_text("log", b.left, b.bottom + px(16.0));
        }
    }
    Ok(area.plot_area(dpr))
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

/// A line y = w·x + b on the scatter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitLine {
    pub w: f64,
    pub b: f64,
    pub color: Rgb,
    pub width_css: f64,
    pub dashed: bool,
}

/// The scatter's mesh (grid, ticks, labels).
fn scatter_axes(
    layer: &HtmlCanvasElement,
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    theme: &ChartTheme,
) -> Result<(Frame, Option<Frame>), String> {
    let px = |css: f64| (css * dpr).round().max(1.0);
    let rgb = |(r, g, b): Rgb| RGBColor(r, g, b);
    let backend = CanvasBackend::with_canvas_object(layer.clone())
        .ok_or("this browser gave no 2D canvas context")?;
    let root = backend.into_drawing_area();
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let font = ("sans-serif", px(13.0)).into_font().color(&rgb(theme.text));
    let mut chart = ChartBuilder::on(&root)
        .margin(px(10.0) as i32)
        .x_label_area_size(px(40.0) as i32)
        .y_label_area_size(px(52.0) as i32)
        .build_cartesian_2d(x.to_range(), y.to_range())
        .map_err(|e| e.to_string())?;
    let thin = |c: Rgb| ShapeStyle {
        color: rgb(c).to_rgba(),
        filled: false,
        stroke_width: px(1.0) as u32,
    };
    chart
        .configure_mesh()
        .label_style(font.clone())
        .axis_desc_style(font)
        .axis_style(thin(theme.axis))
        .bold_line_style(thin(theme.grid))
        .light_line_style(TRANSPARENT)
        .x_desc("x")
        .y_desc("y")
        .set_all_tick_mark_size(px(4.0) as u32)
        .draw()
        .map_err(|e| e.to_string())?;
    let (x_px, y_px) = chart.plotting_area().get_pixel_range();
    root.present().map_err(|e| e.to_string())?;
    Ok((
        Frame {
            left: f64::from(x_px.start),
            top: f64::from(y_px.start),
            right: f64::from(x_px.end),
            bottom: f64::from(y_px.end),
            x,
            y,
        },
        None,
    ))
}

/// Draw the scatter (the points themselves are buttons over the canvas): cached mesh, then `lines`
/// in order; where its plotting area is, in CSS pixels.
pub fn draw_scatter(
    canvas: &HtmlCanvasElement,
    css: (u32, u32),
    (x, y): (AxisRange, AxisRange),
    lines: &[FitLine],
    theme: &ChartTheme,
    cache: &mut AxesLayer<AxesKey>,
) -> Result<PlotArea, String> {
    let dpr = crate::dom::device_pixel_ratio();
    let backing = fit_backing(canvas, css, dpr);
    let ctx = context_2d(canvas)?;
    let key = AxesKey {
        width: backing.0,
        height: backing.1,
        dpr,
        x,
        y,
        theme: *theme,
    };
    let (area, _) = cache.paint(&ctx, backing, key, |layer| {
        scatter_axes(layer, dpr, x, y, theme)
    })?;
    let px = |css: f64| (css * dpr).round().max(1.0);
    ctx.save();
    area.clip(&ctx);
    for line in lines {
        stroke_line(&ctx, &area, line, px);
    }
    ctx.restore();
    Ok(area.plot_area(dpr))
}

fn stroke_line(
    ctx: &CanvasRenderingContext2d,
    area: &Frame,
    line: &FitLine,
    px: impl Fn(f64) -> f64,
) {
    let (x0, x1) = (area.x.min, area.x.max);
    let pattern = if line.dashed {
        vec![px(6.0), px(4.0)]
    } else {
        Vec::new()
    };
    let _ = ctx.set_line_dash(&dash(&pattern));
    ctx.begin_path();
    ctx.move_to(area.sx(x0), area.sy(line.w * x0 + line.b));
    ctx.line_to(area.sx(x1), area.sy(line.w * x1 + line.b));
    ctx.set_stroke_style_str(&css_color(line.color, 1.0));
    ctx.set_line_width(px(line.width_css));
    ctx.stroke();
}
