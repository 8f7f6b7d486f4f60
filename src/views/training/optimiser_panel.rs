//! How the networks learn: the learning rate (a log-scale slider and its number, changing the
//! running training at once), the optimiser and SGD's momentum, the batch size, the loss and the
//! seed.

use leptos::prelude::*;

use nnfunc::train::{LossKind, Optimizer, TaskKind, MAX_BATCH_SIZE, MAX_LEARNING_RATE};

use super::fields::{number, whole_number, FieldError, NumberField};
use super::state::{parse_learning_rate, parse_momentum, TrainingState, MAX_SEED};
use crate::components::Select;
use crate::dom::target_value;
use crate::url::format_number;

/// Learning-rate slider: log10 of the rate (min, max, step).
const LR_SLIDER: (f64, f64, f64) = (-4.0, 1.0, 0.05);

/// A learning rate from the slider's log10 value, rounded to 3 significant digits.
fn learning_rate_from_slider(log10: f64) -> f64 {
    let v = 10f64.powf(log10.clamp(LR_SLIDER.0, LR_SLIDER.1));
    let digits = 2 - v.log10().floor() as i32;
    let scale = 10f64.powi(digits);
    (v * scale).round() / scale
}

#[component]
pub fn LearningRate(state: RwSignal<TrainingState>, error: FieldError) -> impl IntoView {
    let rate = move || format_number(state.with(|s| s.learning_rate));
    let on_slider = move |ev: web_sys::Event| {
        if let Some(v) = target_value(&ev).and_then(|t| crate::url::parse_number(&t)) {
            if v.is_finite() {
                state.update(|s| s.learning_rate = learning_rate_from_slider(v));
                error.set(None);
            }
        }
    };
    let on_number = number(parse_learning_rate, error, move |v| {
        state.update(|s| s.learning_rate = v)
    });
    let slider_value = move || {
        let lr = state.with(|s| s.learning_rate);
        format!("{:.2}", lr.log10().clamp(LR_SLIDER.0, LR_SLIDER.1))
    };
    view! {
        <div class="param">
            <label for="train-lr">"learning rate"</label>
            <div class="param-inputs">
                <input type="range" id="train-lr" name="lr" data-testid="lr"
                    min=LR_SLIDER.0 max=LR_SLIDER.1 step=LR_SLIDER.2
                    aria-valuetext=rate prop:value=slider_value on:input=on_slider />
                <input type="number" class="param-number" name="lr" data-testid="lr-number"
                    step="any" min="0" max=MAX_LEARNING_RATE inputmode="decimal"
                    aria-label="learning rate value" prop:value=rate on:change=on_number />
            </div>
            <p class="param-doc">"Changes the running training at once (log-scale slider)."</p>
        </div>
    }
}

/// The optimiser (and SGD's momentum), the batch size, the loss (cross-entropy for
/// classification only) and the seed.
#[component]
pub fn OptimiserFields(
    state: RwSignal<TrainingState>,
    kind: Memo<TaskKind>,
    error: FieldError,
) -> impl IntoView {
    let on_momentum = number(parse_momentum, error, move |v| {
        state.update(|s| s.momentum = v)
    });
    let on_batch = whole_number("batch size", (1, MAX_BATCH_SIZE as u64), error, move |v| {
        state.update(|s| s.batch_size = v as usize)
    });
    let on_seed = whole_number("seed", (0, MAX_SEED), error, move |v| {
        state.update(|s| s.seed = v)
    });
    let on_loss = move |ev: web_sys::Event| {
        if let Some(l) = target_value(&ev).and_then(|v| LossKind::from_name(&v)) {
            if l == LossKind::Mse || kind.get_untracked() == TaskKind::Classification {
                state.update(|s| s.loss = l);
            }
        }
    };
    view! {
        <div class="field">
            <label for="train-optimizer">"optimiser"</label>
            <Select name="optimizer" id="train-optimizer" test_id="optimizer"
                options=Optimizer::ALL.to_vec() key=|o| o.name().into() text=|o| o.label().into()
                value=Signal::derive(move || state.with(|s| s.optimizer))
                on_pick=move |o| state.update(|s| s.optimizer = o) />
        </div>
        <NumberField name="momentum" label="SGD momentum" min="0" max="0.99" step="0.05"
            inputmode="decimal" value=Signal::derive(move || state.with(|s| format_number(s.momentum)))
            on_change=on_momentum hidden=Signal::derive(move || state.with(|s| s.optimizer != Optimizer::Sgd)) />
        <NumberField name="batch" label="batch size" min="1" max=MAX_BATCH_SIZE.to_string() step="1"
            inputmode="numeric" value=Signal::derive(move || state.with(|s| s.batch_size.to_string()))
            on_change=on_batch />
        <div class="field">
            <label for="train-loss">"loss"</label>
            <select id="train-loss" name="loss" data-testid="loss" on:change=on_loss>
                {LossKind::ALL.map(|l| view! {
                    <option value=l.name()
                        disabled=move || l == LossKind::CrossEntropy && kind.get() != TaskKind::Classification
                        selected=move || state.with(|s| s.loss == l)>{l.label()}</option>
                }).collect_view()}
            </select>
        </div>
        <NumberField name="seed" label="seed" min="0" max=MAX_SEED.to_string() step="1"
            inputmode="numeric" value=Signal::derive(move || state.with(|s| s.seed.to_string()))
            on_change=on_seed />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learning_rate_slider_rounds_to_three_digits() {
        assert_eq!(learning_rate_from_slider(-2.0), 0.01);
        assert_eq!(learning_rate_from_slider(-3.0), 0.001);
        assert_eq!(learning_rate_from_slider(0.0), 1.0);
        assert_eq!(learning_rate_from_slider(-2.5), 0.00316);
        assert_eq!(learning_rate_from_slider(99.0), 10.0);
        for k in 0..=100 {
            let v = learning_rate_from_slider(LR_SLIDER.0 + k as f64 * LR_SLIDER.2);
            assert!(parse_learning_rate(&format_number(v)).is_ok(), "{v}");
        }
    }
}
