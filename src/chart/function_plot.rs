//! An interactive plot of curves over x on two stacked HiDPI canvases.
//!
//! The lower canvas holds what changes with the data (grid, labels, bands, markers, curves): plotters
//! draws the mesh (cached on an off-screen canvas) and then the rest ([`paint`]'s `draw_content`,
//! the same functions the SVG and PNG exports use; dashes are cut by [`dashed`]). The upper canvas
//! holds only the crosshair, so a pointer move redraws a line and a few dots,
//! never the curves. The upper canvas also takes the input: wheel or pinch to zoom about the pointer,
//! drag to pan, arrow keys to move the crosshair (Shift: pan), `+`/`-` to zoom.
//!
//! Everything arrives finite and padded (ranges from `nnfunc::plot`); pointer positions map back to x
//! through [`AxisRange::value_at`], the inverse of the projection used to draw.

use std::sync::Arc;

use leptos::prelude::*;
use nnfunc::plot::{hex, nice_ticks, AxisRange};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, KeyboardEvent, PointerEvent, WheelEvent,
};

use super::canvas::fit;
use super::export::{
    chart_theme, clip_polyline, observed_size, read_untracked, register_figure, Csv, Figure,
    RasterSink,
};
use super::line_chart::TickedAxis;
use super::style::{self, css_rgba, rgb};
use crate::theme::{use_environment, ChartTheme, Rgb};

/// Polylines from `nnfunc::plot::sample`: split at gaps, every point finite.
pub type Lines = Vec<Vec<(f64, f64)>>;

/// How a curve is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
    Dotted,
}

/// One curve. The polylines are shared (`Arc`), so assembling a plot never copies samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub lines: Arc<Lines>,
    pub color: Rgb,
    pub stroke: Stroke,
    /// Line width in CSS pixels.
    pub width: f64,
}

/// An x interval shaded across the plot's height (e.g. where a function saturates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub from: f64,
    pub to: f64,
    pub color: Rgb,
}

/// A labelled vertical line at `x` (e.g. where softplus switches to the identity).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub color: Rgb,
    pub label: String,
}

/// Everything the lower canvas shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotData {
    pub x: AxisRange,
    pub y: AxisRange,
    pub bands: Vec<Band>,
    pub curves: Vec<Curve>,
    pub markers: Vec<Marker>,
}

/// Where the plotting area was drawn, in CSS pixels of the canvas, and which ranges it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x: AxisRange,
    pub y: AxisRange,
}

impl Frame {
    /// The x value under a CSS-pixel position (`None` outside the plotting area's columns).
    pub fn x_at(&self, css_x: f64) -> Option<f64> {
        if css_x < self.left || css_x > self.right {
            return None;
        }
        self.x.value_at(css_x, self.left, self.right)
    }

    fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// A dot of the crosshair: the value of one curve at the crosshair's x.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrosshairPoint {
    pub y: f64,
    pub color: Rgb,
}

/// The CSS size used when the canvas has no layout yet (hidden, or not attached).
const FALLBACK_CSS_SIZE: (u32, u32) = (800, 450);

