//! Browser tests: Leptos views mounted into a real DOM in headless Chromium.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web` (chromedriver on
//! PATH; `.cargo/config.toml` sets `wasm-bindgen-test-runner` as the wasm32 runner), or as a step
//! of `cargo xtask test`. On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{fresh_container, text};

#[wasm_bindgen_test]
fn mounts_a_view_and_unmounts_it() {
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), || {
        view! { <p data-testid="greeting">"σ(x) = 1 / (1 + " <b>"e"</b> "^−x)"</p> }
    });
    assert_eq!(text(&container), "σ(x) = 1 / (1 + e^−x)");
    assert!(matches!(
        container.query_selector("[data-testid=greeting] b"),
        Ok(Some(_))
    ));

    drop(handle);
    assert_eq!(
        container.child_element_count(),
        0,
        "dropping the handle unmounts the view"
    );
}

#[wasm_bindgen_test]
async fn a_signal_update_reaches_the_dom() {
    let container = fresh_container();
    let slope = RwSignal::new(0.01);
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <output>"negative_slope = " {move || slope.get()}</output> }
    });
    assert_eq!(text(&container), "negative_slope = 0.01");

    slope.set(0.2);
    // Render effects run on the wasm-bindgen-futures executor, not synchronously.
    leptos::task::tick().await;
    assert_eq!(text(&container), "negative_slope = 0.2");
}
