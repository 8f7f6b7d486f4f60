//! The math behind the Losses view, as plain functions: the regression losses (from the
//! catalogue's group), the landscape lab's presets, best lines, landscapes and contours, and small
//! wrappers around [`loss::evaluate`] that the family views read their numbers from (so every
//! read-out is PyTorch's float64 value). The view's state and its address-bar codec live with the
//! view; this module knows nothing of URLs.

use crate::catalogue::{activation_ids, group_ids, group_len, FnId, Group};
use crate::contour::{contour_levels, contour_segments, Segment};
use crate::landscape;
use crate::loss::{self, Inputs, Regression};
use crate::params::{Params, Value};
use crate::plot::{axis_range, to_rgba, viridis, AxisRange, ColorScale, Grid};
use crate::tensor::Tensor;

// Each family's helpers evaluate its own group's losses only (`loss::evaluate_in`), so a family's
// figure drawn alone holds no other family's losses. The binary family also shows
// hinge_embedding_loss, a ranking loss.
const REGRESSION: loss::Groups = loss::groups(&[Group::Regression]);
const CLASSIFICATION: loss::Groups = loss::groups(&[Group::Classification]);
const BINARY: loss::Groups = loss::groups(&[Group::Binary, Group::Ranking]);
const DISTRIBUTION: loss::Groups = loss::groups(&[Group::Distribution]);
const RANKING: loss::Groups = loss::groups(&[Group::Ranking]);

/// The regression losses (the catalogue's [`Group::Regression`], in its order): the curves of the
/// regression family and the fits of the landscape lab.
pub const REGRESSION_LOSSES: [FnId; group_len(Group::Regression)] = group_ids(Group::Regression);

/// The regression loss a catalogue entry with these parameters computes (β = 0 is L1, as in PyTorch).
pub fn regression_kind(params: &Params) -> Option<Regression> {
    match params.spec.id {
        FnId::MseLoss => Some(Regression::Mse),
        FnId::L1Loss => Some(Regression::L1),
        FnId::SmoothL1Loss => {
            let beta = params.real("beta");
            Some(if beta > 0.0 {
                Regression::SmoothL1 { beta }
            } else {
                Regression::L1
            })
        }
        FnId::HuberLoss => Some(Regression::Huber {
            delta: params.real("delta"),
        }),
        FnId::NllLoss
        | FnId::CrossEntropy
        | FnId::MultilabelSoftMarginLoss
        | FnId::MultiMarginLoss
        | FnId::CtcLoss
        | FnId::MultilabelMarginLoss
        | FnId::BinaryCrossEntropy
        | FnId::BinaryCrossEntropyWithLogits
        | FnId::SoftMarginLoss
        | FnId::KlDiv
        | FnId::PoissonNllLoss
        | FnId::GaussianNllLoss
        | FnId::MarginRankingLoss
        | FnId::HingeEmbeddingLoss
        | FnId::TripletMarginLoss
        | FnId::TripletMarginWithDistanceLoss
        | FnId::CosineEmbeddingLoss
        | FnId::RatioLoss => None,
        activation_ids!() => None,
    }
}

// ------------------------------------------------------------------------------- landscape lab

/// Points further out than this are refused (the scatter would be unreadable).
pub const POINT_LIMIT: f64 = 1000.0;
/// At most this many points (the L1 minimiser is cubic in their number).
pub const MAX_POINTS: usize = 60;
/// The learning-rate slider of the lab: (min, max, step).
pub const LR_RANGE: (f64, f64, f64) = (0.001, 1.0, 0.001);
pub const DEFAULT_LR: f64 = 0.05;

/// Ready-made point sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Clean,
    FewOutliers,
    OneOutlier,
    Noisy,
}

