//! The keys a presentation clicker sends (→ ← Page Down, Page Up), as next and previous step,
//! except when they are meant for a control: typed into a field, moving a slider, a select or a
//! figure that takes arrow keys, or already handled by one.

use wasm_bindgen::JsCast;

/// Which way a key moves through the lesson: `Some(1)` next, `Some(-1)` previous.
pub fn direction(ev: &web_sys::KeyboardEvent) -> Option<isize> {
    if ev.default_prevented() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
        return None;
    }
    let step = match ev.key().as_str() {
        "ArrowRight" | "PageDown" => 1,
        "ArrowLeft" | "PageUp" => -1,
        _ => return None,
    };
    let for_a_control = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|target| takes_keys(&target));
    (!for_a_control).then_some(step)
}

/// A form field, an editable element, or a focusable figure (a canvas or anything given a
/// `tabindex` that is not a link, a button or a summary): these use the arrow keys themselves.
fn takes_keys(target: &web_sys::Element) -> bool {
    let tag = target.local_name();
    if matches!(tag.as_str(), "input" | "select" | "textarea" | "canvas") {
        return true;
    }
    if target.closest("[contenteditable]").ok().flatten().is_some() {
        return true;
    }
    let plain = matches!(
        tag.as_str(),
        "a" | "button" | "summary" | "body" | "html" | "main"
    );
    !plain && target.has_attribute("tabindex")
}
