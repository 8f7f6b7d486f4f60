//! Light or dark colours for canvases, the reader's theme choice, and the viewport (size and pixel
//! ratio) that canvases depend on.
//!
//! The theme is the reader's [`ThemeChoice`]: follow the system (`prefers-color-scheme`, the
//! default), light or dark. The full app keeps it in `localStorage` (the header's toggle); an
//! embedded view takes it from `theme=` in its URL, so a lecturer's iframe matches the slides. CSS
//! follows `data-theme` on `<html>` (absent: the media query); canvases cannot read CSS, so
//! [`Environment::dark`] resolves the same choice and the charts redraw when it changes.

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::plot::PALETTE;

use crate::url::Notice;
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

/// The query key of an embedded view's theme (`theme=light|dark|system`).
pub const THEME_KEY: &str = "theme";
/// Where the full app keeps the reader's choice.
const STORAGE_KEY: &str = "explorer.theme";
/// The attribute on `<html>` that `style/main.css` follows.
const THEME_ATTRIBUTE: &str = "data-theme";

/// The reader's choice of colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// Follow the operating system's light or dark setting (`prefers-color-scheme`).
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// The value in the URL, in `localStorage` and in the toggle's `<option value>`.
    pub const fn key(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    /// The toggle's option text.
    pub const fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "System",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }

    /// A key, in any case, with surrounding spaces; anything else is `None`.
    pub fn parse(text: &str) -> Option<ThemeChoice> {
        let text = text.trim();
        ThemeChoice::ALL
            .into_iter()
            .find(|c| c.key().eq_ignore_ascii_case(text))
    }

    /// Whether to draw in dark colours when the system prefers dark (`system_dark`) or not.
    pub const fn is_dark(self, system_dark: bool) -> bool {
        match self {
            ThemeChoice::System => system_dark,
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }
}

/// `theme=` of an embedded view: `Ok(None)` without one, `Err(notice)` for a value that is not a
/// theme (the view then follows the system). The last occurrence wins, as for the other keys.
pub fn theme_from_query(pairs: &[(String, String)]) -> Result<Option<ThemeChoice>, String> {
    let Some((_, text)) = pairs.iter().rev().find(|(k, _)| k == THEME_KEY) else {
        return Ok(None);
    };
    match ThemeChoice::parse(text) {
        Some(choice) => Ok(Some(choice)),
        None => {
            let why = "the theme is light, dark or system; following the system's setting";
            Err(Notice::ignored(THEME_KEY, text, why).message)
        }
    }
}

/// Context: the reader's theme choice. `set` also applies it to the page and remembers it.
#[derive(Debug, Clone, Copy)]
pub struct ThemeSetting(RwSignal<ThemeChoice>);

impl ThemeSetting {
    pub fn get_untracked(self) -> ThemeChoice {
        self.0.get_untracked()
    }

