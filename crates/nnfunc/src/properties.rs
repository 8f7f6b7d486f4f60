//! Properties of an elementwise activation, computed from the math itself (not typed in by hand), so
//! that they stay true for every parameter value: output range, monotonicity, smoothness, symmetry,
//! saturation and f′(0). Also the saturation zones (|f′| < 0.01) that the UI can shade.

use crate::activation::Elementwise;

/// One end of the output range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// ±∞ for an unbounded side.
    pub value: f64,
    /// Whether some finite input reaches it.
    pub closed: bool,
}

/// What a properties table shows about an activation with given parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Properties {
    pub lower: Bound,
    pub upper: Bound,
    /// Non-decreasing everywhere.
    pub monotonic: bool,
    /// Continuously differentiable (no kink where the one-sided slopes differ).
    pub smooth: bool,
    /// Odd, f(−x) = −f(x): outputs are centred on zero for inputs centred on zero.
    pub zero_centred: bool,
    /// |f′| falls below [`SATURATION_SLOPE`] as x → −∞ / +∞.
    pub saturates_left: bool,
    pub saturates_right: bool,
    /// f′(0) as PyTorch computes it (its one-sided choice at a kink).
    pub derivative_at_zero: f64,
}

/// |f′| below this counts as saturated (the gradient has all but vanished).
pub const SATURATION_SLOPE: f64 = 0.01;

/// The inner grid where bounds can be attained: [−15, 15] in steps of 1e−3.
const INNER: f64 = 15.0;
const STEP: f64 = 1e-3;
/// Points far out, where limits are read.
const FAR: [f64; 4] = [50.0, 1e3, 1e6, 1e9];

