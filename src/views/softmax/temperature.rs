//! The temperature τ: a slider over the usual range and a number box that takes any τ in
//! [`TAU_RANGE`], refusing τ ≤ 0 with the reason.

use leptos::prelude::*;

use super::state::{parse_tau, TAU_RANGE, TAU_SLIDER};
use crate::dom::target_value;
use crate::url::format_number;

/// The slider and number box of τ (`softmax.tau`, which embeds can keep), its doc and its error.
#[component]
pub fn TemperatureControl(tau: RwSignal<f64>) -> impl IntoView {
    let tau_error = RwSignal::new(None::<String>);
    let on_tau = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        match parse_tau(&text) {
            Ok(v) => {
                tau.set(v);
                tau_error.set(None);
            }
            Err(message) => tau_error.set(Some(message)),
        }
    };
    view! {
        <div class="param">
            <label for="softmax-tau">"temperature τ"</label>
            <div class="param-inputs">
                <input type="range" id="softmax-tau" name="softmax.tau" data-testid="tau-slider"
                    min=TAU_SLIDER.0 max=TAU_SLIDER.1 step="0.05" aria-describedby="softmax-tau-doc"
                    prop:value=move || format_number(tau.get()) on:input=on_tau />
                <input type="number" class="param-number" name="softmax.tau" data-testid="tau-number"
                    step="any" min=TAU_RANGE.0 max=TAU_RANGE.1 inputmode="decimal" aria-label="temperature τ value"
                    prop:value=move || format_number(tau.get()) on:change=on_tau />
            </div>
            <p class="param-doc" id="softmax-tau-doc">
                "All three functions are applied to x/τ. Small τ sharpens softmax towards the arg-max (one-hot); large τ flattens it towards uniform."
            </p>
            {move || tau_error.get().map(|e| view! { <p class="param-error" role="alert" data-testid="tau-error">{e}</p> })}
        </div>
    }
}