    /// Choose `choice` (the header's toggle): stored for the next visit.
    pub fn set(self, choice: ThemeChoice) {
        self.0.set(choice);
        store_choice(choice);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    // Err in a sandboxed iframe without allow-same-origin, or with storage disabled.
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_choice() -> Option<ThemeChoice> {
    ThemeChoice::parse(&local_storage()?.get_item(STORAGE_KEY).ok()??)
}

fn store_choice(choice: ThemeChoice) {
    let Some(storage) = local_storage() else {
        return;
    };
    let stored = match choice {
        ThemeChoice::System => storage.remove_item(STORAGE_KEY),
        other => storage.set_item(STORAGE_KEY, other.key()),
    };
    if stored.is_err() {
        crate::dom::warn("theme: could not remember the choice (storage unavailable)");
    }
}

/// The choice at load: `theme=` in embed mode (storage is the full app's), else the stored one.
fn initial_choice() -> ThemeChoice {
    let pairs = crate::url::pairs();
    if crate::embed::parse_embed_options(&pairs).embed {
        theme_from_query(&pairs).ok().flatten().unwrap_or_default()
    } else {
        stored_choice().unwrap_or_default()
    }
}

/// Whether the page starts in dark colours: the choice at load and the system's setting (for the
/// first plot, drawn before there is an [`Environment`]).
pub fn starts_dark() -> bool {
    let system_dark = web_sys::window()
        .and_then(|w| w.match_media(DARK_QUERY).ok().flatten())
        .is_some_and(|m| m.matches());
    initial_choice().is_dark(system_dark)
}

/// `data-theme="light|dark"` on `<html>`, or none to follow the media query.
fn apply_to_document(choice: ThemeChoice) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match choice {
        ThemeChoice::System => root.remove_attribute(THEME_ATTRIBUTE),
        other => root.set_attribute(THEME_ATTRIBUTE, other.key()),
    };
}

/// Set up the listeners once (in `App`) and provide [`Environment`] and [`ThemeSetting`] as context.
pub fn provide_environment() -> Environment {
    let mql = web_sys::window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten());
    let system_dark = RwSignal::new(mql.as_ref().is_some_and(|m| m.matches()));
    let choice = RwSignal::new(initial_choice());
    apply_to_document(choice.get_untracked());
    let (dark, set_dark) = signal(choice.get_untracked().is_dark(system_dark.get_untracked()));
    // Charts read `dark`: it changes only when the resolved colours do.
    effect(move || {
        let choice = choice.get();
        let now = choice.is_dark(system_dark.get());
        if now != dark.get_untracked() {
            set_dark.set(now);
        }
        apply_to_document(choice);
    });
    provide_context(ThemeSetting(choice));
    if let Some(mql) = mql {
        let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
            move |event: web_sys::MediaQueryListEvent| {
                system_dark.set(event.matches());
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

/// The header's theme control: a native `<select>` (System, Light, Dark), remembered in
/// `localStorage`. Test id `theme-select`.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let Some(setting) = use_context::<ThemeSetting>() else {
        return ().into_any();
    };
    let current = setting.get_untracked();
    let options = ThemeChoice::ALL
        .into_iter()
        .map(|choice| {
            view! { <option value=choice.key() selected=choice == current>{choice.label()}</option> }
        })
        .collect_view();
    let on_change = move |ev: web_sys::Event| {
        if let Some(choice) = ThemeChoice::parse(&event_target_value(&ev)) {
            setting.set(choice);
        }
    };
    view! {
        <label class="theme-toggle">
            <span>"Theme"</span>
            <select name="theme" data-testid="theme-select" on:change=on_change>
                {options}
            </select>
        </label>
    }
    .into_any()
}

/// In embed mode, what was wrong with `theme=` (nothing if it was fine). Test id `theme-notice`.
#[component]
pub fn ThemeNotice() -> impl IntoView {
    theme_from_query(&crate::url::pairs()).err().map(|message| {
        view! {
            <div class="notice" role="status" data-testid="theme-notice">
                <p>{message}</p>
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::codec::literal::pairs as query;

    #[test]
    fn choices_round_trip_and_resolve() {
        for choice in ThemeChoice::ALL {
            assert_eq!(ThemeChoice::parse(choice.key()), Some(choice));
        }
        assert_eq!(ThemeChoice::parse(" DARK "), Some(ThemeChoice::Dark));
        assert_eq!(ThemeChoice::parse("auto"), None);
        assert_eq!(ThemeChoice::default(), ThemeChoice::System);
        assert!(ThemeChoice::System.is_dark(true));
        assert!(!ThemeChoice::System.is_dark(false));
        assert!(!ThemeChoice::Light.is_dark(true));
        assert!(ThemeChoice::Dark.is_dark(false));
    }

    #[test]
    fn theme_key() {
        assert_eq!(theme_from_query(&query(&[("view", "softmax")])), Ok(None));
        assert_eq!(
            theme_from_query(&query(&[("theme", "dark")])),
            Ok(Some(ThemeChoice::Dark))
        );
        assert_eq!(
            theme_from_query(&query(&[("theme", "dark"), ("theme", "Light")])),
            Ok(Some(ThemeChoice::Light))
        );
        let notice = theme_from_query(&query(&[("theme", "purple")])).unwrap_err();
        assert!(notice.contains("theme=“purple”"), "{notice}");
        // A long or hostile value is shortened and quoted (it is shown as text, never as markup).
        let long = format!("<script>{}", "x".repeat(500));
        let notice = theme_from_query(&query(&[("theme", &long)])).unwrap_err();
        assert!(notice.len() < 200, "{notice}");
        assert!(theme_from_query(&query(&[("theme", "")])).is_err());
    }
}
