//! What the training worker says about itself: why it cannot train or why the run stopped, a
//! warning when one step is slow, and the benchmark's result (`bench=1`).

use leptos::prelude::*;

use nnfunc::train::bench::STEPS;
use nnfunc::train::session::BENCH_ROUNDS;

use super::trainer::Trainer;

/// The status line and the slow-step warning (nothing while all is well).
#[component]
pub fn WorkerStatus(trainer: Trainer) -> impl IntoView {
    view! {
        {move || trainer.status.get().map(|s| view! { <p class="notice" role="status" data-testid="train-status">{s}</p> })}
        {move || trainer.slow_step.get().map(|ms| view! {
            <p class="notice" role="status" data-testid="train-slow">
                {format!(
                    "One training step of this configuration takes about {ms} ms here, longer than two frames: \
                     it trains in the background, so the page stays responsive, but it learns slowly, \
                     and Pause or Step waits for the step in progress. \
                     A smaller width, depth or batch, or fewer networks, train faster."
                )}
            </p>
        })}
    }
}

/// The benchmark's progress, then its steps per second (the best round).
#[component]
pub fn BenchResult(trainer: Trainer) -> impl IntoView {
    let rounds = trainer.bench;
    let best = move || {
        rounds.with(|r| (r.len() >= BENCH_ROUNDS).then(|| r.iter().copied().fold(0.0, f64::max)))
    };
    view! {
        <p class="notice" role="status" data-testid="train-bench"
            data-rounds=move || rounds.with(|r| r.iter().map(|v| format!("{v:.1}")).collect::<Vec<_>>().join(","))
            data-steps-per-second=move || best().map(|b| b.to_string())>
            {move || match best() {
                None => format!("Benchmark running ({} of {BENCH_ROUNDS} rounds done)…", rounds.with(Vec::len)),
                Some(best) => format!(
                    "Benchmark: {best:.0} steps/s (best of {BENCH_ROUNDS} fresh runs of {STEPS} steps: 2×64 ReLU MLP, Adam, batch 256, spirals)."
                ),
            }}
        </p>
    }
}
