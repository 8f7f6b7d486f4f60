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
    let items = options.iter().map(|&c| (key(c), text(c))).collect();
    let choices = options.clone();
    let selected = Signal::derive(move || {
        let now = value.get();
        options.iter().position(|c| *c == now)
    });
    let pick = Callback::new(move |i: usize| {
        if let Some(choice) = choices.get(i) {
            on_pick.run(*choice);
        }
    });
    options_select(name, id, test_id, items, selected, pick)
}

/// The `<select>` itself, for every choice type once: `items` are (value, text) pairs.
fn options_select(
    name: String,
    id: Option<&'static str>,
    test_id: Option<&'static str>,
    items: Vec<(String, String)>,
    selected: Signal<Option<usize>>,
    pick: Callback<usize>,
) -> AnyView {
    let keys: Vec<String> = items.iter().map(|(k, _)| k.clone()).collect();
    let on_change = move |ev: web_sys::Event| {
        let picked = target_value(&ev).and_then(|v| keys.iter().position(|k| *k == v));
        if let Some(i) = picked {
            pick.run(i);
        }
    };
    let options = items.into_iter().enumerate().map(|(i, (key, text))| {
        view! { <option value=key prop:selected=move || selected.get() == Some(i)>{text}</option> }
    });
    view! {
        <select name=name id=id data-testid=test_id on:change=on_change>{options.collect_view()}</select>
    }
    .into_any()
}
