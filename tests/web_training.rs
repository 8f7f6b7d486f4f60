//! Browser tests of the Training lab, mounted alone in headless Chromium.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_training`
//! (chromedriver on PATH). On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use explorer::views::training::TrainingView;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A new `<div>` appended to `<body>`, so every test mounts into its own container.
fn fresh_container() -> HtmlElement {
    let document = document();
    let Ok(element) = document.create_element("div") else {
        panic!("document.createElement('div') failed");
    };
    let Ok(div) = element.dyn_into::<HtmlElement>() else {
        panic!("a <div> is not an HtmlElement");
    };
    let Some(body) = document.body() else {
        panic!("the test page has no <body>");
    };
    if body.append_child(&div).is_err() {
        panic!("cannot append the container to <body>");
    }
    div
}

fn element(container: &HtmlElement, test_id: &str) -> HtmlElement {
    let selector = format!("[data-testid={test_id}]");
    match container.query_selector(&selector) {
        Ok(Some(e)) => match e.dyn_into::<HtmlElement>() {
            Ok(e) => e,
            Err(_) => panic!("{selector} is not an HtmlElement"),
        },
        _ => panic!("no {selector}"),
    }
}

fn steps(container: &HtmlElement) -> u64 {
    let text = element(container, "train-steps")
        .get_attribute("data-steps")
        .unwrap_or_default();
    match text.parse() {
        Ok(n) => n,
        Err(_) => panic!("data-steps {text:?} is not a number"),
    }
}

/// Wait for `ms` milliseconds (animation frames and effects run meanwhile).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn training_view_renders_its_controls_and_names_a_missing_worker() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || view! { <TrainingView /> });
    leptos::task::tick().await;

    for id in [
        "view-training",
        "task",
        "fn-relu",
        "fn-sine",
        "layers",
        "width",
        "lr",
        "lr-number",
        "optimizer",
        "batch",
        "seed",
        "loss",
        "train-toggle",
        "train-step",
        "train-reset",
        "fig-losses",
        "fig-dead",
        "fig-0",
    ] {
        element(&container, id);
    }
    // The default run is spirals with ReLU, Leaky ReLU and tanh.
    let Some(task) = element(&container, "task")
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
    else {
        panic!("task is not a <select>");
    };
    assert_eq!(task, "spirals");

    // Training runs in a Web Worker (`trainer_loader.js`, which Trunk writes beside index.html).
    // This test page has no such file: the view must say so in the page, not panic or freeze,
    // and its controls must keep working. (Training itself is tested natively in
    // nnfunc::train::session and end to end against the release build, tests/e2e/training.)
    let mut status = None;
    for _ in 0..50 {
        sleep(100).await;
        if let Ok(Some(e)) = container.query_selector("[data-testid=train-status]") {
            status = e.text_content();
            break;
        }
    }
    let Some(status) = status else {
        panic!("no train-status notice about the missing worker after 5 s");
    };
    assert!(
        status.contains("training worker") && status.contains("Web Workers"),
        "{status}"
    );
    assert_eq!(
        element(&container, "train-toggle")
            .text_content()
            .as_deref(),
        Some("Train"),
        "a run without its worker is paused"
    );
    element(&container, "train-step").click();
    element(&container, "train-reset").click();
    element(&container, "train-toggle").click();
    leptos::task::tick().await;
    assert_eq!(steps(&container), 0);
    assert_eq!(
        element(&container, "train-toggle")
            .text_content()
            .as_deref(),
        Some("Train"),
        "Train does nothing without the worker"
    );
    // The controls still change the state (and the address bar follows).
    let Some(width) = element(&container, "width")
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
    else {
        panic!("width is not an <input>");
    };
    width.set_value("48");
    let Ok(change) = web_sys::Event::new("change") else {
        panic!("cannot create a change event");
    };
    let _ = width.dispatch_event(&change);
    sleep(300).await;
    let kept = element(&container, "train-status")
        .text_content()
        .unwrap_or_default();
    assert!(
        kept.contains("training worker"),
        "a rebuild keeps the message: {kept}"
    );
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    assert!(search.contains("width=48"), "{search}");
}
