//! Drawing the function plot: the mesh (cached off-screen), the curves, bands and markers (the
//! same painter for the screen and the exports), and the crosshair on its overlay canvas.

use crate::chart::backend::Backend;
use nnfunc::plot::{hex, nice_ticks, AxisRange};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::{CrosshairPoint, Frame, PlotData, Stroke};
use crate::chart::canvas::fit;
use crate::chart::export::{clip_polyline, offscreen_canvas};
use crate::chart::line_chart::TickedAxis;
use crate::chart::style::{self, css_rgba, rgb};
use crate::theme::{ChartTheme, Rgb};

fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    crate::chart::export::context_2d(canvas).ok()
}

/// What the mesh (background, grid, ticks, labels) depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
struct MeshKey {
    width: u32,
    height: u32,
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    theme: ChartTheme,
}

/// The mesh, drawn by plotters on an off-screen canvas and copied while its key holds (a dragged
/// slider usually keeps the axes: the owner snaps y ranges to half ticks).
///
/// When the key changes, the redraw draws the mesh straight onto the visible canvas and leaves the
/// off-screen copy to [`MeshCache::refresh`], which the plot runs after the frame: copying a
/// freshly drawn off-screen canvas makes the browser rasterise it on the spot, inside the input's
/// redraw (about 3 ms at DPR 2 without a GPU, against 0.5 ms for drawing the mesh directly).
pub struct MeshCache {
    canvas: Option<HtmlCanvasElement>,
    /// The key the off-screen canvas holds.
    key: Option<MeshKey>,
    /// The plotting area in backing pixels: left, right, top, bottom.
    area: (f64, f64, f64, f64),
    /// The mesh last drawn straight on the visible canvas, for [`MeshCache::refresh`].
    wanted: Option<(MeshKey, u32, u32)>,
}

impl MeshCache {
    pub fn new() -> MeshCache {
        MeshCache {
            canvas: offscreen_canvas(1, 1).ok(),
            key: None,
            area: (0.0, 1.0, 0.0, 1.0),
            wanted: None,
        }
    }

    /// Whether the off-screen copy is behind what the plot shows.
    pub fn stale(&self) -> bool {
        self.wanted.is_some()
    }

    /// Bring the off-screen copy up to the mesh last drawn, and rasterise it now (off the input
    /// path) by copying it once onto a 1×1 scratch canvas.
    pub fn refresh(&mut self) -> Result<(), String> {
        let (Some(mesh), Some((key, css_w, css_h))) = (&self.canvas, self.wanted.take()) else {
            return Ok(());
        };
        mesh.set_width(key.width);
        mesh.set_height(key.height);
        self.key = None;
        let area = draw_mesh_on_canvas(mesh, (css_w, css_h), key.dpr, key.x, key.y, &key.theme)?;
        if area == self.area {
            self.key = Some(key);
        }
        let scratch = offscreen_canvas(1, 1).ok();
        if let Some(ctx) = scratch.as_ref().and_then(context_2d) {
            let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(mesh, 0.0, 0.0, 1.0, 1.0);
        }
        Ok(())
    }
}

impl Default for MeshCache {
    fn default() -> Self {
        MeshCache::new()
    }
}

/// Draw the background, grid, ticks and labels with plotters on `root`, laid out for a CSS size
/// of `css_w`×`css_h` at `scale` backend pixels per CSS pixel; returns the plotting area in
/// backend pixels (left, right, top, bottom).
fn draw_mesh<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (css_w, css_h): (u32, u32),
    scale: f64,
    x: AxisRange,
    y: AxisRange,
    theme: &ChartTheme,
) -> Result<(f64, f64, f64, f64), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let font_size = font_size(css_w);
    let mut builder = ChartBuilder::on(root);
    builder
        .margin(px(12.0) as i32)
        .x_label_area_size(px(font_size * 2.4) as i32)
        .y_label_area_size(px(font_size * 4.5) as i32);
    let x_ticks = nice_ticks(x, if css_w < 480 { 6 } else { 11 });
    let y_ticks = nice_ticks(y, if css_h < 260 { 5 } else { 8 });
    let mut chart = builder
        .build_cartesian_2d(TickedAxis::new(x, x_ticks), TickedAxis::new(y, y_ticks))
        .map_err(|e| e.to_string())?;
    style::mesh(&mut chart.configure_mesh(), theme, scale, font_size, 4.0)
        .draw()
        .map_err(|e| e.to_string())?;
    let (x_px, y_px) = chart.plotting_area().get_pixel_range();
    Ok((
        f64::from(x_px.start),
        f64::from(x_px.end),
        f64::from(y_px.start),
        f64::from(y_px.end),
    ))
}

/// The mesh on a canvas of its own backing size.
fn draw_mesh_on_canvas(
    canvas: &HtmlCanvasElement,
    css: (u32, u32),
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    theme: &ChartTheme,
) -> Result<(f64, f64, f64, f64), String> {
    let root = Backend::canvas(canvas)?.into_drawing_area();
    let area = draw_mesh(&root, css, dpr, x, y, theme)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(area)
}

