//! Small web-sys helpers that return `Option` instead of panicking (no `unwrap` on browser paths).

use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// `event.target.value` of an `<input>`, `<select>` or `<textarea>`; `None` for any other target.
pub fn target_value(event: &Event) -> Option<String> {
    let target = event.target()?;
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        return Some(input.value());
    }
    if let Some(text) = target.dyn_ref::<HtmlTextAreaElement>() {
        return Some(text.value());
    }
    target
        .dyn_ref::<HtmlSelectElement>()
        .map(HtmlSelectElement::value)
}

/// The first file of an `<input type="file">`'s change event or of a drop; `None` if there is none.
pub fn event_file(event: &Event) -> Option<web_sys::File> {
    if let Some(drop) = event.dyn_ref::<web_sys::DragEvent>() {
        return drop.data_transfer()?.files()?.get(0);
    }
    event
        .target()?
        .dyn_ref::<HtmlInputElement>()?
        .files()?
        .get(0)
}

/// Read `file` as UTF-8 text; `done` gets the text, or why it could not be read.
pub fn read_text(file: &web_sys::File, done: impl FnOnce(Result<String, String>) + 'static) {
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let failed = done.clone();
    let on_text = wasm_bindgen::closure::Closure::once(move |text: wasm_bindgen::JsValue| {
        if let Some(done) = done.take() {
            done(
                text.as_string()
                    .ok_or_else(|| "the file is not text".to_string()),
            );
        }
    });
    let on_error = wasm_bindgen::closure::Closure::once(move |_: wasm_bindgen::JsValue| {
        if let Some(done) = failed.take() {
            done(Err("the browser could not read the file".into()));
        }
    });
    let _ = file.text().then2(&on_text, &on_error);
    on_text.forget();
    on_error.forget();
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

/// Whether the window matches a media query (`false` when it cannot tell).
pub fn matches_media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Scroll `row` (a line of items that scrolls sideways) so that `item` in it is whole; nothing
/// else scrolls. Done at the next frame: reading positions while a view is being built would lay
/// the page out before it is complete (and again after).
pub fn reveal_in_row(row: &web_sys::Element, item: &web_sys::Element) {
    let (row, item) = (row.clone(), item.clone());
    leptos::prelude::request_animation_frame(move || scroll_to_reveal(&row, &item));
}

fn scroll_to_reveal(row: &web_sys::Element, item: &web_sys::Element) {
    let (outer, inner) = (
        row.get_bounding_client_rect(),
        item.get_bounding_client_rect(),
    );
    let scroll = f64::from(row.scroll_left());
    let (left, right) = (
        inner.left() - outer.left() + scroll,
        inner.right() - outer.left() + scroll,
    );
    let visible = f64::from(row.client_width());
    if left < scroll {
        row.set_scroll_left(left.floor() as i32);
    } else if right > scroll + visible {
        row.set_scroll_left((right - visible).ceil() as i32);
    }
}

/// Device pixels per CSS pixel of the content: the screen's ratio, sanitised to `[1, 4]` (1 if
/// unknown), times presenter mode's zoom (so that a zoomed canvas keeps one backing pixel per
/// device pixel).
pub fn device_pixel_ratio() -> f64 {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let dpr = if dpr.is_finite() {
        dpr.clamp(1.0, 4.0)
    } else {
        1.0
    };
    dpr * crate::present::zoom()
}

/// Where a pointer is, in CSS pixels from `element`'s top-left corner.
pub fn offset_in(element: &web_sys::Element, ev: &web_sys::MouseEvent) -> (f64, f64) {
    client_to_local(element, f64::from(ev.client_x()), f64::from(ev.client_y()))
}

/// A point of the window (`clientX`, `clientY`) in CSS pixels of `element` from its top-left
/// corner (the window's pixels are zoomed in presenter mode, the element's own are not).
pub fn client_to_local(element: &web_sys::Element, x: f64, y: f64) -> (f64, f64) {
    let rect = element.get_bounding_client_rect();
    let zoom = crate::present::zoom();
    ((x - rect.left()) / zoom, (y - rect.top()) / zoom)
}

/// The event's own element (the listener's, not the child under the pointer).
pub fn current_element(ev: &Event) -> Option<web_sys::HtmlElement> {
    ev.current_target()?.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Whether the `<details>` whose `toggle` event this is is now open.
pub fn details_open(ev: &Event) -> bool {
    current_element(ev).is_some_and(|e| e.has_attribute("open"))
}

/// Start a drag on the pointer's element: it keeps the pointer while the drag leaves it, and
/// takes the focus so that the arrow keys continue what the pointer began. A mouse button other
/// than the main one starts nothing (`false`).
pub fn start_drag(ev: &web_sys::PointerEvent) -> bool {
    if ev.pointer_type() == "mouse" && ev.button() != 0 {
        return false;
    }
    ev.prevent_default();
    if let Some(el) = current_element(ev) {
        let _ = el.set_pointer_capture(ev.pointer_id());
        let _ = el.focus();
    }
    true
}

/// End a drag begun by [`start_drag`].
pub fn end_drag(ev: &web_sys::PointerEvent) {
    if let Some(el) = current_element(ev) {
        let _ = el.release_pointer_capture(ev.pointer_id());
    }
}

/// An arrow key as a step `(dx, dy)` of `step` (up is +y); `None` for any other key.
pub fn arrow_step(key: &str, step: f64) -> Option<(f64, f64)> {
    match key {
        "ArrowLeft" => Some((-step, 0.0)),
        "ArrowRight" => Some((step, 0.0)),
        "ArrowUp" => Some((0.0, step)),
        "ArrowDown" => Some((0.0, -step)),
        _ => None,
    }
}

/// Copy `text` to the clipboard; `done(true)` once it is there, `done(false)` where the page may
/// not write it (no clipboard in an insecure context or an old browser, or the write refused).
pub fn copy_to_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(promise) = clipboard_write(text) else {
        done(false);
        return;
    };
    // One of the two runs, once, when the promise settles.
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let failed = done.clone();
    let on_done = wasm_bindgen::closure::Closure::once(move |_: wasm_bindgen::JsValue| {
        if let Some(done) = done.take() {
            done(true);
        }
    });
    let on_failed = wasm_bindgen::closure::Closure::once(move |_: wasm_bindgen::JsValue| {
        if let Some(done) = failed.take() {
            done(false);
        }
    });
    let _ = promise.then2(&on_done, &on_failed);
    on_done.forget();
    on_failed.forget();
}

/// `navigator.clipboard.writeText(text)`, reached through `Reflect` so that a missing clipboard is
/// `None`, not an exception.
fn clipboard_write(text: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    // `navigator` through Reflect too: web-sys's `Navigator` needs a feature we do not enable.
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).ok()?;
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .ok()
        .filter(|c| c.is_object())?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?;
    let write = write.dyn_into::<js_sys::Function>().ok()?;
    write
        .call1(&clipboard, &text.into())
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

/// Save `href` (a `data:` URL) as `file_name`: click a temporary `<a download>`.
pub fn download(href: &str, file_name: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let link = document
        .create_element("a")
        .ok()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    link.set_attribute("href", href).ok()?;
    link.set_attribute("download", file_name).ok()?;
    let body = document.body()?;
    body.append_child(&link).ok()?;
    link.click();
    link.remove();
    Some(())
}

/// Resolves once `<body>` exists: at once, or at `DOMContentLoaded` (the release build's module
/// script is `async`, so it could run before the parser has reached the body).
pub async fn parsed() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.body().is_some() {
        return;
    }
    let loaded = js_sys::Promise::new(&mut |resolve, _| {
        let _ = document.add_event_listener_with_callback("DOMContentLoaded", &resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(loaded).await;
}
