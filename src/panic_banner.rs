//! If the app ever panics, say so in the page, not only in the console.
//!
//! The banner is built with plain web-sys calls (the reactive runtime may be what broke) and every
//! step degrades silently: a panic hook must not panic.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The `data-testid` of the banner.
pub const TEST_ID: &str = "panic-banner";

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
    // Reload the current URL without any fragment: the settings are in the query string.
    let href = document
        .location()
        .and_then(|l| l.href().ok())
        .unwrap_or_default();
    let href = href.split('#').next().unwrap_or_default().to_string();

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
    banner.append_with_str_1("Something went wrong. ").ok()?;
    let link = document.create_element("a").ok()?;
    link.set_attribute("href", if href.is_empty() { "." } else { &href })
        .ok()?;
    set_css_text(&link, "color:#fff;text-decoration:underline");
    link.set_text_content(Some("Reload the page"));
    banner.append_with_node_1(&link).ok()?;
    banner
        .append_with_str_1(" (your settings are in the address bar)")
        .ok()?;

    let body = document.body()?;
    body.prepend_with_node_1(&banner).ok()?;
    if let Some(link) = link.dyn_ref::<HtmlElement>() {
        let _ = link.focus();
    }
    Some(())
}

/// `element.style.cssText = css` (ignored if `element` is not an HTML element).
fn set_css_text(element: &web_sys::Element, css: &str) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        element.style().set_css_text(css);
    }
}
