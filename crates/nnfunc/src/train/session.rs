//! The training worker's side of the lab as a plain state machine (natively tested): it owns the
//! [`Lab`], answers [`Command`]s with [`Report`]s, and trains in slices when asked to
//! ([`Session::work`]). The worker crate (`crates/trainer`) only moves messages and calls `work`
//! again while [`Session::busy`]; the clock is passed in, so nothing here touches a browser.

use super::bench::{workload_lab, STEPS as BENCH_STEPS};
use super::wire::{Command, NetworkReport, Numbers, Report, Stop};
use super::{Lab, TaskKind};

/// Points of a fitted curve, sides of a decision map and of a reconstructed image, as reported.
pub const CURVE_POINTS: usize = 201;
pub const MAP_SIDE: usize = 48;
pub const IMAGE_SIDE: usize = 64;
/// Rounds of the benchmark workload (the page shows each; the best is the result).
pub const BENCH_ROUNDS: usize = 3;
/// Steps per timed chunk of the benchmark (commands are answered between slices).
const BENCH_CHUNK: u32 = 100;
/// The first guess of the speed (multiply-adds per millisecond) before anything is measured.
const INITIAL_SPEED: f64 = 200_000.0;
/// Steps per second are measured over windows of this many milliseconds.
const RATE_WINDOW_MS: f64 = 500.0;

/// A benchmark round in progress.
#[derive(Debug)]
struct BenchRound {
    lab: Lab,
    done: u32,
    ms: f64,
}

/// The worker's state: the run, whether it trains, and the measurements.
#[derive(Debug)]
pub struct Session {
    generation: u64,
    lab: Option<Lab>,
    running: bool,
    until: Option<u64>,
    /// A pause of the run's own (diverged, `until`) not yet reported.
    stop: Option<Stop>,
    /// Multiply-adds per millisecond, measured.
    speed: f64,
    measured: bool,
    /// Where the steps-per-second window started: (time, steps).
    window: (f64, u64),
    rate: Option<f64>,
    bench: Option<BenchRound>,
    bench_results: Vec<f64>,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    pub fn new() -> Session {
        Session {
            generation: 0,
            lab: None,
            running: false,
            until: None,
            stop: None,
            speed: INITIAL_SPEED,
            measured: false,
            window: (0.0, 0),
            rate: None,
            bench: None,
            bench_results: Vec::new(),
        }
    }

    /// True while [`Session::work`] has something to do (training, or the benchmark).
    pub fn busy(&self) -> bool {
        self.running || self.bench.is_some()
    }

    /// Carry out `command` at time `now` (ms); the report to send back, if it calls for one.
    pub fn handle(&mut self, command: Command, now: f64) -> Option<Report> {
        match command {
            Command::Configure { generation, config } => {
                self.generation = generation;
                self.lab = Lab::new(config).ok();
                self.running = false;
                self.stop = None;
                self.rate = None;
                Some(self.report(true, true))
            }
            Command::LearningRate(lr) => {
                if let Some(lab) = &mut self.lab {
                    // A refused rate keeps the old one (the page validated it already).
                    let _ = lab.set_learning_rate(lr);
                }
                None
            }
            Command::Play => {
                self.running = self.lab.is_some();
                self.window = (now, self.steps());
                self.rate = None;
                // A run that cannot go on says so at once.
                self.check_stop().then(|| self.report(true, true))
            }
            Command::Pause => {
                self.running = false;
                Some(self.report(true, true))
            }
            Command::Step => {
                self.running = false;
                if let Some(lab) = &mut self.lab {
                    lab.step();
                }
                Some(self.report(true, true))
            }
            Command::Reset => {
                self.running = false;
                self.stop = None;
                self.rate = None;
                if let Some(lab) = &mut self.lab {
                    lab.reset();
                }
                Some(self.report(true, true))
            }
            Command::Until(until) => {
                self.until = until;
                None
            }
            Command::Report { figures, numbers } => Some(self.report(figures, numbers)),
            Command::Bench => {
                self.bench_results.clear();
                self.bench = self.start_bench_round();
                None
            }
        }
    }

    fn steps(&self) -> u64 {
        self.lab.as_ref().map_or(0, Lab::steps)
    }

    fn start_bench_round(&self) -> Option<BenchRound> {
        workload_lab().ok().map(|lab| BenchRound {
            lab,
            done: 0,
            ms: 0.0,
        })
    }

    /// Pause the run if it cannot go on (every network diverged, or `until` reached); true if so.
    fn check_stop(&mut self) -> bool {
        let Some(lab) = &self.lab else {
            self.running = false;
            return false;
        };
        match stop_of(lab, self.until) {
            Some(stop) if self.running => {
                self.running = false;
                self.stop = Some(stop);
                true
            }
            _ => false,
        }
    }

