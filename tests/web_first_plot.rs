//! Browser tests of the first plot (`explorer::first_plot`): every page of every view draws its
//! figure from its address before the app exists, and the app's first drawn figure removes it.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_first_plot`
//! (chromedriver on PATH). On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use explorer::views::REGISTRY;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        panic!("no document");
    };
    document
}

/// Put `query` in the address bar (as a page opened with it would have it).
fn set_query(query: &str) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        panic!("no history");
    };
    let url = format!(
        "{}{query}",
        document()
            .location()
            .map_or(String::new(), |l| { l.pathname().unwrap_or_default() })
    );
    if history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .is_err()
    {
        panic!("history.replaceState({url}) failed");
    }
}

/// The first plot's canvas, if one is on the page.
fn first_plot_canvas() -> Option<HtmlCanvasElement> {
    document()
        .query_selector("#first-plot canvas")
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// How many pixels of `canvas` are not transparent.
fn inked(canvas: &HtmlCanvasElement) -> usize {
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        panic!("the first plot's canvas has no 2D context");
    };
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let Ok(image) = context.get_image_data(0.0, 0.0, w, h) else {
        panic!("getImageData failed on a {w}×{h} canvas");
    };
    image.data().chunks(4).filter(|px| px[3] != 0).count()
}

/// The number of `name` measures recorded so far.
fn measures(name: &str) -> usize {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        panic!("no performance");
    };
    performance
        .get_entries_by_name_with_entry_type(name, "measure")
        .length() as usize
}

#[wasm_bindgen_test]
async fn every_page_draws_its_first_plot_from_its_address() {
    for spec in REGISTRY {
        for page in spec.pages {
            set_query(page.query);
            explorer::first_plot::show().await;
            let canvas = first_plot_canvas();
            assert_eq!(
                canvas.is_some(),
                spec.first_plot.is_some(),
                "{}: a first plot exactly when the registry names one",
                page.name
            );
            let Some(canvas) = canvas else { continue };
            let (w, h) = (canvas.width(), canvas.height());
            let ink = inked(&canvas);
            assert!(
                ink > (w * h / 50) as usize,
                "{}: the first plot has ink ({ink} of {w}×{h} pixels)",
                page.name
            );
            // The app's first drawn figure (any draw:* measure) takes its place.
            explorer::perf::measured("draw:test", || ());
            assert!(
                first_plot_canvas().is_none(),
                "{}: the app's first drawn figure removes the first plot",
                page.name
            );
        }
    }
    set_query("");
}

#[wasm_bindgen_test]
async fn the_first_plot_is_measured_as_its_view_draws() {
    set_query("?view=activations&fn=elu,gelu&deriv=1&sat=1&gelu.compare=1");
    let before = measures("draw:activation");
    explorer::first_plot::show().await;
    assert_eq!(measures("draw:activation"), before + 1);
    explorer::first_plot::replaced();
    assert!(first_plot_canvas().is_none());
    set_query("");
}

#[wasm_bindgen_test]
async fn a_hand_typed_address_still_draws_and_a_lesson_draws_none() {
    // Values the views refuse (named in the app's notices) leave their defaults in the plot.
    for query in [
        "?view=activations&fn=nope,elu&elu.alpha=NaN&x=9,1e999",
        "?view=losses&family=landscape&points=1,2;x;3,inf",
        "?view=softmax&logits=1,2,abc&tau=-1",
        "?view=triplet&mode=batch&seed=-3",
        "?view=nothing",
    ] {
        set_query(query);
        explorer::first_plot::show().await;
        let Some(canvas) = first_plot_canvas() else {
            panic!("{query}: no first plot");
        };
        assert!(inked(&canvas) > 0, "{query}: the first plot has ink");
        explorer::first_plot::replaced();
    }
    // The address's first view= is the view, as the app and the preload script read it.
    set_query("?view=softmax&view=activations");
    explorer::first_plot::show().await;
    assert!(
        document()
            .query_selector("#first-plot canvas.softmax-bars")
            .ok()
            .flatten()
            .is_some(),
        "view=softmax&view=activations draws softmax's figure"
    );
    explorer::first_plot::replaced();
    set_query("?lesson=activations&step=2");
    explorer::first_plot::show().await;
    assert!(
        first_plot_canvas().is_none(),
        "a lesson names its view in its file: no first plot"
    );
    set_query("");
}