impl Preset {
    pub const ALL: [Preset; 4] = [
        Preset::Clean,
        Preset::FewOutliers,
        Preset::OneOutlier,
        Preset::Noisy,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            Preset::Clean => "clean",
            Preset::FewOutliers => "outliers",
            Preset::OneOutlier => "one-outlier",
            Preset::Noisy => "noisy",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Preset::Clean => "a clean line",
            Preset::FewOutliers => "a few outliers",
            Preset::OneOutlier => "one far outlier",
            Preset::Noisy => "noisy line",
        }
    }

    /// Points near y = 0.5·x + 1 on x ∈ [0, 9], with small deterministic noise.
    pub fn points(self) -> Vec<(f64, f64)> {
        const NOISE: [f64; 10] = [0.2, -0.3, 0.1, 0.35, -0.15, -0.25, 0.3, -0.1, 0.15, -0.3];
        let line = |i: usize, scale: f64| {
            let x = i as f64;
            (x, round_milli(0.5 * x + 1.0 + scale * NOISE[i]))
        };
        match self {
            Preset::Clean => (0..10).map(|i| line(i, 1.0)).collect(),
            Preset::Noisy => (0..10).map(|i| line(i, 4.0)).collect(),
            Preset::FewOutliers => {
                let mut p: Vec<(f64, f64)> = (0..10).map(|i| line(i, 1.0)).collect();
                p[7].1 = -3.0;
                p[8].1 = -2.5;
                p[2].1 = 8.0;
                p
            }
            Preset::OneOutlier => {
                let mut p: Vec<(f64, f64)> = (0..10).map(|i| line(i, 1.0)).collect();
                p[9].1 = -8.0;
                p
            }
        }
    }
}

/// Rounded to 0.001 (what a dragged point is rounded to, so the presets look alike).
fn round_milli(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// One loss's best line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub loss: FnId,
    pub w: f64,
    pub b: f64,
    /// The loss at the fit.
    pub value: f64,
}

/// The best line of each loss (`None` for fewer than two distinct x), in the order of `kinds`.
pub fn fits(
    points: &[(f64, f64)],
    kinds: &[Option<Regression>; REGRESSION_LOSSES.len()],
) -> Vec<Option<Fit>> {
    REGRESSION_LOSSES
        .iter()
        .zip(kinds)
        .map(|(&id, kind)| {
            let kind = (*kind)?;
            let (w, b) = landscape::minimiser(points, kind)?;
            Some(Fit {
                loss: id,
                w,
                b,
                value: landscape::line_loss(points, kind, w, b).0,
            })
        })
        .collect()
}

/// The (w, b) ranges of the landscape: around the fits, padded, at least 4 wide in w and 8 in b,
/// snapped to halves so that small drags do not jitter the axes.
pub fn landscape_ranges(fits: &[Option<Fit>]) -> (AxisRange, AxisRange) {
    let ws = fits.iter().flatten().map(|f| f.w);
    let bs = fits.iter().flatten().map(|f| f.b);
    let fit = |r: AxisRange, min_width: f64| {
        let mid = (r.min + r.max) / 2.0;
        let half = (r.width() / 2.0).max(min_width / 2.0);
        let snap = |v: f64| (v * 2.0).round() / 2.0;
        AxisRange::new(snap(mid - half) - 0.5, snap(mid + half) + 0.5)
    };
    (
        fit(axis_range(ws, 0.25), 4.0),
        fit(axis_range(bs, 0.25), 8.0),
    )
}

/// A landscape ready to put on a canvas: values, colours, contour lines.
#[derive(Debug, Clone)]
pub struct LandscapeImage {
    pub grid: Grid,
    pub rgba: Vec<u8>,
    pub scale: ColorScale,
    pub contours: Vec<Segment>,
}

/// Contour lines are traced on a grid this coarse (at most): 16 × fewer cells than the 256² image,
/// and on a smooth surface the lines look the same.
pub const CONTOUR_CELLS: usize = 64;

/// The loss over (w, b) on an `n × n` grid, coloured with viridis (log10 scale if `log`), with
/// `levels` contour lines traced on a grid of at most [`CONTOUR_CELLS`]² over the same ranges.
pub fn landscape_image(
    points: &[(f64, f64)],
    kind: Regression,
    w: AxisRange,
    b: AxisRange,
    n: usize,
    log: bool,
    levels: usize,
) -> LandscapeImage {
    let grid = landscape::landscape(points, kind, w, b, n, n);
    let scale = grid.color_scale(log);
    let rgba = landscape_rgba(&grid, &scale);
    let contours = landscape_contours(points, kind, w, b, n, &scale, levels);
    LandscapeImage {
        grid,
        rgba,
        scale,
        contours,
    }
}

