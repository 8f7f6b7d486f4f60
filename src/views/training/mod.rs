//! The Training lab: small multilayer perceptrons trained live in the page, one per chosen
//! activation, on the same data, batches and seed (`nnfunc::train`), so a student can test the
//! lecture's advice side by side.
//!
//! - `state.rs` — the URL state (pure, natively tested); `draw.rs` — the figures.
//! - Training never blocks the page: a `requestAnimationFrame` loop runs steps in slices of about
//!   [`SLICE_MS`] per frame, sized from [`Lab::cost_per_step`] and the measured speed, checking the
//!   clock between chunks; it stops when paused, when the view unmounts (its stored values are
//!   disposed), when every network diverged, or at `until=N` steps.
//! - One effect redraws per frame that trained (`draw:training`): the loss curves every frame, the
//!   per-network figures (curves, decision maps, images) at most every [`PANEL_EVERY_MS`], the
//!   dead-unit fractions and data-set losses every [`NUMBERS_EVERY_MS`], one of them per frame,
//!   while training; everything at once when paused.
//! - `bench=1` runs the fixed benchmark workload (`nnfunc::train::bench`) once after mount and shows
//!   its steps per second (`cargo xtask bench` reads it).
//!
//! Test ids: `view-training`, `task`, `fn-<name>` (checkboxes), `layers`, `width`, `lr` (slider,
//! `name="lr"`), `lr-number`, `optimizer`, `momentum` (SGD only), `batch`, `seed`, `loss`, `train-toggle`, `train-step`,
//! `train-reset`, `train-steps` (`data-steps`), `train-rate`, `train-status`, `train-slow`,
//! `loss-<name>` (`data-first-loss`, `data-last-loss`, `data-dataset-loss`, `data-dead`,
//! `data-step`), `fig-<i>` (per-network canvases), `fig-target`, `fig-losses`, `fig-dead`,
//! `train-bench` (`data-steps-per-second`), `url-notice`.

pub mod draw;
pub mod state;

use leptos::prelude::*;
use nnfunc::train::bench::{workload_lab, STEPS};
use nnfunc::train::data::curve_inputs;
use nnfunc::train::{HiddenActivation, Lab, LossKind, Optimizer, Task, TaskKind, MAX_NETWORKS};
use nnfunc::Params;
use std::time::Duration;

use crate::chart::series_color;
use crate::components::param_control::format_real;
use crate::components::ParamControl;
use crate::dom::{target_checked, target_value};
use crate::perf::measured;
use crate::theme::{use_environment, ChartTheme};
use crate::url::{self, HistoryEntry};
use state::{is_trainable, parse_learning_rate, TrainingState};

/// The name of the performance measure around each redraw.
pub const DRAW_MEASURE: &str = "draw:training";
/// Training time per animation frame, in milliseconds (a frame is ~16.7 ms at 60 Hz).
pub const SLICE_MS: f64 = 5.0;
/// A training step estimated to take longer than this (two frames) gets a warning in the page: a
/// step cannot be split, so the page pauses for that long at every step.
const SLOW_STEP_MS: f64 = 33.0;
/// While training, a network's figure is redrawn at most this often…
pub const PANEL_EVERY_MS: f64 = 100.0;
/// …and the dead units and data-set losses (a pass over the whole data set) this often; each
/// frame redraws at most one of them (the stalest that is due), so no frame pays for all.
pub const NUMBERS_EVERY_MS: f64 = 500.0;
/// The index of the numbers among the drawn items (after the networks' figures).
const NUMBERS: usize = MAX_NETWORKS;
/// Points of a fitted curve; sides of a decision map and of a reconstructed image.
const CURVE_POINTS: usize = 201;
const MAP_SIDE: usize = 48;
const IMAGE_SIDE: usize = 64;
/// The first guess of the speed (multiply-adds per millisecond) before anything is measured.
const INITIAL_SPEED: f64 = 200_000.0;
/// A dead-unit history keeps at most this many points (halved when full).
const MAX_DEAD_POINTS: usize = 400;
/// Rounds of the `bench=1` workload (the best is reported, as the native example does).
const BENCH_ROUNDS: usize = 3;
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

