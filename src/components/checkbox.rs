//! A labelled native checkbox: the one way a view shows an on/off setting.

use leptos::prelude::*;

use crate::dom::target_checked;

/// `<label class=…><input type="checkbox">` and the label text (`children`). It shows `checked`
/// and reports each change to `on_toggle`.
#[component]
pub fn Checkbox(
    #[prop(into)] name: String,
    #[prop(optional)] test_id: Option<&'static str>,
    /// The label's class (the view's field style).
    class: &'static str,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_toggle: Callback<bool>,
    children: Children,
) -> impl IntoView {
    let on_change = move |ev: web_sys::Event| {
        if let Some(on) = target_checked(&ev) {
            on_toggle.run(on);
        }
    };
    view! {
        <label class=class>
            <input type="checkbox" name=name data-testid=test_id prop:checked=checked on:change=on_change />
            {children()}
        </label>
    }
}