/// The cells' colours: viridis through a lookup table (one multiply and an index per cell).
pub fn landscape_rgba(grid: &Grid, scale: &ColorScale) -> Vec<u8> {
    let lut: Vec<(u8, u8, u8)> = (0..1024).map(|k| viridis(k as f64 / 1023.0)).collect();
    to_rgba(grid, scale, |t| {
        lut[((t.clamp(0.0, 1.0) * 1023.0).round() as usize).min(1023)]
    })
}

/// `levels` contour lines of the landscape for the colour scale `scale`, traced on a grid of at most
/// [`CONTOUR_CELLS`]² cells over the same ranges as an `n × n` image.
pub fn landscape_contours(
    points: &[(f64, f64)],
    kind: Regression,
    w: AxisRange,
    b: AxisRange,
    n: usize,
    scale: &ColorScale,
    levels: usize,
) -> Vec<Segment> {
    let grid = landscape::landscape(
        points,
        kind,
        w,
        b,
        n.min(CONTOUR_CELLS),
        n.min(CONTOUR_CELLS),
    );
    contour_levels(scale, levels)
        .into_iter()
        .flat_map(|level| contour_segments(&grid, level))
        .collect()
}

// ------------------------------------------------------------------------------- evaluate helpers

/// Loss and gradient with respect to `input` for a one-element regression call at residual `d`
/// (input = d, target = 0), through [`loss::evaluate`].
pub fn regression_at(params: &Params, d: f64) -> Result<(f64, f64), String> {
    let inputs = Inputs::default()
        .with("input", Tensor::vector(vec![d]))
        .with("target", Tensor::vector(vec![0.0]));
    // A weight of the input's shape, if the user set one (torch 2.15).
    let mut params = params.clone();
    if let Some(Value::Tensor(Some(t))) = params.get("weight").cloned() {
        let w = t.data.first().copied().unwrap_or(1.0);
        params
            .set("weight", Value::Tensor(Some(Tensor::vector(vec![w]))))
            .map_err(|e| e.to_string())?;
    }
    let r = loss::evaluate_in::<REGRESSION>(&params, &inputs, None).map_err(|e| e.to_string())?;
    Ok((first(&r.output), r.grad("input").map_or(f64::NAN, first)))
}

fn first(t: &Tensor) -> f64 {
    t.data.first().copied().unwrap_or(f64::NAN)
}

/// The target of a classification call.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassTarget {
    Index(usize),
    /// Class probabilities (cross-entropy only).
    Probabilities(Vec<f64>),
}

/// Loss and the gradient on every input (logit or log-probability) of one sample with `C` classes.
/// Class weights, if given, must have one entry per class.
pub fn classification(
    params: &Params,
    input: &[f64],
    target: &ClassTarget,
) -> Result<(f64, Vec<f64>), String> {
    let c = input.len();
    let x = Tensor::new(vec![1, c], input.to_vec()).map_err(|e| e.to_string())?;
    let y = match target {
        ClassTarget::Index(k) => Tensor::vector(vec![*k as f64]),
        ClassTarget::Probabilities(p) => {
            Tensor::new(vec![1, p.len()], p.clone()).map_err(|e| e.to_string())?
        }
    };
    let inputs = Inputs::default().with("input", x).with("target", y);
    let r =
        loss::evaluate_in::<CLASSIFICATION>(params, &inputs, None).map_err(|e| e.to_string())?;
    Ok((
        first(&r.output),
        r.grad("input").map(|g| g.data.clone()).unwrap_or_default(),
    ))
}

/// multilabel_margin_loss's target row for one sample whose labels are the classes marked true:
/// their indices in ascending order, then −1 (the terminator) for the rest of the row; with every
/// class a label there is no −1.
pub fn multilabel_margin_target(labels: &[bool]) -> Vec<f64> {
    let mut row: Vec<f64> = (0..labels.len())
        .filter(|&i| labels[i])
        .map(|i| i as f64)
        .collect();
    row.resize(labels.len(), -1.0);
    row
}

