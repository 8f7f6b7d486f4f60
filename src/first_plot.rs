//! The first plot: the figure the address describes, on the screen before the app has arrived.
//!
//! The app (Leptos, the shell, the view's controls) is most of a first load. A view whose registry
//! entry has a `first_plot` (made by [`lazy_first_plot!`](crate::views::lazy_first_plot)) draws
//! its main figure from the same URL state with the same painter, plain web-sys and plotters, on a
//! canvas of its own at the top of the page; in the release build that code is a chunk of its own
//! and the app's chunks are fetched only once the figure is drawn. The app then mounts, and its
//! first drawn figure takes the first plot's place ([`replaced`], from each `draw:*` measure:
//! [`crate::perf`]).
//!
//! A lesson's page names its view in the lesson file, not the address: it has no first plot.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::route::{View, VIEW_KEY};

/// A view's first plot: draws it (or nothing, if the page cannot), then resolves.
pub type FirstPlot = fn() -> Pin<Box<dyn Future<Output = ()>>>;

/// The placeholder's id: the app removes it once its own figure is drawn.
const PLACEHOLDER_ID: &str = "first-plot";

thread_local! {
    /// Whether a first plot is on the page (so that the app's redraws skip the look-up).
    static SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// Draw the first plot of the view the address names, if it has one (read as the app reads it:
/// `view=`'s first value, the first view for none or an unknown one).
pub async fn show() {
    if crate::url::get(crate::lesson::LESSON_KEY).is_some() {
        return;
    }
    let (view, _) = View::from_query(crate::url::get(VIEW_KEY).as_deref());
    if let Some(first_plot) = view.spec().first_plot {
        first_plot().await;
    }
}

/// Draw with `draw` on a new canvas of the classes `canvas` inside `<div class="first-plot"><div
/// class="{figure}">`, laid out by the stylesheet as the view's figure is, timed as `measure`. The
/// canvas's CSS size and whether to draw dark come with it; a message goes to the console if the
/// drawing fails (the app will draw it again).
pub fn draw_on_canvas(
    figure: &str,
    canvas: &str,
    measure: &str,
    draw: impl FnOnce(&HtmlCanvasElement, (u32, u32), bool) -> Result<(), String>,
) {
    let Some(canvas) = placeholder(figure, canvas) else {
        return;
    };
    let rect = canvas.get_bounding_client_rect();
    let css = (rect.width().round() as u32, rect.height().round() as u32);
    if css.0 == 0 || css.1 == 0 {
        remove();
        return;
    }
    let dark = crate::theme::starts_dark();
    match crate::perf::measured(measure, || draw(&canvas, css, dark)) {
        // Only now: the measure of its own drawing must not remove it.
        Ok(()) => SHOWN.with(|shown| shown.set(true)),
        Err(message) => {
            crate::dom::warn(&format!("the first plot: {message}"));
            remove();
        }
    }
}

/// The placeholder, at the start of `<body>`, and its canvas.
fn placeholder(figure: &str, canvas_class: &str) -> Option<HtmlCanvasElement> {
    let document = web_sys::window()?.document()?;
    let body = document.body()?;
    let outer = document.create_element("div").ok()?;
    outer.set_id(PLACEHOLDER_ID);
    outer.set_class_name("first-plot");
    outer.set_attribute("aria-busy", "true").ok()?;
    let inner = document.create_element("div").ok()?;
    inner.set_class_name(figure);
    let canvas = document.create_element("canvas").ok()?;
    canvas.set_class_name(canvas_class);
    canvas.set_attribute("role", "img").ok()?;
    canvas
        .set_attribute("aria-label", "The plot, while the page loads")
        .ok()?;
    inner.append_child(&canvas).ok()?;
    outer.append_child(&inner).ok()?;
    body.prepend_with_node_1(&outer).ok()?;
    canvas.dyn_into().ok()
}

/// The app has drawn a figure: remove the first plot, if there is one.
pub fn replaced() {
    if SHOWN.with(|shown| shown.replace(false)) {
        remove();
    }
}

fn remove() {
    if let Some(placeholder) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(PLACEHOLDER_ID))
    {
        placeholder.remove();
    }
}
