//! Browser test of the Triplet view: it mounts, shows the core crate's values in its read-outs, and
//! a keyboard step of a handle updates them.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_triplet`.
#![cfg(target_arch = "wasm32")]

use explorer::views::triplet::TripletView;
use nnfunc::plot::format_significant;
use nnfunc::triplet::{evaluate, Config, Triplet};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{by_test_id, fresh_container};

/// The trimmed text of the element with `data-testid=test_id`.
fn text(container: &HtmlElement, test_id: &str) -> String {
    support::text(&by_test_id(container, test_id))
        .trim()
        .to_string()
}

#[wasm_bindgen_test]
async fn the_distance_card_maps_its_loss_over_the_anchors_plane() {
    use nnfunc::triplet::{anchor_map, DistanceFunction};
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), TripletView);
    leptos::task::tick().await;
    by_test_id(&container, "plot-distance-map");
    let Some(figure) = explorer::chart::export::figure("plot-distance-map") else {
        panic!("plot-distance-map did not register for export");
    };
    let csv = match figure.csv() {
        Ok(csv) => csv,
        Err(message) => panic!("the map's CSV failed: {message}"),
    };
    let cells: Vec<f64> = csv
        .lines()
        .filter(|line| line.starts_with("cell,"))
        .filter_map(|line| line.rsplit(',').next()?.parse().ok())
        .collect();
    // The default triplet and distance (pairwise) on the plane's default range [-3, 3]².
    let range = nnfunc::plot::AxisRange::new(-3.0, 3.0);
    let Ok(want) = anchor_map(
        &Triplet::default(),
        &Config::default(),
        DistanceFunction::Pairwise,
        range,
        128,
    ) else {
        panic!("the default map evaluates");
    };
    assert_eq!(cells, want.values, "the CSV holds the core crate's map");
    assert!(
        csv.lines().any(|line| line.starts_with("marker,0,0")),
        "the anchor is marked"
    );
}

#[wasm_bindgen_test]
async fn triplet_view_shows_the_core_values_and_follows_the_keyboard() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), TripletView);
    leptos::task::tick().await;

    let config = Config::default();
    let mut triplet = Triplet::default();
    let Ok(want) = evaluate(&triplet, &config) else {
        panic!("the default triplet evaluates");
    };
    assert_eq!(
        text(&container, "readout-triplet"),
        format_significant(want.margin_loss, 12)
    );
    assert_eq!(
        text(&container, "readout-ratio"),
        format_significant(want.ratio_loss, 12)
    );
    assert_eq!(
        text(&container, "readout-dneg"),
        format_significant(want.d_anchor_negative, 12)
    );

    // → on the focused negative moves it by 0.05.
    let negative = by_test_id(&container, "handle-negative");
    // (KeyboardEventInit is not among the crate's web-sys features: build the event in JS.)
    let press = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))",
    );
    if press
        .call1(&wasm_bindgen::JsValue::NULL, &negative)
        .is_err()
    {
        panic!("cannot dispatch keydown");
    }
    leptos::task::tick().await;
    triplet.negative.0 = ((triplet.negative.0 + 0.05) / 1e-6).round() * 1e-6;
    let Ok(moved) = evaluate(&triplet, &config) else {
        panic!("the moved triplet evaluates");
    };
    assert_eq!(
        text(&container, "readout-dneg"),
        format_significant(moved.d_anchor_negative, 12)
    );
    assert_eq!(
        negative.get_attribute("aria-label").unwrap_or_default(),
        format!(
            "negative at ({}, {})",
            format_significant(triplet.negative.0, 4),
            format_significant(triplet.negative.1, 4)
        )
    );
}
