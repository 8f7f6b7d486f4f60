//! The Training lab: small multilayer perceptrons trained live, one per chosen activation, on the
//! same data, batches and seed (`nnfunc::train`), so a student can test the lecture's advice side
//! by side.
//!
//! - `state.rs` — the URL state (pure, natively tested); `trainer.rs` — the run as the page knows
//!   it and the controls' actions; `worker.rs` — the page's end of the training worker;
//!   `draw.rs` — the figures' painting, `redraw.rs` — the one effect that draws them,
//!   `export.rs` — their exports; one file per panel (`task_panel`, `network_panel`,
//!   `optimiser_panel`, `run_controls`, `worker_status`) and per figure (`network_figures`,
//!   `loss_table`, `loss_chart`, `dead_chart`); `own_data/` the student's own data set (the own
//!   tasks): the drawing pad, the list (typed, pasted, a CSV file) and its CSV.
//! - Training never blocks the page: it runs in a Web Worker (`crates/trainer`, its own wasm built
//!   for speed) that owns the run (`nnfunc::train::session`). The page sends commands (configure,
//!   play, pause, step, reset, learning rate, until) and, once per animation frame while training,
//!   asks for a report (`nnfunc::train::wire`): the loss histories every time, the figures' data
//!   (curves, decision maps, images) at most every [`trainer::PANEL_EVERY_MS`] and the dead-unit
//!   fractions and data-set losses every [`trainer::NUMBERS_EVERY_MS`]. At most one report is in flight.
//! - One effect redraws (`draw:training`): while training, at the animation frame after a report
//!   arrived (the frame that asks for the next one), the loss curves and at most one of the items
//!   with new data (a network's figure, or the numbers), so no frame pays for all; when paused, at
//!   once and everything. The page's text follows the reports with figure data (10 Hz).
//! - `bench=1` runs the fixed benchmark workload (`nnfunc::train::bench`) in the worker after
//!   mount and shows its steps per second (`cargo xtask bench` reads it).
//!
//! Test ids: `view-training`, `task`, `fn-<name>` (checkboxes), `layers`, `width`, `lr` (slider,
//! `name="lr"`), `lr-number`, `optimizer`, `momentum` (SGD only), `batch`, `seed`, `loss`, `train-toggle`, `train-step`,
//! `train-reset`, `train-steps` (`data-steps`), `train-rate`, `train-status`, `train-slow`,
//! `loss-<name>` (`data-first-loss`, `data-last-loss`, `data-dataset-loss`, `data-dead`,
//! `data-step`), `fig-<i>` (per-network canvases), `fig-target`, `fig-losses`, `fig-dead`,
//! `train-bench` (`data-steps-per-second`), `url-notice`; own data: `own-data`, `own-pad`
//! (a canvas and a figure), `own-class-<k>`, `own-clear`, `own-save`, `own-status`, `own-link`,
//! `own-text`, `own-use`, `own-show`, `own-file`, `own-messages`.

mod dead_chart;
pub mod draw;
mod export;
mod fields;
mod loss_chart;
mod loss_table;
mod network_figures;
mod network_panel;
mod optimiser_panel;
mod own_data;
pub mod pytorch;
pub mod redraw;
mod run_controls;
pub mod state;
mod task_panel;
pub mod trainer;
pub mod worker;
mod worker_status;

use leptos::prelude::*;

use crate::components::Notices;
use crate::theme::use_environment;
use crate::torch::script::live_number;
use crate::url::{self, UrlState};
use crate::views::{Control, Page, ViewSpec};
use dead_chart::DeadChart;
use loss_chart::LossChart;
use loss_table::LossTable;
use network_figures::NetworkFigures;
use network_panel::{ActivationPicker, ArchitectureFields};
use nnfunc::train::wire::Command;
use optimiser_panel::{LearningRate, OptimiserFields};
use own_data::OwnData;
use redraw::Canvases;
use run_controls::RunControls;
use state::TrainingState;
use task_panel::{TaskIntro, TaskPicker};
use trainer::Trainer;
use worker_status::BenchResult;

/// The query key of the benchmark.
const BENCH_KEY: &str = "bench";

