//! The landscape lab's two canvases. A drag redraws both every frame, so each keeps its axes in an
//! [`AxesLayer`] (plotters, redrawn only when the ranges, size or theme change; the landscape's are
//! the heatmaps' `chart::heatmap::paint_axes`) and draws the rest straight with the 2D context: the
//! landscape's cells (one `putImageData` on a small canvas, scaled with `drawImage`), its contours
//! (one path), markers, the descent path; the scatter's fitted lines. The colour bar's labels and
//! the exports use the heatmap painter ([`paint_landscape`]) and [`paint_scatter`], on any backend.
//! Data arrives finite (`nnfunc::loss_views`).

use nnfunc::contour::Segment;
use nnfunc::plot::{viridis, AxisRange, ColorScale};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use super::canvas::{context_2d, css_color, dash, fit_backing, new_canvas, AxesLayer, Frame};
use crate::chart::export::{clip_polyline, Raster, RasterSink};
use crate::chart::function_plot::dashed;
use crate::chart::heatmap::{self, HeatmapLayers, Overlay, PlotArea, Rect};
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

/// The landscape's axis titles.
pub const AXIS_LABELS: (&str, &str) = ("slope w", "intercept b");

fn frame(r: Rect, x: AxisRange, y: AxisRange) -> Frame {
    Frame {
        left: r.left,
        top: r.top,
        right: r.right,
        bottom: r.bottom,
        x,
        y,
    }
}

/// Paint on `canvas` through plotters with `paint`.
fn on_canvas<T>(
    canvas: &HtmlCanvasElement,
    paint: impl FnOnce(&DrawingArea<CanvasBackend, Shift>) -> Result<T, String>,
) -> Result<T, String> {
    let root = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("this browser gave no 2D canvas context")?
        .into_drawing_area();
    let out = paint(&root)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The landscape's axes and the colour bar's gradient — the heatmaps' (`chart::heatmap::paint_axes`);
/// returns the plotting area and the bar.
fn landscape_axes(
    layer: &HtmlCanvasElement,
    css_w: u32,
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    theme: &ChartTheme,
) -> Result<(Frame, Option<Frame>), String> {
    let (area, bar) = on_canvas(layer, |root| {
        heatmap::paint_axes(root, css_w, dpr, (x, y), AXIS_LABELS, viridis, theme)
    })?;
    Ok((frame(area, x, y), bar.map(|b| frame(b, x, y))))
}

impl LandscapeFrame<'_> {
    /// The frame as a heatmap's overlays: contours, the descent path, the markers.
    pub fn overlays(&self) -> Vec<Overlay> {
        let mut out = vec![
            Overlay::Segments {
                segments: self.contours.to_vec(),
                color: (255, 255, 255),
                width_css: 1.0,
            },
            Overlay::Path {
                points: self.path.to_vec(),
                color: (255, 255, 255),
                width_css: 2.0,
            },
        ];
        out.extend(self.markers.iter().map(|m| Overlay::Marker {
            at: m.at,
            color: m.color,
            radius_css: m.radius_css,
        }));
        out
    }
}

/// The whole landscape on any backend, for the export: the heatmap painter with the frame's cells
/// and overlays (the screen draws the same layers straight with the 2D context, per frame).
pub fn paint_landscape<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_w: u32,
    scale: f64,
    frame: &LandscapeFrame,
    theme: &ChartTheme,
    raster: &mut RasterSink,
) -> Result<(), String> {
    let overlays = frame.overlays();
    let layers = HeatmapLayers {
        cells: Raster {
            rgba: frame.rgba,
            width: frame.cells as u32,
            height: frame.cells as u32,
        },
        scale: frame.scale,
        palette: viridis,
        x: frame.x,
        y: frame.y,
        x_label: AXIS_LABELS.0,
        y_label: AXIS_LABELS.1,
        overlays: &overlays,
        extra: &[],
    };
    heatmap::paint(root, css_w, scale, &layers, theme, raster).map(|_| ())
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
        let rect = Rect {
            left: b.left,
            top: b.top,
            right: b.right,
            bottom: b.bottom,
        };
        on_canvas(canvas, |root| {
            heatmap::paint_bar_labels(root, css.0, dpr, rect, frame.scale, theme)
        })?;
    }
    Ok(area.plot_area(dpr))
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

/// The scatter's mesh (grid, ticks, labels) on any backend; where the plotting area is.
fn paint_scatter_axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    x: AxisRange,
    y: AxisRange,
    theme: &ChartTheme,
) -> Result<Rect, String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    let rgb = |(r, g, b): Rgb| RGBColor(r, g, b);
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let font = ("sans-serif", px(13.0)).into_font().color(&rgb(theme.text));
    let mut chart = ChartBuilder::on(root)
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
    Ok(Rect {
        left: f64::from(x_px.start),
        top: f64::from(y_px.start),
        right: f64::from(x_px.end),
        bottom: f64::from(y_px.end),
    })
}

fn scatter_axes(
    layer: &HtmlCanvasElement,
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    theme: &ChartTheme,
) -> Result<(Frame, Option<Frame>), String> {
    let area = on_canvas(layer, |root| paint_scatter_axes(root, dpr, x, y, theme))?;
    Ok((frame(area, x, y), None))
}

/// The whole scatter on any backend, for the export: the mesh, `lines` in order (clipped to the
/// plotting area) and the points as the page shows their handles (a dot in the text colour with a
/// ring in the background's).
pub fn paint_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    (x, y): (AxisRange, AxisRange),
    lines: &[FitLine],
    points: &[(f64, f64)],
    theme: &ChartTheme,
) -> Result<(), String> {
    let area = frame(paint_scatter_axes(root, scale, x, y, theme)?, x, y);
    let px = |css: f64| (css * scale).round().max(1.0);
    let rgb = |(r, g, b): Rgb| RGBColor(r, g, b);
    let bounds = (area.left, area.right, area.top, area.bottom);
    let round = |(u, v): (f64, f64)| (u.round() as i32, v.round() as i32);
    for line in lines {
        let ends = [x.min, x.max].map(|u| (area.sx(u), area.sy(line.w * u + line.b)));
        let style = ShapeStyle {
            color: rgb(line.color).to_rgba(),
            filled: false,
            stroke_width: px(line.width_css) as u32,
        };
        let pieces = clip_polyline(&ends, bounds).into_iter().flat_map(|piece| {
            if line.dashed {
                dashed(&piece, px(6.0), px(4.0))
            } else {
                vec![piece]
            }
        });
        for piece in pieces {
            let pixels: Vec<(i32, i32)> = piece.into_iter().map(round).collect();
            root.draw(&PathElement::new(pixels, style))
                .map_err(|e| e.to_string())?;
        }
    }
    for p in points.iter().filter(|p| x.contains(p.0) && y.contains(p.1)) {
        let at = round((area.sx(p.0), area.sy(p.1)));
        root.draw(&Circle::new(
            at,
            px(7.0) as i32,
            rgb(theme.background).filled(),
        ))
        .map_err(|e| e.to_string())?;
        root.draw(&Circle::new(at, px(5.0) as i32, rgb(theme.text).filled()))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
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
