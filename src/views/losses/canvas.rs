//! Canvas plumbing shared by the Losses view's plots, all for speed while something is dragged:
//!
//! - [`use_css_size`]: a canvas's CSS size from a `ResizeObserver`, so that a redraw never reads
//!   `clientWidth` (which forces a layout of the whole page after every DOM change of a drag);
//! - [`AxesLayer`]: the axes, ticks and labels drawn once by plotters on an offscreen canvas and
//!   copied with one `drawImage` while what they depend on holds;
//! - [`Frame`]: the plotting area in backing pixels, mapping data to pixels for direct 2D drawing.

use leptos::prelude::*;
use nnfunc::plot::AxisRange;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::chart::heatmap::PlotArea;

#[wasm_bindgen]
extern "C" {
    /// The browser's `ResizeObserver` (declared here: web-sys's needs a feature we do not enable).
    #[wasm_bindgen(js_name = ResizeObserver)]
    type LossResizeObserver;
    #[wasm_bindgen(constructor, catch, js_class = "ResizeObserver")]
    fn new(callback: &js_sys::Function) -> Result<LossResizeObserver, JsValue>;
    #[wasm_bindgen(method, js_class = "ResizeObserver")]
    fn observe(this: &LossResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method, js_class = "ResizeObserver")]
    fn disconnect(this: &LossResizeObserver);
}

/// The CSS size of the canvas behind `node`, kept current by a `ResizeObserver` (`None` until it has
/// a layout; read it from a drawing effect and fall back to a default).
pub fn use_css_size(node: NodeRef<leptos::html::Canvas>) -> ReadSignal<Option<(u32, u32)>> {
    let (size, set_size) = signal(None::<(u32, u32)>);
    let observer = StoredValue::new_local(None::<(LossResizeObserver, Closure<dyn Fn()>)>);
    Effect::new(move |_| {
        let Some(canvas) = node.get() else {
            return;
        };
        let measure = {
            let canvas = canvas.clone();
            move || {
                let now = match (canvas.client_width(), canvas.client_height()) {
                    (w, h) if w > 0 && h > 0 => Some((w as u32, h as u32)),
                    _ => None,
                };
                if set_size.try_update(|s| *s != now).unwrap_or(false) {
                    set_size.set(now);
                }
            }
        };
        measure();
        let callback = Closure::<dyn Fn()>::new(measure);
        if let Ok(ro) = LossResizeObserver::new(callback.as_ref().unchecked_ref()) {
            ro.observe(&canvas);
            observer.set_value(Some((ro, callback)));
        }
    });
    on_cleanup(move || {
        observer.try_with_value(|o| {
            if let Some((ro, _)) = o {
                ro.disconnect();
            }
        });
    });
    size
}

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
