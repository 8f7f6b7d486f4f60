//! "Why the choice matters": pre-activations drawn from N(μ, σ) pushed through the shown activations,
//! with histograms of the outputs, the fractions of dead and saturated units and the gradient product
//! through L layers (vanishing and exploding gradients). The math lives in `nnfunc::gradient_flow`.
//!
//! Mount it with the functions to compare:
//! `<GradientFlow functions=Signal::derive(move || vec![FlowFunction { .. }, ..]) />`. Its settings
//! ([`state`]) live in the address bar under `flow.*`, read at mount and kept there by `url::sync`.
//! The pieces: `controls`, `histogram`, `table`, `product_chart`.

mod controls;
mod histogram;
mod product_chart;
pub mod state;
mod table;

use leptos::prelude::*;
use nnfunc::activation::Elementwise;
use nnfunc::gradient_flow::{analyse, sample_normal, FlowStats, DEFAULT_BINS, DEFAULT_SAMPLES};

use crate::chart::format::thousands;
use crate::components::Notices;
use crate::url;
use controls::FlowControls;
use histogram::FlowHistograms;
use product_chart::ProductChart;
pub use state::{FlowSettings, Setting};
use table::FlowTable;

/// One activation to compare: its label (also in test ids: `flow-row-<label>`), the function with its
/// parameters, and its series colour.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowFunction {
    pub label: String,
    pub activation: Elementwise,
    pub color: (u8, u8, u8),
}

/// The table rows: each function with its statistics for the current settings.
type FlowRows = Vec<(FlowFunction, FlowStats)>;

#[component]
pub fn GradientFlow(#[prop(into)] functions: Signal<Vec<FlowFunction>>) -> impl IntoView {
    let (initial, notices) = url::read::<FlowSettings>();
    let settings = RwSignal::new(initial);
    url::sync(move || settings.get());

    // The samples follow μ, σ and the seed only; the statistics also follow L and the functions.
    let draw = Memo::new(move |_| settings.with(|s| (s.mean, s.std_dev, s.seed)));
    let layers = Memo::new(move |_| settings.with(|s| s.layers));
    let samples = Memo::new(move |_| {
        let (mean, std_dev, seed) = draw.get();
        sample_normal(mean, std_dev, seed, DEFAULT_SAMPLES).map_err(|e| e.to_string())
    });
    let rows = Memo::new(move |_| -> Result<FlowRows, String> {
        let depth = layers.get();
        samples.with(|samples| {
            let samples = samples.as_ref().map_err(Clone::clone)?;
            Ok(functions.with(|fs| {
                fs.iter()
                    .map(|f| {
                        let stats = analyse(&f.activation, samples, depth, DEFAULT_BINS);
                        (f.clone(), stats)
                    })
                    .collect()
            }))
        })
    });

    view! {
        <section class="card gradient-flow" data-testid="gradient-flow" aria-labelledby="flow-heading">
            <h2 id="flow-heading">"Why the choice matters"</h2>
            <p class="flow-intro">
                {format!("{} pre-activations x are drawn from N(μ, σ) and pushed through each function. ", thousands(DEFAULT_SAMPLES))}
                "A unit whose gradient f′(x) is exactly 0 is dead: nothing flows back through it (the dying ReLU). "
                "Through L layers the gradient is multiplied by one f′ per layer. "
                "A simple model: independent pre-activations per layer, weights ignored. "
                "Then the expected magnitude of that product is exactly (E|f′(x)|)" <sup>"L"</sup>
                ": below 1 per layer it vanishes with depth, above 1 it explodes."
            </p>
            <Notices notices=notices test_id="flow-url-notice" />
            <FlowControls settings=settings />
            <h3>"Outputs f(x) of one layer"</h3>
            <FlowHistograms functions=functions rows=rows />
            <FlowTable rows=rows layers=layers />
            <ProductChart functions=functions settings=settings rows=rows layers=layers />
        </section>
    }
}
