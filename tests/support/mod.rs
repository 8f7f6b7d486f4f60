//! What every browser test (`tests/web*.rs`) needs around a mounted view: a container of its own,
//! finding elements, typing into a box, waiting for the view's deferred work.
//!
//! A folder module, so cargo does not build it as a test target of its own; each test file takes
//! it with `mod support;`. A file uses only some helpers, hence `dead_code` is allowed here.
#![allow(dead_code)]

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// A new `<div>` appended to `<body>`, so every test mounts into its own container.
pub fn fresh_container() -> HtmlElement {
    let document = document();
    let Some(div) = document
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        panic!("document.createElement('div') failed");
    };
    let Some(body) = document.body() else {
        panic!("the test page has no <body>");
    };
    if body.append_child(&div).is_err() {
        panic!("cannot append the container to <body>");
    }
    div
}

/// The text of `element` and its descendants, as the page shows it (untrimmed).
pub fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

/// The first element inside `container` matching `selector`; panics if there is none.
pub fn one(container: &HtmlElement, selector: &str) -> Element {
    match container.query_selector(selector) {
        Ok(Some(element)) => element,
        _ => panic!("nothing matches {selector}"),
    }
}

/// `container.querySelectorAll(selector)` as a Vec (through JS: web-sys's `NodeList` is not enabled).
pub fn all(container: &HtmlElement, selector: &str) -> Vec<Element> {
    let function = js_sys::Reflect::get(container, &"querySelectorAll".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(list) = function.and_then(|f| f.call1(container, &selector.into()).ok()) else {
        panic!("querySelectorAll({selector}) failed");
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// The first HTML element inside `container` matching `selector`; panics if there is none.
pub fn find(container: &HtmlElement, selector: &str) -> HtmlElement {
    match one(container, selector).dyn_into::<HtmlElement>() {
        Ok(element) => element,
        Err(_) => panic!("{selector} is not an HtmlElement"),
    }
}

/// The element with `data-testid="test_id"` inside `container`.
pub fn by_test_id(container: &HtmlElement, test_id: &str) -> HtmlElement {
    find(container, &format!("[data-testid=\"{test_id}\"]"))
}

/// The `<input>` with `data-testid="test_id"` inside `container`.
pub fn input(container: &HtmlElement, test_id: &str) -> HtmlInputElement {
    match by_test_id(container, test_id).dyn_into::<HtmlInputElement>() {
        Ok(input) => input,
        Err(_) => panic!("{test_id} is not an <input>"),
    }
}

/// Type `value` into `input` and commit it: a bubbling `change` event, as on Enter or blur.
pub fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let Ok(event) = document().create_event("Event") else {
        panic!("cannot create an event");
    };
    #[allow(deprecated)]
    // initEvent: the one way to a bubbling event without the EventInit feature
    event.init_event_with_bubbles("change", true);
    if input.dispatch_event(&event).is_err() {
        panic!("cannot dispatch the change event");
    }
}

/// Wait `ms` milliseconds; animation frames, effects and the views' `setTimeout` work run meanwhile.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Wait for the browser to lay out and run the views' effects (a `ResizeObserver` round).
pub async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
        sleep(30).await;
    }
}
