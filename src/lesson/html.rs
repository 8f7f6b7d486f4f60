//! A lesson's text in the page. The Markdown parser passes raw HTML through (a lecturer writes
//! MathML inline), so the HTML is parsed by the browser into an inert `<template>` and only an
//! allowlist of elements and attributes is kept: text formatting, lists, tables, links to web
//! pages or to states of the app, and MathML. Anything else is unwrapped (its text stays) or, for
//! elements whose content is not text (scripts, styles, frames, forms), dropped whole.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// The elements a step's text may use.
const ELEMENTS: &[&str] = &[
    "p",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "a",
    "br",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "kbd",
    "sub",
    "sup",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "del",
    "s", // MathML (Core and the common presentation elements).
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "semantics",
    "annotation",
];

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "template", "noscript",
    "form", "input", "button", "select", "textarea", "img", "video", "audio", "svg", "link",
    "meta", "base", "title", "head",
];

/// The attributes kept (on any allowed element); `href` only when it is safe ([`safe_href`]).
const ATTRIBUTES: &[&str] = &[
    "href",
    "title",
    "start",
    "colspan",
    "rowspan",
    "align", // MathML
    "display",
    "displaystyle",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "form",
    "largeop",
    "movablelimits",
    "symmetric",
    "columnalign",
    "rowalign",
    "columnspacing",
    "rowspacing",
    "linethickness",
    "scriptlevel",
    "encoding",
    "width",
    "height",
    "depth",
    "notation",
];

/// `html` as a fragment of allowed nodes, ready to insert; `None` if the browser cannot parse.
pub fn sanitized(html: &str) -> Option<web_sys::DocumentFragment> {
    let document = web_sys::window()?.document()?;
    let template = document
        .create_element("template")
        .ok()?
        .dyn_into::<web_sys::HtmlTemplateElement>()
        .ok()?;
    template.set_inner_html(html);
    let content = template.content();
    clean_children(&content);
    Some(content)
}

fn clean_children(parent: &Node) {
    let mut child = parent.first_child();
    while let Some(node) = child {
        child = node.next_sibling();
        match node.node_type() {
            Node::TEXT_NODE => {}
            Node::ELEMENT_NODE => {
                if let Some(element) = node.dyn_ref::<Element>() {
                    clean_element(parent, element);
                }
            }
            // Comments, processing instructions and the like.
            _ => {
                let _ = parent.remove_child(&node);
            }
        }
    }
}

fn clean_element(parent: &Node, element: &Element) {
    let name = element.local_name().to_ascii_lowercase();
    if DROPPED.contains(&name.as_str()) {
        let _ = parent.remove_child(element);
        return;
    }
    clean_children(element);
    if !ELEMENTS.contains(&name.as_str()) {
        // Unknown element: its (cleaned) content takes its place.
        while let Some(inner) = element.first_child() {
            let _ = parent.insert_before(&inner, Some(element));
        }
        let _ = parent.remove_child(element);
        return;
    }
    for attribute in element.get_attribute_names().iter() {
        let Some(attribute) = attribute.as_string() else {
            continue;
        };
        let keep = match attribute.to_ascii_lowercase().as_str() {
            "href" => element.get_attribute("href").is_some_and(|h| safe_href(&h)),
            other => ATTRIBUTES.contains(&other),
        };
        if !keep {
            let _ = element.remove_attribute(&attribute);
        }
    }
    if name == "a" && element.has_attribute("href") {
        let href = element.get_attribute("href").unwrap_or_default();
        // Links to other sites open beside the lesson.
        if href.starts_with("http://") || href.starts_with("https://") {
            let _ = element.set_attribute("target", "_blank");
            let _ = element.set_attribute("rel", "noopener");
        }
    }
}

/// A link to a web page, or a relative one (another state of the app, an anchor); never a
/// script or data URL.
pub fn safe_href(href: &str) -> bool {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    // A relative link has no scheme: nothing before a ':' that comes before any '/', '?' or '#'.
    let scheme_end = href.find(':');
    let path_start = href.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => true,
        (Some(colon), Some(path)) => path < colon,
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    #[test]
    fn only_web_and_relative_links_are_kept() {
        for good in [
            "https://pytorch.org/docs",
            "HTTP://x.org",
            "?view=activations&fn=relu",
            "#top",
            "lessons/x.md",
            "./?view=losses&t=1:2",
        ] {
            assert!(safe_href(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "mailto:a@b",
        ] {
            assert!(!safe_href(bad), "{bad}");
        }
    }
}
