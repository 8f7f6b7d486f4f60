//! The Training lab: small multilayer perceptrons trained live, one per chosen activation, on the
//! same data, batches and seed (`nnfunc::train`), so a student can test the lecture's advice side
//! by side.
//!
//! - `state.rs` — the URL state (pure, natively tested); `draw.rs` — the figures; `worker.rs` —
//!   the page's end of the training worker.
//! - Training never blocks the page: it runs in a Web Worker (`crates/trainer`, its own wasm built
//!   for speed) that owns the run (`nnfunc::train::session`). The page sends commands (configure,
//!   play, pause, step, reset, learning rate, until) and, once per animation frame while training,
//!   asks for a report (`nnfunc::train::wire`): the loss histories every time, the figures' data
//!   (curves, decision maps, images) at most every [`PANEL_EVERY_MS`] and the dead-unit fractions
//!   and data-set losses every [`NUMBERS_EVERY_MS`]. At most one report is in flight.
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
//! `train-bench` (`data-steps-per-second`), `url-notice`.

pub mod draw;
pub mod state;
pub mod worker;

use leptos::prelude::*;

use crate::views::{Control, Page, ViewSpec};
use nnfunc::train::bench::STEPS;
use nnfunc::train::data::{curve_inputs, grid_inputs};
use nnfunc::train::session::{BENCH_ROUNDS, CURVE_POINTS, IMAGE_SIDE, MAP_SIDE};
use nnfunc::train::wire::{Command, Numbers, Report, Stop};
use nnfunc::train::{
    Dataset, DecisionMap, HiddenActivation, LabConfig, LossKind, Optimizer, Task, TaskKind,
    MAX_NETWORKS,
};
use nnfunc::Params;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use std::time::Duration;

use crate::chart::export::{
    canvas_css_size, chart_theme, register_figure, Csv, Figure, RasterSink,
};
use crate::chart::series_color;
use crate::components::ParamControl;
use crate::dom::{target_checked, target_value};
use crate::perf::measured;
use crate::theme::{use_environment, ChartTheme};
use crate::url::format_number;
use crate::url::{self, HistoryEntry};
use state::{is_trainable, parse_learning_rate, TrainingState};
use worker::Client;

/// The name of the performance measure around each redraw.
pub const DRAW_MEASURE: &str = "draw:training";
/// A training step estimated to take longer than this (two frames) gets a notice in the page:
/// training then crawls, and Pause or Step waits for the step in progress.
const SLOW_STEP_MS: f64 = 33.0;
/// While training, the figures' data is asked for at most this often…
pub const PANEL_EVERY_MS: f64 = 100.0;
/// …and the dead units and data-set losses (a pass over the whole data set) this often.
pub const NUMBERS_EVERY_MS: f64 = 500.0;
/// The index of the numbers among the drawn items (after the networks' figures).
const NUMBERS: usize = MAX_NETWORKS;
/// A dead-unit history keeps at most this many points (halved when full).
const MAX_DEAD_POINTS: usize = 400;
/// The query key of the benchmark.
const BENCH_KEY: &str = "bench";
/// Learning-rate slider: log10 of the rate.
const LR_SLIDER: (f64, f64, f64) = (-4.0, 1.0, 0.05);

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The figures' numbers, refreshed with the per-network figures.
#[derive(Debug, Clone, Default, PartialEq)]
struct Measured {
    step: u64,
    dataset_losses: Vec<f64>,
    dead: Vec<f64>,
}

/// The run as the page knows it: its configuration, its data set (generated here too, for the
/// points and the target image: it depends only on the task and the seed), the latest report and
/// the latest figure data.
struct Run {
    config: LabConfig,
    dataset: Dataset,
    report: Report,
    figures: Vec<Vec<f64>>,
}

impl Run {
    /// Each network's loss history.
    fn histories(&self) -> impl Iterator<Item = &[(u64, f64)]> {
        self.report.networks.iter().map(|n| n.history.as_slice())
    }
}

/// The page's side of the training: the worker's client, what it reported, and the controls'
/// actions. Shared by the controls, the frame loop and the drawing effect.
#[derive(Clone, Copy)]
struct Trainer {
    state: RwSignal<TrainingState>,
    client: StoredValue<Option<Client>, LocalStorage>,
    run: StoredValue<Option<Run>, LocalStorage>,
    /// Tags the current run's configuration; reports about older ones are dropped.
    generation: StoredValue<u64>,
    running: RwSignal<bool>,
    /// Bumped whenever a report arrived (or the run was rebuilt): the canvases redraw.
    tick: RwSignal<u64>,
    /// Bumped with the reports that carry figure data (at most every [`PANEL_EVERY_MS`] while
    /// training, and every report when paused): the page's text (step counter, table, captions,
    /// plot descriptions) follows at that pace, so the DOM is not rebuilt every frame.
    shown: RwSignal<u64>,
    /// Identifies the current frame loop: a new one (play) ends the old one.
    frame_loop: StoredValue<u64>,
    /// A report arrived while training and waits for the next animation frame to be drawn (with
    /// the page's text too if `Some(true)`).
    fresh: StoredValue<Option<bool>>,
    /// A report was asked for and has not arrived yet (at most one is in flight).
    waiting: StoredValue<bool>,
    /// When the figures' data and the data-set numbers were last asked for.
    asked: StoredValue<(f64, f64)>,
    rate: RwSignal<Option<f64>>,
    /// Per network, (step, dead fraction) samples.
    dead: StoredValue<Vec<Vec<(u64, f64)>>>,
    measured: RwSignal<Measured>,
    /// Items (network figures, [`NUMBERS`]) with new data, not drawn yet.
    pending: StoredValue<Vec<usize>>,
    status: RwSignal<Option<String>>,
    /// Why the worker cannot train (it failed to start or stopped): kept in the status line.
    broken: StoredValue<Option<String>>,
    /// Milliseconds one step takes, when over [`SLOW_STEP_MS`] (rounded to 10 ms).
    slow_step: RwSignal<Option<f64>>,
    bench: RwSignal<Vec<f64>>,
}

