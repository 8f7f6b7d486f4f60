//! Browser tests of the Activation explorer: the view mounted with a given state in headless Chromium.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_activations`
//! (chromedriver on PATH). On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use explorer::url::UrlState;
use explorer::views::activations::state::ActivationState;
use explorer::views::activations::ActivationExplorer;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{all, fresh_container, one, settle, sleep, text};

/// The state a query string asks for (no notices expected).
fn state(query: &str) -> ActivationState {
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (state, notices) = ActivationState::from_pairs(&pairs);
    assert!(notices.is_empty(), "{notices:?}");
    state
}

/// Type `value` into the number box `test_id` and commit it.
fn type_into(container: &HtmlElement, test_id: &str, value: &str) {
    support::type_into(&support::input(container, test_id), value);
}

#[wasm_bindgen_test]
async fn mounts_one_legend_row_card_and_control_per_function_and_parameter() {
    let container = fresh_container();
    let initial = state("fn=elu,celu,softplus&deriv=1");
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <ActivationExplorer initial=initial /> }
    });
    // The cards' properties tables mount from the frame after the plot's first draw.
    settle().await;

    assert_eq!(all(&container, "[data-testid=legend] li").len(), 3);
    assert_eq!(all(&container, "[data-testid^=readout-]").len(), 3);
    assert_eq!(all(&container, "[data-testid^=properties-]").len(), 3);
    // elu.alpha, celu.alpha, softplus.beta, softplus.threshold: a slider and a number box each.
    let sliders: Vec<String> = all(&container, "input[type=range]")
        .iter()
        .filter_map(|e| e.get_attribute("name"))
        .collect();
    assert_eq!(
        sliders,
        [
            "elu.alpha",
            "celu.alpha",
            "softplus.beta",
            "softplus.threshold"
        ]
    );
    assert_eq!(all(&container, "[data-testid$=-number]").len(), 4);
    assert_eq!(all(&container, "[data-testid$=-reset]").len(), 4);
    // The checkboxes of the shown functions are ticked, and the softmax family is not listed.
    let ticked: Vec<String> = all(&container, "[data-testid^=fn-toggle-]")
        .into_iter()
        .filter_map(|e| e.dyn_into::<HtmlInputElement>().ok())
        .filter(|i| i.checked())
        .filter_map(|i| i.get_attribute("value"))
        .collect();
    assert_eq!(ticked, ["softplus", "elu", "celu"], "catalogue order");
    assert!(all(&container, "[data-testid=fn-toggle-softmax]").is_empty());
    assert!(all(&container, "[data-testid=url-notice]").is_empty());
    assert_eq!(
        text(&one(&container, "[data-testid=torch-softplus]")),
        "nn.Softplus(beta=1.0, threshold=20.0)"
    );
}

#[wasm_bindgen_test]
async fn a_typed_parameter_updates_the_call_and_the_properties_table() {
    let container = fresh_container();
    let initial = state("fn=elu");
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <ActivationExplorer initial=initial /> }
    });
    // The properties table mounts from the frame after the plot's first draw.
    settle().await;
    let properties = || text(&one(&container, "[data-testid=properties-elu]"));
    assert!(properties().contains("(−1, ∞)"), "{}", properties());

    // Outside the slider's 0..3 but allowed by the math: accepted.
    type_into(&container, "elu.alpha-number", "4.5");
    sleep(30).await;
    assert!(properties().contains("(−4.5, ∞)"), "{}", properties());
    assert_eq!(
        text(&one(&container, "[data-testid=torch-elu]")),
        "nn.ELU(alpha=4.5)"
    );
    assert!(all(&container, "[data-testid=\"elu.alpha-error\"]").is_empty());

    // Not a number: refused, with a message next to the box; the value stays.
    type_into(&container, "elu.alpha-number", "abc");
    sleep(30).await;
    assert_eq!(
        all(&container, "[data-testid=\"elu.alpha-error\"]").len(),
        1
    );
    assert!(properties().contains("(−4.5, ∞)"), "{}", properties());
}

#[wasm_bindgen_test]
async fn pytorch_refusals_are_shown_next_to_the_box() {
    let container = fresh_container();
    let initial = state("fn=hardtanh,celu");
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <ActivationExplorer initial=initial /> }
    });
    leptos::task::tick().await;

    // hardtanh: min_val > max_val is refused by PyTorch (max_val is 1).
    type_into(&container, "hardtanh.min_val-number", "2");
    leptos::task::tick().await;
    let error = text(&one(&container, "[data-testid=\"hardtanh.min_val-error\"]"));
    assert!(error.contains("min_val"), "{error}");
    assert_eq!(
        text(&one(&container, "[data-testid=torch-hardtanh]")),
        "nn.Hardtanh(min_val=-1.0, max_val=1.0)"
    );

    // celu: α = 0 is refused (a division by zero in PyTorch).
    type_into(&container, "celu.alpha-number", "0");
    leptos::task::tick().await;
    assert_eq!(
        all(&container, "[data-testid=\"celu.alpha-error\"]").len(),
        1
    );

    // A valid value clears the message.
    type_into(&container, "celu.alpha-number", "0.5");
    leptos::task::tick().await;
    assert!(all(&container, "[data-testid=\"celu.alpha-error\"]").is_empty());
    assert_eq!(
        text(&one(&container, "[data-testid=torch-celu]")),
        "nn.CELU(alpha=0.5)"
    );
}

#[wasm_bindgen_test]
async fn the_glu_panel_plots_its_output_and_both_gradients_over_the_gate() {
    let container = fresh_container();
    let initial = state("fn=relu");
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <ActivationExplorer initial=initial /> }
    });
    // The panels below the plot mount from the next frame.
    settle().await;
    one(
        &container,
        "[data-testid=glu-panel] canvas[data-testid=plot-glu]",
    );
    let Some(figure) = explorer::chart::export::figure("plot-glu") else {
        panic!("plot-glu did not register for export");
    };
    let csv = match figure.csv() {
        Ok(csv) => csv,
        Err(message) => panic!("the GLU plot's CSV failed: {message}"),
    };
    // curve,x,y rows: 0 = a·σ(b), 1 = σ(b), 2 = a·σ(b)(1 − σ(b)), for the panel's a = 1.5.
    let a = 1.5;
    let mut seen = [0usize; 3];
    for line in csv.lines().skip(1) {
        let v: Vec<f64> = line.split(',').filter_map(|c| c.parse().ok()).collect();
        let [curve, b, y] = v[..] else {
            panic!("a row that is not curve,x,y: {line}");
        };
        let s = 1.0 / (1.0 + (-b).exp());
        let want = [a * s, s, a * s * (1.0 - s)][curve as usize];
        assert!(
            (y - want).abs() <= 1e-12,
            "curve {curve} at b = {b}: {y} vs {want}"
        );
        seen[curve as usize] += 1;
    }
    assert!(
        seen.iter().all(|&n| n > 100),
        "three sampled curves: {seen:?}"
    );
}
