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

/// Edits one parameter: applies a value if the parameter's domain and the whole-call check
/// accept it, else says why next to the box and puts the state's value back.
#[derive(Clone, Copy)]
struct Edit {
    param: &'static ParamSpec,
    params: RwSignal<Params>,
    check: Option<ParamsCheck>,
    set_error: WriteSignal<Option<String>>,
}

impl Edit {
    /// Apply `change` to a copy; keep it only if the parameter's domain and `check` accept it.
    fn apply(self, change: &dyn Fn(&mut Params) -> nnfunc::Result<()>) -> bool {
        let mut next = self.params.get_untracked();
        let result = change(&mut next)
            .map_err(|e| e.to_string())
            .and_then(|()| self.check.map_or(Ok(()), |check| check(&next)));
        match result {
            Ok(()) => {
                if next != self.params.get_untracked() {
                    self.params.set(next);
                }
                self.set_error.set(None);
                true
            }
            Err(message) => {
                self.set_error.set(Some(message));
                false
            }
        }
    }

    fn set(self, value: Value) -> bool {
        self.apply(&|p: &mut Params| p.set(self.param.name, value.clone()))
    }

    /// Refuse what `event` typed: say why, and show the state's value again.
    fn refuse(self, event: &web_sys::Event, why: Option<String>) {
        if let Some(why) = why {
            self.set_error.set(Some(why));
        }
        let text = self
            .params
            .with_untracked(|p| match p.get(self.param.name) {
                Some(Value::Choice(c)) => (*c).to_string(),
                Some(Value::Int(Some(v))) => v.to_string(),
                Some(Value::Int(None)) => String::new(),
                _ => format_number(p.real(self.param.name)),
            });
        revert(event, &text);
    }
}