impl Trainer {
    fn new(state: RwSignal<TrainingState>, running: bool) -> Trainer {
        Trainer {
            state,
            client: StoredValue::new_local(None),
            run: StoredValue::new_local(None),
            generation: StoredValue::new(0),
            running: RwSignal::new(running),
            tick: RwSignal::new(0),
            shown: RwSignal::new(0),
            frame_loop: StoredValue::new(0),
            fresh: StoredValue::new(None),
            waiting: StoredValue::new(false),
            asked: StoredValue::new((f64::NEG_INFINITY, f64::NEG_INFINITY)),
            rate: RwSignal::new(None),
            dead: StoredValue::new(Vec::new()),
            measured: RwSignal::new(Measured::default()),
            pending: StoredValue::new(Vec::new()),
            status: RwSignal::new(None),
            broken: StoredValue::new(None),
            slow_step: RwSignal::new(None),
            bench: RwSignal::new(Vec::new()),
        }
    }

    /// Start the worker (once, at mount).
    fn connect(self) {
        let client = Client::start(
            move |report| self.on_report(report),
            move |message| {
                self.break_down(format!(
                    "The training worker stopped or could not start: {message}. Training needs a browser with Web Workers and WebAssembly; reload the page to try again."
                ));
            },
        );
        match client {
            Ok(client) => self.client.set_value(Some(client)),
            Err(e) => self.break_down(format!(
                "The training worker could not start: {e}. Training needs a browser with Web Workers and WebAssembly."
            )),
        }
    }

    /// The worker cannot train: say why, for good (a rebuild or a button keeps the message).
    fn break_down(&self, message: String) {
        let _ = self.running.try_set(false);
        let _ = self.broken.try_set_value(Some(message.clone()));
        let _ = self.status.try_set(Some(message));
    }

    /// Clear the status line, except for a worker that cannot train.
    fn clear_status(&self) {
        self.status.set(self.broken.get_value());
    }

    fn send(&self, command: &Command) {
        self.client.try_with_value(|c| {
            if let Some(c) = c {
                c.send(command);
            }
        });
    }

    fn steps(&self) -> u64 {
        self.run
            .try_with_value(|r| r.as_ref().map_or(0, |r| r.report.steps))
            .unwrap_or(0)
    }

    /// The canvases redraw; with `text`, the page's text too.
    fn changed(&self, text: bool) {
        self.tick.update(|t| *t = t.wrapping_add(1));
        if text {
            self.shown.update(|t| *t = t.wrapping_add(1));
        }
    }

    /// A fresh run for the current state (the learning rate included).
    fn rebuild(&self) {
        let config = self.state.with_untracked(TrainingState::config);
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        self.waiting.set_value(false);
        match config.validate() {
            Ok(()) => {
                self.clear_status();
                self.run.set_value(Some(Run {
                    dataset: Dataset::generate(config.task, config.seed),
                    config: config.clone(),
                    report: Report::default(),
                    figures: Vec::new(),
                }));
                self.send(&Command::Configure { generation, config });
            }
            Err(e) => {
                self.run.set_value(None);
                self.status
                    .set(Some(format!("Cannot train this configuration: {e}.")));
            }
        }
        self.after_restart();
    }

    fn reset(&self) {
        self.clear_status();
        self.send(&Command::Reset);
        self.after_restart();
    }

    fn after_restart(&self) {
        self.dead.set_value(Vec::new());
        self.measured.set(Measured::default());
        self.rate.set(None);
        self.changed(true);
        if self.running.get_untracked() {
            self.play();
        }
    }

    /// Train from here: until the `until` step if it is still ahead, else until paused.
    fn play(&self) {
        if self.run.with_value(Option::is_none) || self.broken.with_value(Option::is_some) {
            self.running.set(false);
            return;
        }
        let steps = self.steps();
        let until = self.state.with_untracked(|s| s.until);
        self.send(&Command::Until(until.filter(|&u| steps < u)));
        self.send(&Command::Play);
        self.clear_status();
        self.running.set(true);
        let id = self.frame_loop.get_value().wrapping_add(1);
        self.frame_loop.set_value(id);
        let trainer = *self;
        request_animation_frame(move || trainer.frame(id));
    }

    fn pause(&self) {
        self.running.set(false);
        self.rate.set(None);
        self.send(&Command::Pause);
    }

    fn step_once(&self) {
        self.running.set(false);
        self.rate.set(None);
        self.send(&Command::Step);
    }

    /// Warn (or stop warning) when one step takes `ms`, more than [`SLOW_STEP_MS`].
    fn note_step_time(&self, ms: f64) {
        let slow = (ms.is_finite() && ms > SLOW_STEP_MS).then(|| (ms / 10.0).round() * 10.0);
        if self.slow_step.get_untracked() != slow {
            self.slow_step.set(slow);
        }
    }

    /// One animation frame while training: ask for a report unless one is on its way (with the
    /// figures' data every [`PANEL_EVERY_MS`] and the numbers every [`NUMBERS_EVERY_MS`]).
    fn frame(self, id: u64) {
        // A disposed view (unmounted) or a newer loop ends this one.
        if self.frame_loop.try_get_value() != Some(id)
            || !self.running.try_get_untracked().unwrap_or(false)
        {
            return;
        }
        // The report that arrived since the last frame is drawn now, in step with the display.
        if let Some(text) = self.fresh.get_value() {
            self.fresh.set_value(None);
            self.changed(text);
        }
        if !self.waiting.get_value() {
            let t = now();
            let (figures_at, numbers_at) = self.asked.get_value();
            let figures = t - figures_at >= PANEL_EVERY_MS;
            let numbers = t - numbers_at >= NUMBERS_EVERY_MS;
            self.asked.set_value((
                if figures { t } else { figures_at },
                if numbers { t } else { numbers_at },
            ));
            self.waiting.set_value(true);
            self.send(&Command::Report { figures, numbers });
        }
        request_animation_frame(move || self.frame(id));
    }

