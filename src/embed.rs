//! Embed mode and sharing: the `embed=` and `controls=` URL keys, the iframe snippet, PNG file
//! names (pure, natively tested), and the browser side that hides controls the lecturer did not list.
//!
//! - `embed=1` (also `true`, `yes`, `on`): only the view, no header, navigation or footer.
//! - `controls=a,b,c` (embed mode only): keep the form controls whose `name` is listed (e.g.
//!   `elu.alpha,deriv`); `controls=none` keeps none (a figure that still follows the URL). Names are
//!   matched, never rendered, so a hostile value cannot inject anything; malformed names are dropped
//!   and a list with no usable name is ignored.
//!
//! The filter works on the DOM the views render, without touching them: see [`hide_unlisted`].

/// The query key that turns on embed mode.
pub const EMBED_KEY: &str = "embed";
/// The query key listing the controls an embedded view keeps.
pub const CONTROLS_KEY: &str = "controls";
/// Longest accepted control name, and most names in one list (anything beyond is ignored).
const MAX_NAME_LEN: usize = 64;
const MAX_NAMES: usize = 64;

/// Which controls an embedded view shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Controls {
    /// Every control (no `controls=`, or one that could not be used).
    #[default]
    All,
    /// No control at all: the figure alone.
    None,
    /// Only the controls with these form names.
    Only(Vec<String>),
}

impl Controls {
    /// Whether the form control called `name` stays visible.
    pub fn allows(&self, name: &str) -> bool {
        match self {
            Controls::All => true,
            Controls::None => false,
            Controls::Only(names) => names.iter().any(|n| n == name),
        }
    }
}

/// What the address bar asks of the shell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedOptions {
    pub embed: bool,
    /// Only applies in embed mode (`All` otherwise), so that "open full view" shows everything.
    pub controls: Controls,
}

/// `embed=` and `controls=` from the query pairs; unknown or malformed values are ignored (the
/// last occurrence of a key wins, as for the views' keys).
pub fn parse_embed_options(pairs: &[(String, String)]) -> EmbedOptions {
    let value = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
    };
    let embed = value(EMBED_KEY).and_then(crate::url::parse_bool) == Some(true);
    let controls = match value(CONTROLS_KEY) {
        Some(list) if embed => parse_controls(list),
        _ => Controls::All,
    };
    EmbedOptions { embed, controls }
}

fn parse_controls(list: &str) -> Controls {
    if list.eq_ignore_ascii_case("none") {
        return Controls::None;
    }
    let mut names: Vec<String> = Vec::new();
    for name in list.split(',').map(str::trim).take(MAX_NAMES) {
        if is_control_name(name) && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    if names.is_empty() {
        Controls::All
    } else {
        Controls::Only(names)
    }
}

/// A plausible form name: ASCII letters, digits, `.`, `_`, `-`, at most [`MAX_NAME_LEN`] bytes.
fn is_control_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Whether a query key belongs to the shell's embed options (dropped from shared links).
pub fn is_embed_key(key: &str) -> bool {
    key == EMBED_KEY || key == CONTROLS_KEY
}

/// `text` safe inside an HTML attribute value or element content.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Default height of the iframe in the share dialog's snippet (CSS pixels).
pub const SNIPPET_HEIGHT: u32 = 520;

/// The `<iframe>` a lecturer pastes into a course page; every attribute value is escaped.
pub fn iframe_snippet(src: &str, title: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\" \
         allow=\"fullscreen\" style=\"border:0\"></iframe>",
        escape_html(src),
        escape_html(title),
    )
}

/// `<view>-<testid>.png`, with anything but ASCII letters, digits, `-` and `_` replaced by `-`.
pub fn png_file_name(view: &str, test_id: &str) -> String {
    figure_file_name(view, test_id, "png")
}

/// `<view>-<testid>.<extension>`, with anything but ASCII letters, digits, `-` and `_` made `-`.
pub fn figure_file_name(view: &str, test_id: &str, extension: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    format!("{}-{}.{}", clean(view), clean(test_id), clean(extension))
}

/// Canvases worth exporting: ones with a test id, except the transparent crosshair overlays.
pub fn exports_canvas(test_id: &str) -> bool {
    !test_id.is_empty() && !test_id.ends_with("-overlay")
}

pub use browser::{hide_unlisted, watch_controls};

mod browser {
    //! The DOM side of the control filter. Works on whatever the views render: every form control
    //! (keyed by its `name`, else its `data-testid`) is kept or hidden with its nearest control
    //! container, unless that container holds a kept control (a slider's number box); groups left without a
    //! visible control (and without a canvas) are hidden too; buttons stay when they sit on a figure
    //! (drag handles), are listed by `name` or `data-testid`, or belong to a kept control.

    use super::Controls;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::Element;

    /// The class that hides an element in embed mode (`style/main.css`).
    pub const HIDDEN_CLASS: &str = "embed-hidden";
    const FORM: &str = "input, select, textarea";
    /// The nearest ancestor that holds one control with its label, number box and reset.
    const CONTAINER: &str = "[data-control], .param, .field, [class*=\"-field\"], label";
    /// Groups that disappear once none of their controls is visible.
    const GROUP: &str = "fieldset, .card, [class*=\"-controls\"], .plot-toolbar";

