//! "Why the choice matters": push pre-activations drawn from N(μ, σ) through an activation and see
//! what happens to its outputs and to the gradient that flows back through many layers.
//!
//! **The model (a simple one, stated honestly):** every layer's pre-activations are independent draws
//! from the same N(μ, σ); weights, biases and normalisation are ignored. The gradient reaching the first
//! layer along one path is the product of the activation's local derivatives, Π_{l=1..L} |f′(x_l)|.
//! Because the layers are independent, the expected magnitude of that product factorises exactly:
//!
//! E Π_{l=1..L} |f′(x_l)| = (E |f′(x)|)^L,
//!
//! so we estimate E |f′(x)| once from the samples and raise it to L (far less noisy than averaging
//! products of 50 draws, which a few lucky samples would dominate). Below 1 the gradient vanishes
//! geometrically with depth, above 1 it explodes. The *typical* path, the geometric mean
//! exp(E ln |f′(x)|)^L, is 0 as soon as any unit has a zero gradient: that path is dead.
//!
//! Sampling is seeded (PCG-64, `rand_distr`'s Normal with `libm` maths), so a seed gives the same
//! numbers natively and in the browser.

use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use rand_pcg::Pcg64;

use crate::activation::Elementwise;
use crate::plot::{axis_range, safe_value, AxisRange};

/// How many pre-activations are drawn.
pub const DEFAULT_SAMPLES: usize = 10_000;
/// The deepest network the panel models.
pub const MAX_LAYERS: u32 = 50;
/// Bins of the output histograms.
pub const DEFAULT_BINS: usize = 40;
/// |f′| below this counts as saturated (the gradient barely passes).
pub const SATURATION_THRESHOLD: f64 = 0.01;
/// The largest |μ| accepted.
pub const MAX_ABS_MEAN: f64 = 100.0;
/// The largest σ accepted.
pub const MAX_STD_DEV: f64 = 100.0;

/// What the panel is asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowSettings {
    /// μ of the pre-activations.
    pub mean: f64,
    /// σ of the pre-activations (0 allowed: every unit gets μ).
    pub std_dev: f64,
    /// L, the number of layers, `1..=MAX_LAYERS`.
    pub layers: u32,
    pub seed: u64,
}

impl Default for FlowSettings {
    fn default() -> Self {
        FlowSettings {
            mean: 0.0,
            std_dev: 1.0,
            layers: 10,
            seed: 0,
        }
    }
}

/// Why settings were refused.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowError {
    Mean(f64),
    StdDev(f64),
    Layers(u32),
}

impl std::fmt::Display for FlowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FlowError::Mean(v) => write!(
                f,
                "μ must be a number between −{MAX_ABS_MEAN} and {MAX_ABS_MEAN} (got {v})"
            ),
            FlowError::StdDev(v) => write!(
                f,
                "σ must be a number between 0 and {MAX_STD_DEV} (got {v})"
            ),
            FlowError::Layers(v) => write!(
                f,
                "the number of layers must be between 1 and {MAX_LAYERS} (got {v})"
            ),
        }
    }
}

impl std::error::Error for FlowError {}

impl FlowSettings {
    /// Check the settings against what the panel accepts.
    pub fn check(&self) -> Result<(), FlowError> {
        if !(self.mean.is_finite() && self.mean.abs() <= MAX_ABS_MEAN) {
            return Err(FlowError::Mean(self.mean));
        }
        if !(self.std_dev.is_finite() && (0.0..=MAX_STD_DEV).contains(&self.std_dev)) {
            return Err(FlowError::StdDev(self.std_dev));
        }
        if !(1..=MAX_LAYERS).contains(&self.layers) {
            return Err(FlowError::Layers(self.layers));
        }
        Ok(())
    }
}

