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

mod support;
use support::{by_test_id, fresh_container, sleep};

fn steps(container: &HtmlElement) -> u64 {
    let text = by_test_id(container, "train-steps")
        .get_attribute("data-steps")
        .unwrap_or_default();
    match text.parse() {
        Ok(n) => n,
        Err(_) => panic!("data-steps {text:?} is not a number"),
    }
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
        by_test_id(&container, id);
    }
    // The default run is spirals with ReLU, Leaky ReLU and tanh.
    let Some(task) = by_test_id(&container, "task")
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
        by_test_id(&container, "train-toggle")
            .text_content()
            .as_deref(),
        Some("Train"),
        "a run without its worker is paused"
    );
    by_test_id(&container, "train-step").click();
    by_test_id(&container, "train-reset").click();
    by_test_id(&container, "train-toggle").click();
    leptos::task::tick().await;
    assert_eq!(steps(&container), 0);
    assert_eq!(
        by_test_id(&container, "train-toggle")
            .text_content()
            .as_deref(),
        Some("Train"),
        "Train does nothing without the worker"
    );
    // The controls still change the state (and the address bar follows).
    let Some(width) = by_test_id(&container, "width")
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
    let kept = by_test_id(&container, "train-status")
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
