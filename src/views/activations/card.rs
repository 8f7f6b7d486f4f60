//! The card of one shown function: its PyTorch call with the current parameters, the parameter
//! controls, what its parameters do (softplus, SELU, GELU, sine: `detail`), the formula, the
//! lecture's notes and a properties table computed from the math (`properties`).

use leptos::prelude::*;
use nnfunc::Params;

use super::detail::{Detail, SaturationSummary};
use super::explorer::Explorer;
use super::properties::PropertiesTable;
use super::slot::Slot;
use super::state::elementwise;
use crate::components::ParamControl;
use crate::theme::use_environment;
use crate::torch::torch_call;
use crate::views::after_first_frame;

/// The whole-call check for parameter controls: what `Activation::from_params` refuses.
fn pytorch_accepts(params: &Params) -> Result<(), String> {
    elementwise(params).map(|_| ())
}

crate::views::lazy_part!(
    later_activations,
    /// What the function's parameters do and where it saturates: below the plot, from the frame
    /// after its first draw.
    fn detail(explorer: Explorer, entry: Slot) {
        view! {
            <Detail explorer=explorer entry=entry />
            <SaturationSummary explorer=explorer entry=entry />
        }
        .into_any()
    }
);
crate::views::lazy_part!(
    later_activations,
    /// The properties table, computed from the math: from the frame after the plot's first draw.
    fn properties(entry: Slot) {
        view! { <PropertiesTable entry=entry /> }.into_any()
    }
);

#[component]
pub(super) fn FunctionCard(explorer: Explorer, entry: Slot) -> impl IntoView {
    let environment = use_environment();
    let spec = entry.spec;
    let name = spec.name;
    let color = move || explorer.color(spec.id, environment.dark.get());
    let call = move || entry.params.with(torch_call);
    let controls = if spec.params.is_empty() {
        view! { <p class="muted">"No parameters."</p> }.into_any()
    } else {
        spec.params
            .iter()
            .map(|param| {
                view! { <ParamControl param=param params=entry.params check=pytorch_accepts /> }
            })
            .collect_view()
            .into_any()
    };
    let only_one = move || explorer.shown.with(|s| s.len() <= 1);

    view! {
        <article class="card fn-card" data-testid=format!("fn-card-{name}") aria-labelledby=format!("fn-title-{name}")>
            <header class="fn-card-head">
                <span class="swatch swatch-thick" style:border-top-color=color aria-hidden="true"></span>
                <h2 id=format!("fn-title-{name}")>{spec.display}</h2>
                <button
                    type="button"
                    class="link-button"
                    data-testid=format!("fn-remove-{name}")
                    aria-label=format!("Remove {} from the plot", spec.display)
                    disabled=only_one
                    on:click=move |_| explorer.toggle(spec.id, false)
                >
                    "remove"
                </button>
            </header>
            <p class="torch">
                <code data-testid=format!("torch-{name}")>{call}</code>
            </p>
            <fieldset class="params">
                <legend>"Parameters"</legend>
                {controls}
            </fieldset>
            {after_first_frame(move || detail(explorer, entry))}
            // The catalogue's formula is a trusted, static MathML fragment (never URL text).
            <math display="block" class="formula" data-testid=format!("formula-{name}") inner_html=spec.formula></math>
            {after_first_frame(move || properties(entry))}
            <ul class="notes" data-testid=format!("notes-{name}")>
                {spec.notes.iter().map(|note| view! { <li>{*note}</li> }).collect_view()}
            </ul>
        </article>
    }
}