    /// Train (or benchmark) for about `slice_ms`, reading the time from `clock`; a report when the
    /// run paused by itself or a benchmark round finished.
    pub fn work(&mut self, slice_ms: f64, clock: &mut dyn FnMut() -> f64) -> Option<Report> {
        if self.bench.is_some() {
            return self.bench_slice(slice_ms, clock);
        }
        if !self.running {
            return None;
        }
        let start = clock();
        let mut speed = self.speed;
        let mut stop = None;
        let until = self.until;
        if let Some(lab) = &mut self.lab {
            loop {
                stop = stop_of(lab, until);
                let elapsed = clock() - start;
                if stop.is_some() || elapsed >= slice_ms {
                    break;
                }
                let left = until.map_or(u64::MAX, |until| until.saturating_sub(lab.steps()));
                let cost = lab.cost_per_step().max(1) as f64;
                // Chunks of about a millisecond: the clock is checked often, not every step.
                let fit = (speed * (slice_ms - elapsed).min(1.0) / cost).floor();
                let chunk = (fit.max(1.0) as u64).min(left).min(u64::from(u32::MAX)) as u32;
                let before = clock();
                lab.step_n(chunk);
                let took = clock() - before;
                if took > 0.05 {
                    let measured = f64::from(chunk) * cost / took;
                    speed = if self.measured {
                        0.7 * speed + 0.3 * measured
                    } else {
                        measured
                    };
                    self.measured = true;
                }
            }
        }
        self.speed = speed;
        let t = clock();
        let steps = self.steps();
        if t - self.window.0 >= RATE_WINDOW_MS {
            self.rate =
                Some(steps.saturating_sub(self.window.1) as f64 * 1000.0 / (t - self.window.0));
            self.window = (t, steps);
        }
        let stop = stop?;
        self.running = false;
        self.stop = Some(stop);
        Some(self.report(true, true))
    }

    fn bench_slice(&mut self, slice_ms: f64, clock: &mut dyn FnMut() -> f64) -> Option<Report> {
        let start = clock();
        let round = self.bench.as_mut()?;
        while round.done < BENCH_STEPS && clock() - start < slice_ms {
            let n = BENCH_CHUNK.min(BENCH_STEPS - round.done);
            let before = clock();
            round.lab.step_n(n);
            round.ms += clock() - before;
            round.done += n;
        }
        if round.done < BENCH_STEPS {
            return None;
        }
        if round.ms > 0.0 {
            self.bench_results
                .push(f64::from(BENCH_STEPS) * 1000.0 / round.ms);
        }
        self.bench = if self.bench_results.len() < BENCH_ROUNDS {
            self.start_bench_round()
        } else {
            None
        };
        Some(self.report(false, false))
    }

    /// What the page is told; the figures' data and the data-set numbers only if asked (they cost
    /// a pass over a grid or the data set).
    pub fn report(&mut self, figures: bool, numbers: bool) -> Report {
        let measured_ms = self
            .lab
            .as_ref()
            .map_or(0.0, |lab| lab.cost_per_step().max(1) as f64 / self.speed);
        let lab = self.lab.as_ref();
        Report {
            generation: self.generation,
            has_run: lab.is_some(),
            steps: self.steps(),
            running: self.running,
            stop: self.stop.take(),
            step_ms: measured_ms,
            rate: if self.running { self.rate } else { None },
            networks: lab.map_or_else(Vec::new, |lab| {
                lab.networks()
                    .iter()
                    .map(|n| NetworkReport {
                        history: n.history().points().to_vec(),
                        last_loss: n.last_loss(),
                        diverged_at: n.diverged_at(),
                    })
                    .collect()
            }),
            figures: lab.filter(|_| figures).map(figure_data),
            numbers: lab.filter(|_| numbers).map(|lab| Numbers {
                dataset_losses: lab.dataset_losses(),
                dead: lab.dead_fractions(),
            }),
            bench: self.bench_results.clone(),
        }
    }
}

/// Why `lab` cannot train on: every network diverged, or `until` is reached.
fn stop_of(lab: &Lab, until: Option<u64>) -> Option<Stop> {
    if lab.all_diverged() {
        Some(Stop::Diverged)
    } else {
        until.filter(|&u| lab.steps() >= u).map(Stop::Until)
    }
}