    /// A report from the worker: keep it, note what is new to draw, and follow its pauses.
    fn on_report(self, report: Report) {
        if self.generation.try_get_value().is_none() {
            return; // the view is gone
        }
        self.waiting.set_value(false);
        if !report.bench.is_empty() {
            self.bench.set(report.bench.clone());
        }
        if report.generation != self.generation.get_value() {
            return;
        }
        let count = report.networks.len();
        let text = report.figures.is_some() || !report.running;
        let mut fresh = self.pending.get_value();
        if report.figures.is_some() {
            fresh.extend(0..count);
        }
        if let Some(numbers) = &report.numbers {
            self.record_numbers(report.steps, numbers);
            fresh.push(NUMBERS);
        }
        fresh.sort_unstable();
        fresh.dedup();
        self.pending.set_value(fresh);
        if report.has_run {
            self.note_step_time(report.step_ms);
        }
        if self.running.get_untracked() {
            if report.rate.is_some() && self.rate.get_untracked() != report.rate {
                self.rate.set(report.rate);
            }
            match report.stop {
                Some(Stop::Diverged) => {
                    self.running.set(false);
                    self.status.set(Some(
                        "Every network diverged (its loss stopped being a finite number): lower the learning rate and reset."
                            .to_string(),
                    ));
                }
                Some(Stop::Until(until)) => {
                    self.running.set(false);
                    self.status.set(Some(format!(
                        "Paused at step {until} (until={until} in the address bar)."
                    )));
                }
                None => {}
            }
        }
        self.run.update_value(|run| {
            if let Some(run) = run {
                if let Some(figures) = report.figures.clone() {
                    run.figures = figures;
                }
                run.report = report;
            }
        });
        if self.running.get_untracked() {
            // Drawn by the next animation frame (see `frame`).
            let text = text || self.fresh.get_value().unwrap_or(false);
            self.fresh.set_value(Some(text));
        } else {
            self.fresh.set_value(None);
            self.changed(text);
        }
    }

    /// Dead-unit fractions into their history, and the table's numbers.
    fn record_numbers(&self, step: u64, numbers: &Numbers) {
        let mut history = self.dead.get_value();
        if history.len() != numbers.dead.len() {
            history = vec![Vec::new(); numbers.dead.len()];
        }
        for (h, f) in history.iter_mut().zip(&numbers.dead) {
            if h.last().map(|p| p.0) != Some(step) {
                h.push((step, *f));
            }
            if h.len() > MAX_DEAD_POINTS {
                *h = h.iter().step_by(2).copied().collect();
            }
        }
        self.dead.set_value(history);
        self.measured.set(Measured {
            step,
            dataset_losses: numbers.dataset_losses.clone(),
            dead: numbers.dead.clone(),
        });
    }
}

/// What the page says about the networks every frame (cheap: from the loss histories).
#[derive(Debug, Clone, PartialEq)]
struct NetworkSummary {
    name: &'static str,
    display: &'static str,
    first_loss: Option<f64>,
    last_loss: Option<f64>,
    batch_loss: Option<f64>,
    diverged_at: Option<u64>,
}

fn summaries(run: &Run) -> Vec<NetworkSummary> {
    run.config
        .activations
        .iter()
        .zip(&run.report.networks)
        .map(|(params, n)| NetworkSummary {
            name: params.spec.name,
            display: params.spec.display,
            first_loss: n.history.first().map(|p| p.1),
            last_loss: n.history.last().map(|p| p.1),
            batch_loss: n.last_loss,
            diverged_at: n.diverged_at,
        })
        .collect()
}

/// A loss for the page: four significant digits, or a dash.
fn loss_text(v: Option<f64>) -> String {
    match v.filter(|v| v.is_finite()) {
        Some(v) => nnfunc::plot::format_significant(v, 4),
        None => "—".into(),
    }
}

/// A learning rate from the slider's log10 value, rounded to 3 significant digits.
fn learning_rate_from_slider(log10: f64) -> f64 {
    let v = 10f64.powf(log10.clamp(LR_SLIDER.0, LR_SLIDER.1));
    let digits = 2 - v.log10().floor() as i32;
    let scale = 10f64.powi(digits);
    (v * scale).round() / scale
}

/// The lecture's advice that a task tests.
fn intro(task: Task) -> &'static str {
    match task.kind() {
        TaskKind::Regression => "Regression of a 1D signal. The lecture: tanh is quite ok for regression and continuous reconstruction. Compare tanh's smooth fit with ReLU's piecewise-linear one; the step and the sawtooth have kinks, and the noisy sine shows what fitting noise looks like.",
        TaskKind::Classification => "Classification in the plane. The lecture: ReLU is usually fine for classification; if the network does not converge, use Leaky ReLU or PReLU (watch the dead units). The loss lecture: cross-entropy is the loss for classification — switch the loss to MSE on the same run and see it train worse.",
        TaskKind::Image => "An implicit image: each network maps a pixel's (x, y) to its grey level, a continuous function that represents the image. The lecture: SIREN's periodic sine activation is used for implicit representations; ReLU blurs the fine detail. Same data, same batches, same number of steps.",
    }
}