    #[wasm_bindgen]
    extern "C" {
        /// The browser's `MutationObserver` (declared here: web-sys's needs a feature we do not enable).
        type MutationObserver;
        #[wasm_bindgen(constructor, catch)]
        fn new(callback: &js_sys::Function) -> Result<MutationObserver, JsValue>;
        #[wasm_bindgen(method, catch)]
        fn observe(
            this: &MutationObserver,
            target: &Element,
            options: &js_sys::Object,
        ) -> Result<(), JsValue>;
        #[wasm_bindgen(method)]
        fn disconnect(this: &MutationObserver);
    }

    fn elements(root: &Element, selector: &str) -> Vec<Element> {
        // `querySelectorAll` through Reflect: web-sys's needs a `NodeList` feature we do not enable.
        let Ok(method) = js_sys::Reflect::get(root, &"querySelectorAll".into()) else {
            return Vec::new();
        };
        let Ok(list) = method
            .dyn_into::<js_sys::Function>()
            .and_then(|f| f.call1(root, &selector.into()))
        else {
            return Vec::new();
        };
        js_sys::Array::from(&list)
            .iter()
            .filter_map(|node| node.dyn_into::<Element>().ok())
            .collect()
    }

    fn hide(element: &Element) {
        let _ = element.class_list().add_1(HIDDEN_CLASS);
    }

    fn is_hidden(element: &Element) -> bool {
        element
            .closest(&format!(".{HIDDEN_CLASS}"))
            .ok()
            .flatten()
            .is_some()
    }

    /// A control's key: its `name`, or its `data-testid` for one without a name (a number box).
    fn allowed(element: &Element, controls: &Controls) -> bool {
        element
            .get_attribute("name")
            .or_else(|| element.get_attribute("data-testid"))
            .is_some_and(|key| controls.allows(&key))
    }

    /// Whether `container` holds a control that `controls` keeps.
    fn holds_allowed(container: &Element, controls: &Controls) -> bool {
        elements(container, FORM)
            .iter()
            .any(|e| allowed(e, controls))
    }

    /// Hide, below `root`, every control that `controls` does not list (idempotent).
    pub fn hide_unlisted(root: &Element, controls: &Controls) {
        if *controls == Controls::All {
            return;
        }
        for control in elements(root, FORM) {
            if allowed(&control, controls) {
                continue;
            }
            let container = control
                .closest(CONTAINER)
                .ok()
                .flatten()
                .filter(|c| root.contains(Some(c)));
            match container {
                // A number box or reset beside a kept slider stays with it.
                Some(c) if holds_allowed(&c, controls) => continue,
                Some(c) => hide(&c),
                None => hide(&control),
            }
            // A `<label for=…>` outside the container would be left dangling.
            let id = control.id();
            if !id.is_empty() {
                for label in elements(root, "label[for]") {
                    if label.get_attribute("for").as_deref() == Some(id.as_str()) {
                        hide(&label);
                    }
                }
            }
        }
        for button in elements(root, "button") {
            if is_hidden(&button) {
                continue;
            }
            let listed = ["name", "data-testid"].iter().any(|attr| {
                button
                    .get_attribute(attr)
                    .is_some_and(|v| controls.allows(&v))
            });
            let on_figure = button
                .parent_element()
                .and_then(|p| p.query_selector("canvas").ok().flatten())
                .is_some();
            let in_kept_control = button
                .closest(CONTAINER)
                .ok()
                .flatten()
                .is_some_and(|c| holds_allowed(&c, controls));
            if !(listed || on_figure || in_kept_control) {
                hide(&button);
            }
        }
        for group in elements(root, GROUP) {
            if is_hidden(&group) || group.query_selector("canvas").ok().flatten().is_some() {
                continue;
            }
            let controls_inside = elements(&group, "input, select, textarea, button");
            if !controls_inside.is_empty() && controls_inside.iter().all(is_hidden) {
                hide(&group);
            }
        }
    }