/// Everything above the mesh — bands, the axes through the origin, markers and curves — drawn by
/// plotters on `root` inside the plotting area `(left, right, top, bottom)` (backend pixels).
/// The screen draws it over the cached mesh; exports draw it after [`draw_mesh`]: one function.
fn draw_content<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (left, right, top, bottom): (f64, f64, f64, f64),
    css_w: u32,
    scale: f64,
    data: &PlotData,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    let font_size = font_size(css_w);
    let sx = |x: f64| data.x.position_of(x, left, right);
    let sy = |y: f64| data.y.position_of(y, bottom, top);
    let at = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    let color = |(r, g, b): Rgb, alpha: f64| RGBAColor(r, g, b, alpha);
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();

    for band in &data.bands {
        let (a, b) = (sx(band.from.max(data.x.min)), sx(band.to.min(data.x.max)));
        if b > a {
            root.draw(&Rectangle::new(
                [at(a, top), at(b, bottom)],
                color(band.color, 0.13).filled(),
            ))
            .map_err(fail)?;
        }
    }

    // The axes through the origin, a little stronger than the grid.
    let axis = color(theme.axis, 0.7).stroke_width(px(1.0) as u32);
    if data.y.contains(0.0) {
        let y = sy(0.0);
        root.draw(&PathElement::new(vec![at(left, y), at(right, y)], axis))
            .map_err(fail)?;
    }
    if data.x.contains(0.0) {
        let x = sx(0.0);
        root.draw(&PathElement::new(vec![at(x, top), at(x, bottom)], axis))
            .map_err(fail)?;
    }

    for marker in data.markers.iter().filter(|m| data.x.contains(m.x)) {
        let x = sx(marker.x);
        let style = color(marker.color, 1.0).stroke_width(px(1.0) as u32);
        for dash in dashed(&[(x, top), (x, bottom)], px(2.0), px(3.0)) {
            root.draw(&PathElement::new(dash_points(&dash), style))
                .map_err(fail)?;
        }
        // The label on the side with more room.
        let on_left = x > (left + right) / 2.0;
        let offset = if on_left { -px(4.0) } else { px(4.0) };
        let anchor = if on_left { HPos::Right } else { HPos::Left };
        let font = crate::chart::style::sans_serif(px(font_size))
            .color(&color(marker.color, 1.0))
            .pos(Pos::new(anchor, VPos::Bottom));
        root.draw(&Text::new(
            marker.label.clone(),
            at(x + offset, top + px(font_size + 4.0)),
            font,
        ))
        .map_err(fail)?;
    }

    for curve in &data.curves {
        let style = color(curve.color, 1.0).stroke_width(px(curve.width) as u32);
        for line in curve.lines.iter() {
            let mut points: Vec<(f64, f64)> = line.iter().map(|&(x, y)| (sx(x), sy(y))).collect();
            if let [only] = points.as_slice() {
                // A lone point between gaps: a short stroke so that it shows.
                points.push((only.0 + px(1.0), only.1));
            }
            let pieces = clip_polyline(&points, (left, right, top, bottom))
                .into_iter()
                .flat_map(|piece| match curve.stroke {
                    Stroke::Solid => vec![piece],
                    Stroke::Dashed => dashed(&piece, px(7.0), px(4.0)),
                    Stroke::Dotted => dashed(&piece, px(1.5), px(3.0)),
                });
            for piece in pieces {
                root.draw(&PathElement::new(dash_points(&piece), style))
                    .map_err(fail)?;
            }
        }
    }
    Ok(())
}

fn dash_points(points: &[(f64, f64)]) -> Vec<(i32, i32)> {
    points
        .iter()
        .map(|&(x, y)| (x.round() as i32, y.round() as i32))
        .collect()
}

