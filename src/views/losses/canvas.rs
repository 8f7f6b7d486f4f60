//! Canvas plumbing shared by the Losses view's plots, all for speed while something is dragged:
//!
//! - [`use_css_size`] (the chart kit's): a canvas's CSS size from a `ResizeObserver`, so that a
//!   redraw never reads `clientWidth` (which forces a layout of the whole page after every DOM
//!   change of a drag);
//! - [`AxesLayer`]: the axes, ticks and labels drawn once by plotters on an offscreen canvas and
//!   copied with one `drawImage` while what they depend on holds;
//! - [`Frame`]: the plotting area in backing pixels, mapping data to pixels for direct 2D drawing.

use nnfunc::plot::AxisRange;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::chart::heatmap::PlotArea;

pub use crate::chart::canvas::use_css_size;
pub use crate::chart::export::context_2d;

pub fn new_canvas() -> Option<HtmlCanvasElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
}

pub fn dash(lengths: &[f64]) -> JsValue {
    lengths
        .iter()
        .map(|v| JsValue::from_f64(*v))
        .collect::<js_sys::Array>()
        .into()
}

/// A plotting area in backing pixels with its data ranges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub x: AxisRange,
    pub y: AxisRange,
}

impl Frame {
    pub fn sx(&self, x: f64) -> f64 {
        self.left + (x - self.x.min) / self.x.width() * (self.right - self.left)
    }

    pub fn sy(&self, y: f64) -> f64 {
        self.bottom - (y - self.y.min) / self.y.width() * (self.bottom - self.top)
    }

    /// Clip `ctx` to the area (call `ctx.save()` first and `ctx.restore()` after).
    pub fn clip(&self, ctx: &CanvasRenderingContext2d) {
        ctx.begin_path();
        ctx.rect(
            self.left,
            self.top,
            self.right - self.left,
            self.bottom - self.top,
        );
        ctx.clip();
    }

    /// The area in CSS pixels, for pointer read-outs.
    pub fn plot_area(&self, dpr: f64) -> PlotArea {
        PlotArea {
            left: self.left / dpr,
            top: self.top / dpr,
            width: (self.right - self.left) / dpr,
            height: (self.bottom - self.top) / dpr,
            x: self.x,
            y: self.y,
        }
    }
}

/// A static layer (axes, ticks, labels) on an offscreen canvas, redrawn only when its key changes.
pub struct AxesLayer<K: PartialEq> {
    canvas: Option<HtmlCanvasElement>,
    key: Option<K>,
    /// Whatever the drawing reported (the plotting area, a colour bar's place).
    pub layout: Option<Frame>,
    pub extra: Option<Frame>,
}

impl<K: PartialEq> Default for AxesLayer<K> {
    fn default() -> Self {
        AxesLayer {
            canvas: new_canvas(),
            key: None,
            layout: None,
            extra: None,
        }
    }
}

impl<K: PartialEq> AxesLayer<K> {
    /// Copy the layer onto `ctx` (a `width × height` backing canvas), first drawing it with `draw` if
    /// `key` differs from the last one. `draw` gets the offscreen canvas, already sized.
    pub fn paint(
        &mut self,
        ctx: &CanvasRenderingContext2d,
        (width, height): (u32, u32),
        key: K,
        draw: impl FnOnce(&HtmlCanvasElement) -> Result<(Frame, Option<Frame>), String>,
    ) -> Result<(Frame, Option<Frame>), String> {
        let Some(layer) = &self.canvas else {
            return Err("could not create an offscreen canvas".into());
        };
        if self.key.as_ref() != Some(&key) || self.layout.is_none() {
            self.key = None;
            if layer.width() != width {
                layer.set_width(width);
            }
            if layer.height() != height {
                layer.set_height(height);
            }
            let (layout, extra) = draw(layer)?;
            self.layout = Some(layout);
            self.extra = extra;
            self.key = Some(key);
        }
        ctx.draw_image_with_html_canvas_element(layer, 0.0, 0.0)
            .map_err(|_| "could not copy the plot's axes".to_string())?;
        self.layout
            .map(|l| (l, self.extra))
            .ok_or_else(|| "no plot layout".to_string())
    }
}

/// `performance.mark`/`measure` around the parts of a redraw (`<measure>:<part>`).
pub struct Timer {
    measure: &'static str,
}

impl Timer {
    pub fn new(measure: &'static str) -> Timer {
        Timer { measure }
    }

    /// Run `f`, measured as `<measure>:<part>`.
    pub fn part<T>(&self, part: &str, f: impl FnOnce() -> T) -> T {
        crate::perf::measured(&format!("{}:{part}", self.measure), f)
    }

    /// Run `f`, measured as `<measure>` itself.
    pub fn whole<T>(&self, f: impl FnOnce() -> T) -> T {
        crate::perf::measured(self.measure, f)
    }
}
