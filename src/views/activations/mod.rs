//! The Activation explorer: every elementwise activation of the catalogue, several overlaid, with
//! f and f′, zoom and pan, a crosshair read-out, parameters, formulas, notes and properties, and
//! below them the gradient-flow panel ("why the choice matters").
//!
//! State lives in a few signals ([`explorer::Explorer`]): the shown functions, one
//! `RwSignal<Params>` per function ([`slot`]), the toggles and the x range. Each function has its own
//! memos, so moving `elu.alpha` resamples ELU only; the plot memo assembles finished curves and the
//! canvas redraw is the only per-frame cost. The crosshair lives on an overlay canvas and never
//! resamples. The URL is a projection of the state ([`state::ActivationState`], a
//! [`UrlState`](crate::url::UrlState)): read once at mount, kept in step by `url::sync`.
//!
//! The pieces: `function_list` (the checkboxes), `plot` (the plot card: `toolbar`, the plot,
//! `legend`, `readout`), `card` (one card per shown function: `detail`, `properties`),
//! `gradient_flow` (the panel, with its own `flow.*` state), `glu` (GLU's own small panel: it is
//! not element-wise).
//!
//! Stable `data-testid`s (the e2e suite and the benchmark use them):
//! - `view-activations` — the view; `url-notice` — what the address bar asked for that could not be
//!   used (present only then);
//! - `fn-list` — the function list; `fn-toggle-<fn>` — its checkboxes (e.g. `fn-toggle-elu`);
//! - `plot-main` — the plot canvas; `plot-main-overlay` — the crosshair canvas above it, which takes
//!   pointer, wheel and key input;
//! - `deriv-toggle`, `sat-toggle` — checkboxes; `reset-view` — back to x ∈ [−5, 5]; `x-range` — text;
//! - `legend` — one `legend-<fn>` row per shown function;
//! - `readout` — the crosshair read-out; one `readout-<fn>` row per shown function with text
//!   `x = …`, `f(x) = …`, `f′(x) = …` (6 significant digits, ASCII minus) and the exact values in
//!   `data-x`, `data-fx`, `data-dfx`;
//! - `fn-card-<fn>` — the card of a shown function: `torch-<fn>` (the PyTorch call),
//!   `fn-remove-<fn>`, per parameter `<fn>.<param>-number`, `<fn>.<param>-reset`,
//!   `<fn>.<param>-error` (only while a value is refused) and a slider `name="<fn>.<param>"`;
//!   `formula-<fn>`, `notes-<fn>`, `properties-<fn>` (the table), `detail-<fn>` (softplus, selu,
//!   gelu, sine), `gelu-compare` (checkbox), `gelu-max-diff`, `saturation-<fn>`;
//! - `glu-panel` — GLU's panel: `glu-a`, `glu-b` (inputs), `glu-output`, `glu-grad-a`, `glu-grad-b`.
//!
//! Redraws of `plot-main` are timed as `performance.measure("draw:activation")`.

mod card;
mod detail;
mod explorer;
mod first;
mod function_list;
mod glu;
pub mod gradient_flow;
mod legend;
mod plot;
mod properties;
pub mod pytorch;
mod readout;
mod slot;
pub mod state;
mod toolbar;

use leptos::prelude::*;

use card::FunctionCard;
use explorer::Explorer;
use function_list::FunctionList;
use gradient_flow::{FlowFunction, FlowSettings, GradientFlow};
use plot::PlotCard;
use state::ActivationState;

use crate::components::Notices;
use crate::theme::use_environment;
use crate::url::{self, Notice, UrlState};
use crate::views::{after_first_frame, Control, Page, ViewSpec};

crate::views::lazy_mount!(activations, ActivationsView);
crate::views::lazy_script!(activations, pytorch::script);
crate::views::lazy_first_plot!(first_activations, async { first::draw_first_plot() });
crate::views::lazy_part!(
    later_activations,
    /// The panels below the plot: GLU's, and the gradient-flow panel (with the address bar only:
    /// it keeps its own state there), in a chunk fetched once the plot is drawn.
    fn below_the_plot(functions: Option<RwSignal<Vec<FlowFunction>>>) {
        view! {
            <glu::GluPanel />
            {functions.map(|functions| view! { <GradientFlow functions=functions /> })}
        }
        .into_any()
    }
);

/// The activation explorer in the registry.
pub const SPEC: ViewSpec = ViewSpec {
    key: "activations",
    label: "Activations",
    mount,
    pytorch,
    first_plot: Some(first_plot),
    owns: |key| ActivationState::owns(key) || FlowSettings::owns(key),
    pages: &[
        Page::new("activations", "?view=activations&fn=elu", "plot-main").with_control(Control {
            selector: r#"input[name="elu.alpha"]"#,
            value: "0.5",
            key: "elu.alpha",
            want: "0.5",
        }),
    ],
};

/// The view as the app shows it: state from the address bar, written back as it changes.
#[component]
pub fn ActivationsView() -> impl IntoView {
    let (initial, notices) = url::read::<ActivationState>();
    view! { <ActivationExplorer initial=initial notices=notices sync_url=true /> }
}

/// The explorer for a given state (mounted alone in browser tests, with `sync_url` off: then
/// without the gradient-flow panel, which keeps its own state in the address bar).
#[component]
pub fn ActivationExplorer(
    initial: ActivationState,
    #[prop(optional)] notices: Vec<Notice>,
    /// Project the state into the address bar.
    #[prop(optional)]
    sync_url: bool,
) -> impl IntoView {
    let explorer = Explorer::new(&initial);
    let functions = sync_url.then(|| {
        url::sync(move || explorer.snapshot());
        crate::components::pytorch::share_live(move || {
            let crosshair = explorer.probe.get();
            crosshair
                .map(|x| vec![(pytorch::CROSSHAIR.to_string(), url::format_number(x))])
                .unwrap_or_default()
        });
        explorer.flow_functions(use_environment().dark)
    });
    view! {
        <section class="view view-activations" data-testid="view-activations" aria-label="Activation explorer">
            <Notices notices=notices />
            <div class="explorer-grid">
                <FunctionList explorer=explorer />
                <PlotCard explorer=explorer />
                <div class="fn-cards">
                    <For each=move || explorer.shown.get() key=|id| *id let:id>
                        {explorer.slot(id).map(|slot| view! { <FunctionCard explorer=explorer entry=slot /> })}
                    </For>
                </div>
            </div>
            {after_first_frame(move || below_the_plot(functions))}
        </section>
    }
}