/// multilabel_margin_loss's target row for `classes` classes from an ordered list of labels, as
/// PyTorch reads it: the labels' class indices in the given order (a repeat is one more pair per
/// non-label), then −1 to the row's end. Refuses a label outside [0, C) and more labels than the
/// row has slots (C).
pub fn multilabel_margin_row(labels: &[usize], classes: usize) -> Result<Vec<f64>, String> {
    if let Some(&bad) = labels.iter().find(|&&j| j >= classes) {
        return Err(format!(
            "class {bad} is not one of the {classes} classes (0 to {})",
            classes.saturating_sub(1)
        ));
    }
    if labels.len() > classes {
        return Err(format!(
            "the target row has {classes} slots, one per class: at most {classes} labels"
        ));
    }
    let mut row: Vec<f64> = labels.iter().map(|&j| j as f64).collect();
    row.resize(classes, -1.0);
    Ok(row)
}

/// multilabel_margin_loss of one sample (input and target of shape (1, C)): the loss and its
/// gradient on every logit.
pub fn multilabel_margin(
    params: &Params,
    input: &[f64],
    target: &[f64],
) -> Result<(f64, Vec<f64>), String> {
    let c = input.len();
    let x = Tensor::new(vec![1, c], input.to_vec()).map_err(|e| e.to_string())?;
    let y = Tensor::new(vec![1, target.len()], target.to_vec()).map_err(|e| e.to_string())?;
    let inputs = Inputs::default().with("input", x).with("target", y);
    let r =
        loss::evaluate_in::<CLASSIFICATION>(params, &inputs, None).map_err(|e| e.to_string())?;
    Ok((
        first(&r.output),
        r.grad("input").map(|g| g.data.clone()).unwrap_or_default(),
    ))
}

/// A batch of class-index samples under one `cross_entropy` call: each sample's loss and its
/// gradient on its own logits (`reduction='none'`), and the batch's loss under the call's own
/// reduction, 'mean' where the call's is 'none' (with class weights, 'mean' divides by the sum of
/// the samples' weights).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchLoss {
    pub losses: Vec<f64>,
    pub grads: Vec<Vec<f64>>,
    pub reduced: f64,
}

/// The call that gives [`BatchLoss::reduced`]: `params`, with 'mean' in place of 'none'.
pub fn batch_reduction(params: &Params) -> Result<Params, String> {
    let mut reducing = params.clone();
    if params.choice("reduction") == "none" {
        reducing
            .set_choice("reduction", "mean")
            .map_err(|e| e.to_string())?;
    }
    Ok(reducing)
}

/// [`BatchLoss`] of `logits` (one row per sample, `C` each) with the class indices `targets`.
pub fn class_batch(
    params: &Params,
    logits: &[Vec<f64>],
    targets: &[usize],
) -> Result<BatchLoss, String> {
    let c = logits.first().map_or(0, Vec::len);
    let x = Tensor::new(vec![logits.len(), c], logits.concat()).map_err(|e| e.to_string())?;
    let y = Tensor::vector(targets.iter().map(|&k| k as f64).collect());
    let inputs = Inputs::default().with("input", x).with("target", y);
    let reduced = first(
        &loss::evaluate_in::<CLASSIFICATION>(&batch_reduction(params)?, &inputs, None)
            .map_err(|e| e.to_string())?
            .output,
    );
    let mut none = params.clone();
    none.set_choice("reduction", "none")
        .map_err(|e| e.to_string())?;
    let r = loss::evaluate_in::<CLASSIFICATION>(&none, &inputs, None).map_err(|e| e.to_string())?;
    let grads = r
        .grad("input")
        .map(|g| g.data.chunks(c.max(1)).map(<[f64]>::to_vec).collect())
        .unwrap_or_default();
    Ok(BatchLoss {
        losses: r.output.data.clone(),
        grads,
        reduced,
    })
}

/// Loss and gradient with respect to the input of a one-element binary call (`x` a probability for
/// BCE, a logit with logits), target `y`.
pub fn binary_at(params: &Params, x: f64, y: f64) -> Result<(f64, f64), String> {
    let inputs = Inputs::default()
        .with("input", Tensor::vector(vec![x]))
        .with("target", Tensor::vector(vec![y]));
    let r = loss::evaluate_in::<BINARY>(params, &inputs, None).map_err(|e| e.to_string())?;
    Ok((first(&r.output), r.grad("input").map_or(f64::NAN, first)))
}

