//! The networks: which activations train (one network each), their parameters, and the shape
//! every network shares (hidden layers, units per layer).

use crate::effect::effect;
use leptos::prelude::*;

use nnfunc::train::{HiddenActivation, MAX_HIDDEN_LAYERS, MAX_NETWORKS, MAX_WIDTH};
use nnfunc::Params;

use super::fields::{whole_number, FieldError, NumberField};
use super::state::{is_trainable, TrainingState};
use crate::components::{ParamControl, Select};
use crate::dom::target_checked;
use crate::elementwise::functions;

/// The whole-call check for parameter controls: what a hidden layer accepts.
fn trainable_params(params: &Params) -> Result<(), String> {
    HiddenActivation::from_params(params)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A checkbox per trainable activation (1 to [`MAX_NETWORKS`] checked), the PReLU note, and the
/// parameters of the chosen ones.
#[component]
pub fn ActivationPicker(
    state: RwSignal<TrainingState>,
    names: Memo<Vec<&'static str>>,
) -> impl IntoView {
    let boxes = functions()
        .filter(|spec| is_trainable(spec))
        .map(|spec| {
            let checked = move || names.with(|n| n.contains(&spec.name));
            let disabled = move || {
                names.with(|n| {
                    let on = n.contains(&spec.name);
                    (on && n.len() <= 1) || (!on && n.len() >= MAX_NETWORKS)
                })
            };
            let on_change = move |ev: web_sys::Event| {
                let Some(on) = target_checked(&ev) else {
                    return;
                };
                state.update(|s| {
                    let present = s.functions.iter().any(|p| p.spec.id == spec.id);
                    if on && !present && s.functions.len() < MAX_NETWORKS {
                        s.functions.push(Params::defaults(spec));
                    } else if !on && present && s.functions.len() > 1 {
                        s.functions.retain(|p| p.spec.id != spec.id);
                    }
                });
            };
            view! {
                <label class="checkbox train-fn">
                    <input type="checkbox" name="fn" value=spec.name data-testid=format!("fn-{}", spec.name)
                        prop:checked=checked disabled=disabled on:change=on_change />
                    {spec.display}
                </label>
            }
        })
        .collect_view();
    let prelu_note = move || {
        names.with(|n| n.contains(&"prelu")).then(|| {
            view! {
                <p class="muted" data-testid="prelu-note">
                    "PReLU here keeps its slope a fixed at the value you set: the lab does not learn it (PyTorch's nn.PReLU does), so it behaves as a Leaky ReLU with slope a."
                </p>
            }
        })
    };
    view! {
        <fieldset class="params train-fns">
            <legend>{format!("Activations (1 to {MAX_NETWORKS}, one network each)")}</legend>
            {boxes}
        </fieldset>
        {prelu_note}
        {move || names.get().into_iter().filter_map(|name| parameters(state, name)).collect_view()}
    }
}

/// The parameters of the chosen function `name` (none if it has none), bound to its entry in
/// the state.
fn parameters(state: RwSignal<TrainingState>, name: &'static str) -> Option<impl IntoView> {
    let params =
        state.with_untracked(|s| s.functions.iter().find(|p| p.spec.name == name).cloned())?;
    if params.spec.params.is_empty() {
        return None;
    }
    let spec = params.spec;
    let signal = RwSignal::new(params);
    effect(move || {
        let p = signal.get();
        let stale = state.with_untracked(|s| {
            s.functions
                .iter()
                .any(|q| q.spec.id == p.spec.id && *q != p)
        });
        if stale {
            state.update(|s| {
                if let Some(slot) = s.functions.iter_mut().find(|q| q.spec.id == p.spec.id) {
                    *slot = p;
                }
            });
        }
    });
    let controls = spec
        .params
        .iter()
        .map(|param| view! { <ParamControl param=param params=signal check=trainable_params /> })
        .collect_view();
    Some(view! {
        <fieldset class="params">
            <legend>{spec.display}</legend>
            {controls}
        </fieldset>
    })
}

/// The hidden layers and the units per layer of every network.
#[component]
pub fn ArchitectureFields(state: RwSignal<TrainingState>, error: FieldError) -> impl IntoView {
    let on_width = whole_number("width", (1, MAX_WIDTH as u64), error, move |v| {
        state.update(|s| s.width = v as usize)
    });
    view! {
        <div class="field">
            <label for="train-layers">"hidden layers"</label>
            <Select name="layers" id="train-layers" test_id="layers"
                options=(1..=MAX_HIDDEN_LAYERS).collect() key=|n| n.to_string() text=|n| n.to_string()
                value=Signal::derive(move || state.with(|s| s.hidden_layers))
                on_pick=move |n| state.update(|s| s.hidden_layers = n) />
        </div>
        <NumberField name="width" label="units per layer" min="1" max=MAX_WIDTH.to_string() step="1"
            inputmode="numeric" value=Signal::derive(move || state.with(|s| s.width.to_string()))
            on_change=on_width />
    }
}
