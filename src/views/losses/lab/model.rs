//! The lab's state in one `Copy` handle: the store's signals it edits (points, selected loss, log
//! scale, learning rate, descent start), its own (descent steps, play, the dragged point, the
//! scatter's ranges) and what follows from them (each loss's best line, the landscape's ranges, the
//! descent path). The panels take a `Lab` and call its methods, so every edit stops a running
//! descent the same way.

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::landscape::{gradient_descent, point_influence, PointInfluence};
use nnfunc::loss::Regression;
use nnfunc::loss_views::{
    fits, landscape_ranges, regression_kind, Fit, MAX_POINTS, POINT_LIMIT, REGRESSION_LOSSES,
};
use nnfunc::plot::{axis_range, AxisRange};

use crate::views::losses::state::LossStore;

/// Play stops after this many steps.
const MAX_STEPS: usize = 2000;
const STEPS_PER_FRAME: usize = 2;

/// A coordinate as the lab stores it: three decimals, inside the points' limits.
pub fn round3(v: f64) -> f64 {
    ((v * 1000.0).round() / 1000.0).clamp(-POINT_LIMIT, POINT_LIMIT)
}

/// The scatter's ranges: the points, padded, at least 6 × 6.
pub fn scatter_ranges(points: &[(f64, f64)]) -> (AxisRange, AxisRange) {
    let widen = |r: AxisRange, min: f64| {
        let mid = (r.min + r.max) / 2.0;
        let half = (r.width() / 2.0).max(min / 2.0);
        AxisRange::new((mid - half).floor(), (mid + half).ceil())
    };
    (
        widen(axis_range(points.iter().map(|p| p.0), 0.12), 6.0),
        widen(axis_range(points.iter().map(|p| p.1), 0.12), 6.0),
    )
}

/// Each loss's kind, in `REGRESSION_LOSSES` order (`None` where its parameters are refused).
pub fn kinds(
    params: impl Fn(FnId) -> nnfunc::Params,
) -> [Option<Regression>; REGRESSION_LOSSES.len()] {
    REGRESSION_LOSSES.map(|id| regression_kind(&params(id)))
}

/// The index of `id` in `REGRESSION_LOSSES` (the first if it is not one).
pub fn selected_index(id: FnId) -> usize {
    REGRESSION_LOSSES.iter().position(|x| *x == id).unwrap_or(0)
}

/// The selected loss's kind (MSE if its parameters are refused).
pub fn selected_kind(kinds: &[Option<Regression>], selected: usize) -> Regression {
    kinds
        .get(selected)
        .copied()
        .flatten()
        .unwrap_or(Regression::Mse)
}

/// Gradient descent's path: `steps` steps from `start`, clamped into the landscape's `ranges`.
pub fn descent(
    points: &[(f64, f64)],
    kind: Regression,
    (w, b): (AxisRange, AxisRange),
    (sw, sb): (f64, f64),
    lr: f64,
    steps: usize,
) -> Vec<(f64, f64)> {
    let from = (sw.clamp(w.min, w.max), sb.clamp(b.min, b.max));
    gradient_descent(points, kind, from, lr, steps)
}

#[derive(Clone, Copy)]
pub struct Lab {
    pub store: LossStore,
    pub points: RwSignal<Vec<(f64, f64)>>,
    pub lab_loss: RwSignal<FnId>,
    pub log: RwSignal<bool>,
    pub lr: RwSignal<f64>,
    pub start: RwSignal<(f64, f64)>,
    /// Gradient-descent steps taken from the start.
    pub steps: RwSignal<usize>,
    pub playing: RwSignal<bool>,
    /// The point being dragged (the scatter's axes hold still meanwhile).
    pub dragging: RwSignal<Option<usize>>,
    pub scatter_range: RwSignal<(AxisRange, AxisRange)>,
    /// The index of the selected loss in `REGRESSION_LOSSES`.
    pub selected: Memo<usize>,
    pub kind: Memo<Regression>,
    /// Each loss's best line, in `REGRESSION_LOSSES` order.
    pub fitted: Memo<Vec<Option<Fit>>>,
    /// What each point does to the selected loss's best line (none without one).
    pub influence: Memo<Vec<PointInfluence>>,
    /// The landscape's (w, b) ranges.
    pub ranges: Memo<(AxisRange, AxisRange)>,
    pub path: Memo<Vec<(f64, f64)>>,
    /// Where gradient descent is now.
    pub current: Memo<Option<(f64, f64)>>,
}

