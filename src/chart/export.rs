//! Export of figures as PNG (at any scale), SVG and CSV.
//!
//! A figure registers an [`Figure`] under its canvas's `data-testid` while it is mounted
//! ([`register_figure`]; unregistered on cleanup). A `Figure` paints itself on any plotters
//! `DrawingArea` — the same function the screen uses — and writes its data as CSV. The export
//! buttons (`components/export.rs`) ask the registry:
//! - SVG: plotters' `SVGBackend`, laid out at [`SVG_DETAIL`]× the CSS size for sub-pixel
//!   coordinates, then given the CSS size as its `width`/`height` (the `viewBox` keeps the detail);
//!   a figure's raster layer (a heatmap's cells, handed to the [`RasterSink`]) becomes one
//!   `<image href="data:image/png;base64,…">` right after the background, under the vector layers;
//! - PNG at k×: a `CanvasBackend` on an off-screen canvas of k× the CSS size;
//! - CSV: [`Csv`], numbers printed with Rust's `{}` (shortest text that round-trips an f64).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::{GetUntracked, NodeRef, ReadSignal};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::chart::backend::Backend;
use crate::theme::ChartTheme;

/// A figure that can be drawn on any plotters backend and knows its data.
pub trait Figure {
    /// Paint the whole figure (every layer except pointer overlays) on `to.root`.
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String>;
    /// The drawn data as CSV text.
    fn csv(&self) -> Result<String, String>;
}

/// Where a figure is painted: laid out for `css` CSS pixels at `scale` backend pixels per CSS
/// pixel, in the page's colours; a raster layer (cells) goes to `raster` at the moment it belongs
/// in the drawing order.
pub struct Surface<'a, 's, DB: DrawingBackend> {
    pub root: &'a DrawingArea<DB, Shift>,
    pub css: (u32, u32),
    pub scale: f64,
    pub dark: bool,
    pub theme: ChartTheme,
    pub raster: &'a mut RasterSink<'s>,
}

/// Where a registered figure takes its CSS size from, and the size before the first layout.
#[derive(Clone, Copy)]
pub enum Size {
    /// A `ResizeObserver`'s signal (`chart::canvas::use_css_size`).
    Observed(ReadSignal<Option<(u32, u32)>>, (u32, u32)),
    /// The canvas's client size as layout left it.
    Canvas(NodeRef<leptos::html::Canvas>, (u32, u32)),
}

impl Size {
    /// The CSS size now, or the fallback (not mounted, hidden, removed).
    pub fn get(self) -> (u32, u32) {
        match self {
            Size::Observed(size, fallback) => {
                size.try_get_untracked().flatten().unwrap_or(fallback)
            }
            Size::Canvas(canvas, fallback) => match canvas.try_get_untracked().flatten() {
                Some(c) if c.client_width() > 0 && c.client_height() > 0 => {
                    (c.client_width() as u32, c.client_height() as u32)
                }
                _ => fallback,
            },
        }
    }
}

/// A figure as it is shown: its size and the page's colour scheme.
struct Shown<F> {
    figure: F,
    size: Size,
    dark: ReadSignal<bool>,
}

impl<F> Shown<F> {
    fn dark(&self) -> bool {
        self.dark.try_get_untracked().unwrap_or(false)
    }
}

/// RGBA pixels, `4 · width · height` bytes, top row first (`nnfunc::plot::to_rgba`).
#[derive(Debug, Clone, Copy)]
pub struct Raster<'a> {
    pub rgba: &'a [u8],
    pub width: u32,
    pub height: u32,
}

/// A rectangle in backend pixels: left, top, width, height.
pub type PixelRect = (f64, f64, f64, f64);

/// Where a backend puts a raster layer, stretched over a rectangle: the canvas draws it with
/// `drawImage`, the SVG export embeds it as a PNG `<image>`.
pub type RasterSink<'s> = dyn FnMut(Raster<'_>, PixelRect) -> Result<(), String> + 's;

/// A figure's signal read untracked; a disposed one (the view was left) is an error.
pub fn read_untracked<S, T, R>(
    signal: &S,
    f: impl FnOnce(&T) -> Result<R, String>,
) -> Result<R, String>
where
    S: leptos::prelude::WithUntracked<Value = T>,
    T: ?Sized,
{
    signal
        .try_with_untracked(f)
        .unwrap_or_else(|| Err("the plot was removed".into()))
}