/// `n` draws from N(mean, std_dev), the same for the same seed on every platform.
pub fn sample_normal(mean: f64, std_dev: f64, seed: u64, n: usize) -> Result<Vec<f64>, FlowError> {
    if !mean.is_finite() {
        return Err(FlowError::Mean(mean));
    }
    // rand_distr accepts a negative σ (it mirrors the draws); a σ must not be negative.
    if !(std_dev.is_finite() && std_dev >= 0.0) {
        return Err(FlowError::StdDev(std_dev));
    }
    let normal = Normal::new(mean, std_dev).map_err(|_| FlowError::StdDev(std_dev))?;
    let mut rng = Pcg64::seed_from_u64(seed);
    Ok((0..n).map(|_| normal.sample(&mut rng)).collect())
}

/// Counts of values in equal-width bins over a finite, padded range.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub range: AxisRange,
    pub counts: Vec<usize>,
    /// Values that were NaN or ±∞ (not in any bin).
    pub non_finite: usize,
}

impl Histogram {
    /// Bin `values` into `bins` bins (at least 1) over their padded extent.
    pub fn new(values: &[f64], bins: usize) -> Histogram {
        let bins = bins.max(1);
        // A little padding so that the extreme values sit inside the outer bins, not on an edge.
        let range = axis_range(values.iter().copied(), 0.02);
        let mut counts = vec![0; bins];
        let mut non_finite = 0;
        for &v in values {
            match safe_value(v) {
                Some(v) => {
                    let t = (v - range.min) / range.width();
                    let bin = ((t * bins as f64).floor().max(0.0) as usize).min(bins - 1);
                    counts[bin] += 1;
                }
                None => non_finite += 1,
            }
        }
        Histogram {
            range,
            counts,
            non_finite,
        }
    }

    pub fn bin_width(&self) -> f64 {
        self.range.width() / self.counts.len().max(1) as f64
    }

    /// The left edge of bin `i`.
    pub fn bin_start(&self, i: usize) -> f64 {
        self.range.min + self.bin_width() * i as f64
    }

    /// The largest count (0 for no data).
    pub fn max_count(&self) -> usize {
        self.counts.iter().copied().max().unwrap_or(0)
    }
}

/// What happens to pre-activations and gradients for one activation.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowStats {
    /// The outputs f(x) of one layer.
    pub histogram: Histogram,
    /// Fraction of units whose gradient is exactly zero, f′(x) = 0: dead units (dying ReLU).
    pub dead_fraction: f64,
    /// Fraction with |f′(x)| < [`SATURATION_THRESHOLD`] (the dead ones included).
    pub saturated_fraction: f64,
    /// E |f′(x)|, estimated from the samples: the factor one layer multiplies the gradient by.
    pub mean_abs_derivative: f64,
    /// exp(E ln |f′(x)|): the typical factor (0 if any unit is dead).
    pub geometric_mean_abs_derivative: f64,
    /// (E |f′|)^L for the requested L: the expected gradient-product magnitude.
    pub gradient_product: f64,
    /// (E |f′|)^L for L = 1..=MAX_LAYERS (index L − 1).
    pub product_by_depth: Vec<f64>,
    /// The typical product, exp(E ln |f′|)^L, for the requested L.
    pub typical_product: f64,
    /// Samples whose f′ was NaN or ±∞ (left out of the means; none for finite inputs).
    pub non_finite_gradients: usize,
}