/// A loss of one element per input (`("input", x)`, `("target", y)`, `("var", v)`…): its value and
/// the gradient on each input, in the order given (NaN for an input with no gradient).
pub fn elementwise_at(params: &Params, values: &[(&str, f64)]) -> Result<(f64, Vec<f64>), String> {
    let inputs = values.iter().fold(Inputs::default(), |inputs, (name, v)| {
        inputs.with(name, Tensor::vector(vec![*v]))
    });
    let r = loss::evaluate(params, &inputs, None).map_err(|e| e.to_string())?;
    let grads = values
        .iter()
        .map(|(name, _)| r.grad(name).map_or(f64::NAN, first))
        .collect();
    Ok((first(&r.output), grads))
}

/// `kl_div` of one sample: input log q, target p (or log p with `log_target`); the loss (a vector for
/// reduction none) and the gradient on the input.
pub fn kl(params: &Params, input: &[f64], target: &[f64]) -> Result<(Vec<f64>, Vec<f64>), String> {
    let c = input.len();
    let x = Tensor::new(vec![1, c], input.to_vec()).map_err(|e| e.to_string())?;
    let y = Tensor::new(vec![1, c], target.to_vec()).map_err(|e| e.to_string())?;
    let inputs = Inputs::default().with("input", x).with("target", y);
    let r = loss::evaluate_in::<DISTRIBUTION>(params, &inputs, None).map_err(|e| e.to_string())?;
    Ok((
        r.output.data.clone(),
        r.grad("input").map(|g| g.data.clone()).unwrap_or_default(),
    ))
}

/// Margin ranking loss of one pair and the gradients on x1 and x2.
pub fn margin_ranking(
    params: &Params,
    x1: f64,
    x2: f64,
    y: f64,
) -> Result<(f64, f64, f64), String> {
    let inputs = Inputs::default()
        .with("input1", Tensor::vector(vec![x1]))
        .with("input2", Tensor::vector(vec![x2]))
        .with("target", Tensor::vector(vec![y]));
    let r = loss::evaluate_in::<RANKING>(params, &inputs, None).map_err(|e| e.to_string())?;
    Ok((
        first(&r.output),
        r.grad("input1").map_or(f64::NAN, first),
        r.grad("input2").map_or(f64::NAN, first),
    ))
}

/// A loss of two 2D vectors with the gradient on each.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PairResult {
    pub loss: f64,
    pub grad1: (f64, f64),
    pub grad2: (f64, f64),
}

