//! The view's live state: the settings as signals, the run that Step and Play advance (a trail of
//! past triplets, or a batch and its history), and the quantities derived from them as memos.

use leptos::prelude::*;
use nnfunc::plot::format_significant;
use nnfunc::triplet::{
    batch_stats, descend, evaluate, generate, mine, train_step, Batch, BatchStats, Config,
    DistanceFunction, Evaluation, Mining, Point, Shading, Triplet, TripletIndices, TripletLoss,
};

use super::distance_map::{use_map, MapMemo};
use super::state::{Mode, Settings};
use super::surfaces::{Surface, SurfaceKey};

/// Play stops after this many steps …
const MAX_PLAY_STEPS: usize = 1000;
/// … or once a step changes the loss by no more than this.
const STILL: f64 = 1e-12;
/// The trail keeps this many past positions.
const MAX_TRAIL: usize = 1000;
/// Classes and points per class of a batch.
pub const BATCH_CLASSES: usize = 4;
pub const BATCH_PER_CLASS: usize = 8;
/// Significant digits of the read-outs (PyTorch's float64, to 1e-12).
const READOUT_DIGITS: usize = 12;

/// A value as the read-outs show it.
pub fn readout(v: f64) -> String {
    crate::chart::format::in_words(v, READOUT_DIGITS)
}

/// A value in a figure's text alternative.
pub fn n4(v: f64) -> String {
    format_significant(v, 4)
}

/// The arrows show `−∇ × scale` (in plane units): the margin loss's gradients have length about 1,
/// the ratio loss's at most 4σ²(1 − σ) ≤ 16/27 per distance.
pub fn arrow_scale(loss: TripletLoss) -> f64 {
    match loss {
        TripletLoss::Margin => 0.5,
        TripletLoss::Ratio => 2.0,
    }
}

/// The margin loss's and the ratio loss's (δ₊, δ₋) of a triplet, without evaluating gradients.
pub fn distances(config: &Config, t: &Triplet) -> (Point, Point) {
    let d_an = config.distance(t.anchor, t.negative);
    let d_neg = if config.swap {
        d_an.min(config.distance(t.positive, t.negative))
    } else {
        d_an
    };
    let euclid = |x: Point, y: Point| (x.0 - y.0).hypot(x.1 - y.1);
    (
        (config.distance(t.anchor, t.positive), d_neg),
        (euclid(t.anchor, t.positive), euclid(t.anchor, t.negative)),
    )
}

/// The settings and the run: what the controls set and Step and Play change.
#[derive(Clone, Copy)]
pub struct Model {
    pub config: RwSignal<Config>,
    pub triplet: RwSignal<Triplet>,
    pub lr: RwSignal<f64>,
    pub mode: RwSignal<Mode>,
    pub mining: RwSignal<Mining>,
    pub seed: RwSignal<u64>,
    pub d_max: RwSignal<f64>,
    pub shading: RwSignal<Shading>,
    pub distance: RwSignal<DistanceFunction>,
    pub trail: RwSignal<Vec<Triplet>>,
    pub batch: RwSignal<Batch>,
    /// Statistics after each batch step (index = step).
    pub history: RwSignal<Vec<BatchStats>>,
    pub playing: RwSignal<bool>,
    pub status: RwSignal<String>,
}

impl Model {
    pub fn new(initial: Settings) -> Model {
        Model {
            config: RwSignal::new(initial.config),
            triplet: RwSignal::new(initial.triplet),
            lr: RwSignal::new(initial.lr),
            mode: RwSignal::new(initial.mode),
            mining: RwSignal::new(initial.mining),
            seed: RwSignal::new(initial.seed),
            d_max: RwSignal::new(initial.d_max),
            shading: RwSignal::new(initial.shading),
            distance: RwSignal::new(initial.distance),
            trail: RwSignal::new(Vec::new()),
            batch: RwSignal::new(generate(initial.seed, BATCH_CLASSES, BATCH_PER_CLASS)),
            history: RwSignal::new(Vec::new()),
            playing: RwSignal::new(false),
            status: RwSignal::new(String::new()),
        }
    }

    /// The settings as the address bar holds them (tracked).
    pub fn settings(&self) -> Settings {
        Settings {
            config: self.config.get(),
            triplet: self.triplet.get(),
            lr: self.lr.get(),
            seed: self.seed.get(),
            d_max: self.d_max.get(),
            shading: self.shading.get(),
            mode: self.mode.get(),
            mining: self.mining.get(),
            distance: self.distance.get(),
        }
    }

