//! Light or dark colours for canvases, and the viewport (size and pixel ratio) that canvases depend on.
//!
//! CSS handles the page itself through `prefers-color-scheme`; canvases cannot read CSS, so the app
//! tracks the same media query in a signal and redraws when it (or the window) changes.

use leptos::prelude::*;
use nnfunc::plot::PALETTE;
use wasm_bindgen::{closure::Closure, JsCast};

/// Context: whether the page is in dark mode and a counter bumped on every resize or zoom.
#[derive(Debug, Clone, Copy)]
pub struct Environment {
    pub dark: ReadSignal<bool>,
    pub viewport: ReadSignal<Viewport>,
}

/// What a canvas's backing size depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub width: f64,
    pub device_pixel_ratio: f64,
}

impl Viewport {
    fn now() -> Viewport {
        let width = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        Viewport {
            width,
            device_pixel_ratio: crate::dom::device_pixel_ratio(),
        }
    }
}

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// Set up the listeners once (in `App`) and provide [`Environment`] as context.
pub fn provide_environment() -> Environment {
    let mql = web_sys::window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten());
    let (dark, set_dark) = signal(mql.as_ref().is_some_and(|m| m.matches()));
    if let Some(mql) = mql {
        let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
            move |event: web_sys::MediaQueryListEvent| {
                set_dark.set(event.matches());
            },
        );
        if mql
            .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())
            .is_ok()
        {
            // The app lives as long as the page: the listener is never removed.
            on_change.forget();
        }
    }

    let (viewport, set_viewport) = signal(Viewport::now());
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        let now = Viewport::now();
        if now != viewport.get_untracked() {
            set_viewport.set(now);
        }
    });
    on_cleanup(move || handle.remove());

    let environment = Environment { dark, viewport };
    provide_context(environment);
    environment
}

/// The environment, or a static light one if no `App` provided it (a view mounted alone in a test).
pub fn use_environment() -> Environment {
    use_context::<Environment>().unwrap_or_else(|| Environment {
        dark: signal(false).0,
        viewport: signal(Viewport {
            width: 0.0,
            device_pixel_ratio: 1.0,
        })
        .0,
    })
}

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

/// Colours for a chart, matching `style/main.css`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartTheme {
    pub background: Rgb,
    pub text: Rgb,
    pub axis: Rgb,
    pub grid: Rgb,
    /// The function, f(x).
    pub primary: Rgb,
    /// The derivative, f'(x).
    pub secondary: Rgb,
}

impl ChartTheme {
    pub fn new(dark: bool) -> ChartTheme {
        if dark {
            ChartTheme {
                background: (0x1e, 0x1f, 0x24),
                text: (0xe4, 0xe4, 0xe7),
                axis: (0xa1, 0xa1, 0xaa),
                grid: (0x3f, 0x3f, 0x46),
                primary: PALETTE[5],   // sky blue: readable on dark
                secondary: PALETTE[1], // orange
            }
        } else {
            ChartTheme {
                background: (0xff, 0xff, 0xff),
                text: (0x1f, 0x23, 0x28),
                axis: (0x52, 0x52, 0x5b),
                grid: (0xd4, 0xd4, 0xd8),
                primary: PALETTE[0],   // blue
                secondary: PALETTE[3], // vermillion
            }
        }
    }
}