/// Cosine embedding loss of two 2D vectors, with the gradients on both.
pub fn cosine_embedding(
    params: &Params,
    a: (f64, f64),
    b: (f64, f64),
    y: f64,
) -> Result<PairResult, String> {
    let v = |p: (f64, f64)| Tensor::new(vec![1, 2], vec![p.0, p.1]);
    let inputs = Inputs::default()
        .with("input1", v(a).map_err(|e| e.to_string())?)
        .with("input2", v(b).map_err(|e| e.to_string())?)
        .with("target", Tensor::vector(vec![y]));
    let r = loss::evaluate_in::<RANKING>(params, &inputs, None).map_err(|e| e.to_string())?;
    let pair = |name: &str| {
        r.grad(name).map_or((f64::NAN, f64::NAN), |g| {
            (
                g.data.first().copied().unwrap_or(f64::NAN),
                g.data.get(1).copied().unwrap_or(f64::NAN),
            )
        })
    };
    Ok(PairResult {
        loss: first(&r.output),
        grad1: pair("input1"),
        grad2: pair("input2"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_set_as_pytorchs_target_row() {
        assert_eq!(
            multilabel_margin_target(&[false, true, false, true]),
            [1.0, 3.0, -1.0, -1.0]
        );
        assert_eq!(multilabel_margin_target(&[true, true]), [0.0, 1.0]);
        assert_eq!(multilabel_margin_target(&[false, false]), [-1.0, -1.0]);
        let params = Params::defaults(FnId::MultilabelMarginLoss.spec());
        let target = multilabel_margin_target(&[false, true, true]);
        let (loss, grad) =
            multilabel_margin(&params, &[2.0, 1.0, 0.1], &target).unwrap_or_else(|e| panic!("{e}"));
        // Labels 1 and 2 against the non-label 0: (1 − 1 + 2) + (1 − 0.1 + 2), over C = 3.
        assert_eq!(loss, (2.0 + (1.0 - 0.1 + 2.0)) / 3.0);
        assert_eq!(grad, [2.0 / 3.0, -1.0 / 3.0, -1.0 / 3.0]);
    }

    #[test]
    fn an_ordered_label_list_as_pytorchs_target_row() {
        assert_eq!(
            multilabel_margin_row(&[2, 0], 4),
            Ok(vec![2.0, 0.0, -1.0, -1.0])
        );
        assert_eq!(multilabel_margin_row(&[], 2), Ok(vec![-1.0, -1.0]));
        assert_eq!(
            multilabel_margin_row(&[1, 1, 0], 3),
            Ok(vec![1.0, 1.0, 0.0])
        );
        assert!(multilabel_margin_row(&[3], 3).is_err_and(|e| e.contains("0 to 2")));
        assert!(multilabel_margin_row(&[0, 0, 0], 2).is_err_and(|e| e.contains("2 slots")));
        // PyTorch 2.x, float64: x = [[2, 1, 0.1]]. Order does not change the value; a repeated
        // label counts its pairs twice.
        let params = Params::defaults(FnId::MultilabelMarginLoss.spec());
        let at = |labels: &[usize]| {
            let row = multilabel_margin_row(labels, 3).unwrap_or_else(|e| panic!("{e}"));
            multilabel_margin(&params, &[2.0, 1.0, 0.1], &row).unwrap_or_else(|e| panic!("{e}"))
        };
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-15, "{a} vs {b}");
        let (once, _) = at(&[2]);
        let (twice, grad) = at(&[2, 2]);
        close(twice, 3.1999999999999997);
        close(twice, 2.0 * once);
        for (g, want) in grad.iter().zip([2.0 / 3.0, 2.0 / 3.0, -4.0 / 3.0]) {
            close(*g, want);
        }
        close(at(&[2, 0]).0, 0.6333333333333333);
        assert_eq!(at(&[2, 0]), at(&[0, 2]));
    }

    #[test]
    fn a_class_batch_gives_each_samples_loss_and_the_weighted_mean() {
        let mut ce = Params::defaults(FnId::CrossEntropy.spec());
        let logits = vec![
            vec![4.0, 0.0, 0.0],
            vec![0.0, 0.0, 0.0],
            vec![0.0, 4.0, 0.0],
        ];
        let targets = [0, 1, 0];
        let plain = class_batch(&ce, &logits, &targets).unwrap_or_else(|e| panic!("{e}"));
        for (i, row) in logits.iter().enumerate() {
            let (one, grad) = classification(&ce, row, &ClassTarget::Index(targets[i]))
                .unwrap_or_else(|e| panic!("{e}"));
            assert!((plain.losses[i] - one).abs() < 1e-15);
            assert_eq!(plain.grads[i], grad);
        }
        let mean = plain.losses.iter().sum::<f64>() / 3.0;
        assert!((plain.reduced - mean).abs() < 1e-15);
        let mut none = ce.clone();
        let _ = none.set_choice("reduction", "none");
        let unreduced = class_batch(&none, &logits, &targets).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            unreduced.reduced, plain.reduced,
            "'none' gives the batch's mean"
        );
        let mut sum = ce.clone();
        let _ = sum.set_choice("reduction", "sum");
        let summed = class_batch(&sum, &logits, &targets).unwrap_or_else(|e| panic!("{e}"));
        assert!((summed.reduced - 3.0 * mean).abs() < 1e-14);
        let w = [2.0, 0.5, 1.0];
        let _ = ce.set("weight", Value::Tensor(Some(Tensor::vector(w.to_vec()))));
        let weighted = class_batch(&ce, &logits, &targets).unwrap_or_else(|e| panic!("{e}"));
        let (num, den) = (0..3).fold((0.0, 0.0), |(n, d), i| {
            let wi = w[targets[i]];
            (n + weighted.losses[i], d + wi)
        });
        assert!((weighted.losses[0] - 2.0 * plain.losses[0]).abs() < 1e-15);
        assert!(
            (weighted.reduced - num / den).abs() < 1e-15,
            "mean divides by Σ w"
        );
    }

    #[test]
    fn elementwise_at_gives_every_inputs_gradient_in_order() {
        let gaussian = defaults(FnId::GaussianNllLoss);
        let (l, g) = elementwise_at(&gaussian, &[("input", 1.5), ("target", 0.0), ("var", 1.0)])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((l, g), (1.125, vec![1.5, -1.5, -0.625]));
        // Below eps the loss holds still and var's gradient is taken at eps, as PyTorch's.
        let (at_zero, g) =
            elementwise_at(&gaussian, &[("input", 1.5), ("target", 0.0), ("var", 0.0)])
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(at_zero, 0.5 * ((1e-6f64).ln() + 2.25 / 1e-6));
        assert!(g[2] < -1e11);
        let refused = elementwise_at(&gaussian, &[("input", 1.5), ("target", 0.0), ("var", -1.0)]);
        assert_eq!(refused, Err("var has negative entry/entries".into()));
        // A target has no gradient in soft_margin_loss: NaN, not a panic.
        let soft = defaults(FnId::SoftMarginLoss);
        let (_, g) = elementwise_at(&soft, &[("input", 0.5), ("target", 1.0)])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(g[1].is_nan());
    }

    fn defaults(id: FnId) -> Params {
        Params::defaults(id.spec())
    }

    fn default_kinds() -> [Option<Regression>; REGRESSION_LOSSES.len()] {
        REGRESSION_LOSSES.map(|id| regression_kind(&defaults(id)))
    }

    #[test]
    fn regression_losses_follow_the_catalogue() {
        assert_eq!(
            REGRESSION_LOSSES,
            [
                FnId::MseLoss,
                FnId::L1Loss,
                FnId::SmoothL1Loss,
                FnId::HuberLoss
            ]
        );
    }

    #[test]
    fn the_outlier_drags_mse_more_than_l1() {
        let points = Preset::OneOutlier.points();
        let f = fits(&points, &default_kinds());
        let (mse, l1) = (
            f[0].unwrap_or_else(|| panic!()),
            f[1].unwrap_or_else(|| panic!()),
        );
        assert!((l1.w - 0.5).abs() < 0.1, "{l1:?}");
        assert!((mse.w - 0.5).abs() > 0.3, "{mse:?}");
        for preset in Preset::ALL {
            assert!(fits(&preset.points(), &default_kinds())
                .iter()
                .all(Option::is_some));
        }
    }

    #[test]
    fn landscape_image_is_complete() {
        let points = Preset::FewOutliers.points();
        let (w, b) = landscape_ranges(&fits(&points, &default_kinds()));
        assert!(w.width() >= 4.0 && b.width() >= 8.0);
        for log in [false, true] {
            let img = landscape_image(&points, Regression::Huber { delta: 1.0 }, w, b, 64, log, 8);
            assert_eq!(img.rgba.len(), 4 * 64 * 64);
            assert!(!img.contours.is_empty());
        }
    }

    #[test]
    fn evaluate_helpers_match_the_math() {
        let p = defaults;
        assert_eq!(regression_at(&p(FnId::MseLoss), 1.5), Ok((2.25, 3.0)));
        assert_eq!(regression_at(&p(FnId::HuberLoss), -3.0), Ok((2.5, -1.0)));
        let (l, g) = classification(
            &p(FnId::CrossEntropy),
            &[1.0, 2.0, 3.0],
            &ClassTarget::Index(2),
        )
        .unwrap_or_default();
        let lse = (1f64.exp() + 2f64.exp() + 3f64.exp()).ln();
        assert!((l - (lse - 3.0)).abs() < 1e-12);
        assert!((g.iter().sum::<f64>()).abs() < 1e-12);
        let (l, _) = binary_at(&p(FnId::BinaryCrossEntropy), 0.0, 1.0).unwrap_or_default();
        assert_eq!(l, 100.0, "PyTorch clamps log at −100");
        let (l, g1, g2) =
            margin_ranking(&p(FnId::MarginRankingLoss), 0.0, 1.0, 1.0).unwrap_or_default();
        assert_eq!((l, g1, g2), (1.0, -1.0, 1.0));
        let PairResult { loss: l, .. } =
            cosine_embedding(&p(FnId::CosineEmbeddingLoss), (1.0, 0.0), (0.0, 1.0), 1.0)
                .unwrap_or_default();
        assert!((l - 1.0).abs() < 1e-12);
        let (out, _) =
            kl(&p(FnId::KlDiv), &[0.5f64.ln(), 0.5f64.ln()], &[0.5, 0.5]).unwrap_or_default();
        assert!(out[0].abs() < 1e-15);
    }
}