/// The training lab in the registry.
pub const SPEC: ViewSpec = ViewSpec {
    key: "training",
    label: "Training lab",
    mount: || view! { <TrainingView /> }.into_any(),
    owns: state::is_own_key,
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
    let (initial, notices) = state::parse_training_state(&url::pairs());
    for notice in &notices {
        crate::dom::warn(&notice.message);
    }
    let bench = url::get(BENCH_KEY).as_deref() == Some("1");
    let state = RwSignal::new(initial);
    let trainer = Trainer::new(state, !bench);
    trainer.connect();
    on_cleanup(move || {
        trainer.client.try_with_value(|c| {
            if let Some(c) = c {
                c.terminate();
            }
        });
    });
    let environment = use_environment();

    // The address bar follows the state (debounced: the learning-rate slider changes it per frame).
    // The keys stay when the view goes: navigation pushes a clean `?view=`, and after Back they
    // belong to the restored entry (the explorer's `fn` among them).
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let pairs = state.with(state::to_query);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let write = move || url::replace_owned(HistoryEntry::Replace, state::is_own_key, &pairs);
        pending.set_value(set_timeout_with_handle(write, Duration::from_millis(150)).ok());
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
    });

    // A structural change rebuilds the lab; the learning rate changes the running one.
    let structure = Memo::new(move |_| state.with(TrainingState::structure));
    Effect::new(move |_| {
        // `with`, not `track`: a memo that was never read has no sources of its own yet.
        structure.with(|_| ());
        trainer.rebuild();
    });
    let learning_rate = Memo::new(move |_| state.with(|s| s.learning_rate));
    Effect::new(move |previous: Option<f64>| {
        let lr = learning_rate.get();
        // The first run is configured with it already.
        if previous.is_some() {
            trainer.send(&Command::LearningRate(lr));
        }
        lr
    });

    let bench_results = trainer.bench;
    if bench {
        trainer.send(&Command::Bench);
    }

    let summary = Memo::new(move |_| {
        trainer.shown.track();
        trainer
            .run
            .try_with_value(|r| r.as_ref().map(|r| (r.report.steps, summaries(r))))
            .flatten()
            .unwrap_or((0, Vec::new()))
    });
    let steps = Memo::new(move |_| summary.with(|s| s.0));
    let measured_numbers = trainer.measured;

    // The figures: one effect, one measure per redraw, at most once per frame.
    let loss_ref = NodeRef::<leptos::html::Canvas>::new();
    let dead_ref = NodeRef::<leptos::html::Canvas>::new();
    let target_ref = NodeRef::<leptos::html::Canvas>::new();
    let panel_refs: [NodeRef<leptos::html::Canvas>; MAX_NETWORKS] =
        std::array::from_fn(|_| NodeRef::new());
    let (draw_error, set_draw_error) = signal(None::<String>);
    // The exports (PNG at any scale, SVG, CSV) of the line charts and the networks' figures.
    let dark = environment.dark;
    register_figure(
        "fig-losses",
        TrainingFigure {
            which: Which::Losses,
            trainer,
            dark,
            canvas: loss_ref,
        },
    );
    register_figure(
        "fig-dead",
        TrainingFigure {
            which: Which::Dead,
            trainer,
            dark,
            canvas: dead_ref,
        },
    );
    register_figure(
        "fig-target",
        TrainingFigure {
            which: Which::Target,
            trainer,
            dark,
            canvas: target_ref,
        },
    );
    for (i, canvas) in panel_refs.iter().enumerate() {
        register_figure(
            &format!("fig-{i}"),
            TrainingFigure {
                which: Which::Network(i),
                trainer,
                dark,
                canvas: *canvas,
            },
        );
    }
    Effect::new(move |previous: Option<(bool, f64, f64)>| {
        trainer.tick.track();
        let dark = environment.dark.get();
        let viewport = environment.viewport.get();
        let running = trainer.running.get();
        let look = (dark, viewport.width, viewport.device_pixel_ratio);
        let Some(loss_canvas) = loss_ref.get() else {
            return look;
        };
        let theme = ChartTheme::new(dark);
        let mut pending = trainer.pending.get_value();
        // Paused or restyled: everything now. Training: the loss curves, and at most one of the
        // items with new data (a network's figure, or the numbers), the first that waits.
        let items: Vec<usize> = if !running || previous != Some(look) {
            pending.clear();
            (0..MAX_NETWORKS).chain([NUMBERS]).collect()
        } else if pending.is_empty() {
            Vec::new()
        } else {
            vec![pending.remove(0)]
        };
        trainer.pending.set_value(pending);
        let panels: Vec<_> = panel_refs.iter().map(|r| r.get_untracked()).collect();
        let (dead_canvas, target_canvas) = (dead_ref.get_untracked(), target_ref.get_untracked());
        let result = measured(DRAW_MEASURE, || {
            trainer
                .run
                .try_with_value(|run| -> Result<(), String> {
                    let Some(run) = run else {
                        return Ok(());
                    };
                    let series = draw::step_series(run.histories(), dark);
                    draw::draw_losses(&loss_canvas, &series, &theme)?;
                    let data = &run.dataset;
                    for item in items {
                        if item == NUMBERS {
                            if let Some(canvas) = &dead_canvas {
                                trainer.dead.with_value(|history| {
                                    let series =
                                        draw::step_series(history.iter().map(Vec::as_slice), dark);
                                    draw::draw_dead(canvas, &series, &theme)
                                })?;
                            }
                            continue;
                        }
                        let (Some(figure), Some(Some(canvas))) =
                            (run.figures.get(item), panels.get(item))
                        else {
                            continue;
                        };
                        let color = series_color(item, dark);
                        match data.task.kind() {
                            TaskKind::Regression => {
                                let curve: Vec<(f64, f64)> = curve_inputs(CURVE_POINTS)
                                    .into_iter()
                                    .zip(figure.iter().copied())
                                    .collect();
                                draw::draw_fit(canvas, data, &curve, color, &theme)?;
                            }
                            TaskKind::Classification => {
                                let map = DecisionMap::from_probabilities(
                                    MAP_SIDE,
                                    MAP_SIDE,
                                    data.target_dim,
                                    figure.clone(),
                                );
                                draw::draw_decision_map(canvas, &map, data, dark, &theme)?;
                            }
                            TaskKind::Image => {
                                if item == 0 {
                                    if let Some(target) = &target_canvas {
                                        draw::draw_grey_image(
                                            target,
                                            &data.targets,
                                            data.image_size,
                                        )?;
                                    }
                                }
                                draw::draw_grey_image(canvas, figure, IMAGE_SIDE)?;
                            }
                        }
                    }
                    Ok(())
                })
                .unwrap_or(Ok(()))
        });
        match result {
            Ok(()) => {
                if draw_error.get_untracked().is_some() {
                    set_draw_error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the training lab failed: {message}"));
                set_draw_error.set(Some(message));
            }
        }
        look
    });

    // ------------------------------------------------------------------ controls

    let task = Memo::new(move |_| state.with(|s| s.task));
    let kind = Memo::new(move |_| task.get().kind());
    let names = Memo::new(move |_| {
        state.with(|s| s.functions.iter().map(|p| p.spec.name).collect::<Vec<_>>())
    });

    let on_task = move |ev: web_sys::Event| {
        if let Some(task) = target_value(&ev).and_then(|v| Task::from_name(&v)) {
            state.update(|s| *s = s.with_task(task));
        }
    };
    let task_options = move || {
        [TaskKind::Regression, TaskKind::Classification, TaskKind::Image]
            .into_iter()
            .map(|k| {
                let label = match k {
                    TaskKind::Regression => "1D regression",
                    TaskKind::Classification => "2D classification",
                    TaskKind::Image => "Implicit image",
                };
                let options = Task::ALL
                    .into_iter()
                    .filter(|t| t.kind() == k)
                    .map(|t| {
                        view! { <option value=t.name() selected=move || task.get() == t>{t.label()}</option> }
                    })
                    .collect_view();
                view! { <optgroup label=label>{options}</optgroup> }
            })
            .collect_view()
    };

    let function_boxes = crate::views::activations::state::functions()
        .filter(|spec| is_trainable(spec))
        .map(|spec| {
            let checked = move || names.with(|n| n.contains(&spec.name));
            let disabled = move || {
                names.with(|n| {
                    let on = n.contains(&spec.name);
                    (on && n.len() <= 1) || (!on && n.len() >= MAX_NETWORKS)
                })
            };
            let on_change = move |ev: web_sys::Event| {
                let Some(on) = target_checked(&ev) else {
                    return;
                };
                state.update(|s| {
                    let present = s.functions.iter().any(|p| p.spec.id == spec.id);
                    if on && !present && s.functions.len() < MAX_NETWORKS {
                        s.functions.push(Params::defaults(spec));
                    } else if !on && present && s.functions.len() > 1 {
                        s.functions.retain(|p| p.spec.id != spec.id);
                    }
                });
            };
            view! {
                <label class="checkbox train-fn">
                    <input type="checkbox" name="fn" value=spec.name data-testid=format!("fn-{}", spec.name)
                        prop:checked=checked disabled=disabled on:change=on_change />
                    {spec.display}
                </label>
            }
        })
        .collect_view();

    // The parameters of the chosen functions, each bound to its entry in the state.
    let parameter_controls = move || {
        names
            .get()
            .into_iter()
            .filter_map(|name| {
                let params = state.with_untracked(|s| {
                    s.functions.iter().find(|p| p.spec.name == name).cloned()
                })?;
                if params.spec.params.is_empty() {
                    return None;
                }
                let spec = params.spec;
                let signal = RwSignal::new(params);
                Effect::new(move |_| {
                    let p = signal.get();
                    let stale = state.with_untracked(|s| {
                        s.functions.iter().any(|q| q.spec.id == p.spec.id && *q != p)
                    });
                    if stale {
                        state.update(|s| {
                            if let Some(slot) = s.functions.iter_mut().find(|q| q.spec.id == p.spec.id) {
                                *slot = p;
                            }
                        });
                    }
                });
                let controls = spec
                    .params
                    .iter()
                    .map(|param| view! { <ParamControl param=param params=signal check=trainable_params /> })
                    .collect_view();
                Some(view! {
                    <fieldset class="params">
                        <legend>{spec.display}</legend>
                        {controls}
                    </fieldset>
                })
            })
            .collect_view()
    };

    let whole_input = move |ev: &web_sys::Event, min: u64, max: u64| -> Option<usize> {
        target_value(ev)
            .and_then(|t| t.trim().parse::<u64>().ok())
            .filter(|v| (min..=max).contains(v))
            .map(|v| v as usize)
    };
    let (field_error, set_field_error) = signal(None::<String>);
    let on_layers = move |ev: web_sys::Event| {
        if let Some(v) = whole_input(&ev, 1, nnfunc::train::MAX_HIDDEN_LAYERS as u64) {
            state.update(|s| s.hidden_layers = v);
        }
    };
    let on_width =
        move |ev: web_sys::Event| match whole_input(&ev, 1, nnfunc::train::MAX_WIDTH as u64) {
            Some(v) => {
                state.update(|s| s.width = v);
                set_field_error.set(None);
            }
            None => set_field_error.set(Some(format!(
                "The width must be a whole number from 1 to {}.",
                nnfunc::train::MAX_WIDTH
            ))),
        };
    let on_batch =
        move |ev: web_sys::Event| match whole_input(&ev, 1, nnfunc::train::MAX_BATCH_SIZE as u64) {
            Some(v) => {
                state.update(|s| s.batch_size = v);
                set_field_error.set(None);
            }
            None => set_field_error.set(Some(format!(
                "The batch size must be a whole number from 1 to {}.",
                nnfunc::train::MAX_BATCH_SIZE
            ))),
        };
    let on_seed = move |ev: web_sys::Event| match target_value(&ev)
        .and_then(|t| t.trim().parse::<u64>().ok())
        .filter(|v| *v <= state::MAX_SEED)
    {
        Some(v) => {
            state.update(|s| s.seed = v);
            set_field_error.set(None);
        }
        None => set_field_error.set(Some(format!(
            "The seed must be a whole number from 0 to {}.",
            state::MAX_SEED
        ))),
    };
    let on_lr_slider = move |ev: web_sys::Event| {
        if let Some(v) = target_value(&ev).and_then(|t| t.parse::<f64>().ok()) {
            if v.is_finite() {
                state.update(|s| s.learning_rate = learning_rate_from_slider(v));
                set_field_error.set(None);
            }
        }
    };
    let on_lr_number = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        match parse_learning_rate(&text) {
            Ok(v) => {
                state.update(|s| s.learning_rate = v);
                set_field_error.set(None);
            }
            Err(why) => set_field_error.set(Some(format!("Not changed: {why}."))),
        }
    };
    let on_optimizer = move |ev: web_sys::Event| {
        if let Some(o) = target_value(&ev).and_then(|v| Optimizer::from_name(&v)) {
            state.update(|s| s.optimizer = o);
        }
    };
    let on_momentum = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        match state::parse_momentum(&text) {
            Ok(v) => {
                state.update(|s| s.momentum = v);
                set_field_error.set(None);
            }
            Err(why) => set_field_error.set(Some(format!("Not changed: {why}."))),
        }
    };
    let on_loss = move |ev: web_sys::Event| {
        if let Some(l) = target_value(&ev).and_then(|v| LossKind::from_name(&v)) {
            if l == LossKind::Mse || kind.get_untracked() == TaskKind::Classification {
                state.update(|s| s.loss = l);
            }
        }
    };

    let running = trainer.running;
    let on_toggle = move |_| {
        if running.get_untracked() {
            trainer.pause();
        } else {
            trainer.play();
        }
    };
    let on_step = move |_| trainer.step_once();
    let on_reset = move |_| trainer.reset();

    // ------------------------------------------------------------------ read-outs

    let describe = move |i: usize| {
        let (step, nets) = summary.get();
        let task = task.get();
        nets.get(i).map_or_else(String::new, |n| {
            let what = match task.kind() {
                TaskKind::Regression => "its fitted curve over the data points",
                TaskKind::Classification => "its decision map (colour: most probable class, strength: confidence) under the data points",
                TaskKind::Image => "its reconstruction of the image",
            };
            format!(
                "Network {} with {} on {} after {step} steps: {what}; batch loss {}.",
                i + 1,
                n.display,
                task.label(),
                loss_text(n.batch_loss)
            )
        })
    };
    let panels = (0..MAX_NETWORKS)
        .map(|i| {
            let present = move || summary.with(|s| i < s.1.len());
            let caption = move || {
                summary.with(|s| {
                    s.1.get(i).map_or_else(String::new, |n| {
                        let diverged = n
                            .diverged_at
                            .map_or_else(String::new, |at| format!(" — diverged at step {at}"));
                        format!("{}: loss {}{diverged}", n.display, loss_text(n.batch_loss))
                    })
                })
            };
            let color = move || {
                let (r, g, b) = series_color(i, environment.dark.get());
                format!("rgb({r}, {g}, {b})")
            };
            view! {
                <figure class="train-panel" hidden=move || !present()>
                    <canvas node_ref=panel_refs[i] data-testid=format!("fig-{i}") role="img"
                        aria-label=move || describe(i)></canvas>
                    <figcaption><span class="train-swatch" style:background=color></span>{caption}</figcaption>
                </figure>
            }
        })
        .collect_view();

    let loss_rows = move || {
        let (_, nets) = summary.get();
        let numbers = measured_numbers.get();
        nets.into_iter()
            .enumerate()
            .map(|(i, n)| {
                let dataset = numbers.dataset_losses.get(i).copied();
                let dead = numbers.dead.get(i).copied();
                let (r, g, b) = series_color(i, environment.dark.get());
                view! {
                    <tr data-testid=format!("loss-{}", n.name)
                        data-first-loss=n.first_loss.map(|v| v.to_string())
                        data-last-loss=n.last_loss.map(|v| v.to_string())
                        data-dataset-loss=dataset.map(|v| v.to_string())
                        data-dead=dead.map(|v| v.to_string())
                        data-step=numbers.step.to_string()>
                        <th scope="row"><span class="train-swatch" style:background=format!("rgb({r}, {g}, {b})")></span>{n.display}</th>
                        <td>{loss_text(n.batch_loss)}</td>
                        <td>{loss_text(dataset)}</td>
                        <td>{dead.map_or_else(|| "—".to_string(), |d| format!("{:.0} %", d * 100.0))}</td>
                        <td>{n.diverged_at.map_or_else(|| "no".to_string(), |at| format!("at step {at}"))}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    let losses_label = move || {
        let (step, nets) = summary.get();
        let parts: Vec<String> = nets
            .iter()
            .map(|n| format!("{} {}", n.display, loss_text(n.last_loss)))
            .collect();
        format!(
            "Training loss against step (log scale) on {} after {step} steps: {}.",
            task.get().label(),
            parts.join(", ")
        )
    };
    let dead_label = move || {
        let numbers = measured_numbers.get();
        let (_, nets) = summary.get();
        let parts: Vec<String> = nets
            .iter()
            .zip(&numbers.dead)
            .map(|(n, d)| format!("{} {:.0} %", n.display, d * 100.0))
            .collect();
        format!(
            "Fraction of dead hidden units against step, at step {}: {}.",
            numbers.step,
            parts.join(", ")
        )
    };

    let notices = (!notices.is_empty()).then(|| {
        view! {
            <div class="notice" role="status" data-testid="url-notice">
                {notices.into_iter().map(|n| view! { <p>{n.message}</p> }).collect_view()}
            </div>
        }
    });
    let bench_view = bench.then(|| {
        view! {
            <p class="notice" role="status" data-testid="train-bench"
                data-rounds=move || bench_results.with(|r| r.iter().map(|v| format!("{v:.1}")).collect::<Vec<_>>().join(","))
                data-steps-per-second=move || {
                    let r = bench_results.get();
                    (r.len() >= BENCH_ROUNDS).then(|| r.iter().copied().fold(0.0, f64::max).to_string())
                }>
                {move || {
                    let r = bench_results.get();
                    if r.len() < BENCH_ROUNDS {
                        format!("Benchmark running ({} of {BENCH_ROUNDS} rounds done)…", r.len())
                    } else {
                        format!(
                            "Benchmark: {:.0} steps/s (best of {BENCH_ROUNDS} fresh runs of {STEPS} steps: 2×64 ReLU MLP, Adam, batch 256, spirals).",
                            r.iter().copied().fold(0.0, f64::max)
                        )
                    }
                }}
            </p>
        }
    });
    let prelu_note = move || {
        names.with(|n| n.contains(&"prelu")).then(|| {
            view! {
                <p class="muted" data-testid="prelu-note">
                    "PReLU here keeps its slope a fixed at the value you set: the lab does not learn it (PyTorch's nn.PReLU does), so it behaves as a Leaky ReLU with slope a."
                </p>
            }
        })
    };
    let lr_slider_value = move || {
        let lr = state.with(|s| s.learning_rate);
        format!("{:.2}", lr.log10().clamp(LR_SLIDER.0, LR_SLIDER.1))
    };

    view! {
        <section class="view view-training" data-testid="view-training" aria-label="Training lab">
            {notices}
            {bench_view}
            <p class="train-intro" data-testid="train-intro">{move || intro(task.get())}</p>
            <div class="train-grid">
                <div class="card train-controls">
                    <h2>"Run"</h2>
                    <div class="train-buttons">
                        <button type="button" data-testid="train-toggle" on:click=on_toggle>
                            {move || if running.get() { "Pause" } else { "Train" }}
                        </button>
                        <button type="button" data-testid="train-step" on:click=on_step>"Step"</button>
                        <button type="button" data-testid="train-reset" on:click=on_reset>"Reset"</button>
                    </div>
                    <p class="train-counter" aria-live="off">
                        "Step " <output data-testid="train-steps" data-steps=move || steps.get().to_string()>{move || steps.get().to_string()}</output>
                        " · " <output data-testid="train-rate">{move || match trainer.rate.get() {
                            Some(r) if running.get() => format!("{r:.0} steps/s"),
                            _ => "paused".to_string(),
                        }}</output>
                    </p>
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
                    <div class="field">
                        <label for="train-task">"Task"</label>
                        <select id="train-task" name="task" data-testid="task" on:change=on_task>{task_options}</select>
                    </div>
                    <fieldset class="params train-fns">
                        <legend>{format!("Activations (1 to {MAX_NETWORKS}, one network each)")}</legend>
                        {function_boxes}
                    </fieldset>
                    {prelu_note}
                    {parameter_controls}
                    <div class="param">
                        <label for="train-lr">"learning rate"</label>
                        <div class="param-inputs">
                            <input type="range" id="train-lr" name="lr" data-testid="lr"
                                min=LR_SLIDER.0 max=LR_SLIDER.1 step=LR_SLIDER.2
                                aria-valuetext=move || format_number(state.with(|s| s.learning_rate))
                                prop:value=lr_slider_value on:input=on_lr_slider />
                            <input type="number" class="param-number" name="lr" data-testid="lr-number"
                                step="any" min="0" max=nnfunc::train::MAX_LEARNING_RATE inputmode="decimal"
                                aria-label="learning rate value"
                                prop:value=move || format_number(state.with(|s| s.learning_rate)) on:change=on_lr_number />
                        </div>
                        <p class="param-doc">"Changes the running training at once (log-scale slider)."</p>
                    </div>
                    <div class="train-fields">
                        <div class="field">
                            <label for="train-layers">"hidden layers"</label>
                            <select id="train-layers" name="layers" data-testid="layers" on:change=on_layers>
                                {(1..=nnfunc::train::MAX_HIDDEN_LAYERS).map(|n| view! {
                                    <option value=n.to_string() selected=move || state.with(|s| s.hidden_layers == n)>{n.to_string()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="train-width">"units per layer"</label>
                            <input type="number" id="train-width" name="width" data-testid="width" min="1"
                                max=nnfunc::train::MAX_WIDTH step="1" inputmode="numeric"
                                prop:value=move || state.with(|s| s.width.to_string()) on:change=on_width />
                        </div>
                        <div class="field">
                            <label for="train-optimizer">"optimiser"</label>
                            <select id="train-optimizer" name="optimizer" data-testid="optimizer" on:change=on_optimizer>
                                {Optimizer::ALL.map(|o| view! {
                                    <option value=o.name() selected=move || state.with(|s| s.optimizer == o)>{o.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field" hidden=move || state.with(|s| s.optimizer != Optimizer::Sgd)>
                            <label for="train-momentum">"SGD momentum"</label>
                            <input type="number" id="train-momentum" name="momentum" data-testid="momentum" min="0"
                                max="0.99" step="0.05" inputmode="decimal"
                                prop:value=move || state.with(|s| format_number(s.momentum)) on:change=on_momentum />
                        </div>
                        <div class="field">
                            <label for="train-batch">"batch size"</label>
                            <input type="number" id="train-batch" name="batch" data-testid="batch" min="1"
                                max=nnfunc::train::MAX_BATCH_SIZE step="1" inputmode="numeric"
                                prop:value=move || state.with(|s| s.batch_size.to_string()) on:change=on_batch />
                        </div>
                        <div class="field">
                            <label for="train-loss">"loss"</label>
                            <select id="train-loss" name="loss" data-testid="loss" on:change=on_loss>
                                {LossKind::ALL.map(|l| view! {
                                    <option value=l.name()
                                        disabled=move || l == LossKind::CrossEntropy && kind.get() != TaskKind::Classification
                                        selected=move || state.with(|s| s.loss == l)>{l.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="train-seed">"seed"</label>
                            <input type="number" id="train-seed" name="seed" data-testid="seed" min="0"
                                max=state::MAX_SEED step="1" inputmode="numeric"
                                prop:value=move || state.with(|s| s.seed.to_string()) on:change=on_seed />
                        </div>
                    </div>
                    {move || field_error.get().map(|e| view! { <p class="param-error" role="alert" data-testid="field-error">{e}</p> })}
                    <p class="muted small">
                        "Every network sees the same data, the same minibatches and the same seed; each starts from the initialisation its activation calls for (Kaiming for the ReLU family, Xavier for tanh and sigmoid, SIREN's scheme for sine). The address bar reproduces the run."
                    </p>
                </div>
                <div class="card train-figures">
                    <h2>{move || format!("{} — {}", task.get().label(), match kind.get() {
                        TaskKind::Regression => "fitted curves over the data",
                        TaskKind::Classification => "decision maps under the data",
                        TaskKind::Image => "reconstructions of the image",
                    })}</h2>
                    <div class="train-panels" class:train-panels-wide=move || kind.get() == TaskKind::Regression>
                        <figure class="train-panel" hidden=move || kind.get() != TaskKind::Image>
                            <canvas node_ref=target_ref data-testid="fig-target" role="img"
                                aria-label="The target image: 64 by 64 grey pixels with sharp edges and fine detail"></canvas>
                            <figcaption>"Target image"</figcaption>
                        </figure>
                        {panels}
                    </div>
                    <div class="train-table-wrap">
                        <table class="train-table" data-testid="train-losses">
                            <caption>{move || format!("At step {} (loss on the whole data set and dead units: updated with the figures)", measured_numbers.get().step)}</caption>
                            <thead><tr>
                                <th scope="col">"network"</th><th scope="col">"batch loss"</th>
                                <th scope="col">"data-set loss"</th><th scope="col">"dead units"</th><th scope="col">"diverged"</th>
                            </tr></thead>
                            <tbody>{loss_rows}</tbody>
                        </table>
                    </div>
                    <figure class="train-chart">
                        <canvas node_ref=loss_ref class="train-losses" data-testid="fig-losses" role="img" aria-label=losses_label></canvas>
                        <figcaption>{move || format!("Loss ({}) of every network against step, log scale.", state.with(|s| s.loss.label()))}</figcaption>
                    </figure>
                    <figure class="train-chart">
                        <canvas node_ref=dead_ref class="train-dead" data-testid="fig-dead" role="img" aria-label=dead_label></canvas>
                        <figcaption>"Dead units: the fraction of hidden units whose activation has zero gradient on every probe point (a dead ReLU never recovers; Leaky ReLU and PReLU cannot die)."</figcaption>
                    </figure>
                    {move || draw_error.get().map(|e| view! { <p class="chart-message" role="status">{e}</p> })}
                </div>
            </div>
        </section>
    }
}

/// A training figure for the exports.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Which {
    Losses,
    Dead,
    /// The figure of network `i`: its fitted curve, decision map or reconstruction.
    Network(usize),
    /// The image task's target image.
    Target,
}

struct TrainingFigure {
    which: Which,
    trainer: Trainer,
    dark: ReadSignal<bool>,
    canvas: NodeRef<leptos::html::Canvas>,
}

impl TrainingFigure {
    fn with_run<T>(&self, f: impl FnOnce(&Run) -> Result<T, String>) -> Result<T, String> {
        self.trainer
            .run
            .try_with_value(|run| match run {
                Some(run) => f(run),
                None => Err("no run to export".to_string()),
            })
            .unwrap_or_else(|| Err("the training lab is gone".to_string()))
    }

    fn step_chart(&self, run: &Run) -> draw::StepChart {
        let dark = self.dark.try_get_untracked().unwrap_or(false);
        match self.which {
            Which::Dead => {
                let history = self.trainer.dead.try_get_value().unwrap_or_default();
                draw::dead_chart(&draw::step_series(history.iter().map(Vec::as_slice), dark))
            }
            _ => draw::losses_chart(&draw::step_series(run.histories(), dark)),
        }
    }
}

impl Figure for TrainingFigure {
    fn css_size(&self) -> (u32, u32) {
        let fallback = match self.which {
            Which::Network(_) | Which::Target => draw::FIT_FALLBACK,
            _ => draw::STEP_CHART_FALLBACK,
        };
        canvas_css_size(self.canvas, fallback)
    }

    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
        raster: &mut RasterSink,
    ) -> Result<(), String> {
        let theme = chart_theme(self.dark);
        let dark = self.dark.try_get_untracked().unwrap_or(false);
        self.with_run(|run| match self.which {
            Which::Losses | Which::Dead => draw::paint_step_chart(
                root,
                self.css_size().0,
                scale,
                &self.step_chart(run),
                &theme,
            ),
            Which::Target => {
                let data = &run.dataset;
                draw::paint_grey_image(root, &data.targets, data.image_size, raster)
            }
            Which::Network(i) => {
                let figure = run.figures.get(i).ok_or("no such network")?;
                match run.dataset.task.kind() {
                    TaskKind::Regression => {
                        let curve: Vec<(f64, f64)> = curve_inputs(CURVE_POINTS)
                            .into_iter()
                            .zip(figure.iter().copied())
                            .collect();
                        draw::paint_fit(
                            root,
                            scale,
                            &run.dataset,
                            &curve,
                            series_color(i, dark),
                            &theme,
                        )
                    }
                    TaskKind::Classification => {
                        let map = DecisionMap::from_probabilities(
                            MAP_SIDE,
                            MAP_SIDE,
                            run.dataset.target_dim,
                            figure.clone(),
                        );
                        draw::paint_decision_map(
                            root,
                            scale,
                            &map,
                            &run.dataset,
                            dark,
                            &theme,
                            raster,
                        )
                    }
                    TaskKind::Image => draw::paint_grey_image(root, figure, IMAGE_SIDE, raster),
                }
            }
        })
    }

    /// Losses and dead units: one row per network and step. A network's figure: its curve
    /// (x, prediction), its decision map (x, y, each class's probability) or its image (x, y,
    /// grey level), on the grid the worker evaluated.
    fn csv(&self) -> Result<String, String> {
        self.with_run(|run| {
            let names: Vec<&str> = run.config.activations.iter().map(|p| p.spec.name).collect();
            let csv = match self.which {
                Which::Losses => {
                    let mut csv = Csv::new(vec![
                        "network".into(),
                        "step".into(),
                        format!("{} loss", run.config.loss.label()),
                    ]);
                    for (name, n) in names.iter().zip(&run.report.networks) {
                        for &(step, loss) in &n.history {
                            csv.push_named(name, &[step as f64, loss]);
                        }
                    }
                    csv
                }
                Which::Dead => {
                    let mut csv = Csv::new(vec![
                        "network".into(),
                        "step".into(),
                        "dead fraction".into(),
                    ]);
                    let history = self.trainer.dead.try_get_value().unwrap_or_default();
                    for (name, h) in names.iter().zip(&history) {
                        for &(step, f) in h {
                            csv.push_named(name, &[step as f64, f]);
                        }
                    }
                    csv
                }
                Which::Target => {
                    let data = &run.dataset;
                    let mut csv = Csv::new(vec!["x".into(), "y".into(), "target grey".into()]);
                    for k in 0..data.len {
                        if let (Some(xy), Some(g)) =
                            (data.input(k).get(..2), data.target(k).first())
                        {
                            csv.push(vec![Some(xy[0]), Some(xy[1]), Some(*g)]);
                        }
                    }
                    csv
                }
                Which::Network(i) => {
                    let figure = run.figures.get(i).ok_or("no such network")?;
                    let name = names.get(i).copied().unwrap_or("network");
                    match run.dataset.task.kind() {
                        TaskKind::Regression => {
                            let mut csv = Csv::new(vec!["x".into(), format!("{name} prediction")]);
                            for (x, y) in curve_inputs(CURVE_POINTS).into_iter().zip(figure) {
                                csv.push(vec![Some(x), Some(*y)]);
                            }
                            csv
                        }
                        TaskKind::Classification => {
                            let classes = run.dataset.target_dim.max(1);
                            let mut header = vec!["x".to_string(), "y".to_string()];
                            header.extend((0..classes).map(|k| format!("{name} p(class {k})")));
                            let mut csv = Csv::new(header);
                            let grid = grid_inputs(MAP_SIDE, MAP_SIDE);
                            for (xy, p) in grid.chunks_exact(2).zip(figure.chunks_exact(classes)) {
                                let mut row = vec![Some(xy[0]), Some(xy[1])];
                                row.extend(p.iter().map(|v| Some(*v)));
                                csv.push(row);
                            }
                            csv
                        }
                        TaskKind::Image => {
                            let mut csv =
                                Csv::new(vec!["x".into(), "y".into(), format!("{name} grey")]);
                            let grid = grid_inputs(IMAGE_SIDE, IMAGE_SIDE);
                            for (xy, g) in grid.chunks_exact(2).zip(figure) {
                                csv.push(vec![Some(xy[0]), Some(xy[1]), Some(*g)]);
                            }
                            csv
                        }
                    }
                }
            };
            Ok(csv.text())
        })
    }
}

/// The whole-call check for parameter controls: what a hidden layer accepts.
fn trainable_params(params: &Params) -> Result<(), String> {
    HiddenActivation::from_params(params)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learning_rate_slider_rounds_to_three_digits() {
        assert_eq!(learning_rate_from_slider(-2.0), 0.01);
        assert_eq!(learning_rate_from_slider(-3.0), 0.001);
        assert_eq!(learning_rate_from_slider(0.0), 1.0);
        assert_eq!(learning_rate_from_slider(-2.5), 0.00316);
        assert_eq!(learning_rate_from_slider(99.0), 10.0);
        for k in 0..=100 {
            let v = learning_rate_from_slider(LR_SLIDER.0 + k as f64 * LR_SLIDER.2);
            assert!(parse_learning_rate(&format_number(v)).is_ok(), "{v}");
        }
    }

    #[test]
    fn losses_are_shown_with_four_digits() {
        assert_eq!(loss_text(None), "—");
        assert_eq!(loss_text(Some(f64::NAN)), "—");
        assert!(
            loss_text(Some(0.012345)).starts_with("0.01234")
                || loss_text(Some(0.012345)).starts_with("0.01235")
        );
    }
}