/// SVGs are laid out at this many units per CSS pixel (plotters' coordinates are integers).
pub const SVG_DETAIL: u32 = 4;

/// A [`Figure`] with its backend chosen: what the registry stores.
pub trait Exportable {
    fn svg(&self) -> Result<String, String>;
    /// The figure as a PNG `data:` URL at `scale` image pixels per CSS pixel.
    fn png_data_url(&self, scale: f64) -> Result<String, String>;
    fn csv(&self) -> Result<String, String>;
}

/// A figure's paint on one backend, as the exports call it: the document or canvas around it is
/// built by one function for every figure, and only this call is per figure type.
pub type PaintOn<'p, DB> = dyn FnMut(&mut Surface<'_, '_, DB>) -> Result<(), String> + 'p;

impl<F: Figure> Exportable for Shown<F> {
    fn svg(&self) -> Result<String, String> {
        figure_svg(self.size.get(), self.dark(), &mut |to| {
            self.figure.paint(to)
        })
    }

    fn png_data_url(&self, scale: f64) -> Result<String, String> {
        let paint: &mut PaintOn<'_, _> = &mut |to| self.figure.paint(to);
        browser::figure_png(self.size.get(), self.dark(), scale, paint)
    }

    fn csv(&self) -> Result<String, String> {
        self.figure.csv()
    }
}

/// The figure `paint` draws as an SVG document of CSS size `(w, h)`.
pub fn figure_svg(
    (w, h): (u32, u32),
    dark: bool,
    paint: &mut dyn for<'t> FnMut(&mut Surface<'_, '_, Backend<'t>>) -> Result<(), String>,
) -> Result<String, String> {
    let detail = (w.max(1) * SVG_DETAIL, h.max(1) * SVG_DETAIL);
    let mut text = String::new();
    let mut images = Vec::new();
    {
        let root = Backend::svg(&mut text, detail).into_drawing_area();
        let mut sink = |raster: Raster<'_>, rect: PixelRect| -> Result<(), String> {
            images.push(svg_image(&browser::raster_png(raster)?, rect));
            Ok(())
        };
        paint(&mut Surface {
            root: &root,
            css: (w, h),
            scale: f64::from(SVG_DETAIL),
            dark,
            theme: ChartTheme::new(dark),
            raster: &mut sink,
        })?;
        root.present().map_err(|e| e.to_string())?;
    }
    let text = after_background(&text, &images.concat());
    Ok(with_display_size(&text, detail, (w.max(1), h.max(1))))
}

/// An `<image>` of a PNG `data:` URL stretched over `rect` (smoothed, as the canvas draws it).
fn svg_image(png_data_url: &str, (x, y, w, h): PixelRect) -> String {
    format!(
        "<image x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" preserveAspectRatio=\"none\" href=\"{png_data_url}\"/>\n"
    )
}

/// Insert `elements` right after the SVG's first element (the background `fill`), so that they sit
/// under every vector layer; with no background, right after the `<svg>` tag.
fn after_background(svg: &str, elements: &str) -> String {
    if elements.is_empty() {
        return svg.to_owned();
    }
    let open = svg
        .find("<svg")
        .and_then(|s| svg[s..].find('>').map(|e| s + e + 1));
    let Some(open) = open else {
        return svg.to_owned();
    };
    let at = svg[open..]
        .find('<')
        .filter(|&i| svg[open + i..].starts_with("<rect"))
        .and_then(|i| svg[open + i..].find("/>").map(|e| open + i + e + 2))
        .unwrap_or(open);
    let mut out = String::with_capacity(svg.len() + elements.len() + 1);
    out.push_str(&svg[..at]);
    out.push('\n');
    out.push_str(elements);
    out.push_str(&svg[at..]);
    out
}

/// Give the `<svg>` element its display size, keeping the `viewBox` of the detailed layout.
fn with_display_size(svg: &str, detail: (u32, u32), display: (u32, u32)) -> String {
    let from = format!("width=\"{}\" height=\"{}\"", detail.0, detail.1);
    let to = format!("width=\"{}\" height=\"{}\"", display.0, display.1);
    svg.replacen(&from, &to, 1)
}

