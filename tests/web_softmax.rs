//! Browser tests of the Softmax view and the GradientFlow panel, mounted alone in headless Chromium.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_softmax`
//! (chromedriver on PATH). On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use explorer::views::activations::gradient_flow::{FlowFunction, GradientFlow};
use explorer::views::softmax::SoftmaxView;
use leptos::prelude::*;
use nnfunc::activation::Elementwise;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{fresh_container, input, type_into};

/// The `data-value` (full precision) of the element matching `selector` inside `container`.
fn value(container: &HtmlElement, selector: &str) -> Option<f64> {
    let element = container.query_selector(selector).ok().flatten()?;
    let text = element.get_attribute("data-value").unwrap_or_default();
    match text.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => panic!("{selector}: data-value {text:?} is not a number"),
    }
}

/// The values of `[data-testid=<prefix>0]`, `…1]`, … up to the first missing one.
fn values(container: &HtmlElement, prefix: &str) -> Vec<f64> {
    (0..)
        .map_while(|i| value(container, &format!("[data-testid={prefix}{i}]")))
        .collect()
}

fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits.iter().map(|x| (x - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

#[wasm_bindgen_test]
async fn softmax_view_mounts_and_its_outputs_sum_to_one() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || view! { <SoftmaxView /> });
    leptos::task::tick().await;

    assert!(matches!(
        container.query_selector("[data-testid=view-softmax]"),
        Ok(Some(_))
    ));
    let probabilities = values(&container, "out-softmax-");
    assert!(probabilities.len() >= 2, "{probabilities:?}");
    let sum: f64 = probabilities.iter().sum();
    assert!((sum - 1.0).abs() < 1e-12, "softmax sums to {sum}");
    let softmin: f64 = values(&container, "out-softmin-").iter().sum();
    assert!((softmin - 1.0).abs() < 1e-12, "softmin sums to {softmin}");
    let exp_log: f64 = values(&container, "out-log_softmax-")
        .iter()
        .map(|v| v.exp())
        .sum();
    assert!(
        (exp_log - 1.0).abs() < 1e-12,
        "Σ exp(log_softmax) = {exp_log}"
    );
    for kind in ["softmax", "softmin", "log_softmax"] {
        let shown = value(&container, &format!("[data-testid=sum-{kind}]"));
        assert!(
            shown.is_some_and(|v| (v - 1.0).abs() < 1e-12),
            "{kind}: {shown:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn changing_a_logit_updates_the_outputs() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || view! { <SoftmaxView /> });
    leptos::task::tick().await;

    let n = values(&container, "out-softmax-").len();
    let mut logits: Vec<f64> = (0..n)
        .map(|i| input(&container, &format!("logit-{i}")).value_as_number())
        .collect();
    logits[0] = 5.0;
    type_into(&input(&container, "logit-0"), "5");
    leptos::task::tick().await;

    let shown = values(&container, "out-softmax-");
    let want = softmax(&logits);
    assert_eq!(shown.len(), want.len());
    for (s, w) in shown.iter().zip(&want) {
        assert!((s - w).abs() < 1e-15, "{shown:?} vs {want:?}");
    }

    // τ = 2 halves the logits.
    type_into(&input(&container, "tau-number"), "2");
    leptos::task::tick().await;
    let halved: Vec<f64> = logits.iter().map(|x| x / 2.0).collect();
    let shown = values(&container, "out-softmax-");
    for (s, w) in shown.iter().zip(&softmax(&halved)) {
        assert!((s - w).abs() < 1e-15);
    }

    // τ ≤ 0 is refused with a message, and the outputs stay.
    type_into(&input(&container, "tau-number"), "0");
    leptos::task::tick().await;
    assert!(matches!(
        container.query_selector("[data-testid=tau-error]"),
        Ok(Some(_))
    ));
    assert_eq!(values(&container, "out-softmax-"), shown);
}

#[wasm_bindgen_test]
async fn gradient_flow_shows_a_row_per_function() {
    let container = fresh_container();
    let functions = vec![
        FlowFunction {
            label: "ReLU".into(),
            activation: Elementwise::Relu,
            color: (0, 0x72, 0xb2),
        },
        FlowFunction {
            label: "sigmoid".into(),
            activation: Elementwise::Sigmoid,
            color: (0xe6, 0x9f, 0),
        },
    ];
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <GradientFlow functions=functions.clone() /> }
    });
    leptos::task::tick().await;

    assert!(matches!(
        container.query_selector("[data-testid=flow-table]"),
        Ok(Some(_))
    ));
    assert!(matches!(
        container.query_selector("[data-testid=flow-plot]"),
        Ok(Some(_))
    ));
    // μ = 0 (unless the page URL says otherwise): about half the ReLU units are dead.
    let dead = value(&container, "[data-testid=flow-row-ReLU] [data-col=dead]");
    assert!(dead.is_some_and(|d| (d - 0.5).abs() < 0.05), "{dead:?}");
    let product = value(
        &container,
        "[data-testid=flow-row-sigmoid] [data-col=product]",
    );
    assert!(
        product.is_some_and(|p| p <= 0.25f64.powi(10)),
        "{product:?}"
    );
}