impl Lab {
    pub fn new(store: LossStore) -> Lab {
        let LossStore {
            points,
            lab_loss,
            log,
            lr,
            start,
            ..
        } = store;
        let steps = RwSignal::new(0usize);
        let kinds = Memo::new(move |_| kinds(|id| store.params(id).get()));
        let selected = Memo::new(move |_| selected_index(lab_loss.get()));
        let kind = Memo::new(move |_| selected_kind(&kinds.get(), selected.get()));
        let fitted = Memo::new(move |_| points.with(|p| fits(p, &kinds.get())));
        let ranges = Memo::new(move |_| landscape_ranges(&fitted.get()));
        let influence = Memo::new(move |_| {
            let fit = fitted.with(|f| f.get(selected.get()).copied().flatten());
            fit.map(|f| points.with(|p| point_influence(p, kind.get(), f.w, f.b)))
                .unwrap_or_default()
        });
        let path = Memo::new(move |_| {
            let (ranges, start) = (ranges.get(), start.get());
            points.with(|p| descent(p, kind.get(), ranges, start, lr.get(), steps.get()))
        });
        let lab = Lab {
            store,
            points,
            lab_loss,
            log,
            lr,
            start,
            steps,
            playing: RwSignal::new(false),
            dragging: RwSignal::new(None),
            scatter_range: RwSignal::new(points.with_untracked(|p| scatter_ranges(p))),
            selected,
            kind,
            fitted,
            influence,
            ranges,
            path,
            current: Memo::new(move |_| path.with(|p| p.last().copied())),
        };
        // The scatter's axes follow the points, except while one is dragged (it would run away).
        effect(move || {
            if lab.dragging.get().is_none() {
                let r = points.with(|p| scatter_ranges(p));
                if lab.scatter_range.get_untracked() != r {
                    lab.scatter_range.set(r);
                }
            }
        });
        lab
    }

    /// The selected loss's PyTorch name.
    pub fn selected_name(&self) -> &'static str {
        REGRESSION_LOSSES
            .get(self.selected.get())
            .map_or("loss", |id| id.spec().name)
    }

    /// Pause a running descent.
    pub fn stop(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        }
    }

    /// Pause and go back to the start.
    pub fn reset(&self) {
        self.stop();
        self.steps.set(0);
    }

    pub fn step(&self) {
        self.stop();
        self.steps.update(|s| *s += 1);
    }

    /// Play from where descent is (from the start once it ran out of steps), or pause.
    pub fn toggle_play(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        } else {
            if self.steps.get_untracked() >= MAX_STEPS {
                self.steps.set(0);
            }
            self.playing.set(true);
            let lab = *self;
            request_animation_frame(move || lab.frame());
        }
    }

    /// One animation frame of play: a few steps, then the next frame until descent stands still.
    fn frame(self) {
        if !self.playing.try_get_untracked().unwrap_or(false) {
            return;
        }
        let before = self.path.with_untracked(|p| p.len());
        self.steps.update(|s| *s += STEPS_PER_FRAME);
        let (after, still) = self.path.with_untracked(|p| {
            let n = p.len();
            let still = n >= 2 && {
                let (a, b) = (p[n - 2], p[n - 1]);
                (a.0 - b.0).abs() + (a.1 - b.1).abs() < 1e-10
            };
            (n, still)
        });
        if after == before || still || self.steps.get_untracked() >= MAX_STEPS {
            self.playing.set(false);
            return;
        }
        request_animation_frame(move || self.frame());
    }

    /// Move descent's start (and restart it there).
    pub fn set_start(&self, (w, b): (f64, f64)) {
        self.reset();
        self.start.set((round3(w), round3(b)));
    }

    /// Where descent starts as drawn (the start clamped into the landscape).
    pub fn drawn_start(&self) -> (f64, f64) {
        self.path
            .with_untracked(|p| p.first().copied())
            .unwrap_or(self.start.get_untracked())
    }

    pub fn select(&self, id: FnId) {
        self.reset();
        self.lab_loss.set(id);
    }

    pub fn set_points(&self, points: Vec<(f64, f64)>) {
        self.reset();
        self.points.set(points);
    }

    /// Add a point (none beyond `MAX_POINTS`).
    pub fn add_point(&self, (x, y): (f64, f64)) {
        if self.points.with_untracked(Vec::len) < MAX_POINTS {
            self.stop();
            self.points.update(|p| p.push((round3(x), round3(y))));
        }
    }

    /// Move point `i` to `at` (rounded; no update if that is where it is).
    pub fn move_point(&self, i: usize, (x, y): (f64, f64)) {
        let next = (round3(x), round3(y));
        if self.points.with_untracked(|p| p.get(i).copied()) != Some(next) {
            self.points.update(|p| {
                if let Some(q) = p.get_mut(i) {
                    *q = next;
                }
            });
        }
    }

    pub fn delete_point(&self, i: usize) {
        self.stop();
        self.points.update(|p| {
            if i < p.len() {
                p.remove(i);
            }
        });
    }
}