/// Data as CSV: a header of series names and rows of cells. Every number is printed with `{}`,
/// which round-trips an f64; a value that is not finite is an empty cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One CSV cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Number(f64),
    /// A series name (quoted as needed).
    Text(String),
    Empty,
}

impl From<Option<f64>> for Cell {
    fn from(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<f64> for Cell {
    fn from(value: f64) -> Cell {
        Cell::Number(value)
    }
}

impl Csv {
    pub fn new(header: Vec<String>) -> Csv {
        Csv {
            header,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Option<f64>>) {
        self.rows.push(row.into_iter().map(Cell::from).collect());
    }

    /// A row led by a series name.
    pub fn push_named(&mut self, name: &str, values: &[f64]) {
        let mut row = vec![Cell::Text(name.to_owned())];
        row.extend(values.iter().map(|v| Cell::Number(*v)));
        self.rows.push(row);
    }

    /// RFC 4180 text: fields quoted where needed, CRLF-free (one `\n` per row).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = self.header.iter().map(|h| quote(h)).collect();
        out.push_str(&header.join(","));
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Cell::Number(v) if v.is_finite() => format!("{v}"),
                    Cell::Text(text) => quote(text),
                    Cell::Number(_) | Cell::Empty => String::new(),
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// A registration: its token (for cleanup), the canvas's test id and the figure.
type Entry = (u64, String, Rc<dyn Exportable>);

/// The pieces of a polyline inside the rectangle `left..=right` × `top..=bottom` (pixels): each
/// segment clipped (Liang–Barsky), so that backends without clipping (SVG) keep curves in the plot.
pub fn clip_polyline(
    points: &[(f64, f64)],
    (left, right, top, bottom): (f64, f64, f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let clip = |(x0, y0): (f64, f64), (x1, y1): (f64, f64)| {
        let (dx, dy) = (x1 - x0, y1 - y0);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, x0 - left),
            (dx, right - x0),
            (-dy, y0 - top),
            (dy, bottom - y0),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        (t0 <= t1).then_some((
            (x0 + t0 * dx, y0 + t0 * dy),
            (x0 + t1 * dx, y0 + t1 * dy),
            t1 < 1.0,
        ))
    };
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    if let [only] = points {
        let inside = (left..=right).contains(&only.0) && (top..=bottom).contains(&only.1);
        return if inside {
            vec![vec![*only]]
        } else {
            Vec::new()
        };
    }
    for pair in points.windows(2) {
        match clip(pair[0], pair[1]) {
            Some((a, b, leaves)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current = vec![a];
                }
                current.push(b);
                if leaves {
                    pieces.push(std::mem::take(&mut current));
                }
            }
            None => {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

thread_local! {
    static REGISTRY: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    static NEXT_TOKEN: RefCell<u64> = const { RefCell::new(0) };
}

/// Register `figure`, shown at `size` in the scheme `dark`, under `test_id` until the current
/// reactive owner is cleaned up.
pub fn register_figure(
    test_id: &str,
    size: Size,
    dark: ReadSignal<bool>,
    figure: impl Figure + 'static,
) {
    let token = NEXT_TOKEN.with(|next| {
        let mut next = next.borrow_mut();
        *next += 1;
        *next
    });
    let shown: Rc<dyn Exportable> = Rc::new(Shown { figure, size, dark });
    REGISTRY.with(|r| r.borrow_mut().push((token, test_id.to_owned(), shown)));
    leptos::prelude::on_cleanup(move || {
        let _ = REGISTRY.try_with(|r| r.borrow_mut().retain(|(t, _, _)| *t != token));
    });
}

/// The registered figure of `test_id` (the latest, if a remount overlapped).
pub fn figure(test_id: &str) -> Option<Rc<dyn Exportable>> {
    REGISTRY.with(|r| {
        r.borrow()
            .iter()
            .rev()
            .find(|(_, id, _)| id == test_id)
            .map(|(_, _, f)| Rc::clone(f))
    })
}

/// The test ids of every registered figure, in registration order.
pub fn registered() -> Vec<String> {
    REGISTRY.with(|r| r.borrow().iter().map(|(_, id, _)| id.clone()).collect())
}

pub use browser::{context_2d, data_url, draw_raster, offscreen_canvas, put_raster};

mod browser {
    use super::Backend;
    use super::{ChartTheme, PixelRect, Raster, Surface};
    use plotters::prelude::*;
    use wasm_bindgen::{Clamped, JsCast};
    use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

    /// A canvas that is not in the document.
    pub fn offscreen_canvas(width: u32, height: u32) -> Result<HtmlCanvasElement, String> {
        let canvas = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
            .ok_or("this browser gave no canvas")?;
        canvas.set_width(width.clamp(1, 16384));
        canvas.set_height(height.clamp(1, 16384));
        Ok(canvas)
    }

    /// `text` as a `data:` URL of `mime` (percent-encoded).
    pub fn data_url(mime: &str, text: &str) -> String {
        let encoded: String = js_sys::encode_uri_component(text).into();
        format!("data:{mime};charset=utf-8,{encoded}")
    }

    /// The canvas's 2D context (an error for the page if the browser gives none).
    pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
        canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or_else(|| "this browser gave no 2D canvas context".to_string())
    }

    thread_local! {
        /// One reusable canvas for rasters (a new one per frame would churn the DOM).
        static RASTER_CANVAS: std::cell::RefCell<Option<HtmlCanvasElement>> =
            const { std::cell::RefCell::new(None) };
    }

    /// `raster` on the reusable raster canvas, sized to it.
    fn with_raster<R>(
        raster: Raster<'_>,
        f: impl FnOnce(&HtmlCanvasElement) -> Result<R, String>,
    ) -> Result<R, String> {
        let canvas = RASTER_CANVAS.with(|slot| -> Result<_, String> {
            let mut slot = slot.borrow_mut();
            if slot.is_none() {
                *slot = Some(offscreen_canvas(raster.width.max(1), raster.height.max(1))?);
            }
            slot.clone().ok_or_else(|| "no raster canvas".to_string())
        })?;
        put_raster(&canvas, raster)?;
        f(&canvas)
    }

    /// `raster` as the whole of `canvas` (an offscreen canvas of one pixel per raster pixel, resized
    /// only when the raster's size changes): a view that keeps its cells between frames uploads
    /// them with this once, then scales the canvas with `drawImage` every frame.
    pub fn put_raster(canvas: &HtmlCanvasElement, raster: Raster<'_>) -> Result<(), String> {
        let (w, h) = (raster.width, raster.height);
        if w == 0 || h == 0 || raster.rgba.len() != 4 * w as usize * h as usize {
            return Err(format!(
                "a raster of {} bytes for {w}×{h} pixels",
                raster.rgba.len()
            ));
        }
        if canvas.width() != w {
            canvas.set_width(w);
        }
        if canvas.height() != h {
            canvas.set_height(h);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(raster.rgba), w, h)
            .map_err(|_| "could not make the raster image".to_string())?;
        context_2d(canvas)?
            .put_image_data(&image, 0.0, 0.0)
            .map_err(|_| "could not put the raster image".to_string())
    }

    /// Draw `raster` stretched over `rect` of `ctx`'s canvas (one `putImageData` on a small canvas,
    /// then `drawImage`, smoothed: cells are values at points).
    pub fn draw_raster(
        ctx: &CanvasRenderingContext2d,
        raster: Raster<'_>,
        (x, y, w, h): PixelRect,
    ) -> Result<(), String> {
        with_raster(raster, |canvas| {
            ctx.set_image_smoothing_enabled(true);
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(canvas, x, y, w, h)
                .map_err(|_| "could not draw the raster image".to_string())
        })
    }

    /// `raster` as a PNG `data:` URL of its own size.
    pub fn raster_png(raster: Raster<'_>) -> Result<String, String> {
        with_raster(raster, |canvas| {
            canvas
                .to_data_url_with_type("image/png")
                .map_err(|_| "the browser could not encode the PNG".to_owned())
        })
    }

    pub fn figure_png(
        (w, h): (u32, u32),
        dark: bool,
        scale: f64,
        paint: &mut super::PaintOn<'_, Backend<'static>>,
    ) -> Result<String, String> {
        let size = |css: u32| (f64::from(css.max(1)) * scale).round() as u32;
        let canvas = offscreen_canvas(size(w), size(h))?;
        {
            let root = Backend::canvas(&canvas)?.into_drawing_area();
            let ctx = context_2d(&canvas)?;
            let mut sink = |raster: Raster<'_>, rect: PixelRect| draw_raster(&ctx, raster, rect);
            paint(&mut Surface {
                root: &root,
                css: (w, h),
                scale,
                dark,
                theme: ChartTheme::new(dark),
                raster: &mut sink,
            })?;
            root.present().map_err(|e| e.to_string())?;
        }
        canvas
            .to_data_url_with_type("image/png")
            .map_err(|_| "the browser could not encode the PNG".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_headers_and_round_trips_numbers() {
        let mut csv = Csv::new(vec![
            "x".into(),
            "F.elu(x, alpha=1.0)".into(),
            "a\"b".into(),
        ]);
        let third = 0.1 + 0.2;
        csv.push(vec![Some(-1.0), Some(third), None]);
        csv.push(vec![Some(f64::NAN), Some(1e-7), Some(2.5)]);
        let text = csv.text();
        assert_eq!(
            text,
            "x,\"F.elu(x, alpha=1.0)\",\"a\"\"b\"\n-1,0.30000000000000004,\n,0.0000001,2.5\n"
        );
        let cell: f64 = text
            .lines()
            .nth(1)
            .and_then(|l| l.split(',').nth(1))
            .map_or(0.0, |c| c.parse().unwrap_or(0.0));
        assert_eq!(cell, third);
    }

    #[test]
    fn clipping_keeps_what_is_inside() {
        let area = (0.0, 10.0, 0.0, 10.0);
        assert_eq!(
            clip_polyline(&[(1.0, 1.0), (5.0, 5.0), (9.0, 1.0)], area),
            vec![vec![(1.0, 1.0), (5.0, 5.0), (9.0, 1.0)]]
        );
        // Out through the top and back in: two pieces, cut at the edge.
        assert_eq!(
            clip_polyline(&[(0.0, 5.0), (5.0, -5.0), (10.0, 5.0)], area),
            vec![vec![(0.0, 5.0), (2.5, 0.0)], vec![(7.5, 0.0), (10.0, 5.0)]]
        );
        assert!(clip_polyline(&[(20.0, 20.0), (30.0, 30.0)], area).is_empty());
    }

    #[test]
    fn text_cells_are_quoted() {
        let mut csv = Csv::new(vec!["series".into(), "x".into()]);
        csv.push_named("huber, δ=1", &[0.5]);
        assert_eq!(csv.text(), "series,x\n\"huber, δ=1\",0.5\n");
    }

    #[test]
    fn images_go_right_after_the_background() {
        let svg = "<svg width=\"4\" height=\"4\">\n<rect x=\"0\" fill=\"#FFFFFF\"/>\n<polyline points=\"0,0 1,1\"/>\n</svg>\n";
        let image = svg_image("data:image/png;base64,AAAA", (1.0, 2.0, 3.5, 4.0));
        assert_eq!(
            image,
            "<image x=\"1\" y=\"2\" width=\"3.5\" height=\"4\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,AAAA\"/>\n"
        );
        let out = after_background(svg, &image);
        let (rect, img, line) = (out.find("<rect"), out.find("<image"), out.find("<polyline"));
        assert!(rect < img && img < line, "{out}");
        // No background: right after the <svg> tag; nothing to insert: unchanged.
        let bare = "<svg a=\"b\"><polyline/></svg>";
        assert!(after_background(bare, "<image/>").starts_with("<svg a=\"b\">\n<image/><polyline"));
        assert_eq!(after_background(svg, ""), svg);
    }

    #[test]
    fn display_size_keeps_the_view_box() {
        let svg = "<svg width=\"400\" height=\"200\" viewBox=\"0 0 400 200\">";
        assert_eq!(
            with_display_size(svg, (400, 200), (100, 50)),
            "<svg width=\"100\" height=\"50\" viewBox=\"0 0 400 200\">"
        );
    }
}