/// The loop and the run, shared by the controls, the frame callback and the drawing effect.
#[derive(Clone, Copy)]
struct Trainer {
    state: RwSignal<TrainingState>,
    lab: StoredValue<Option<Lab>, LocalStorage>,
    running: RwSignal<bool>,
    /// Bumped whenever the lab changed (a slice of steps, a step, a reset, a rebuild).
    tick: RwSignal<u64>,
    /// Identifies the current loop: a new one (play) ends the old one.
    generation: StoredValue<u64>,
    /// Multiply-adds per millisecond, measured.
    speed: StoredValue<f64>,
    /// Where the steps-per-second window started: (time, steps).
    window: StoredValue<(f64, u64)>,
    rate: RwSignal<Option<f64>>,
    /// The step at which the running loop pauses (`until`), if still ahead.
    stop_at: StoredValue<Option<u64>>,
    /// Per network, (step, dead fraction) samples.
    dead: StoredValue<Vec<Vec<(u64, f64)>>>,
    /// When each network's figure and the numbers were last drawn (empty: draw all next time).
    drawn: StoredValue<Vec<f64>>,
    status: RwSignal<Option<String>>,
    /// Milliseconds one step takes here, when over [`SLOW_STEP_MS`] (rounded to 10 ms).
    slow_step: RwSignal<Option<f64>>,
}

impl Trainer {
    fn new(state: RwSignal<TrainingState>, running: bool) -> Trainer {
        Trainer {
            state,
            lab: StoredValue::new_local(None),
            running: RwSignal::new(running),
            tick: RwSignal::new(0),
            generation: StoredValue::new(0),
            speed: StoredValue::new(INITIAL_SPEED),
            window: StoredValue::new((0.0, 0)),
            rate: RwSignal::new(None),
            stop_at: StoredValue::new(None),
            dead: StoredValue::new(Vec::new()),
            drawn: StoredValue::new(Vec::new()),
            status: RwSignal::new(None),
            slow_step: RwSignal::new(None),
        }
    }

    fn steps(&self) -> u64 {
        self.lab
            .try_with_value(|l| l.as_ref().map_or(0, Lab::steps))
            .unwrap_or(0)
    }

    fn changed(&self) {
        self.tick.update(|t| *t = t.wrapping_add(1));
    }

    /// A fresh lab for the current state (the learning rate included).
    fn rebuild(&self) {
        let config = self.state.with_untracked(TrainingState::config);
        match Lab::new(config) {
            Ok(lab) => {
                let cost = lab.cost_per_step().max(1) as f64;
                self.lab.set_value(Some(lab));
                self.status.set(None);
                self.note_step_time(cost / self.speed.get_value());
            }
            Err(e) => {
                self.lab.set_value(None);
                self.status
                    .set(Some(format!("Cannot train this configuration: {e}.")));
            }
        }
        self.after_restart();
    }

    fn reset(&self) {
        self.lab.update_value(|l| {
            if let Some(l) = l {
                l.reset();
            }
        });
        self.status.set(None);
        self.after_restart();
    }

    fn after_restart(&self) {
        self.dead.set_value(Vec::new());
        self.drawn.set_value(Vec::new());
        self.rate.set(None);
        self.changed();
        if self.running.get_untracked() {
            self.play();
        }
    }

    /// Start (or restart) the loop.
    fn play(&self) {
        let steps = self.steps();
        let until = self.state.with_untracked(|s| s.until);
        self.stop_at.set_value(until.filter(|&u| steps < u));
        self.window.set_value((now(), steps));
        self.status.set(None);
        self.running.set(true);
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        let trainer = *self;
        request_animation_frame(move || trainer.frame(generation));
    }

    fn pause(&self) {
        self.running.set(false);
        self.rate.set(None);
    }

