//! The Softmax view: 2–8 logits (drag the bars, use the arrow keys or type), a temperature τ, and
//! softmax, softmin and log_softmax of x/τ as PyTorch computes them, with their sums; plus softmax
//! output i against logit i with the other logits fixed.
//!
//! `state` is what the address bar holds, `model` the math and names; each card of the page is a
//! file (`logits` with `temperature`, `bars` with `table`, `curve`, `formulas`), and `figures`
//! draws and exports the two charts.

mod bars;
mod curve;
mod figures;
mod formulas;
mod logits;
pub mod model;
pub mod pytorch;
pub mod state;
mod table;
mod temperature;

use crate::effect::effect;
use leptos::prelude::*;

use crate::components::Notices;
use crate::url;
use crate::views::{Control, Page, ViewSpec};
use bars::OutputsPanel;
use curve::CurvePanel;
use formulas::Formulas;
use logits::LogitEditor;
use model::{outputs, Outputs};
use state::SoftmaxState;
use url::UrlState;

crate::views::lazy_mount!(softmax, SoftmaxView);
crate::views::lazy_script!(softmax, pytorch::script);
crate::views::lazy_first_plot!(first_softmax, async { figures::draw_first_plot() });

/// The softmax view in the registry.
pub const SPEC: ViewSpec = ViewSpec {
    key: "softmax",
    label: "Softmax",
    mount,
    pytorch,
    first_plot: Some(first_plot),
    owns: SoftmaxState::owns,
    pages: &[
        Page::new("softmax", "?view=softmax", "softmax-bars").with_control(Control {
            selector: r#"[data-testid="tau-number"]"#,
            value: "0.5",
            key: "tau",
            want: "0.5",
        }),
    ],
};

/// The view's state as signals (one per part, so a bar's drag does not touch τ's controls), and
/// what is derived from it.
#[derive(Clone, Copy)]
struct Live {
    logits: RwSignal<Vec<f64>>,
    tau: RwSignal<f64>,
    index: RwSignal<usize>,
    count: Memo<usize>,
    /// The three functions of x/τ, or why they could not be computed.
    results: Memo<Result<Outputs, String>>,
}

impl Live {
    fn new(initial: SoftmaxState) -> Live {
        let logits = RwSignal::new(initial.logits);
        let tau = RwSignal::new(initial.tau);
        Live {
            logits,
            tau,
            index: RwSignal::new(initial.index),
            count: Memo::new(move |_| logits.with(Vec::len)),
            results: Memo::new(move |_| {
                let t = tau.get();
                logits.with(|l| outputs(l, t))
            }),
        }
    }

    /// The state now, tracked.
    fn snapshot(&self) -> SoftmaxState {
        SoftmaxState {
            logits: self.logits.get(),
            tau: self.tau.get(),
            index: self.index.get(),
        }
    }

    /// The state now, untracked; `None` once the view is gone.
    fn try_snapshot(&self) -> Option<SoftmaxState> {
        Some(SoftmaxState {
            logits: self.logits.try_get_untracked()?,
            tau: self.tau.try_get_untracked()?,
            index: self.index.try_get_untracked()?,
        })
    }
}

#[component]
pub fn SoftmaxView() -> impl IntoView {
    let (initial, notices) = url::read::<SoftmaxState>();
    let live = Live::new(initial);
    url::sync(move || live.snapshot());

    // Keep the chosen output valid when logits are removed.
    effect(move || {
        let n = live.count.get();
        if live.index.get_untracked() >= n {
            live.index.set(n.saturating_sub(1));
        }
    });

    let bars_ref = NodeRef::<leptos::html::Canvas>::new();
    let curve_ref = NodeRef::<leptos::html::Canvas>::new();
    let draw_error = figures::draw(live, bars_ref, curve_ref);

    view! {
        <section class="view view-softmax" data-testid="view-softmax" aria-label="Softmax">
            <Notices notices=notices />
            <div class="softmax-grid">
                <LogitEditor live=live />
                <OutputsPanel live=live canvas=bars_ref />
                <CurvePanel live=live canvas=curve_ref draw_error=draw_error />
                <Formulas />
            </div>
        </section>
    }
}
