//! The lab's number boxes: one markup for every numeric setting, and the change handlers that
//! take a whole number or a number from them (a refused entry leaves the state as it is and says
//! why in the panel's error line).

use leptos::prelude::*;

use crate::dom::target_value;

/// Where a refused entry is explained.
pub type FieldError = WriteSignal<Option<String>>;

/// A labelled number box `train-<name>`, test id and form name `name`.
#[component]
pub fn NumberField(
    name: &'static str,
    label: &'static str,
    min: &'static str,
    #[prop(into)] max: String,
    step: &'static str,
    inputmode: &'static str,
    #[prop(into)] value: Signal<String>,
    on_change: impl Fn(web_sys::Event) + 'static,
    /// Hidden while it does not apply.
    #[prop(optional, into)]
    hidden: Signal<bool>,
) -> impl IntoView {
    let id = format!("train-{name}");
    view! {
        <div class="field" hidden=hidden>
            <label for=id.clone()>{label}</label>
            <input type="number" id=id name=name data-testid=name min=min max=max step=step
                inputmode=inputmode prop:value=value on:change=on_change />
        </div>
    }
}

/// A change handler taking a whole number from `min` to `max` into `set` (`what` names it when
/// refused).
pub fn whole_number(
    what: &'static str,
    (min, max): (u64, u64),
    error: FieldError,
    set: impl Fn(u64) + 'static,
) -> impl Fn(web_sys::Event) + 'static {
    move |ev| match target_value(&ev)
        .and_then(|t| t.trim().parse::<u64>().ok())
        .filter(|v| (min..=max).contains(v))
    {
        Some(v) => {
            set(v);
            error.set(None);
        }
        None => error.set(Some(format!(
            "The {what} must be a whole number from {min} to {max}."
        ))),
    }
}

/// A change handler taking what `parse` accepts into `set`.
pub fn number(
    parse: fn(&str) -> Result<f64, String>,
    error: FieldError,
    set: impl Fn(f64) + 'static,
) -> impl Fn(web_sys::Event) + 'static {
    move |ev| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        match parse(&text) {
            Ok(v) => {
                set(v);
                error.set(None);
            }
            Err(why) => error.set(Some(format!("Not changed: {why}."))),
        }
    }
}
