//! Browser tests of the Training lab, mounted alone in headless Chromium.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_training`
//! (chromedriver on PATH). On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use explorer::views::TrainingView;
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
async fn training_view_renders_its_controls_and_the_step_button_steps() {
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

    // It trains on its own; pause, then one step is one step.
    sleep(300).await;
    element(&container, "train-toggle").click();
    leptos::task::tick().await;
    assert_eq!(
        element(&container, "train-toggle")
            .text_content()
            .as_deref(),
        Some("Train")
    );
    let before = steps(&container);
    sleep(100).await;
    assert_eq!(steps(&container), before, "paused means no steps");
    element(&container, "train-step").click();
    leptos::task::tick().await;
    assert_eq!(steps(&container), before + 1);
    element(&container, "train-reset").click();
    leptos::task::tick().await;
    assert_eq!(steps(&container), 0);
    // One row per network in the loss table.
    for name in ["relu", "leaky_relu", "tanh"] {
        element(&container, &format!("loss-{name}"));
    }
}
