//! One parameter of a function: a labelled slider with a number box, a select, a checkbox or an integer
//! box, depending on its `ParamKind` in the catalogue; a reset to PyTorch's default; the slider's range;
//! and, next to the box, why a value was refused.
//!
//! Test ids (`<name>` is `<function>.<parameter>`, e.g. `elu.alpha`): `<name>-number` (the number
//! box), `<name>-reset`, `<name>-error` (present only while a value is refused). Sliders and selects
//! carry `name="<name>"`.

use leptos::prelude::*;
use nnfunc::catalogue::{ParamKind, ParamSpec};
use nnfunc::{Params, Value};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use crate::dom::{target_checked, target_value};
use crate::url::{format_number, param_key};

/// A whole-call check on top of each parameter's domain (e.g. PyTorch refusing hardtanh's
/// min_val > max_val): `Err` is the message shown next to the box.
pub type ParamsCheck = fn(&Params) -> Result<(), String>;

/// Put the state's value back into the element that produced a refused event.
fn revert(event: &web_sys::Event, text: &str) {
    let Some(target) = event.target() else {
        return;
    };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        input.set_value(text);
    } else if let Some(select) = target.dyn_ref::<HtmlSelectElement>() {
        select.set_value(text);
    }
}

/// The control for `param` of the function in `params`. Refused values (outside the parameter's
/// domain, or a call that `check` refuses) leave the parameter unchanged and say why.
#[component]
pub fn ParamControl(
    param: &'static ParamSpec,
    params: RwSignal<Params>,
    /// Checked on the whole call after a change; refusals are shown like domain errors.
    #[prop(optional)]
    check: Option<ParamsCheck>,
) -> impl IntoView {
    let spec = params.with_untracked(|p| p.spec);
    let name = param_key(spec.name, param);
    let id = format!("param-{}", name.replace('.', "-"));
    let doc_id = format!("{id}-doc");
    let (error, set_error) = signal(None::<String>);
    let default = Params::defaults(spec).get(param.name).cloned();

    // Apply `change` to a copy; keep it only if the parameter's domain and `check` accept it.
    let apply = move |change: &dyn Fn(&mut Params) -> nnfunc::Result<()>| -> bool {
        let mut next = params.get_untracked();
        let result = change(&mut next)
            .map_err(|e| e.to_string())
            .and_then(|()| check.map_or(Ok(()), |check| check(&next)));
        match result {
            Ok(()) => {
                if next != params.get_untracked() {
                    params.set(next);
                }
                set_error.set(None);
                true
            }
            Err(message) => {
                set_error.set(Some(message));
                false
            }
        }
    };
    let set = move |value: Value| apply(&|p: &mut Params| p.set(param.name, value.clone()));
    let current_text = move || {
        params.with_untracked(|p| match p.get(param.name) {
            Some(Value::Choice(c)) => (*c).to_string(),
            Some(Value::Int(Some(v))) => v.to_string(),
            Some(Value::Int(None)) => String::new(),
            _ => format_number(p.real(param.name)),
        })
    };

    let control = match param.kind {
        ParamKind::Real { min, max, step, .. } | ParamKind::Tensor { min, max, step, .. } => {
            let value = move || params.with(|p| format_number(p.real(param.name)));
            let on_number = move |ev: web_sys::Event| {
                let Some(text) = target_value(&ev) else {
                    return;
                };
                let accepted = match text.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() => set(Value::Real(v)),
                    _ => {
                        set_error.set(Some(format!("{} must be a number", param.label)));
                        false
                    }
                };
                if !accepted {
                    revert(&ev, &current_text());
                }
            };
            let on_slider = move |ev: web_sys::Event| {
                let accepted = target_value(&ev)
                    .and_then(|t| t.parse::<f64>().ok())
                    .is_some_and(|v| set(Value::Real(v)));
                if !accepted {
                    revert(&ev, &current_text());
                }
            };
            view! {
                <div class="param-inputs">
                    <input
                        type="range"
                        id=id.clone()
                        name=name.clone()
                        min=min
                        max=max
                        step=step
                        aria-describedby=doc_id.clone()
                        prop:value=value
                        on:input=on_slider
                    />
                    <input
                        type="number"
                        class="param-number"
                        step="any"
                        inputmode="decimal"
                        aria-label=format!("{} value", param.label)
                        aria-describedby=doc_id.clone()
                        data-testid=format!("{name}-number")
                        prop:value=value
                        on:change=on_number
                    />
                </div>
            }
            .into_any()
        }
        ParamKind::Choice { options, .. } => {
            let on_change = move |ev: web_sys::Event| {
                let Some(choice) = target_value(&ev) else {
                    return;
                };
                if !apply(&|p: &mut Params| p.set_choice(param.name, &choice)) {
                    revert(&ev, &current_text());
                }
            };
            view! {
                <select
                    id=id.clone()
                    name=name.clone()
                    aria-describedby=doc_id.clone()
                    data-testid=format!("{name}-select")
                    prop:value=move || params.with(|p| p.choice(param.name))
                    on:change=on_change
                >
                    {options
                        .iter()
                        .map(|option| view! { <option value=*option>{*option}</option> })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        ParamKind::Bool { .. } => {
            let on_change = move |ev: web_sys::Event| {
                if let Some(checked) = target_checked(&ev) {
                    set(Value::Bool(checked));
                }
            };
            view! {
                <input
                    type="checkbox"
                    id=id.clone()
                    name=name.clone()
                    aria-describedby=doc_id.clone()
                    prop:checked=move || params.with(|p| p.bool(param.name))
                    on:change=on_change
                />
            }
            .into_any()
        }
        ParamKind::Int { min, max, .. } => {
            let on_change = move |ev: web_sys::Event| {
                let Some(text) = target_value(&ev) else {
                    return;
                };
                let text = text.trim();
                let accepted = if text.is_empty() {
                    set(Value::Int(None))
                } else {
                    match text.parse::<i64>() {
                        Ok(v) => set(Value::Int(Some(v))),
                        Err(_) => {
                            set_error.set(Some(format!("{} must be a whole number", param.label)));
                            false
                        }
                    }
                };
                if !accepted {
                    revert(&ev, &current_text());
                }
            };
            view! {
                <input
                    type="number"
                    id=id.clone()
                    name=name.clone()
                    min=min
                    max=max
                    step=1
                    aria-describedby=doc_id.clone()
                    data-testid=format!("{name}-number")
                    prop:value=move || params.with(|p| p.int(param.name).map(|v| v.to_string()).unwrap_or_default())
                    on:change=on_change
                />
            }
            .into_any()
        }
    };

    let range = match param.kind {
        ParamKind::Real { min, max, .. } | ParamKind::Tensor { min, max, .. } => Some(format!(
            "slider {} to {}",
            format_number(min),
            format_number(max)
        )),
        _ => None,
    };
    let default_text = match &default {
        Some(Value::Real(v)) => format_number(*v),
        Some(Value::Tensor(Some(t))) => t.data.first().map_or(String::new(), |v| format_number(*v)),
        Some(Value::Choice(c)) => (*c).to_string(),
        Some(Value::Int(Some(v))) => v.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => "none".into(),
    };
    let facts = match range {
        Some(range) => format!("{range}; PyTorch default {default_text}"),
        None => format!("PyTorch default {default_text}"),
    };
    let is_default = move || params.with(|p| p.get(param.name) == default.as_ref());
    let on_reset = move |_| {
        let defaults = Params::defaults(spec);
        if let Some(value) = defaults.get(param.name).cloned() {
            // The default alone may clash with another parameter (hardtanh's min_val above a
            // lowered max_val): then reset the whole call.
            if !set(value) {
                params.set(defaults);
                set_error.set(None);
            }
        }
    };

    view! {
        <div class="param" data-param=param.name>
            <div class="param-head">
                <label for=id>{param.label}</label>
                <button
                    type="button"
                    class="link-button"
                    data-testid=format!("{name}-reset")
                    aria-label=format!("Reset {} to its default, {default_text}", param.label)
                    disabled=is_default
                    on:click=on_reset
                >
                    "reset"
                </button>
            </div>
            {control}
            <p class="param-doc" id=doc_id>
                {param.doc} " " <span class="param-facts">"(" {facts} ")"</span>
            </p>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="param-error" role="alert" data-testid=format!("{name}-error")>
                                {e}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
