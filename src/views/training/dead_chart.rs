//! The fraction of dead hidden units of every network against step (drawn by the lab's redraw).

use leptos::prelude::*;

use super::trainer::{Measured, Summary};

#[component]
pub fn DeadChart(
    summary: Memo<Summary>,
    measured: RwSignal<Measured>,
    canvas: NodeRef<leptos::html::Canvas>,
) -> impl IntoView {
    let label = move || {
        let numbers = measured.get();
        let parts: Vec<String> = summary.with(|s| {
            s.networks
                .iter()
                .zip(&numbers.dead)
                .map(|(n, d)| format!("{} {:.0} %", n.display, d * 100.0))
                .collect()
        });
        format!(
            "Fraction of dead hidden units against step, at step {}: {}.",
            numbers.step,
            parts.join(", ")
        )
    };
    view! {
        <figure class="train-chart">
            <canvas node_ref=canvas class="train-dead" data-testid="fig-dead" role="img" aria-label=label></canvas>
            <figcaption>"Dead units: the fraction of hidden units whose activation has zero gradient on every probe point (a dead ReLU never recovers; Leaky ReLU and PReLU cannot die)."</figcaption>
        </figure>
    }
}
