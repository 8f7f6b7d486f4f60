//! The function list: every elementwise activation of the catalogue, grouped as in the lecture,
//! each a checkbox (at least one and at most `MAX_SHOWN` stay ticked).

use leptos::prelude::*;

use super::explorer::Explorer;
use super::state::{functions, GROUPS, MAX_SHOWN};
use crate::dom::target_checked;

/// Every activation, grouped, each a checkbox.
#[component]
pub(super) fn FunctionList(explorer: Explorer) -> impl IntoView {
    let groups = GROUPS
        .iter()
        .map(|group| {
            let items = functions()
                .filter(|s| s.group == *group)
                .map(|spec| {
                    let id = spec.id;
                    let checked = move || explorer.shown.with(|s| s.contains(&id));
                    let disabled = move || {
                        explorer.shown.with(|s| {
                            let on = s.contains(&id);
                            (on && s.len() == 1) || (!on && s.len() >= MAX_SHOWN)
                        })
                    };
                    let on_change = move |ev: web_sys::Event| {
                        if let Some(on) = target_checked(&ev) {
                            explorer.toggle(id, on);
                        }
                    };
                    view! {
                        <li>
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    name="fn"
                                    value=spec.name
                                    data-testid=format!("fn-toggle-{}", spec.name)
                                    prop:checked=checked
                                    disabled=disabled
                                    on:change=on_change
                                />
                                <span>{spec.display}</span>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="fn-group">
                    <legend>{group.label()}</legend>
                    <ul>{items}</ul>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <nav class="card fn-list" data-testid="fn-list" aria-label="Activation functions">
            <h2>"Functions"</h2>
            <p class="muted small">{format!("Tick up to {MAX_SHOWN} to compare them.")}</p>
            {groups}
        </nav>
    }
}
