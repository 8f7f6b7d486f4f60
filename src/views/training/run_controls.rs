//! The run's buttons (Train/Pause, Step, Reset), its step counter and speed, and the worker's
//! status under them.

use leptos::prelude::*;

use super::trainer::{Summary, Trainer};
use super::worker_status::WorkerStatus;

#[component]
pub fn RunControls(trainer: Trainer, summary: Memo<Summary>) -> impl IntoView {
    let running = trainer.running;
    let steps = Memo::new(move |_| summary.with(|s| s.steps));
    let on_toggle = move |_| {
        if running.get_untracked() {
            trainer.pause();
        } else {
            trainer.play();
        }
    };
    let rate = move || match trainer.rate.get() {
        Some(r) if running.get() => format!("{r:.0} steps/s"),
        _ => "paused".to_string(),
    };
    view! {
        <h2>"Run"</h2>
        <div class="train-buttons">
            <button type="button" data-testid="train-toggle" on:click=on_toggle>
                {move || if running.get() { "Pause" } else { "Train" }}
            </button>
            <button type="button" data-testid="train-step" on:click=move |_| trainer.step_once()>"Step"</button>
            <button type="button" data-testid="train-reset" on:click=move |_| trainer.reset()>"Reset"</button>
        </div>
        <p class="train-counter" aria-live="off">
            "Step " <output data-testid="train-steps" data-steps=move || steps.get().to_string()>{move || steps.get().to_string()}</output>
            " · " <output data-testid="train-rate">{rate}</output>
        </p>
        <WorkerStatus trainer=trainer />
    }
}
