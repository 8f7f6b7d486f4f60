//! Presenter mode (`present=1`, or the Present button): the view or the lesson's step alone,
//! large enough for the back of a lecture hall. The stylesheet hides the shell's chrome, raises
//! the contrast and zooms `<main>` (CSS `zoom`, larger on a larger screen: plot text of 13 CSS px
//! becomes 26 px at 1920×1080); each view's first figure takes the screen's height left under
//! its title (`--room`), and a lesson's text, when shown, is a column beside the view. Canvases stay sharp because [`zoom`] enters their pixel ratio
//! ([`crate::dom::device_pixel_ratio`]) and pointer positions are divided by it
//! ([`crate::dom::offset_in`]). Fullscreen comes on request (the browser asks for a click); Esc
//! leaves it, as the browser does.

use crate::effect::effect;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::url::{self, HistoryEntry};

/// The query key: `present=1`.
pub const PRESENT_KEY: &str = "present";
/// The class on `<body>` that `style/main.css` follows.
const CLASS: &str = "present";

/// Whether the address asks for presenter mode (`1`, or an old spelling of true).
pub fn from_url() -> bool {
    url::get(PRESENT_KEY).is_some_and(|v| url::parse_bool(&v) == Some(true))
}

/// The zoom of `<main>` (1 outside presenter mode, or where the browser has no `currentCSSZoom`).
pub fn zoom() -> f64 {
    let zoom = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|main| js_sys::Reflect::get(&main, &"currentCSSZoom".into()).ok())
        .and_then(|z| z.as_f64())
        .unwrap_or(1.0);
    if zoom.is_finite() && zoom > 0.0 {
        zoom.clamp(0.25, 8.0)
    } else {
        1.0
    }
}

fn set_class(on: bool) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.class_list().toggle_with_force(CLASS, on);
    }
}

fn fullscreen(on: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let active = document.fullscreen_element().is_some();
    if on && !active {
        if let Some(root) = document.document_element() {
            // Refused outside a click (or in a frame without permission): the mode still works.
            let _ = root.request_fullscreen();
        }
    } else if !on && active {
        document.exit_fullscreen();
    }
}

/// Context: whether presenter mode is on, and switching it.
#[derive(Debug, Clone, Copy)]
pub struct Presenting(pub RwSignal<bool>);

impl Presenting {
    /// Turn presenter mode on (with fullscreen) or off, in the page and in the address bar.
    pub fn set(self, on: bool) {
        self.0.set(on);
        url::update(HistoryEntry::Replace, |query| {
            if on {
                query.set(PRESENT_KEY, "1");
            } else {
                query.delete(PRESENT_KEY);
            }
        });
        fullscreen(on);
    }
}

/// Provides [`Presenting`] from the address and keeps `<body>`'s class in step; the views'
/// canvases refit when the zoom changes their size.
pub fn provide() -> Presenting {
    let presenting = Presenting(RwSignal::new(from_url()));
    effect(move || set_class(presenting.0.get()));
    provide_context(presenting);
    presenting
}

/// The button that starts presenting (in the tools), or, while presenting, the one that stops
/// it: in the lesson's bar, or else the only chrome left, in a `corner`.
#[component]
pub fn PresentButton(#[prop(optional)] corner: bool) -> impl IntoView {
    let presenting = use_context::<Presenting>();
    let on = move || presenting.is_some_and(|p| p.0.get());
    let toggle = move |_| {
        if let Some(p) = presenting {
            p.set(!p.0.get_untracked());
        }
        // The button moves (tools ↔ corner): the keyboard goes on from the content, shown from
        // its top (the zoom has changed every position).
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(main) = window
            .document()
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
        window.scroll_to_with_x_and_y(0.0, 0.0);
    };
    view! {
        <button type="button" class="present-toggle" class:corner=corner data-testid="present"
            aria-pressed=move || on().to_string() on:click=toggle>
            {move || if on() { "Stop presenting" } else { "Present" }}
        </button>
    }
}
