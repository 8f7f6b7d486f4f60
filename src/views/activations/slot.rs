//! One function of the explorer: its parameters and everything derived from them, each a memo
//! of its own (function, samples of f and f′, saturation zones, properties), so that moving one
//! function's slider resamples that function only. All lazy: only shown functions compute.

use std::sync::Arc;
use std::time::Duration;

use crate::effect::effect_with;
use leptos::prelude::*;
use nnfunc::activation::Elementwise;
use nnfunc::plot::{sample, split_at, AxisRange};
use nnfunc::properties::{saturation_zones, Properties};
use nnfunc::{FnSpec, Params};

use super::state::elementwise;
use crate::chart::function_plot::Lines;

/// Samples per curve: more than one per CSS pixel of an 800–1000 px wide plot.
pub(super) const SAMPLES: usize = 1201;
/// Periodic functions get at least this many samples per period (up to [`MAX_SAMPLES`]).
const SAMPLES_PER_PERIOD: f64 = 24.0;
const MAX_SAMPLES: usize = 8001;
/// Samples for finding saturation zones.
const ZONE_SAMPLES: usize = 2001;

/// How many samples `f` needs over `x`: [`SAMPLES`], more for a fast sine.
pub(super) fn samples_for(f: &Elementwise, x: AxisRange) -> usize {
    match *f {
        Elementwise::Sine { omega_0 } => {
            let periods = x.width() * omega_0.abs() / std::f64::consts::TAU;
            let wanted = periods * SAMPLES_PER_PERIOD;
            if wanted.is_finite() {
                (wanted.ceil() as usize).clamp(SAMPLES, MAX_SAMPLES)
            } else {
                MAX_SAMPLES
            }
        }
        _ => SAMPLES,
    }
}

/// The kinks of `f` where `g` (f or f′) jumps rather than bends.
fn jumps(f: &Elementwise, g: impl Fn(f64) -> f64) -> Vec<f64> {
    f.kinks()
        .into_iter()
        .filter(|&k| {
            let h = 1e-9 * k.abs().max(1.0);
            let (a, b) = (g(k - h), g(k + h));
            (a - b).abs() > 1e-6 * (1.0 + a.abs().max(b.abs()))
        })
        .collect()
}

/// `g` (f or f′ of `f`) sampled over `x`, broken at the kinks where it jumps (so a jump is a gap,
/// not a wall).
pub(super) fn lines(
    f: Option<Elementwise>,
    x: AxisRange,
    g: fn(&Elementwise, f64) -> f64,
) -> Arc<Lines> {
    Arc::new(f.map_or_else(Vec::new, |f| {
        let lines = sample(|v| g(&f, v), x.min, x.max, samples_for(&f, x));
        split_at(lines, &jumps(&f, |v| g(&f, v)))
    }))
}

/// Where `f` saturates over `x` (|f′| below the threshold).
pub(super) fn zones(f: &Elementwise, x: AxisRange) -> Vec<(f64, f64)> {
    saturation_zones(f, x.min, x.max, ZONE_SAMPLES)
}

/// One function's state and everything derived from it.
#[derive(Clone, Copy)]
pub(crate) struct Slot {
    pub spec: &'static FnSpec,
    pub params: RwSignal<Params>,
    /// `None` only if PyTorch refuses the parameters (the controls never let that happen).
    pub function: Memo<Option<Elementwise>>,
    pub f_lines: Memo<Arc<Lines>>,
    pub df_lines: Memo<Arc<Lines>>,
    pub zones: Memo<Vec<(f64, f64)>>,
    pub properties: Memo<Option<Properties>>,
}

impl Slot {
    /// `spec` starting at `start`, sampled over `x`.
    pub(super) fn new(spec: &'static FnSpec, start: Params, x: RwSignal<AxisRange>) -> Slot {
        let params = RwSignal::new(start);
        let function = Memo::new(move |_| params.with(|p| elementwise(p).ok()));
        let f_lines = Memo::new(move |_| lines(function.get(), x.get(), Elementwise::value));
        let df_lines = Memo::new(move |_| lines(function.get(), x.get(), Elementwise::derivative));
        let zones = Memo::new(move |_| {
            let (f, x) = (function.get(), x.get());
            f.map_or_else(Vec::new, |f| zones(&f, x))
        });
        let settled = settled(params);
        let properties =
            Memo::new(move |_| settled.with(|p| elementwise(p).ok().map(|f| Properties::of(&f))));
        Slot {
            spec,
            params,
            function,
            f_lines,
            df_lines,
            zones,
            properties,
        }
    }
}

/// `params` one task later: the properties table scans ~10⁵ points, so it follows the parameters
/// off the path from a slider's input to the redraw (coalesced while dragging).
fn settled(params: RwSignal<Params>) -> RwSignal<Params> {
    let settled = RwSignal::new(params.get_untracked());
    let pending = StoredValue::new(false);
    effect_with(move |first: Option<()>| {
        params.track();
        if first.is_none() || pending.get_value() {
            return;
        }
        pending.set_value(true);
        set_timeout(
            move || {
                pending.try_set_value(false);
                if let Some(now) = params.try_get_untracked() {
                    if settled.try_with_untracked(|s| *s != now) == Some(true) {
                        settled.try_set(now);
                    }
                }
            },
            Duration::ZERO,
        );
    });
    settled
}
