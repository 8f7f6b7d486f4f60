//! Small web-sys helpers that return `Option` instead of panicking (no `unwrap` on browser paths).

use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlInputElement, HtmlSelectElement};

/// `event.target.value` of an `<input>` or `<select>`; `None` for any other target.
pub fn target_value(event: &Event) -> Option<String> {
    let target = event.target()?;
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        return Some(input.value());
    }
    target
        .dyn_ref::<HtmlSelectElement>()
        .map(HtmlSelectElement::value)
}

/// `event.target.checked` of a checkbox; `None` for any other target.
pub fn target_checked(event: &Event) -> Option<bool> {
    event
        .target()?
        .dyn_ref::<HtmlInputElement>()
        .map(HtmlInputElement::checked)
}

/// A warning in the browser console (not an error: the e2e suite fails on console errors, and what
/// we warn about, such as a bad URL parameter, is handled).
pub fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}

/// The device pixel ratio, sanitised to `[1, 4]` (1 if unknown).
pub fn device_pixel_ratio() -> f64 {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    if dpr.is_finite() {
        dpr.clamp(1.0, 4.0)
    } else {
        1.0
    }
}
