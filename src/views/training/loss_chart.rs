//! Every network's training loss against step, on a log scale (drawn by the lab's redraw).

use leptos::prelude::*;

use nnfunc::train::Task;

use super::state::TrainingState;
use super::trainer::{loss_text, Summary};

#[component]
pub fn LossChart(
    state: RwSignal<TrainingState>,
    task: Memo<Task>,
    summary: Memo<Summary>,
    canvas: NodeRef<leptos::html::Canvas>,
) -> impl IntoView {
    let label = move || {
        let Summary { steps, networks } = summary.get();
        let parts: Vec<String> = networks
            .iter()
            .map(|n| format!("{} {}", n.display, loss_text(n.last_loss)))
            .collect();
        format!(
            "Training loss against step (log scale) on {} after {steps} steps: {}.",
            task.get().label(),
            parts.join(", ")
        )
    };
    view! {
        <figure class="train-chart">
            <canvas node_ref=canvas class="train-losses" data-testid="fig-losses" role="img" aria-label=label></canvas>
            <figcaption>{move || format!("Loss ({}) of every network against step, log scale.", state.with(|s| s.loss.label()))}</figcaption>
        </figure>
    }
}