/// Push `samples` through `f` and summarise outputs and gradients for `layers` layers.
pub fn analyse(f: &Elementwise, samples: &[f64], layers: u32, bins: usize) -> FlowStats {
    let outputs: Vec<f64> = samples.iter().map(|&x| f.value(x)).collect();
    let histogram = Histogram::new(&outputs, bins);

    let mut dead = 0usize;
    let mut saturated = 0usize;
    let mut finite = 0usize;
    let mut sum_abs = 0.0;
    let mut sum_ln = 0.0;
    for &x in samples {
        let d = f.derivative(x).abs();
        if !d.is_finite() {
            continue;
        }
        finite += 1;
        if d == 0.0 {
            dead += 1;
        }
        if d < SATURATION_THRESHOLD {
            saturated += 1;
        }
        sum_abs += d;
        sum_ln += d.ln();
    }
    let fraction = |count: usize| {
        if samples.is_empty() {
            0.0
        } else {
            count as f64 / samples.len() as f64
        }
    };
    let (mean_abs, geometric) = if finite == 0 {
        (0.0, 0.0)
    } else {
        // ln 0 = −∞ makes the geometric mean exactly 0, as it should be.
        (sum_abs / finite as f64, (sum_ln / finite as f64).exp())
    };
    let power = |base: f64, l: u32| base.powi(l as i32);
    let layers = layers.clamp(1, MAX_LAYERS);
    FlowStats {
        histogram,
        dead_fraction: fraction(dead),
        saturated_fraction: fraction(saturated),
        mean_abs_derivative: mean_abs,
        geometric_mean_abs_derivative: geometric,
        gradient_product: power(mean_abs, layers),
        product_by_depth: (1..=MAX_LAYERS).map(|l| power(mean_abs, l)).collect(),
        typical_product: power(geometric, layers),
        non_finite_gradients: samples.len() - finite,
    }
}

