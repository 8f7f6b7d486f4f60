//! The plot's legend: one row per shown function, its colour and, when shown, the dashed f′.

use leptos::prelude::*;

use super::explorer::Explorer;
use crate::theme::use_environment;

/// Which colour is which function.
#[component]
pub(super) fn Legend(explorer: Explorer) -> impl IntoView {
    let environment = use_environment();
    let rows = move || {
        let dark = environment.dark.get();
        let deriv = explorer.show_derivative.get();
        explorer
            .shown_slots()
            .into_iter()
            .map(|slot| {
                let color = explorer.color(slot.spec.id, dark);
                let derivative = deriv.then(|| {
                    view! {
                        <span class="swatch swatch-dashed" style:border-top-color=color.clone() aria-hidden="true"></span>
                        <span>"f′"</span>
                    }
                });
                view! {
                    <li data-testid=format!("legend-{}", slot.spec.name)>
                        <span class="swatch" style:border-top-color=color.clone() aria-hidden="true"></span>
                        <span>{slot.spec.display}</span>
                        {derivative}
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul class="legend" data-testid="legend" aria-label="Legend">{rows}</ul> }
}