/// The CSS size of a canvas, as layout last left it (`FALLBACK_CSS_SIZE` without layout).
fn css_size(canvas: &HtmlCanvasElement) -> (u32, u32) {
    super::canvas::css_size(canvas, FALLBACK_CSS_SIZE)
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `ResizeObserver` (declared here: web-sys's needs a feature we do not enable).
    type ResizeObserver;
    #[wasm_bindgen(constructor, catch)]
    fn new(callback: &js_sys::Function) -> Result<ResizeObserver, JsValue>;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()?
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()
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
            canvas: web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("canvas").ok())
                .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok()),
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
        let scratch = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok());
        if let Some(ctx) = scratch.as_ref().and_then(|c| {
            c.set_width(1);
            c.set_height(1);
            context_2d(c)
        }) {
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
    let root = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("this browser gave no 2D canvas context")?
        .into_drawing_area();
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
        let font = ("sans-serif", px(font_size))
            .into_font()
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
    let drawn = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| "this browser gave no 2D canvas context".to_owned())
        .and_then(|backend| {
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
fn draw_crosshair(
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

/// The pointer position relative to the canvas, in CSS pixels.
fn pointer_position(canvas: &HtmlCanvasElement, client_x: f64, client_y: f64) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    (client_x - rect.left(), client_y - rect.top())
}

/// A pointer that is down on the plot.
#[derive(Debug, Clone, Copy)]
struct Touch {
    id: i32,
    x: f64,
    y: f64,
}

/// The plot as the export buttons see it: the same data, drawn by [`paint`].
struct PlotFigure {
    data: Signal<PlotData>,
    size: RwSignal<Option<(u32, u32)>>,
    dark: ReadSignal<bool>,
    csv: Option<Callback<(), Result<String, String>>>,
}

impl Figure for PlotFigure {
    fn css_size(&self) -> (u32, u32) {
        observed_size(self.size, FALLBACK_CSS_SIZE)
    }

    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
        _raster: &mut RasterSink,
    ) -> Result<(), String> {
        let (theme, css) = (chart_theme(self.dark), self.css_size());
        read_untracked(&self.data, |data| paint(root, css, scale, data, &theme))
    }

    fn csv(&self) -> Result<String, String> {
        if let Some(csv) = self.csv {
            return csv
                .try_run(())
                .unwrap_or_else(|| Err("the plot was removed".into()));
        }
        read_untracked(&self.data, |data| {
            let mut csv = Csv::new(vec!["curve".into(), "x".into(), "y".into()]);
            for (index, curve) in data.curves.iter().enumerate() {
                for &(x, y) in curve.lines.iter().flatten() {
                    csv.push(vec![Some(index as f64), Some(x), Some(y)]);
                }
            }
            Ok(csv.text())
        })
    }
}

/// Zoom factor per wheel pixel (a mouse notch of 100 px zooms by about 22 %).
const WHEEL_ZOOM: f64 = 0.002;
/// How long after a redraw with new axes the off-screen grid is redrawn (see [`MeshCache`]).
const MESH_REFRESH_DELAY: std::time::Duration = std::time::Duration::from_millis(40);

/// The interactive plot. The curves redraw when `data`, the colour scheme or the viewport changes;
/// the crosshair redraws on its own canvas when `probe` or `crosshair` changes.
#[component]
pub fn FunctionPlot(
    #[prop(into)] data: Signal<PlotData>,
    /// The visible x range; zooming and panning write it (the owner recomputes `data`).
    x_range: RwSignal<AxisRange>,
    /// The crosshair's x (written by pointer moves and arrow keys).
    probe: RwSignal<Option<f64>>,
    /// The dots at the crosshair's x.
    #[prop(into)]
    crosshair: Signal<Vec<CrosshairPoint>>,
    /// Zooming and panning keep the view at least this wide…
    min_width: f64,
    /// …and inside ±this.
    limit: f64,
    /// The `data-testid` of the lower canvas.
    test_id: &'static str,
    /// The `performance.measure` name of each redraw.
    measure: &'static str,
    /// What the plot shows, for screen readers.
    #[prop(into)]
    label: Signal<String>,
    /// The plot's data as CSV for the export (default: one `curve,x,y` row per drawn point).
    #[prop(optional)]
    csv: Option<Callback<(), Result<String, String>>>,
) -> impl IntoView {
    let plot_ref = NodeRef::<leptos::html::Canvas>::new();
    let overlay_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let frame = RwSignal::new(None::<Frame>);
    let mesh_cache = StoredValue::new_local(MeshCache::new());
    // A refresh of the mesh cache waits for a pause this long (none while the axes keep moving).
    let refresh_pending = StoredValue::new(false);
    // The canvas's CSS size, kept current by a ResizeObserver (callbacks run right after layout).
    let size = RwSignal::new(None::<(u32, u32)>);
    let observer = StoredValue::new_local(None::<(ResizeObserver, Closure<dyn FnMut()>)>);
    Effect::new(move |_| {
        let Some(canvas) = plot_ref.get() else {
            return;
        };
        size.set(Some(css_size(&canvas)));
        let target = canvas.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            let now = Some(css_size(&target));
            if size.try_get_untracked().is_some_and(|before| before != now) {
                size.set(now);
            }
        });
        if let Ok(resize) = ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            resize.observe(&canvas);
            observer.set_value(Some((resize, callback)));
        }
    });
    on_cleanup(move || {
        if let Some((resize, _callback)) = observer.try_update_value(Option::take).flatten() {
            resize.disconnect();
        }
    });
    register_figure(
        test_id,
        PlotFigure {
            data,
            size,
            dark: environment.dark,
            csv,
        },
    );
    let (draw_error, set_draw_error) = signal(None::<String>);
    let touches = StoredValue::new(Vec::<Touch>::new());

    Effect::new(move |_| {
        let dark = environment.dark.get();
        environment.viewport.track();
        let (Some(canvas), Some(css)) = (plot_ref.get(), size.get()) else {
            return;
        };
        let theme = ChartTheme::new(dark);
        let result = crate::perf::measured(measure, || {
            mesh_cache
                .try_update_value(|cache| data.with(|data| draw(&canvas, css, data, &theme, cache)))
                .unwrap_or_else(|| Err("the plot was removed".into()))
        });
        if mesh_cache.try_with_value(MeshCache::stale) == Some(true) && !refresh_pending.get_value()
        {
            refresh_pending.set_value(true);
            set_timeout(
                move || {
                    refresh_pending.try_set_value(false);
                    if let Some(Err(message)) = mesh_cache.try_update_value(MeshCache::refresh) {
                        crate::dom::warn(&format!("caching the plot's grid failed: {message}"));
                    }
                },
                MESH_REFRESH_DELAY,
            );
        }
        match result {
            Ok(drawn) => {
                if frame.get_untracked() != Some(drawn) {
                    frame.set(Some(drawn));
                }
                if draw_error.get_untracked().is_some() {
                    set_draw_error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the plot failed: {message}"));
                set_draw_error.set(Some(message));
            }
        }
    });

    Effect::new(move |_| {
        let dark = environment.dark.get();
        let (Some(canvas), Some(frame), Some(css)) = (overlay_ref.get(), frame.get(), size.get())
        else {
            return;
        };
        crosshair.with(|points| {
            draw_crosshair(
                &canvas,
                css,
                &frame,
                probe.get(),
                points,
                &ChartTheme::new(dark),
            );
        });
    });

    let set_range = move |range: AxisRange| {
        let range = range.limited(min_width, limit);
        if range != x_range.get_untracked() {
            x_range.set(range);
        }
    };
    // The x under a pointer, from the last drawn frame.
    let x_under = move |css_x: f64| frame.get_untracked().and_then(|f| f.x_at(css_x));

    let on_pointer_down = move |ev: PointerEvent| {
        let Some(canvas) = overlay_ref.get_untracked() else {
            return;
        };
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let (x, y) = pointer_position(&canvas, f64::from(ev.client_x()), f64::from(ev.client_y()));
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        touches.update_value(|t| {
            t.retain(|t| t.id != ev.pointer_id());
            t.push(Touch {
                id: ev.pointer_id(),
                x,
                y,
            });
        });
        if let Some(x) = x_under(x) {
            probe.set(Some(x));
        }
    };

    let on_pointer_move = move |ev: PointerEvent| {
        let Some(canvas) = overlay_ref.get_untracked() else {
            return;
        };
        let Some(current) = frame.get_untracked() else {
            return;
        };
        let (x, y) = pointer_position(&canvas, f64::from(ev.client_x()), f64::from(ev.client_y()));
        let id = ev.pointer_id();
        let before = touches.with_value(|t| t.clone());
        match before.as_slice() {
            // One pointer down: drag to pan (the crosshair follows it).
            [only] if only.id == id => {
                let shift = -(x - only.x) / current.width() * current.x.width();
                set_range(current.x.shifted(shift));
            }
            // Two pointers down: pinch to zoom about their midpoint, and pan with it.
            [a, b] if a.id == id || b.id == id => {
                let (moved, other) = if a.id == id { (a, b) } else { (b, a) };
                let distance = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).hypot(p.1 - q.1);
                let old = distance((moved.x, moved.y), (other.x, other.y));
                let new = distance((x, y), (other.x, other.y));
                if old > 4.0 && new > 4.0 {
                    let middle = (moved.x + other.x) / 2.0;
                    if let Some(anchor) = current.x.value_at(middle, current.left, current.right) {
                        let zoomed = current.x.zoomed(old / new, anchor);
                        let shift = -((x - moved.x) / 2.0) / current.width() * zoomed.width();
                        set_range(zoomed.shifted(shift));
                    }
                }
            }
            _ => {}
        }
        touches.update_value(|t| {
            if let Some(t) = t.iter_mut().find(|t| t.id == id) {
                t.x = x;
                t.y = y;
            }
        });
        if touches.with_value(|t| t.len() < 2) {
            if let Some(x) = frame.get_untracked().and_then(|f| f.x_at(x)) {
                probe.set(Some(x));
            }
        }
    };

    let on_pointer_end = move |ev: PointerEvent| {
        touches.update_value(|t| t.retain(|t| t.id != ev.pointer_id()));
    };

    let on_wheel = move |ev: WheelEvent| {
        let (Some(canvas), Some(current)) = (overlay_ref.get_untracked(), frame.get_untracked())
        else {
            return;
        };
        let (x, _) = pointer_position(&canvas, f64::from(ev.client_x()), f64::from(ev.client_y()));
        let Some(anchor) = current.x_at(x) else {
            return;
        };
        ev.prevent_default();
        let pixels = match ev.delta_mode() {
            0 => ev.delta_y(),
            1 => ev.delta_y() * 16.0,
            _ => ev.delta_y() * 400.0,
        };
        let factor = (pixels * WHEEL_ZOOM).clamp(-2.0, 2.0).exp();
        set_range(current.x.zoomed(factor, anchor));
    };

    let on_key = move |ev: KeyboardEvent| {
        let current = x_range.get_untracked();
        let centre = current.min / 2.0 + current.max / 2.0;
        let at = probe.get_untracked().filter(|x| current.contains(*x));
        match (ev.key().as_str(), ev.shift_key()) {
            ("ArrowLeft" | "ArrowRight", true) => {
                let sign = if ev.key() == "ArrowLeft" { -1.0 } else { 1.0 };
                set_range(current.shifted(sign * current.width() / 10.0));
            }
            ("ArrowLeft" | "ArrowRight", false) => {
                let sign = if ev.key() == "ArrowLeft" { -1.0 } else { 1.0 };
                let x = at.unwrap_or(centre) + sign * current.width() / 200.0;
                probe.set(Some(x.clamp(current.min, current.max)));
            }
            ("+" | "=", _) => set_range(current.zoomed(0.8, at.unwrap_or(centre))),
            ("-" | "_", _) => set_range(current.zoomed(1.25, at.unwrap_or(centre))),
            _ => return,
        }
        ev.prevent_default();
    };

    let message = move || {
        draw_error
            .get()
            .map(|text| view! { <p class="chart-message" role="status">{text}</p> })
    };

    view! {
        <div class="chart function-plot">
            <div class="plot-stack">
                <canvas node_ref=plot_ref data-testid=test_id role="img" aria-label=move || label.get()></canvas>
                <canvas
                    node_ref=overlay_ref
                    class="plot-overlay"
                    data-testid=format!("{test_id}-overlay")
                    tabindex="0"
                    aria-label="Crosshair: arrow keys move it, Shift+arrows pan, + and − zoom; the read-out below lists the values"
                    on:pointerdown=on_pointer_down
                    on:pointermove=on_pointer_move
                    on:pointerup=on_pointer_end
                    on:pointercancel=on_pointer_end
                    on:wheel=on_wheel
                    on:keydown=on_key
                ></canvas>
            </div>
            {message}
        </div>
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