    fn step_once(&self) {
        self.pause();
        self.lab.update_value(|l| {
            if let Some(l) = l {
                l.step();
            }
        });
        self.drawn.set_value(Vec::new());
        self.changed();
    }

    /// Warn (or stop warning) when one step takes `ms`, more than [`SLOW_STEP_MS`].
    fn note_step_time(&self, ms: f64) {
        let slow = (ms.is_finite() && ms > SLOW_STEP_MS).then(|| (ms / 10.0).round() * 10.0);
        if self.slow_step.get_untracked() != slow {
            self.slow_step.set(slow);
        }
    }

    /// One animation frame: about [`SLICE_MS`] of steps, then the next frame unless stopped.
    fn frame(self, generation: u64) {
        // A disposed view (unmounted) or a newer loop ends this one.
        if self.generation.try_get_value() != Some(generation)
            || !self.running.try_get_untracked().unwrap_or(false)
        {
            return;
        }
        let start = now();
        let mut speed = self.speed.get_value();
        let stop_at = self.stop_at.get_value();
        let mut stop = None;
        let mut cost = None;
        self.lab.update_value(|lab| {
            let Some(lab) = lab else {
                stop = Some("Nothing to train.".to_string());
                return;
            };
            let cost = *cost.insert(lab.cost_per_step().max(1) as f64);
            loop {
                if lab.all_diverged() {
                    stop = Some(
                        "Every network diverged (its loss stopped being a finite number): lower the learning rate and reset."
                            .to_string(),
                    );
                    break;
                }
                let left = match stop_at {
                    Some(until) if lab.steps() >= until => {
                        stop = Some(format!("Paused at step {until} (until={until} in the address bar)."));
                        break;
                    }
                    Some(until) => until - lab.steps(),
                    None => u64::MAX,
                };
                let elapsed = now() - start;
                if elapsed >= SLICE_MS {
                    break;
                }
                // Chunks of about a millisecond, so the clock is checked often but not every step.
                let fit = (speed * (SLICE_MS - elapsed).min(1.0) / cost).floor();
                let chunk = (fit.max(1.0) as u64).min(left).min(u64::from(u32::MAX)) as u32;
                let before = now();
                lab.step_n(chunk);
                let took = now() - before;
                if took > 0.05 {
                    let measured = f64::from(chunk) * cost / took;
                    speed = 0.7 * speed + 0.3 * measured;
                }
            }
        });
        self.speed.set_value(speed);
        if let Some(cost) = cost {
            self.note_step_time(cost / speed);
        }
        let steps = self.steps();
        let (t0, s0) = self.window.get_value();
        let t = now();
        if t - t0 >= 500.0 {
            self.rate
                .set(Some(steps.saturating_sub(s0) as f64 * 1000.0 / (t - t0)));
            self.window.set_value((t, steps));
        }
        if let Some(message) = stop {
            self.running.set(false);
            self.status.set(Some(message));
        }
        self.changed();
        if self.running.get_untracked() {
            request_animation_frame(move || self.frame(generation));
        }
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

fn summaries(lab: &Lab) -> Vec<NetworkSummary> {
    lab.networks()
        .iter()
        .map(|n| NetworkSummary {
            name: n.name(),
            display: n.activation().spec.display,
            first_loss: n.history().points().first().map(|p| p.1),
            last_loss: n.history().points().last().map(|p| p.1),
            batch_loss: n.last_loss(),
            diverged_at: n.diverged_at(),
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

/// Steps per timed chunk of the benchmark: the page stays responsive (and paints) between chunks;
/// only the time inside `step_n` is counted.
const BENCH_CHUNK: u32 = 100;

/// One round of the benchmark workload: a fresh warmed-up lab, `STEPS` steps timed on the page
/// clock in chunks; then the next round, until [`BENCH_ROUNDS`].
fn run_bench(results: RwSignal<Vec<f64>>) {
    match workload_lab() {
        Ok(lab) => bench_chunk(results, lab, 0, 0.0),
        Err(e) => crate::dom::warn(&format!("the benchmark workload was refused: {e}")),
    }
}

fn bench_chunk(results: RwSignal<Vec<f64>>, mut lab: Lab, done: u32, ms: f64) {
    let n = BENCH_CHUNK.min(STEPS - done);
    let start = now();
    lab.step_n(n);
    let ms = ms + (now() - start);
    let done = done + n;
    if done < STEPS {
        set_timeout(move || bench_chunk(results, lab, done, ms), Duration::ZERO);
        return;
    }
    if ms > 0.0 {
        results.update(|r| r.push(f64::from(STEPS) * 1000.0 / ms));
    }
    if results
        .try_with_untracked(Vec::len)
        .is_some_and(|n| n < BENCH_ROUNDS)
    {
        set_timeout(move || run_bench(results), Duration::from_millis(20));
    }
}

#[component]
pub fn TrainingView() -> impl IntoView {
    let (initial, notices) = state::parse_training_state(&url::pairs());
    for notice in &notices {
        crate::dom::warn(&notice.message);
    }
    let bench = url::get(BENCH_KEY).as_deref() == Some("1");
    let state = RwSignal::new(initial);
    let trainer = Trainer::new(state, !bench);
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
    Effect::new(move |_| {
        let lr = learning_rate.get();
        trainer.lab.update_value(|l| {
            if let Some(l) = l {
                let _ = l.set_learning_rate(lr);
            }
        });
    });

    let bench_results = RwSignal::new(Vec::<f64>::new());
    if bench {
        set_timeout(move || run_bench(bench_results), Duration::from_millis(50));
    }

    let summary = Memo::new(move |_| {
        trainer.tick.track();
        trainer
            .lab
            .try_with_value(|l| l.as_ref().map(|l| (l.steps(), summaries(l))))
            .flatten()
            .unwrap_or((0, Vec::new()))
    });
    let steps = Memo::new(move |_| summary.with(|s| s.0));
    let measured_numbers = RwSignal::new(Measured::default());

    // The figures: one effect, one measure per redraw, at most once per frame.
    let loss_ref = NodeRef::<leptos::html::Canvas>::new();
    let dead_ref = NodeRef::<leptos::html::Canvas>::new();
    let target_ref = NodeRef::<leptos::html::Canvas>::new();
    let panel_refs: [NodeRef<leptos::html::Canvas>; MAX_NETWORKS] =
        std::array::from_fn(|_| NodeRef::new());
    let (draw_error, set_draw_error) = signal(None::<String>);
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
        let t = now();
        let mut drawn = trainer.drawn.get_value();
        // Paused, restyled or rebuilt: everything now. Training: the loss curves, and at most one
        // of the costlier items (a network's figure, or the numbers), the stalest that is due.
        let everything = !running || previous != Some(look) || drawn.len() != NUMBERS + 1;
        if drawn.len() != NUMBERS + 1 {
            drawn = vec![f64::NEG_INFINITY; NUMBERS + 1];
        }
        let panels: Vec<_> = panel_refs.iter().map(|r| r.get_untracked()).collect();
        let (dead_canvas, target_canvas) = (dead_ref.get_untracked(), target_ref.get_untracked());
        let result = measured(DRAW_MEASURE, || {
            trainer
                .lab
                .try_with_value(|lab| -> Result<Option<Measured>, String> {
                    let Some(lab) = lab else {
                        return Ok(None);
                    };
                    let networks = lab.networks();
                    let series: Vec<draw::StepSeries<'_>> = networks
                        .iter()
                        .enumerate()
                        .map(|(i, n)| draw::StepSeries {
                            color: series_color(i, dark),
                            points: n.history().points(),
                        })
                        .collect();
                    draw::draw_losses(&loss_canvas, &series, &theme)?;

                    let due = |i: usize| {
                        let every = if i == NUMBERS {
                            NUMBERS_EVERY_MS
                        } else {
                            PANEL_EVERY_MS
                        };
                        t - drawn[i] >= every
                    };
                    let items: Vec<usize> = if everything {
                        (0..networks.len()).chain([NUMBERS]).collect()
                    } else {
                        (0..networks.len())
                            .chain([NUMBERS])
                            .filter(|&i| due(i))
                            .min_by(|&a, &b| drawn[a].total_cmp(&drawn[b]))
                            .into_iter()
                            .collect()
                    };
                    let data = lab.dataset();
                    let mut numbers = None;
                    for item in items {
                        drawn[item] = t;
                        if item == NUMBERS {
                            numbers = Some(record_numbers(
                                lab,
                                trainer,
                                dead_canvas.as_ref(),
                                dark,
                                &theme,
                            )?);
                            continue;
                        }
                        let (Some(network), Some(Some(canvas))) =
                            (networks.get(item), panels.get(item))
                        else {
                            continue;
                        };
                        let color = series_color(item, dark);
                        match data.task.kind() {
                            TaskKind::Regression => {
                                let curve: Vec<(f64, f64)> = curve_inputs(CURVE_POINTS)
                                    .into_iter()
                                    .zip(network.predict_curve(CURVE_POINTS))
                                    .collect();
                                draw::draw_fit(canvas, data, &curve, color, &theme)?;
                            }
                            TaskKind::Classification => {
                                if let Some(map) = network.decision_map(MAP_SIDE, MAP_SIDE) {
                                    draw::draw_decision_map(canvas, &map, data, dark, &theme)?;
                                }
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
                                let grey = network.reconstruct(IMAGE_SIDE, IMAGE_SIDE);
                                draw::draw_grey_image(canvas, &grey, IMAGE_SIDE)?;
                            }
                        }
                    }
                    Ok(numbers)
                })
                .unwrap_or(Ok(None))
        });
        trainer.drawn.set_value(drawn);
        match result {
            Ok(Some(numbers)) => {
                measured_numbers.set(numbers);
                set_draw_error.set(None);
            }
            Ok(None) => {}
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
                                 a step cannot be split, so the page pauses that long at every step while training. \
                                 A smaller width, depth or batch, or fewer networks, keep it smooth."
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
                                aria-valuetext=move || format_real(state.with(|s| s.learning_rate))
                                prop:value=lr_slider_value on:input=on_lr_slider />
                            <input type="number" class="param-number" name="lr" data-testid="lr-number"
                                step="any" min="0" max=nnfunc::train::MAX_LEARNING_RATE inputmode="decimal"
                                aria-label="learning rate value"
                                prop:value=move || format_real(state.with(|s| s.learning_rate)) on:change=on_lr_number />
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
                                prop:value=move || state.with(|s| format_real(s.momentum)) on:change=on_momentum />
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

/// Dead-unit fractions (sampled into the history and drawn) and the losses over the whole data set.
fn record_numbers(
    lab: &Lab,
    trainer: Trainer,
    canvas: Option<&web_sys::HtmlCanvasElement>,
    dark: bool,
    theme: &ChartTheme,
) -> Result<Measured, String> {
    let step = lab.steps();
    let dead = lab.dead_fractions();
    let mut history = trainer.dead.try_get_value().unwrap_or_default();
    if history.len() != dead.len() {
        history = vec![Vec::new(); dead.len()];
    }
    for (h, f) in history.iter_mut().zip(&dead) {
        if h.last().map(|p| p.0) != Some(step) {
            h.push((step, *f));
        }
        if h.len() > MAX_DEAD_POINTS {
            *h = h.iter().step_by(2).copied().collect();
        }
    }
    let drawn = match canvas {
        Some(canvas) => {
            let series: Vec<draw::StepSeries<'_>> = history
                .iter()
                .enumerate()
                .map(|(i, h)| draw::StepSeries {
                    color: series_color(i, dark),
                    points: h,
                })
                .collect();
            draw::draw_dead(canvas, &series, theme)
        }
        None => Ok(()),
    };
    trainer.dead.set_value(history);
    drawn?;
    Ok(Measured {
        step,
        dataset_losses: lab.dataset_losses(),
        dead,
    })
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
            assert!(parse_learning_rate(&format_real(v)).is_ok(), "{v}");
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