/// The "on" pieces of a polyline stroked with dashes of length `on` and gaps of `off` (pixels).
pub fn dashed(points: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(f64, f64)>> {
    let period = on + off;
    if points.len() < 2 || !(on > 0.0 && off >= 0.0 && period.is_finite()) {
        return vec![points.to_vec()];
    }
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = vec![points[0]];
    // Distance into the current period.
    let mut phase = 0.0;
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let length = (x1 - x0).hypot(y1 - y0);
        let mut done = 0.0;
        while done < length {
            let drawing = phase < on;
            let boundary = if drawing { on } else { period };
            let step = (boundary - phase).min(length - done);
            done += step;
            phase += step;
            let t = done / length;
            let point = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            if drawing {
                current.push(point);
            }
            if phase >= boundary {
                if drawing {
                    pieces.push(std::mem::take(&mut current));
                } else {
                    current = vec![point];
                    phase = 0.0;
                }
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// Paint the whole plot (mesh and content) on `root`, laid out for `css` at `scale`.
pub fn paint<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css: (u32, u32),
    scale: f64,
    data: &PlotData,
    theme: &ChartTheme,
) -> Result<(), String> {
    let area = draw_mesh(root, css, scale, data.x, data.y, theme)?;
    draw_content(root, area, css.0, scale, data, theme)
}

fn font_size(css_w: u32) -> f64 {
    if css_w < 480 {
        11.0
    } else {
        13.0
    }
}

/// Draw `data` on `canvas`; returns where the plotting area is. Errors are messages for the page.
///
/// `css` is the canvas's CSS size, measured by a `ResizeObserver` rather than here: reading it here
/// would force a synchronous layout of the whole page on every redraw.
pub fn draw(
    canvas: &HtmlCanvasElement,
    css: (u32, u32),
    data: &PlotData,
    theme: &ChartTheme,
    cache: &mut MeshCache,
) -> Result<Frame, String> {
    let dpr = crate::dom::device_pixel_ratio();
    let (css_w, css_h) = fit(canvas, css, dpr).css;
    let ctx = context_2d(canvas).ok_or("this browser gave no 2D canvas context")?;

    // 1. Background, grid, ticks and labels: plotters, laid out in backing pixels, cached.
    let key = MeshKey {
        width: canvas.width(),
        height: canvas.height(),
        dpr,
        x: data.x,
        y: data.y,
        theme: *theme,
    };
    let (left, right, top, bottom) = match &cache.canvas {
        Some(mesh) if cache.key == Some(key) => {
            ctx.draw_image_with_html_canvas_element(mesh, 0.0, 0.0)
                .map_err(|_| "could not copy the plot's grid")?;
            cache.area
        }
        Some(_) => {
            cache.area = draw_mesh_on_canvas(canvas, (css_w, css_h), dpr, data.x, data.y, theme)?;
            cache.wanted = Some((key, css_w, css_h));
            cache.area
        }
        None => draw_mesh_on_canvas(canvas, (css_w, css_h), dpr, data.x, data.y, theme)?,
    };

    // 2. Everything else by the function exports use too, clipped to the plotting area.
    ctx.save();
    ctx.begin_path();
    ctx.rect(left, top, right - left, bottom - top);
    ctx.clip();
    let drawn = Backend::canvas(canvas).and_then(|backend| {
        let root = backend.into_drawing_area();
        draw_content(&root, (left, right, top, bottom), css_w, dpr, data, theme)
    });
    ctx.restore();
    drawn?;

    Ok(Frame {
        left: left / dpr,
        right: right / dpr,
        top: top / dpr,
        bottom: bottom / dpr,
        x: data.x,
        y: data.y,
    })
}

/// Draw the crosshair at `x` with its dots on the overlay canvas (cleared first).
pub(super) fn draw_crosshair(
    canvas: &HtmlCanvasElement,
    css: (u32, u32),
    frame: &Frame,
    x: Option<f64>,
    points: &[CrosshairPoint],
    theme: &ChartTheme,
) {
    let dpr = crate::dom::device_pixel_ratio();
    fit(canvas, css, dpr);
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    ctx.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    let Some(x) = x.filter(|x| frame.x.contains(*x)) else {
        return;
    };
    let (left, right) = (frame.left * dpr, frame.right * dpr);
    let (top, bottom) = (frame.top * dpr, frame.bottom * dpr);
    let px = frame.x.position_of(x, left, right).round() + 0.5;
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    ctx.set_line_width(dpr.round().max(1.0));
    ctx.set_stroke_style_str(&css_rgba(theme.text, 0.55));
    ctx.begin_path();
    ctx.move_to(px, top);
    ctx.line_to(px, bottom);
    ctx.stroke();
    for point in points.iter().filter(|p| frame.y.contains(p.y)) {
        let py = frame.y.position_of(point.y, bottom, top);
        ctx.begin_path();
        let _ = ctx.arc(px, py, 4.0 * dpr, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(&hex(point.color));
        ctx.fill();
        ctx.set_line_width(1.5 * dpr);
        ctx.set_stroke_style_str(&hex(theme.background));
        ctx.stroke();
    }
}

#[cfg(test)]
mod tests {
    use super::dashed;

    #[test]
    fn dashes_follow_the_polyline() {
        // 0..20 along x with dashes of 4 and gaps of 2: on at 0–4, 6–10, 12–16, 18–20.
        let pieces = dashed(&[(0.0, 0.0), (10.0, 0.0), (20.0, 0.0)], 4.0, 2.0);
        let spans: Vec<(f64, f64)> = pieces.iter().map(|p| (p[0].0, p[p.len() - 1].0)).collect();
        assert_eq!(
            spans,
            vec![(0.0, 4.0), (6.0, 10.0), (12.0, 16.0), (18.0, 20.0)]
        );
        // A dash across a corner keeps the corner.
        assert_eq!(pieces[1], vec![(6.0, 0.0), (10.0, 0.0)]);
        assert!(dashed(&[(1.0, 1.0)], 4.0, 2.0).len() == 1);
    }
}
