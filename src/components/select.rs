//! A native `<select>` over a fixed set of choices (a mode, a loss, a norm…): the option values
//! are the choices' URL keys, so a test or a person picks by the same word the address bar shows.

use leptos::prelude::*;

use crate::dom::target_value;

/// The `<select>` of `options`, each written as `key(choice)` and shown as `text(choice)`; the one
/// equal to `value` is selected, and a pick calls `on_pick`. The label is the caller's.
#[component]
pub fn Select<T>(
    #[prop(into)] name: String,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] test_id: Option<&'static str>,
    options: Vec<T>,
    key: fn(T) -> String,
    text: fn(T) -> String,
    #[prop(into)] value: Signal<T>,
    #[prop(into)] on_pick: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let choices = options.clone();
    let on_change = move |ev: web_sys::Event| {
        let picked = target_value(&ev).and_then(|v| choices.iter().copied().find(|c| key(*c) == v));
        if let Some(choice) = picked {
            on_pick.run(choice);
        }
    };
    let items = options.into_iter().map(|choice| {
        view! { <option value=key(choice) prop:selected=move || value.get() == choice>{text(choice)}</option> }
    });
    view! {
        <select name=name id=id data-testid=test_id on:change=on_change>{items.collect_view()}</select>
    }
}