/// Each network's figure data for the lab's task (see [`Report::figures`]).
pub fn figure_data(lab: &Lab) -> Vec<Vec<f64>> {
    lab.networks()
        .iter()
        .map(|n| match lab.dataset().task.kind() {
            TaskKind::Regression => n.predict_curve(CURVE_POINTS),
            TaskKind::Classification => n
                .decision_map(MAP_SIDE, MAP_SIDE)
                .map(|m| m.probabilities)
                .unwrap_or_default(),
            TaskKind::Image => n.reconstruct(IMAGE_SIDE, IMAGE_SIDE),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{LabConfig, Task};

    /// A clock that advances by `step` ms at every reading.
    fn ticking(step: f64) -> impl FnMut() -> f64 {
        let mut t = 0.0;
        move || {
            t += step;
            t
        }
    }

    fn configured(task: Task) -> (Session, Report) {
        let mut session = Session::new();
        let report = session
            .handle(
                Command::Configure {
                    generation: 5,
                    config: LabConfig::defaults(task),
                },
                0.0,
            )
            .expect("a configuration is answered");
        (session, report)
    }

    #[test]
    fn configure_answers_with_the_whole_picture_at_step_0() {
        for task in Task::ALL {
            let (_, report) = configured(task);
            let config = LabConfig::defaults(task);
            assert_eq!(report.generation, 5);
            assert!(report.has_run && !report.running);
            assert_eq!(report.steps, 0);
            assert_eq!(report.networks.len(), config.activations.len());
            let lab = Lab::new(config).expect("defaults are valid");
            assert_eq!(report.figures, Some(figure_data(&lab)));
            let numbers = report.numbers.expect("numbers");
            assert_eq!(numbers.dead, lab.dead_fractions());
        }
    }

    #[test]
    fn a_refused_configuration_has_no_run() {
        let mut session = Session::new();
        let mut config = LabConfig::defaults(Task::Xor);
        config.width = 0;
        let report = session
            .handle(
                Command::Configure {
                    generation: 1,
                    config,
                },
                0.0,
            )
            .expect("answered");
        assert!(!report.has_run);
        assert!(session.handle(Command::Play, 0.0).is_none());
        assert!(!session.busy());
    }

    #[test]
    fn training_in_slices_matches_stepping_the_lab_directly() {
        let (mut session, _) = configured(Task::Sine);
        session.handle(Command::Until(Some(37)), 0.0);
        assert!(session.handle(Command::Play, 0.0).is_none());
        let mut clock = ticking(0.01);
        let mut stopped = None;
        for _ in 0..10_000 {
            if let Some(r) = session.work(5.0, &mut clock) {
                stopped = Some(r);
                break;
            }
        }
        let report = stopped.expect("the run pauses at until");
        assert_eq!(report.stop, Some(Stop::Until(37)));
        assert_eq!(report.steps, 37);
        assert!(!report.running && !session.busy());
        let mut lab = Lab::new(LabConfig::defaults(Task::Sine)).expect("valid");
        lab.step_n(37);
        let want: Vec<_> = lab
            .networks()
            .iter()
            .map(|n| n.history().points().to_vec())
            .collect();
        let got: Vec<_> = report.networks.iter().map(|n| n.history.clone()).collect();
        assert_eq!(got, want);
        // The stop is told once; Play at `until` stops again at once.
        assert_eq!(session.report(false, false).stop, None);
        let again = session.handle(Command::Play, 0.0).expect("cannot go on");
        assert_eq!(again.stop, Some(Stop::Until(37)));
    }

    #[test]
    fn step_pause_reset_and_the_learning_rate() {
        let (mut session, _) = configured(Task::Xor);
        let r = session.handle(Command::Step, 0.0).expect("answered");
        assert_eq!(r.steps, 1);
        session.handle(Command::Play, 0.0);
        assert!(session.busy());
        let mut clock = ticking(0.5);
        session.work(3.0, &mut clock);
        let paused = session.handle(Command::Pause, 0.0).expect("answered");
        assert!(!paused.running && paused.steps > 1);
        assert!(session.handle(Command::LearningRate(0.5), 0.0).is_none());
        assert_eq!(
            session.lab.as_ref().map(|l| l.config().learning_rate),
            Some(0.5)
        );
        let reset = session.handle(Command::Reset, 0.0).expect("answered");
        assert_eq!(reset.steps, 0);
        assert!(reset.networks.iter().all(|n| n.history.is_empty()));
    }

    #[test]
    fn diverging_runs_stop_by_themselves() {
        let mut config = LabConfig::defaults(Task::Sine);
        config.learning_rate = 10.0;
        config.optimizer = crate::train::Optimizer::Sgd;
        let mut session = Session::new();
        session.handle(
            Command::Configure {
                generation: 1,
                config,
            },
            0.0,
        );
        session.handle(Command::Play, 0.0);
        let mut clock = ticking(0.01);
        let report = (0..100_000)
            .find_map(|_| session.work(5.0, &mut clock))
            .expect("every network diverges at lr 10 with SGD");
        assert_eq!(report.stop, Some(Stop::Diverged));
        assert!(report.networks.iter().all(|n| n.diverged_at.is_some()));
    }

    #[test]
    fn the_benchmark_reports_each_round() {
        let mut session = Session::new();
        assert!(session.handle(Command::Bench, 0.0).is_none());
        let mut clock = ticking(0.001);
        let mut reports = Vec::new();
        while session.busy() {
            if let Some(r) = session.work(1_000.0, &mut clock) {
                reports.push(r);
            }
        }
        assert_eq!(reports.len(), BENCH_ROUNDS);
        let last = reports.last().expect("rounds");
        assert_eq!(last.bench.len(), BENCH_ROUNDS);
        assert!(last.bench.iter().all(|r| r.is_finite() && *r > 0.0));
    }
}
