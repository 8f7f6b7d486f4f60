//! If the app ever panics, say so in the page, not only in the console.
//!
//! The banner is built with plain web-sys calls (the reactive runtime may be what broke) and every
//! step degrades silently: a panic hook must not panic. Its main link reloads the same view with
//! default parameters (only the shell's keys `view`, `embed`, `controls` and `theme` are kept), in
//! case a parameter is what broke it; a second link retries with the same address.
//!
//! Debug builds only: `?debug_panic=1` makes the first `input` event panic, so that the end-to-end
//! suite can prove the banner works ([`install_debug_trigger`]; the release build does not contain it).

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The `data-testid` of the banner.
pub const TEST_ID: &str = "panic-banner";

/// The query keys the "default settings" link keeps: which view, and how it is embedded.
pub const KEPT_KEYS: [&str; 4] = [
    crate::route::VIEW_KEY,
    crate::embed::EMBED_KEY,
    crate::embed::CONTROLS_KEY,
    crate::theme::THEME_KEY,
];

/// `href` with every query key except [`KEPT_KEYS`] removed, and no fragment.
pub fn defaults_href(href: &str) -> String {
    let without_fragment = href.split('#').next().unwrap_or_default();
    let (base, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            KEPT_KEYS.contains(&key)
        })
        .collect();
    match (base.is_empty(), kept.is_empty()) {
        (true, true) => ".".to_string(),
        (false, true) => base.to_string(),
        (_, false) => format!("{base}?{}", kept.join("&")),
    }
}

/// Log panics to the console (with the Rust message and location) and show the banner.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

/// Show the banner (once).
pub fn show() {
    let _ = try_show();
}

fn try_show() -> Option<()> {
    let document = web_sys::window()?.document()?;
    if document
        .query_selector(&format!("[data-testid=\"{TEST_ID}\"]"))
        .ok()
        .flatten()
        .is_some()
    {
        return Some(());
    }
    // Reload the view with defaults, or the current URL (without any fragment).
    let href = document
        .location()
        .and_then(|l| l.href().ok())
        .unwrap_or_default();
    let same = href.split('#').next().unwrap_or_default().to_string();
    let defaults = defaults_href(&href);

    let banner = document.create_element("div").ok()?;
    banner.set_attribute("data-testid", TEST_ID).ok()?;
    banner.set_attribute("role", "alert").ok()?;
    banner.set_class_name("panic-banner");
    // Inline styles too, so the banner is readable even if the stylesheet failed to load. Set
    // through the CSSOM (`style.cssText`), which a strict CSP (`style-src 'self'`) allows; a
    // `style` attribute would be blocked.
    set_css_text(
        &banner,
        "position:fixed;top:0;left:0;right:0;z-index:1000;padding:0.75rem 1rem;\
         background:#8F3A00;color:#fff;font:600 1rem/1.4 system-ui,sans-serif;text-align:center",
    );
    banner
        .append_with_str_1("Something went wrong and this view stopped working. ")
        .ok()?;
    let link = banner_link(
        &document,
        &defaults,
        "Reload it with default settings",
        "panic-reload",
    )?;
    banner.append_with_node_1(&link).ok()?;
    banner.append_with_str_1(" or ").ok()?;
    let retry = banner_link(
        &document,
        if same.is_empty() { "." } else { &same },
        "try the same settings again",
        "panic-retry",
    )?;
    banner.append_with_node_1(&retry).ok()?;
    banner.append_with_str_1(".").ok()?;

    let body = document.body()?;
    body.prepend_with_node_1(&banner).ok()?;
    if let Some(link) = link.dyn_ref::<HtmlElement>() {
        let _ = link.focus();
    }
    Some(())
}

fn banner_link(
    document: &web_sys::Document,
    href: &str,
    text: &str,
    test_id: &str,
) -> Option<web_sys::Element> {
    let link = document.create_element("a").ok()?;
    link.set_attribute("href", href).ok()?;
    link.set_attribute("data-testid", test_id).ok()?;
    set_css_text(&link, "color:#fff;text-decoration:underline");
    link.set_text_content(Some(text));
    Some(link)
}

/// Debug builds: with `?debug_panic=1` in the address, the first `input` event (a slider moved, a
/// number typed) panics, as a bug in an event handler would. The end-to-end suite uses it on a
/// debug build to prove the banner appears; release builds compile this to nothing.
pub fn install_debug_trigger() {
    #[cfg(debug_assertions)]
    {
        use wasm_bindgen::closure::Closure;
        if crate::url::get("debug_panic").is_none() {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let trigger = Closure::<dyn FnMut(web_sys::Event)>::new(|_: web_sys::Event| {
            panic!("debug_panic: a deliberate panic in an input handler (debug builds only)");
        });
        let _ = window.add_event_listener_with_callback_and_bool(
            "input",
            trigger.as_ref().unchecked_ref(),
            true,
        );
        // The listener lives as long as the page.
        trigger.forget();
    }
}

/// `element.style.cssText = css` (ignored if `element` is not an HTML element).
fn set_css_text(element: &web_sys::Element, css: &str) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        element.style().set_css_text(css);
    }
}

#[cfg(test)]
mod tests {
    use super::defaults_href;

    #[test]
    fn defaults_keep_only_the_shell_keys() {
        assert_eq!(
            defaults_href("https://h/app/?view=losses&family=ranking&points=1,2#x"),
            "https://h/app/?view=losses"
        );
        assert_eq!(
            defaults_href("https://h/?embed=1&elu.alpha=NaN&view=triplet&controls=margin"),
            "https://h/?embed=1&view=triplet&controls=margin"
        );
        assert_eq!(defaults_href("https://h/app/?fn=elu"), "https://h/app/");
        assert_eq!(defaults_href("https://h/app/"), "https://h/app/");
        assert_eq!(defaults_href(""), ".");
    }
}
