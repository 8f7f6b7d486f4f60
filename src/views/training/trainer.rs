//! The page's side of a training run: the worker's client, what it reported, and the actions of
//! the controls (rebuild, play, pause, step, reset). Shared by the controls, the frame loop, the
//! drawing effect and the exports; plain `Copy` handles to signals and stored values.

use crate::effect::{effect, effect_with};
use leptos::prelude::*;

use nnfunc::train::wire::{Command, Numbers, Report, Stop};
use nnfunc::train::{Dataset, LabConfig, MAX_NETWORKS};

use super::state::TrainingState;
use super::worker::Client;

/// A training step estimated to take longer than this (two frames) gets a notice in the page:
/// training then crawls, and Pause or Step waits for the step in progress.
pub const SLOW_STEP_MS: f64 = 33.0;
/// While training, the figures' data is asked for at most this often…
pub const PANEL_EVERY_MS: f64 = 100.0;
/// …and the dead units and data-set losses (a pass over the whole data set) this often.
pub const NUMBERS_EVERY_MS: f64 = 500.0;
/// The index of the numbers among the drawn items (after the networks' figures).
pub const NUMBERS: usize = MAX_NETWORKS;
/// A dead-unit history keeps at most this many points (halved when full).
pub const MAX_DEAD_POINTS: usize = 400;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The figures' numbers, refreshed with the per-network figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measured {
    pub step: u64,
    pub dataset_losses: Vec<f64>,
    pub dead: Vec<f64>,
}

/// The run as the page knows it: its configuration, its data set (generated here too, for the
/// points and the target image: it depends only on the task and the seed), the latest report and
/// the latest figure data.
pub struct Run {
    pub config: LabConfig,
    pub dataset: Dataset,
    pub report: Report,
    pub figures: Vec<Vec<f64>>,
}

impl Run {
    /// Each network's loss history.
    pub fn histories(&self) -> impl Iterator<Item = &[(u64, f64)]> {
        self.report.networks.iter().map(|n| n.history.as_slice())
    }
}

/// The page's side of the training: the worker's client, what it reported, and the controls'
/// actions. Shared by the controls, the frame loop and the drawing effect.
#[derive(Clone, Copy)]
pub struct Trainer {
    pub state: RwSignal<TrainingState>,
    pub client: StoredValue<Option<Client>, LocalStorage>,
    pub run: StoredValue<Option<Run>, LocalStorage>,
    /// Tags the current run's configuration; reports about older ones are dropped.
    pub generation: StoredValue<u64>,
    pub running: RwSignal<bool>,
    /// Bumped whenever a report arrived (or the run was rebuilt): the canvases redraw.
    pub tick: RwSignal<u64>,
    /// Bumped with the reports that carry figure data (at most every [`PANEL_EVERY_MS`] while
    /// training, and every report when paused): the page's text (step counter, table, captions,
    /// plot descriptions) follows at that pace, so the DOM is not rebuilt every frame.
    pub shown: RwSignal<u64>,
    /// Identifies the current frame loop: a new one (play) ends the old one.
    pub frame_loop: StoredValue<u64>,
    /// A report arrived while training and waits for the next animation frame to be drawn (with
    /// the page's text too if `Some(true)`).
    pub fresh: StoredValue<Option<bool>>,
    /// A report was asked for and has not arrived yet (at most one is in flight).
    pub waiting: StoredValue<bool>,
    /// When the figures' data and the data-set numbers were last asked for.
    pub asked: StoredValue<(f64, f64)>,
    pub rate: RwSignal<Option<f64>>,
    /// Per network, (step, dead fraction) samples.
    pub dead: StoredValue<Vec<Vec<(u64, f64)>>>,
    pub measured: RwSignal<Measured>,
    /// Items (network figures, [`NUMBERS`]) with new data, not drawn yet.
    pub pending: StoredValue<Vec<usize>>,
    pub status: RwSignal<Option<String>>,
    /// Why the worker cannot train (it failed to start or stopped): kept in the status line.
    pub broken: StoredValue<Option<String>>,
    /// Milliseconds one step takes, when over [`SLOW_STEP_MS`] (rounded to 10 ms).
    pub slow_step: RwSignal<Option<f64>>,
    pub bench: RwSignal<Vec<f64>>,
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

    /// A trainer for `state` that follows it: started at mount (training unless `running` is
    /// false), its worker ended with the view; a structural change rebuilds the run, a new
    /// learning rate changes the running one.
    pub fn start(state: RwSignal<TrainingState>, running: bool) -> Trainer {
        let trainer = Trainer::new(state, running);
        trainer.connect();
        on_cleanup(move || {
            trainer.client.try_with_value(|c| {
                if let Some(c) = c {
                    c.terminate();
                }
            });
        });
        let structure = Memo::new(move |_| state.with(TrainingState::structure));
        effect(move || {
            // `with`, not `track`: a memo that was never read has no sources of its own yet.
            structure.with(|_| ());
            trainer.rebuild();
        });
        let learning_rate = Memo::new(move |_| state.with(|s| s.learning_rate));
        effect_with(move |previous: Option<f64>| {
            let lr = learning_rate.get();
            // The first run is configured with it already.
            if previous.is_some() {
                trainer.send(&Command::LearningRate(lr));
            }
            lr
        });
        trainer
    }

    /// The page's read-out of the run, following the reports with figure data.
    pub fn summary(self) -> Memo<Summary> {
        Memo::new(move |_| {
            self.shown.track();
            self.run
                .try_with_value(|r| r.as_ref().map(Summary::of))
                .flatten()
                .unwrap_or_default()
        })
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

    pub fn send(&self, command: &Command) {
        self.client.try_with_value(|c| {
            if let Some(c) = c {
                c.send(command);
            }
        });
    }

    pub fn steps(&self) -> u64 {
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
    pub fn rebuild(&self) {
        let config = self.state.with_untracked(TrainingState::config);
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        self.waiting.set_value(false);
        match config.validate() {
            Ok(()) => {
                self.clear_status();
                self.run.set_value(Some(Run {
                    dataset: Dataset::of(&config),
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

    pub fn reset(&self) {
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
    pub fn play(&self) {
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

    pub fn pause(&self) {
        self.running.set(false);
        self.rate.set(None);
        self.send(&Command::Pause);
    }

    pub fn step_once(&self) {
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
pub struct NetworkSummary {
    pub name: &'static str,
    pub display: &'static str,
    pub first_loss: Option<f64>,
    pub last_loss: Option<f64>,
    pub batch_loss: Option<f64>,
    pub diverged_at: Option<u64>,
}

/// The step reached and what the page says about each network, as of the last report with
/// figure data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub steps: u64,
    pub networks: Vec<NetworkSummary>,
}

impl Summary {
    fn of(run: &Run) -> Summary {
        let networks = run
            .config
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
            .collect();
        Summary {
            steps: run.report.steps,
            networks,
        }
    }
}

/// A loss for the page: four significant digits, or a dash.
pub fn loss_text(v: Option<f64>) -> String {
    match v.filter(|v| v.is_finite()) {
        Some(v) => nnfunc::plot::format_significant(v, 4),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
