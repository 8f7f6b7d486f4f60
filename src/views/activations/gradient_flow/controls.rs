//! The panel's controls: μ, σ and L each a slider with a number box, the seed a number box. A typed
//! value is read as the address bar reads it ([`Setting::apply`]); a refused one leaves the
//! settings as they are and says why.

use leptos::prelude::*;
use nnfunc::gradient_flow::MAX_LAYERS;

use super::state::{FlowSettings, Setting};
use crate::dom::target_value;

/// A slider's ends and step (typed values may go beyond the ends, up to the setting's limits).
struct Slider {
    min: f64,
    max: f64,
    step: &'static str,
}

/// How a setting is shown: its label, `id` (of the slider, or of the number box without one),
/// its slider, and the number box's `step`, `min` and `max`.
struct Field {
    setting: Setting,
    label: &'static str,
    id: &'static str,
    slider: Option<Slider>,
    step: &'static str,
    min: Option<&'static str>,
    max: Option<u32>,
}

const FIELDS: [Field; 4] = [
    Field {
        setting: Setting::Mean,
        label: "mean μ",
        id: "flow-mu",
        slider: Some(Slider {
            min: -5.0,
            max: 5.0,
            step: "0.1",
        }),
        step: "any",
        min: None,
        max: None,
    },
    Field {
        setting: Setting::StdDev,
        label: "standard deviation σ",
        id: "flow-sigma",
        slider: Some(Slider {
            min: 0.0,
            max: 5.0,
            step: "0.05",
        }),
        step: "any",
        min: Some("0"),
        max: None,
    },
    Field {
        setting: Setting::Layers,
        label: "layers L",
        id: "flow-layers",
        slider: Some(Slider {
            min: 1.0,
            max: MAX_LAYERS as f64,
            step: "1",
        }),
        step: "1",
        min: Some("1"),
        max: Some(MAX_LAYERS),
    },
    Field {
        setting: Setting::Seed,
        label: "random seed",
        id: "flow-seed",
        slider: None,
        step: "1",
        min: Some("0"),
        max: None,
    },
];

/// Every setting's control, and the message of the last refused value.
#[component]
pub(super) fn FlowControls(settings: RwSignal<FlowSettings>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    view! {
        <div class="flow-controls">
            {FIELDS.iter().map(|field| view! { <FlowField field=field settings=settings error=error /> }).collect_view()}
        </div>
        {move || error.get().map(|e| view! { <p class="param-error" role="alert">{e}</p> })}
    }
}

#[component]
fn FlowField(
    field: &'static Field,
    settings: RwSignal<FlowSettings>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let setting = field.setting;
    let name = setting.key();
    let value = move || settings.with(|s| setting.text(s));
    let set = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        let mut next = settings.get_untracked();
        if setting.apply(&mut next, &text) {
            settings.set(next);
            error.set(None);
        } else {
            error.set(Some(setting.refusal()));
        }
    };
    let slider = field.slider.as_ref().map(|slider| {
        view! {
            <input type="range" id=field.id name=name min=slider.min max=slider.max step=slider.step
                prop:value=value on:input=set />
        }
    });
    let has_slider = field.slider.is_some();
    view! {
        <div class="flow-field">
            <label for=field.id>{field.label}</label>
            {slider}
            <input type="number" class="param-number" name=name step=field.step min=field.min max=field.max
                id=(!has_slider).then_some(field.id)
                aria-label=has_slider.then(|| format!("{} value", field.label))
                data-testid=format!("{}-number", field.id)
                prop:value=value on:change=set />
        </div>
    }
}
