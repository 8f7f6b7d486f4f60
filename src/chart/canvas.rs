//! A canvas on a HiDPI screen. plotters-canvas ignores `devicePixelRatio`, so every chart gives its
//! canvas one backing pixel per device pixel here and scales its lengths by [`Fitted::px`]
//! (calling `ctx.scale` instead would make plotters lay out at the backing size).

use crate::effect::effect;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// The largest backing side we allocate (browsers refuse far larger canvases; a 4× export of a
/// 2,000 px chart stays below it).
const MAX_BACKING: u32 = 8192;

/// A canvas sized for the device pixel ratio: its CSS size, its backing size and the factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted {
    pub css: (u32, u32),
    pub backing: (u32, u32),
    pub dpr: f64,
}

impl Fitted {
    /// A length in CSS pixels as backing pixels (at least 1).
    pub fn px(&self, css: f64) -> f64 {
        (css * self.dpr).round().max(1.0)
    }
}

/// The backing length of a CSS length at `dpr` (at least 1, at most [`MAX_BACKING`]).
fn backing(css: u32, dpr: f64) -> u32 {
    ((f64::from(css) * dpr).round() as u32).clamp(1, MAX_BACKING)
}

/// Give `canvas` the backing size for a CSS size at the pixel ratio `dpr` (resizing, which
/// clears it, only when the size changes). The one place a canvas is sized for the screen.
pub fn fit(canvas: &HtmlCanvasElement, css: (u32, u32), dpr: f64) -> Fitted {
    let (width, height) = (backing(css.0, dpr), backing(css.1, dpr));
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    Fitted {
        css,
        backing: (width, height),
        dpr,
    }
}

/// The CSS size layout last gave `canvas`, or `fallback` while it has none (hidden, detached or
/// offscreen).
pub fn css_size(canvas: &HtmlCanvasElement, fallback: (u32, u32)) -> (u32, u32) {
    match (canvas.client_width(), canvas.client_height()) {
        (w, h) if w > 0 && h > 0 => (w as u32, h as u32),
        _ => fallback,
    }
}

/// [`fit`] at the CSS size layout gave the canvas (or `fallback`) and the screen's pixel ratio.
pub fn fit_to_layout(canvas: &HtmlCanvasElement, fallback: (u32, u32)) -> Fitted {
    fit(
        canvas,
        css_size(canvas, fallback),
        crate::dom::device_pixel_ratio(),
    )
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

/// The CSS size of the canvas behind `node`, kept current by a `ResizeObserver` (`None` while it
/// has no layout). Drawing effects read it instead of `clientWidth`, which would force a layout of
/// the whole page on every redraw of a drag.
pub fn use_css_size(node: NodeRef<leptos::html::Canvas>) -> ReadSignal<Option<(u32, u32)>> {
    let (size, set_size) = signal(None::<(u32, u32)>);
    let observer = StoredValue::new_local(None::<(ResizeObserver, Closure<dyn Fn()>)>);
    effect(move || {
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
                if size.try_get_untracked().is_some_and(|before| before != now) {
                    set_size.set(now);
                }
            }
        };
        measure();
        let callback = Closure::<dyn Fn()>::new(measure);
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
    size
}