crate::views::lazy_mount!(training, TrainingView);
crate::views::lazy_script!(training, pytorch::script);
crate::views::lazy_first_plot!(first_training, async { draw::draw_first_plot() });

/// The training lab in the registry.
pub const SPEC: ViewSpec = ViewSpec {
    key: "training",
    label: "Training lab",
    mount,
    pytorch,
    first_plot: Some(first_plot),
    owns: TrainingState::owns,
    pages: &[Page::new("training", "?view=training", "fig-losses")
        .with_control(Control {
            selector: r#"[data-testid="seed"]"#,
            value: "3",
            key: "seed",
            want: "3",
        })
        .alive("train-steps")],
};

#[component]
pub fn TrainingView() -> impl IntoView {
    let (initial, notices) = url::read::<TrainingState>();
    let bench = url::get(BENCH_KEY).as_deref() == Some("1");
    let state = RwSignal::new(initial);
    // The keys stay when the view goes: navigation pushes a clean `?view=`, and after Back they
    // belong to the restored entry (the explorer's `fn` among them).
    url::sync(move || state.get());
    let trainer = Trainer::start(state, !bench);
    if bench {
        trainer.send(&Command::Bench);
    }
    let environment = use_environment();
    let canvases = Canvases::default();
    export::register(trainer, canvases, environment.dark);
    let draw_error = redraw::redraw(trainer, canvases, environment);

    let summary = trainer.summary();
    let measured = trainer.measured;
    share_measured(state, measured);
    let task = Memo::new(move |_| state.with(|s| s.task));
    let kind = Memo::new(move |_| task.get().kind());
    let names = Memo::new(move |_| {
        state.with(|s| s.functions.iter().map(|p| p.spec.name).collect::<Vec<_>>())
    });
    let (field_error, set_field_error) = signal(None::<String>);

    view! {
        <section class="view view-training" data-testid="view-training" aria-label="Training lab">
            <Notices notices=notices />
            {bench.then(|| view! { <BenchResult trainer=trainer /> })}
            <TaskIntro task=task />
            <div class="train-grid">
                <div class="card train-controls">
                    <RunControls trainer=trainer summary=summary />
                    <TaskPicker state=state task=task />
                    {move || task.get().is_own().then(|| view! { <OwnData state=state /> })}
                    <ActivationPicker state=state names=names />
                    <LearningRate state=state error=set_field_error />
                    <div class="train-fields">
                        <ArchitectureFields state=state error=set_field_error />
                        <OptimiserFields state=state kind=kind error=set_field_error />
                    </div>
                    {move || field_error.get().map(|e| view! { <p class="param-error" role="alert" data-testid="field-error">{e}</p> })}
                    <p class="muted small">
                        "Every network sees the same data, the same minibatches and the same seed; each starts from the initialisation its activation calls for (Kaiming for the ReLU family, Xavier for tanh and sigmoid, SIREN's scheme for sine). The address bar reproduces the run."
                    </p>
                </div>
                <div class="card train-figures">
                    <LossChart state=state task=task summary=summary canvas=canvases.losses />
                    <NetworkFigures task=task summary=summary canvases=canvases />
                    <LossTable summary=summary measured=measured />
                    <DeadChart summary=summary measured=measured canvas=canvases.dead />
                    {move || draw_error.get().map(|e| view! { <p class="chart-message" role="status">{e}</p> })}
                </div>
            </div>
        </section>
    }
}

/// The page's step and each network's loss on the whole data set there, for the PyTorch panel.
fn share_measured(state: RwSignal<TrainingState>, measured: RwSignal<trainer::Measured>) {
    crate::components::pytorch::share_live(move || {
        let numbers = measured.get();
        if numbers.step == 0 {
            return Vec::new();
        }
        let mut values = vec![live_number(pytorch::STEP, numbers.step as f64)];
        state.with(|s| {
            for (params, loss) in s.functions.iter().zip(&numbers.dataset_losses) {
                let key = format!("{}{}", pytorch::LOSS_PREFIX, params.spec.name);
                values.push(live_number(&key, *loss));
            }
        });
        values
    });
}
