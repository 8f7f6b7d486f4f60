//! One parameter of a function: a labelled slider with a number box, a select, a checkbox or an integer
//! box, depending on its `ParamKind` in the catalogue.

use leptos::prelude::*;
use nnfunc::catalogue::{ParamKind, ParamSpec};
use nnfunc::{Params, Value};

use crate::dom::{target_checked, target_value};

/// The form name (and URL key) of a parameter: `<function>.<parameter>`, e.g. `elu.alpha`.
pub fn control_name(function: &str, param: &ParamSpec) -> String {
    format!("{function}.{}", param.name)
}

/// A real value as the controls show it (shortest round-trip form: 0.3, not 0.30000000000000004).
pub fn format_real(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// The control for `param` of the function in `params`. Rejected values (outside what PyTorch accepts)
/// leave the parameter unchanged and show why.
#[component]
pub fn ParamControl(param: &'static ParamSpec, params: RwSignal<Params>) -> impl IntoView {
    let function = params.with_untracked(|p| p.spec.name);
    let name = control_name(function, param);
    let id = format!("param-{}", name.replace('.', "-"));
    let doc_id = format!("{id}-doc");
    let (error, set_error) = signal(None::<String>);

    let set = move |value: Value| {
        let mut result = Ok(());
        params.update(|p| result = p.set(param.name, value));
        set_error.set(result.err().map(|e| e.to_string()));
    };

    let control = match param.kind {
        ParamKind::Real { min, max, step, .. } | ParamKind::Tensor { min, max, step, .. } => {
            let value = move || params.with(|p| format_real(p.real(param.name)));
            let on_number = move |ev: web_sys::Event| {
                let Some(text) = target_value(&ev) else {
                    return;
                };
                match text.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() => set(Value::Real(v)),
                    _ => set_error.set(Some(format!("{} must be a number", param.label))),
                }
            };
            let on_slider = move |ev: web_sys::Event| {
                if let Some(v) = target_value(&ev).and_then(|t| t.parse::<f64>().ok()) {
                    set(Value::Real(v));
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
                let mut result = Ok(());
                params.update(|p| result = p.set_choice(param.name, &choice));
                set_error.set(result.err().map(|e| e.to_string()));
            };
            view! {
                <select id=id.clone() name=name.clone() aria-describedby=doc_id.clone() on:change=on_change>
                    {options
                        .iter()
                        .map(|option| {
                            let selected = move || params.with(|p| p.choice(param.name) == *option);
                            view! { <option value=*option selected=selected>{*option}</option> }
                        })
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
                if text.is_empty() {
                    set(Value::Int(None));
                } else {
                    match text.parse::<i64>() {
                        Ok(v) => set(Value::Int(Some(v))),
                        Err(_) => {
                            set_error.set(Some(format!("{} must be a whole number", param.label)))
                        }
                    }
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
                    prop:value=move || params.with(|p| p.int(param.name).map(|v| v.to_string()).unwrap_or_default())
                    on:change=on_change
                />
            }
            .into_any()
        }
    };

    view! {
        <div class="param" data-param=param.name>
            <label for=id>{param.label}</label>
            {control}
            <p class="param-doc" id=doc_id>{param.doc}</p>
            {move || error.get().map(|e| view! { <p class="param-error" role="alert">{e}</p> })}
        </div>
    }
}