/// Sample [`DEFAULT_SAMPLES`] pre-activations for `settings` and [`analyse`] `f` on them.
pub fn gradient_flow(f: &Elementwise, settings: &FlowSettings) -> Result<FlowStats, FlowError> {
    settings.check()?;
    let samples = sample_normal(
        settings.mean,
        settings.std_dev,
        settings.seed,
        DEFAULT_SAMPLES,
    )?;
    Ok(analyse(f, &samples, settings.layers, DEFAULT_BINS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use crate::catalogue::CATALOGUE;

    fn run(f: Elementwise, mean: f64, std_dev: f64, layers: u32) -> FlowStats {
        let settings = FlowSettings {
            mean,
            std_dev,
            layers,
            seed: 7,
        };
        match gradient_flow(&f, &settings) {
            Ok(stats) => stats,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn same_seed_same_result_other_seed_other_samples() {
        let a = sample_normal(0.5, 2.0, 42, 1000);
        let b = sample_normal(0.5, 2.0, 42, 1000);
        let c = sample_normal(0.5, 2.0, 43, 1000);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            run(Elementwise::Tanh, 0.0, 1.0, 5),
            run(Elementwise::Tanh, 0.0, 1.0, 5)
        );
    }

    #[test]
    fn samples_have_the_asked_mean_and_spread() {
        let Ok(xs) = sample_normal(1.5, 2.0, 1, DEFAULT_SAMPLES) else {
            panic!("valid settings");
        };
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        assert!((mean - 1.5).abs() < 0.06, "mean {mean}");
        assert!((var.sqrt() - 2.0).abs() < 0.06, "std {}", var.sqrt());
    }

    #[test]
    fn relu_at_zero_mean_kills_about_half() {
        let stats = run(Elementwise::Relu, 0.0, 1.0, 10);
        assert!(
            (stats.dead_fraction - 0.5).abs() < 0.02,
            "{}",
            stats.dead_fraction
        );
        assert_eq!(stats.saturated_fraction, stats.dead_fraction);
        // E|f'| ≈ 0.5, so the product halves with every layer; the typical path is dead.
        assert!((stats.gradient_product / 0.5f64.powi(10) - 1.0).abs() < 0.3);
        assert_eq!(stats.typical_product, 0.0);
    }

    #[test]
    fn sigmoid_vanishes_at_least_as_fast_as_a_quarter_per_layer() {
        for (mean, std_dev) in [(0.0, 0.01), (0.0, 1.0), (3.0, 2.0)] {
            let stats = run(Elementwise::Sigmoid, mean, std_dev, 10);
            assert!(stats.gradient_product <= 0.25f64.powi(10));
            assert!(stats.typical_product <= 0.25f64.powi(10));
            assert_eq!(stats.dead_fraction, 0.0);
        }
    }

    #[test]
    fn tanh_near_zero_passes_the_gradient() {
        let stats = run(Elementwise::Tanh, 0.0, 0.01, 10);
        assert!((stats.gradient_product - 1.0).abs() < 0.01);
        assert!((stats.typical_product - 1.0).abs() < 0.01);
        // Far in the tails it saturates.
        let far = run(Elementwise::Tanh, 6.0, 0.5, 10);
        assert!(far.saturated_fraction > 0.5);
        assert!(far.gradient_product < 1e-10);
    }

    #[test]
    fn a_steep_linear_layer_explodes() {
        let stats = run(Elementwise::Linear { c: 2.0 }, 0.0, 1.0, 50);
        assert_eq!(stats.gradient_product, 2f64.powi(50));
        assert_eq!(stats.product_by_depth.len(), MAX_LAYERS as usize);
        assert_eq!(stats.product_by_depth[0], 2.0);
    }

    #[test]
    fn histogram_holds_every_finite_output() {
        let stats = run(Elementwise::Sigmoid, 0.0, 1.0, 1);
        let h = &stats.histogram;
        assert_eq!(h.counts.len(), DEFAULT_BINS);
        assert_eq!(h.counts.iter().sum::<usize>(), DEFAULT_SAMPLES);
        assert!(h.range.min >= -0.1 && h.range.max <= 1.1);
        assert!(h.range.min < h.range.max);
        // σ = 0: every unit is μ, a flat range is widened and all counts land in one bin.
        let flat = Histogram::new(&[0.5; 10], 4);
        assert_eq!(flat.counts.iter().sum::<usize>(), 10);
        assert!(flat.range.width() > 0.0);
        let empty = Histogram::new(&[f64::NAN], 3);
        assert_eq!((empty.non_finite, empty.max_count()), (1, 0));
    }

    #[test]
    fn refuses_bad_settings() {
        let ok = FlowSettings::default();
        assert_eq!(ok.check(), Ok(()));
        for bad in [
            FlowSettings {
                std_dev: -1.0,
                ..ok
            },
            FlowSettings {
                std_dev: f64::NAN,
                ..ok
            },
            FlowSettings {
                mean: f64::INFINITY,
                ..ok
            },
            FlowSettings { layers: 0, ..ok },
            FlowSettings {
                layers: MAX_LAYERS + 1,
                ..ok
            },
        ] {
            assert!(gradient_flow(&Elementwise::Relu, &bad).is_err(), "{bad:?}");
        }
        assert!(sample_normal(0.0, -1.0, 0, 3).is_err());
        assert_eq!(sample_normal(2.0, 0.0, 0, 3), Ok(vec![2.0; 3]));
    }

    #[test]
    fn no_nan_for_any_catalogue_activation_with_defaults() {
        let mut checked = 0;
        for spec in CATALOGUE {
            let Ok(Activation::Elementwise(f)) = Activation::with_defaults(spec) else {
                continue;
            };
            for (mean, std_dev) in [(0.0, 1.0), (-5.0, 3.0), (10.0, 0.0)] {
                let stats = run(f, mean, std_dev, MAX_LAYERS);
                let numbers = [
                    stats.dead_fraction,
                    stats.saturated_fraction,
                    stats.mean_abs_derivative,
                    stats.geometric_mean_abs_derivative,
                    stats.gradient_product,
                    stats.typical_product,
                    stats.histogram.range.min,
                    stats.histogram.range.max,
                ];
                assert!(
                    numbers.iter().all(|v| v.is_finite()),
                    "{}: {stats:?}",
                    spec.name
                );
                assert!(stats.product_by_depth.iter().all(|v| v.is_finite()));
                assert_eq!(stats.non_finite_gradients, 0, "{}", spec.name);
                assert_eq!(stats.histogram.non_finite, 0, "{}", spec.name);
            }
            checked += 1;
        }
        assert!(checked >= 20, "only {checked} elementwise activations");
    }
}