/// A control's form name (`<function>.<param>`), element id and the id of its description.
#[derive(Clone)]
struct Names {
    name: String,
    id: String,
    doc_id: String,
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
    let names = Names {
        doc_id: format!("{id}-doc"),
        id: id.clone(),
        name: name.clone(),
    };
    let (error, set_error) = signal(None::<String>);
    let edit = Edit {
        param,
        params,
        check,
        set_error,
    };
    let control = match param.kind {
        ParamKind::Real { min, max, step, .. } | ParamKind::Tensor { min, max, step, .. } => {
            real_inputs(edit, &names, (min, max, step))
        }
        ParamKind::Choice { options, .. } => choice_select(edit, &names, options),
        ParamKind::Bool { .. } => checkbox(edit, &names),
        ParamKind::Int { min, max, .. } => int_input(edit, &names, (min, max)),
    };
    let default = Params::defaults(spec).get(param.name).cloned();
    let (default_text, facts) = facts(param, default.as_ref());
    let is_default = move || params.with(|p| p.get(param.name) == default.as_ref());
    let on_reset = move |_| {
        let defaults = Params::defaults(spec);
        if let Some(value) = defaults.get(param.name).cloned() {
            // The default alone may clash with another parameter (hardtanh's min_val above a
            // lowered max_val): then reset the whole call.
            if !edit.set(value) {
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
            <p class="param-doc" id=names.doc_id>
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

/// The default as text, and the facts shown under a control: the slider's range (for reals) and
/// PyTorch's default.
fn facts(param: &ParamSpec, default: Option<&Value>) -> (String, String) {
    let default_text = match default {
        Some(Value::Real(v)) => format_number(*v),
        Some(Value::Tensor(Some(t))) => t.data.first().map_or(String::new(), |v| format_number(*v)),
        Some(Value::Choice(c)) => (*c).to_string(),
        Some(Value::Int(Some(v))) => v.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => "none".into(),
    };
    let facts = match param.kind {
        ParamKind::Real { min, max, .. } | ParamKind::Tensor { min, max, .. } => format!(
            "slider {} to {}; PyTorch default {default_text}",
            format_number(min),
            format_number(max)
        ),
        _ => format!("PyTorch default {default_text}"),
    };
    (default_text, facts)
}

/// A slider with a number box beside it.
fn real_inputs(edit: Edit, names: &Names, (min, max, step): (f64, f64, f64)) -> AnyView {
    let (param, params) = (edit.param, edit.params);
    // A tensor parameter left unset (no weighting) reads NaN: the boxes show it empty.
    let value = move || {
        params
            .with(|p| {
                Some(p.real(param.name))
                    .filter(|v| v.is_finite())
                    .map(format_number)
            })
            .unwrap_or_default()
    };
    let on_number = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        match crate::url::parse_number(text.trim()) {
            Some(v) if v.is_finite() => {
                if !edit.set(Value::Real(v)) {
                    edit.refuse(&ev, None);
                }
            }
            _ => edit.refuse(&ev, Some(format!("{} must be a number", param.label))),
        }
    };
    let on_slider = move |ev: web_sys::Event| {
        let accepted = target_value(&ev)
            .and_then(|t| crate::url::parse_number(&t))
            .is_some_and(|v| edit.set(Value::Real(v)));
        if !accepted {
            edit.refuse(&ev, None);
        }
    };
    view! {
        <div class="param-inputs">
            <input
                type="range"
                id=names.id.clone()
                name=names.name.clone()
                min=min
                max=max
                step=step
                aria-describedby=names.doc_id.clone()
                prop:value=value
                on:input=on_slider
            />
            <input
                type="number"
                class="param-number"
                step="any"
                inputmode="decimal"
                aria-label=format!("{} value", param.label)
                aria-describedby=names.doc_id.clone()
                data-testid=format!("{}-number", names.name)
                prop:value=value
                on:change=on_number
            />
        </div>
    }
    .into_any()
}

/// A select of the parameter's options.
fn choice_select(edit: Edit, names: &Names, options: &'static [&'static str]) -> AnyView {
    let (param, params) = (edit.param, edit.params);
    let on_change = move |ev: web_sys::Event| {
        let Some(choice) = target_value(&ev) else {
            return;
        };
        if !edit.apply(&|p: &mut Params| p.set_choice(param.name, &choice)) {
            edit.refuse(&ev, None);
        }
    };
    view! {
        <select
            id=names.id.clone()
            name=names.name.clone()
            aria-describedby=names.doc_id.clone()
            data-testid=format!("{}-select", names.name)
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

fn checkbox(edit: Edit, names: &Names) -> AnyView {
    let (param, params) = (edit.param, edit.params);
    let on_change = move |ev: web_sys::Event| {
        if let Some(checked) = target_checked(&ev) {
            edit.set(Value::Bool(checked));
        }
    };
    view! {
        <input
            type="checkbox"
            id=names.id.clone()
            name=names.name.clone()
            aria-describedby=names.doc_id.clone()
            prop:checked=move || params.with(|p| p.bool(param.name))
            on:change=on_change
        />
    }
    .into_any()
}

/// A whole-number box (empty: `None`, for parameters that take it).
fn int_input(edit: Edit, names: &Names, (min, max): (i64, i64)) -> AnyView {
    let (param, params) = (edit.param, edit.params);
    let on_change = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        let text = text.trim();
        if text.is_empty() {
            if !edit.set(Value::Int(None)) {
                edit.refuse(&ev, None);
            }
            return;
        }
        match text.parse::<i64>() {
            Ok(v) => {
                if !edit.set(Value::Int(Some(v))) {
                    edit.refuse(&ev, None);
                }
            }
            Err(_) => edit.refuse(&ev, Some(format!("{} must be a whole number", param.label))),
        }
    };
    view! {
        <input
            type="number"
            id=names.id.clone()
            name=names.name.clone()
            min=min
            max=max
            step=1
            aria-describedby=names.doc_id.clone()
            data-testid=format!("{}-number", names.name)
            prop:value=move || params.with(|p| p.int(param.name).map(|v| v.to_string()).unwrap_or_default())
            on:change=on_change
        />
    }
    .into_any()
}