impl Properties {
    pub fn of(f: &Elementwise) -> Properties {
        let n = (2.0 * INNER / STEP).round() as usize;
        let inner: Vec<f64> = (0..=n).map(|i| f.value(-INNER + i as f64 * STEP)).collect();
        let finite_min = |v: &[f64]| {
            v.iter()
                .copied()
                .filter(|y| !y.is_nan())
                .fold(f64::INFINITY, f64::min)
        };
        let finite_max = |v: &[f64]| {
            v.iter()
                .copied()
                .filter(|y| !y.is_nan())
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let left: Vec<f64> = FAR.iter().map(|x| f.value(-x)).collect();
        let right: Vec<f64> = FAR.iter().map(|x| f.value(*x)).collect();
        let outer: Vec<f64> = left.iter().chain(&right).copied().collect();
        // Growing without bound: large at 1e9 and ten times larger than at 1e6.
        let down = |a: f64, b: f64| b < -1e4 && b < 10.0 * a.min(-1.0);
        let up = |a: f64, b: f64| b > 1e4 && b > 10.0 * a.max(1.0);
        let grows_down = down(left[2], left[3]) || down(right[2], right[3]);
        let grows_up = up(left[2], left[3]) || up(right[2], right[3]);
        let (inner_min, inner_max) = (finite_min(&inner), finite_max(&inner));
        let (outer_min, outer_max) = (finite_min(&outer), finite_max(&outer));
        let lower = if grows_down {
            Bound {
                value: f64::NEG_INFINITY,
                closed: false,
            }
        } else if inner_min <= outer_min {
            Bound {
                value: inner_min,
                closed: true,
            }
        } else {
            Bound {
                value: outer_min,
                closed: false,
            }
        };
        let upper = if grows_up {
            Bound {
                value: f64::INFINITY,
                closed: false,
            }
        } else if inner_max >= outer_max {
            Bound {
                value: inner_max,
                closed: true,
            }
        } else {
            Bound {
                value: outer_max,
                closed: false,
            }
        };
        let monotonic = inner.windows(2).all(|w| w[1] >= w[0] - 1e-12)
            && left.windows(2).all(|w| w[1] <= w[0] + 1e-12)
            && right.windows(2).all(|w| w[1] >= w[0] - 1e-12);
        let smooth = f.kinks().iter().all(|&k| {
            let h = 1e-7 * k.abs().max(1.0);
            (f.derivative(k - h) - f.derivative(k + h)).abs() < 1e-3
                && (f.value(k - h) - f.value(k + h)).abs() < 1e-3
        });
        let zero_centred = (0..=n / 2).all(|i| {
            let x = i as f64 * STEP;
            let (a, b) = (f.value(x), f.value(-x));
            (a + b).abs() <= 1e-9 * (1.0 + a.abs())
        });
        let slope_small =
            |xs: [f64; 3]| xs.iter().all(|&x| f.derivative(x).abs() < SATURATION_SLOPE);
        Properties {
            lower,
            upper,
            monotonic,
            smooth,
            zero_centred,
            saturates_left: slope_small([-50.0, -1e3, -1e6]),
            saturates_right: slope_small([50.0, 1e3, 1e6]),
            derivative_at_zero: f.derivative(0.0),
        }
    }

    /// The output range in interval notation, e.g. "[0, ∞)" or "(−1, 1)".
    pub fn range_text(&self) -> String {
        let num = |v: f64| {
            if v == f64::INFINITY {
                "∞".to_string()
            } else if v == f64::NEG_INFINITY {
                "−∞".to_string()
            } else {
                format_short(v)
            }
        };
        format!(
            "{}{}, {}{}",
            if self.lower.closed { '[' } else { '(' },
            num(self.lower.value),
            num(self.upper.value),
            if self.upper.closed { ']' } else { ')' }
        )
    }
}

/// A number with at most 4 significant digits, −0 shown as 0, minus as U+2212.
pub fn format_short(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let s = if v.abs() >= 1e5 || v.abs() < 1e-3 {
        format!("{v:.3e}")
    } else {
        let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
        let s = format!("{v:.digits$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    s.replace('-', "−")
}

/// The intervals of [x_min, x_max] where |f′(x)| < [`SATURATION_SLOPE`], found on `n` samples.
pub fn saturation_zones(f: &Elementwise, x_min: f64, x_max: f64, n: usize) -> Vec<(f64, f64)> {
    if !(x_min.is_finite() && x_max.is_finite() && x_max > x_min) || n < 2 {
        return Vec::new();
    }
    let step = (x_max - x_min) / (n - 1) as f64;
    let mut zones: Vec<(f64, f64)> = Vec::new();
    let mut start: Option<f64> = None;
    for i in 0..n {
        let x = x_min + i as f64 * step;
        let flat = f.derivative(x).abs() < SATURATION_SLOPE;
        match (flat, start) {
            (true, None) => start = Some(x),
            (false, Some(s)) => {
                zones.push((s, x - step));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        zones.push((s, x_max));
    }
    zones.retain(|(a, b)| b > a);
    zones
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use crate::catalogue::find;
    use crate::params::Params;

    fn props(name: &str) -> Properties {
        let spec = find(name).expect("in the catalogue");
        match Activation::from_params(&Params::defaults(spec)) {
            Ok(Activation::Elementwise(e)) => Properties::of(&e),
            other => panic!("{name}: {other:?}"),
        }
    }

    /// (name, range, monotonic, smooth, zero-centred, saturates left, saturates right, f′(0))
    #[track_caller]
    #[allow(clippy::too_many_arguments)]
    fn check(
        name: &str,
        range: &str,
        mono: bool,
        smooth: bool,
        zc: bool,
        sl: bool,
        sr: bool,
        d0: f64,
    ) {
        let p = props(name);
        assert_eq!(p.range_text(), range, "{name} range");
        assert_eq!(p.monotonic, mono, "{name} monotonic");
        assert_eq!(p.smooth, smooth, "{name} smooth");
        assert_eq!(p.zero_centred, zc, "{name} zero-centred");
        assert_eq!(
            (p.saturates_left, p.saturates_right),
            (sl, sr),
            "{name} saturation"
        );
        assert!(
            (p.derivative_at_zero - d0).abs() < 1e-12,
            "{name} f'(0) = {}",
            p.derivative_at_zero
        );
    }

    #[test]
    fn the_lecture_activations() {
        check("linear", "(−∞, ∞)", true, true, true, false, false, 1.0);
        check("sigmoid", "(0, 1)", true, true, false, true, true, 0.25);
        check("tanh", "(−1, 1)", true, true, true, true, true, 1.0);
        check("relu", "[0, ∞)", true, false, false, true, false, 0.0);
        check(
            "leaky_relu",
            "(−∞, ∞)",
            true,
            false,
            false,
            false,
            false,
            0.01,
        );
        check("prelu", "(−∞, ∞)", true, false, false, false, false, 0.25);
        check("softplus", "(0, ∞)", true, true, false, true, false, 0.5);
        check("elu", "(−1, ∞)", true, true, false, true, false, 1.0);
        check("celu", "(−1, ∞)", true, true, false, true, false, 1.0);
        check("relu6", "[0, 6]", true, false, false, true, true, 0.0);
        check("logsigmoid", "(−∞, 0)", true, true, false, false, true, 0.5);
        check("sine", "[−1, 1]", false, true, true, false, false, 30.0);
        check("hardtanh", "[−1, 1]", true, false, true, true, true, 1.0);
        check("softsign", "(−1, 1)", true, true, true, true, true, 1.0);
        check(
            "hardshrink",
            "(−∞, ∞)",
            true,
            false,
            true,
            false,
            false,
            0.0,
        );
    }

    #[test]
    fn gelu_dips_below_zero_and_selu_is_scaled() {
        let g = props("gelu");
        assert!(
            !g.monotonic && g.lower.closed && (g.lower.value + 0.17).abs() < 0.001,
            "{g:?}"
        );
        let s = props("selu");
        assert!(
            (s.lower.value + 1.7580993408473766).abs() < 1e-9 && !s.lower.closed,
            "{s:?}"
        );
        assert!(
            (s.derivative_at_zero - 1.7580993408473766).abs() < 1e-9,
            "PyTorch uses the left branch at 0"
        );
    }

    #[test]
    fn saturation_zones_of_sigmoid_are_both_tails() {
        let spec = find("sigmoid").expect("sigmoid");
        let Ok(Activation::Elementwise(e)) = Activation::from_params(&Params::defaults(spec))
        else {
            panic!()
        };
        let zones = saturation_zones(&e, -10.0, 10.0, 2001);
        assert_eq!(zones.len(), 2);
        assert!(
            (zones[0].1 + 4.59).abs() < 0.02 && (zones[1].0 - 4.59).abs() < 0.02,
            "{zones:?}"
        );
        assert!(saturation_zones(&e, f64::NAN, 1.0, 10).is_empty());
    }

    #[test]
    fn short_numbers() {
        assert_eq!(format_short(-1.0), "−1");
        assert_eq!(format_short(0.25), "0.25");
        assert_eq!(format_short(1.0507009873554805), "1.051");
        assert_eq!(format_short(-0.0), "0");
    }
}