    /// Apply [`hide_unlisted`] to `root` now and whenever the view adds elements (a function card
    /// appearing, a tab switching). The observer lives as long as the page.
    pub fn watch_controls(root: &Element, controls: Controls) {
        if controls == Controls::All {
            return;
        }
        hide_unlisted(root, &controls);
        let target = root.clone();
        let callback = Closure::<dyn FnMut()>::new(move || hide_unlisted(&target, &controls));
        let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else {
            crate::dom::warn("embed: no MutationObserver; controls added later stay visible");
            return;
        };
        let options = js_sys::Object::new();
        for key in ["childList", "subtree"] {
            let _ = js_sys::Reflect::set(&options, &key.into(), &JsValue::TRUE);
        }
        if observer.observe(root, &options).is_err() {
            crate::dom::warn(
                "embed: could not observe the view; controls added later stay visible",
            );
            observer.disconnect();
            return;
        }
        // Only class changes follow (not observed), so the callback cannot loop.
        callback.forget();
        std::mem::forget(observer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::codec::literal::pairs;

    #[track_caller]
    fn check(query: &[(&str, &str)], embed: bool, controls: Controls) {
        assert_eq!(
            parse_embed_options(&pairs(query)),
            EmbedOptions { embed, controls },
            "{query:?}"
        );
    }

    fn only(names: &[&str]) -> Controls {
        Controls::Only(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn embed_flag() {
        check(&[], false, Controls::All);
        check(&[("view", "softmax")], false, Controls::All);
        for on in ["1", "true", "TRUE", "yes", "on", " 1 "] {
            check(&[("embed", on)], true, Controls::All);
        }
        for off in ["0", "false", "", "2", "<script>", "1; drop"] {
            check(&[("embed", off)], false, Controls::All);
        }
        // The last occurrence wins.
        check(&[("embed", "1"), ("embed", "0")], false, Controls::All);
        check(&[("embed", "0"), ("embed", "1")], true, Controls::All);
    }

    #[test]
    fn controls_list() {
        check(
            &[("embed", "1"), ("controls", "elu.alpha,deriv")],
            true,
            only(&["elu.alpha", "deriv"]),
        );
        check(
            &[("embed", "1"), ("controls", "none")],
            true,
            Controls::None,
        );
        check(
            &[("embed", "1"), ("controls", "NONE")],
            true,
            Controls::None,
        );
        // Spaces, empty items and duplicates are tolerated.
        check(
            &[
                ("embed", "1"),
                ("controls", " elu.alpha , ,elu.alpha,flow.mu"),
            ],
            true,
            only(&["elu.alpha", "flow.mu"]),
        );
        // Malformed names are dropped; nothing usable means "all".
        check(
            &[("embed", "1"), ("controls", "elu.alpha,<b>x</b>,a\"b")],
            true,
            only(&["elu.alpha"]),
        );
        check(
            &[("embed", "1"), ("controls", "<script>")],
            true,
            Controls::All,
        );
        check(&[("embed", "1"), ("controls", "")], true, Controls::All);
        check(&[("embed", "1"), ("controls", ",,")], true, Controls::All);
        let long = "a".repeat(MAX_NAME_LEN + 1);
        check(&[("embed", "1"), ("controls", &long)], true, Controls::All);
        // Without embed mode the list is ignored: the full view shows everything.
        check(&[("controls", "none")], false, Controls::All);
    }

    #[test]
    fn controls_list_is_bounded() {
        let list = (0..1000)
            .map(|i| format!("p{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let options = parse_embed_options(&pairs(&[("embed", "1"), ("controls", &list)]));
        match options.controls {
            Controls::Only(names) => assert_eq!(names.len(), MAX_NAMES),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn allows() {
        assert!(Controls::All.allows("anything"));
        assert!(!Controls::None.allows("elu.alpha"));
        let c = only(&["elu.alpha", "deriv"]);
        assert!(c.allows("elu.alpha"));
        assert!(c.allows("deriv"));
        assert!(!c.allows("elu"));
        assert!(!c.allows("elu.alpha2"));
    }

    #[test]
    fn embed_keys() {
        assert!(is_embed_key("embed"));
        assert!(is_embed_key("controls"));
        assert!(!is_embed_key("view"));
        assert!(!is_embed_key("elu.alpha"));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_html("a&b<c>\"d'e"), "a&amp;b&lt;c&gt;&quot;d&#39;e");
        assert_eq!(escape_html("plain ↗"), "plain ↗");
    }

    #[test]
    fn snippet() {
        assert_eq!(
            iframe_snippet(
                "https://x.org/ex/?view=activations&elu.alpha=0.5&embed=1",
                "Activation & Loss Explorer: Activations",
                520
            ),
            "<iframe src=\"https://x.org/ex/?view=activations&amp;elu.alpha=0.5&amp;embed=1\" \
             title=\"Activation &amp; Loss Explorer: Activations\" width=\"100%\" height=\"520\" \
             loading=\"lazy\" allow=\"fullscreen\" style=\"border:0\"></iframe>"
        );
        // A quote in the URL cannot end the attribute.
        let hostile = iframe_snippet("https://x.org/?a=\"><script>", "t", 1);
        assert!(!hostile.contains("\"><script>"), "{hostile}");
        assert!(hostile.contains("&quot;&gt;&lt;script&gt;"), "{hostile}");
    }

    #[test]
    fn file_names() {
        assert_eq!(
            png_file_name("activations", "plot-main"),
            "activations-plot-main.png"
        );
        assert_eq!(png_file_name("a/b", "x y.z"), "a-b-x-y-z.png");
        assert_eq!(
            figure_file_name("losses", "loss-plot", "svg"),
            "losses-loss-plot.svg"
        );
        assert!(exports_canvas("plot-main"));
        assert!(!exports_canvas("plot-main-overlay"));
        assert!(!exports_canvas(""));
    }
}