    /// One step of gradient descent; returns how much the loss changed.
    pub fn step(&self) -> Result<f64, String> {
        let (config, lr) = (self.config.get_untracked(), self.lr.get_untracked());
        match self.mode.get_untracked() {
            Mode::Single => {
                let t = self.triplet.get_untracked();
                let (next, before) = descend(&t, &config, lr).map_err(|e| e.to_string())?;
                let after = evaluate(&next, &config).map_err(|e| e.to_string())?;
                self.trail.update(|trail| {
                    trail.push(t);
                    if trail.len() > MAX_TRAIL {
                        trail.remove(0);
                    }
                });
                self.triplet.set(next);
                Ok((before.loss - after.loss).abs())
            }
            Mode::Batch => {
                let mining = self.mining.get_untracked();
                let batch = self.batch.get_untracked();
                let before = match self.history.with_untracked(|h| h.last().copied()) {
                    Some(stats) => stats,
                    None => batch_stats(&batch, &config, mining).map_err(|e| e.to_string())?,
                };
                let (next, _) =
                    train_step(&batch, &config, mining, lr).map_err(|e| e.to_string())?;
                let after = batch_stats(&next, &config, mining).map_err(|e| e.to_string())?;
                self.history.update(|h| {
                    if h.is_empty() {
                        h.push(before);
                    }
                    h.push(after);
                });
                self.batch.set(next);
                Ok((before.mean_loss - after.mean_loss).abs())
            }
        }
    }

    /// Forget the trail (single) or start the batch again from its seed.
    pub fn reset(&self) {
        self.playing.set(false);
        self.status.set(String::new());
        self.trail.set(Vec::new());
        self.batch.set(generate(
            self.seed.get_untracked(),
            BATCH_CLASSES,
            BATCH_PER_CLASS,
        ));
        self.history.set(Vec::new());
    }

    /// Step pressed: one step (stopping Play), its error in the status line.
    pub fn step_once(&self) {
        self.stop_playing();
        self.status.set(match self.step() {
            Ok(_) => String::new(),
            Err(message) => message,
        });
    }

    pub fn stop_playing(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        }
    }

    /// Play pressed: pause, or step once per animation frame until the loss stops changing.
    pub fn toggle_play(self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
            self.status.set("Paused.".into());
        } else {
            self.playing.set(true);
            self.status.set("Playing…".into());
            request_animation_frame(move || play_frame(self, 0));
        }
    }
}

/// One animation frame of Play: a step, then the next frame unless the loss stopped changing.
fn play_frame(model: Model, count: usize) {
    if !model.playing.try_get_untracked().unwrap_or(false) {
        return;
    }
    let count = count + 1;
    let stop = match model.step() {
        Err(message) => Some(format!("Stopped: {message}")),
        Ok(change) if change <= STILL => Some(format!(
            "Stopped after {count} steps: the loss stopped changing."
        )),
        Ok(_) if count >= MAX_PLAY_STEPS => Some(format!("Paused after {count} steps.")),
        Ok(_) => None,
    };
    match stop {
        Some(message) => {
            model.playing.set(false);
            model.status.set(message);
        }
        None => request_animation_frame(move || play_frame(model, count)),
    }
}

/// What the figures and read-outs derive from the model, each recomputed only when its inputs
/// change (moving a handle never recomputes a surface).
#[derive(Clone, Copy)]
pub struct Derived {
    pub evaluation: Memo<Result<Evaluation, String>>,
    pub margin_surface: Memo<Surface>,
    pub ratio_surface: Memo<Surface>,
    /// The mined triplets of the batch (empty for a single triplet).
    pub mined: Memo<Vec<TripletIndices>>,
    /// The batch's statistics (`None` for a single triplet).
    pub stats: Memo<Option<BatchStats>>,
    /// triplet_margin_with_distance_loss over the anchor's plane (`None` for a batch).
    pub distance_map: MapMemo,
}

impl Derived {
    pub fn new(model: Model) -> Derived {
        let Model {
            config,
            triplet,
            mode,
            mining,
            batch,
            d_max,
            shading,
            ..
        } = model;
        let surface = move |loss: TripletLoss| {
            Memo::new(move |_| {
                Surface::new(SurfaceKey {
                    loss,
                    margin: match loss {
                        TripletLoss::Margin => config.with(|c| c.margin),
                        TripletLoss::Ratio => 1.0,
                    },
                    d_max: d_max.get(),
                    shading: shading.get(),
                })
            })
        };
        Derived {
            evaluation: Memo::new(move |_| {
                evaluate(&triplet.get(), &config.get()).map_err(|e| format!("Cannot evaluate: {e}"))
            }),
            margin_surface: surface(TripletLoss::Margin),
            ratio_surface: surface(TripletLoss::Ratio),
            mined: Memo::new(move |_| {
                if mode.get() != Mode::Batch {
                    return Vec::new();
                }
                batch.with(|b| mine(b, &config.get(), mining.get()))
            }),
            stats: Memo::new(move |_| {
                if mode.get() != Mode::Batch {
                    return None;
                }
                batch.with(|b| batch_stats(b, &config.get(), mining.get()).ok())
            }),
            distance_map: use_map(model),
        }
    }
}
