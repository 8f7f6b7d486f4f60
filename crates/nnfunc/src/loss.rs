//! Losses with their gradients, exactly as PyTorch computes them in float64.
//!
//! Each loss returns its output and the gradient of `Σ output · grad_output` with respect to every
//! differentiable input. Formulas follow ATen's kernels and, where PyTorch composes ops (cosine
//! embedding, label smoothing, KL divergence), the autograd of those ops, so that kinks and
//! degenerate cases (zero norms, all targets ignored) get PyTorch's values.

// Index loops mirror the tensor formulas (n, class, position) more clearly than iterator chains.
#![allow(clippy::needless_range_loop)]

use crate::activation::{self, signum0, SoftmaxKind};
use crate::catalogue::{activation_ids, FnId, Group};
use crate::error::{invalid, Error, Result};
use crate::params::Params;
use crate::tensor::{broadcast_shapes, expand, sum_to, Tensor};

/// How per-element losses are reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduction {
    None,
    Mean,
    Sum,
    /// KL divergence only: the sum divided by the batch size (dimension 0).
    BatchMean,
}

impl Reduction {
    pub fn parse(s: &str) -> Result<Reduction> {
        match s {
            "none" => Ok(Reduction::None),
            "mean" => Ok(Reduction::Mean),
            "sum" => Ok(Reduction::Sum),
            "batchmean" => Ok(Reduction::BatchMean),
            other => Err(invalid(
                "reduction",
                format!("{other} is not a valid value for reduction"),
            )),
        }
    }
}

/// Named input tensors of one call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs(pub Vec<(String, Tensor)>);

impl Inputs {
    pub fn get(&self, name: &str) -> Result<&Tensor> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t)
            .ok_or_else(|| Error::Input(format!("missing required input '{name}'")))
    }

    pub fn with(mut self, name: &str, t: Tensor) -> Inputs {
        self.0.push((name.to_string(), t));
        self
    }
}

/// A loss value and its gradients.
#[derive(Debug, Clone, PartialEq)]
pub struct LossResult {
    pub output: Tensor,
    /// Gradient per differentiable input, by input name.
    pub grads: Vec<(&'static str, Tensor)>,
}

impl LossResult {
    pub fn grad(&self, name: &str) -> Option<&Tensor> {
        self.grads.iter().find(|(n, _)| *n == name).map(|(_, t)| t)
    }
}

/// A set of catalogue groups, a bit per [`Group`]: see [`evaluate_in`].
pub type Groups = u32;

/// The set of `groups`.
pub const fn groups(groups: &[Group]) -> Groups {
    let mut set = 0;
    let mut i = 0;
    while i < groups.len() {
        set |= 1 << groups[i] as u32;
        i += 1;
    }
    set
}

/// Every group.
pub const EVERY_GROUP: Groups = Groups::MAX;

/// Evaluate the loss `params.spec` on `inputs`; `grad_output` defaults to ones.
pub fn evaluate(
    params: &Params,
    inputs: &Inputs,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    evaluate_in::<EVERY_GROUP>(params, inputs, grad_output)
}

/// [`evaluate`] for the losses of the groups in `GROUPS` only (any other is refused): the same
/// code, of which a build that calls only this keeps just those groups' losses (a view of one
/// family, drawn before the rest of the app has loaded).
pub fn evaluate_in<const GROUPS: Groups>(
    params: &Params,
    inputs: &Inputs,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    // The loss of an arm is compiled into this instantiation only if `GROUPS` holds its group.
    macro_rules! only {
        ($group:ident, $loss:expr) => {
            if GROUPS & groups(&[Group::$group]) == 0 {
                Err(Error::UnknownFunction(format!(
                    "{} is not one of the losses evaluated here",
                    params.spec.name
                )))
            } else {
                $loss
            }
        };
    }
    let reduction = Reduction::parse(params.choice("reduction"))?;
    if reduction == Reduction::BatchMean && params.spec.id != FnId::KlDiv {
        return Err(invalid(
            "reduction",
            "batchmean is not a valid value for reduction",
        ));
    }
    match params.spec.id {
        FnId::MseLoss => only!(
            Regression,
            regression(params, inputs, Regression::Mse, reduction, grad_output)
        ),
        FnId::L1Loss => only!(
            Regression,
            regression(params, inputs, Regression::L1, reduction, grad_output)
        ),
        FnId::SmoothL1Loss => only!(Regression, {
            let beta = params.real("beta");
            if beta < 0.0 {
                return Err(invalid(
                    "beta",
                    "smooth_l1_loss does not support negative values for beta.",
                ));
            }
            let kind = if beta == 0.0 {
                Regression::L1
            } else {
                Regression::SmoothL1 { beta }
            };
            regression(params, inputs, kind, reduction, grad_output)
        }),
        FnId::HuberLoss => only!(Regression, {
            let delta = params.real("delta");
            if delta.is_nan() || delta <= 0.0 {
                return Err(invalid(
                    "delta",
                    "huber_loss does not support non-positive values for delta.",
                ));
            }
            regression(
                params,
                inputs,
                Regression::Huber { delta },
                reduction,
                grad_output,
            )
        }),
        FnId::KlDiv => only!(
            Distribution,
            kl_div(inputs, reduction, params.bool("log_target"), grad_output)
        ),
        FnId::PoissonNllLoss => only!(
            Distribution,
            poisson_nll(
                inputs,
                PoissonNll {
                    log_input: params.bool("log_input"),
                    full: params.bool("full"),
                    eps: params.real("eps"),
                },
                reduction,
                grad_output,
            )
        ),
        FnId::GaussianNllLoss => only!(
            Distribution,
            gaussian_nll(
                inputs,
                params.bool("full"),
                params.real("eps"),
                reduction,
                grad_output,
            )
        ),
        FnId::MarginRankingLoss => only!(Ranking, {
            let (x1, x2, y) = (
                inputs.get("input1")?,
                inputs.get("input2")?,
                inputs.get("target")?,
            );
            if x1.ndim() != x2.ndim() || x1.ndim() != y.ndim() {
                return Err(Error::Shape(format!(
                    "margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: {:?}, input2: {:?}, target: {:?} ",
                    x1.shape, x2.shape, y.shape
                )));
            }
            let margin = params.real("margin");
            pointwise(
                inputs,
                &["input1", "input2", "target"],
                reduction,
                grad_output,
                |v| {
                    let (a, b, t) = (v[0], v[1], v[2]);
                    let z = -t * (a - b) + margin;
                    let l = if z < 0.0 { 0.0 } else { z };
                    // PyTorch's gradient is 0 at the kink (loss exactly 0).
                    if z > 0.0 {
                        (l, [-t, t, -(a - b)])
                    } else {
                        (l, [0.0, 0.0, 0.0])
                    }
                },
            )
        }),
        FnId::BinaryCrossEntropy => only!(
            Binary,
            bce(inputs, params.tensor("weight"), reduction, grad_output)
        ),
        FnId::MultiMarginLoss => only!(
            Classification,
            multi_margin(
                inputs,
                params.int("p"),
                params.real("margin"),
                params.tensor("weight"),
                reduction,
                grad_output,
            )
        ),
        FnId::CtcLoss => only!(
            Sequence,
            crate::ctc::ctc_loss(
                inputs,
                params.int("blank"),
                reduction,
                params.bool("zero_infinity"),
                grad_output,
            )
        ),
        FnId::MultilabelSoftMarginLoss => only!(Classification, {
            multilabel_soft_margin(inputs, params.tensor("weight"), reduction, grad_output)
        }),
        FnId::MultilabelMarginLoss => only!(
            Classification,
            multilabel_margin(inputs, reduction, grad_output)
        ),
        FnId::BinaryCrossEntropyWithLogits => only!(
            Binary,
            bce_with_logits(
                inputs,
                params.tensor("weight"),
                params.tensor("pos_weight"),
                reduction,
                grad_output,
            )
        ),
        // ATen's soft_margin_loss: log1p(exp(−x·y)) as written (it overflows to inf for −x·y >
        // 709), and its backward −y·z/(1 + z) with z = exp(−y·x) (NaN where z is inf). The
        // target is not differentiable.
        FnId::SoftMarginLoss => only!(Binary, {
            let mut r = pointwise(inputs, &["input", "target"], reduction, grad_output, |v| {
                let (x, y) = (v[0], v[1]);
                let z = (-y * x).exp();
                ((-x * y).exp().ln_1p(), [-(y * z) / (1.0 + z), 0.0, 0.0])
            })?;
            r.grads.retain(|(name, _)| *name == "input");
            Ok(r)
        }),
        // ATen's hinge_embedding_loss: where(y ≠ 1, clamp_min(margin − x, 0), 0) + where(y ≠ −1,
        // x, 0); the clamp passes no gradient where margin − x is exactly 0.
        FnId::HingeEmbeddingLoss => only!(Ranking, {
            let margin = params.real("margin");
            let mut r = pointwise(inputs, &["input", "target"], reduction, grad_output, |v| {
                let (x, y) = (v[0], v[1]);
                let c = margin - x;
                let (hinge, slope) = if y != 1.0 {
                    (
                        if c < 0.0 { 0.0 } else { c },
                        if c > 0.0 { -1.0 } else { 0.0 },
                    )
                } else {
                    (0.0, 0.0)
                };
                let (own, own_slope) = if y != -1.0 { (x, 1.0) } else { (0.0, 0.0) };
                (hinge + own, [slope + own_slope, 0.0, 0.0])
            })?;
            r.grads.retain(|(name, _)| *name == "input");
            Ok(r)
        }),
        FnId::NllLoss | FnId::CrossEntropy => only!(Classification, {
            let input = inputs.get("input")?;
            let target = inputs.get("target")?;
            let weight = params.tensor("weight");
            let ignore_index = params.int("ignore_index").unwrap_or(-100);
            if params.spec.id == FnId::NllLoss {
                return nll_loss(input, target, weight, ignore_index, reduction, grad_output);
            }
            let smoothing = params.real("label_smoothing");
            cross_entropy(
                input,
                target,
                weight,
                ignore_index,
                smoothing,
                reduction,
                grad_output,
            )
        }),
        FnId::TripletMarginLoss => only!(Triplet, {
            let margin = params.real("margin");
            if margin.is_nan() || margin <= 0.0 {
                return Err(invalid(
                    "margin",
                    format!("margin must be greater than 0, got {margin:?}"),
                ));
            }
            let kind = TripletKind::Margin {
                margin,
                distance: TripletDistance::Norm {
                    p: params.real("p"),
                    eps: params.real("eps"),
                },
                swap: params.bool("swap"),
            };
            triplet(inputs, reduction, grad_output, kind)
        }),
        // torch.nn.functional's Python: margin ≤ 0 refused (a NaN margin passes), the distance
        // function called on each pair, clamp_min(margin + d(a, p) − d(a, n), 0).
        FnId::TripletMarginWithDistanceLoss => only!(Triplet, {
            let margin = params.real("margin");
            if margin <= 0.0 {
                return Err(invalid(
                    "margin",
                    format!("margin must be greater than 0, got {margin:?}"),
                ));
            }
            let distance = match params.choice("distance_function") {
                "cosine_distance" => TripletDistance::Cosine,
                _ => TripletDistance::Norm { p: 2.0, eps: 1e-6 },
            };
            let kind = TripletKind::Margin {
                margin,
                distance,
                swap: params.bool("swap"),
            };
            triplet(inputs, reduction, grad_output, kind)
        }),
        FnId::RatioLoss => only!(
            Triplet,
            triplet(inputs, reduction, grad_output, TripletKind::Ratio)
        ),
        FnId::CosineEmbeddingLoss => only!(Ranking, {
            cosine_embedding(inputs, params.real("margin"), reduction, grad_output)
        }),

        activation_ids!() => Err(Error::UnknownFunction(format!(
            "{} is not a loss",
            params.spec.name
        ))),
    }
}

/// The four regression losses as functions of the residual d = input − target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Regression {
    Mse,
    L1,
    SmoothL1 { beta: f64 },
    Huber { delta: f64 },
}

impl Regression {
    /// The per-element loss and its derivative with respect to the residual, with PyTorch's kink
    /// choices (0 at d = 0 for L1; the linear branch's slope at |d| = β for smooth L1 and Huber).
    pub fn loss_and_slope(self, d: f64) -> (f64, f64) {
        match self {
            Regression::Mse => (d * d, 2.0 * d),
            Regression::L1 => (d.abs(), signum0(d)),
            Regression::SmoothL1 { beta } => {
                let z = d.abs();
                let l = if z < beta {
                    0.5 * z * z / beta
                } else {
                    z - 0.5 * beta
                };
                let s = if d <= -beta {
                    -1.0
                } else if d >= beta {
                    1.0
                } else {
                    d / beta
                };
                (l, s)
            }
            Regression::Huber { delta } => {
                let z = d.abs();
                let l = if z < delta {
                    0.5 * z * z
                } else {
                    delta * (z - 0.5 * delta)
                };
                let s = if d <= -delta {
                    -delta
                } else if d >= delta {
                    delta
                } else {
                    d
                };
                (l, s)
            }
        }
    }
}

/// A regression loss of `kind` over input − target, weighted elementwise where the function takes
/// a `weight` and one is given.
fn regression(
    params: &Params,
    inputs: &Inputs,
    kind: Regression,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    // torch 2.15 added an elementwise `weight` to mse, l1 and huber (not smooth L1).
    if let Some(w) = params.spec.param("weight").and(params.tensor("weight")) {
        let mean_over_weights = params.spec.id != FnId::HuberLoss;
        return weighted_regression(inputs, kind, w, mean_over_weights, reduction, grad_output);
    }
    pointwise(inputs, &["input", "target"], reduction, grad_output, |v| {
        let (l, d) = kind.loss_and_slope(v[0] - v[1]);
        (l, [d, -d, 0.0])
    })
}

/// A regression loss with a per-element weight of the input's shape. As in torch 2.15, the mean of a
/// weighted MSE or L1 divides by the sum of the weights, the mean of a weighted Huber loss by N.
fn weighted_regression(
    inputs: &Inputs,
    kind: Regression,
    weight: &Tensor,
    mean_over_weights: bool,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let (x, y) = (inputs.get("input")?, inputs.get("target")?);
    if weight.shape != x.shape {
        return Err(invalid(
            "weight",
            "Weights and input must have the same size.",
        ));
    }
    let shape = broadcast_shapes(&x.shape, &y.shape)?;
    let (ex, ey, ew) = (expand(x, &shape), expand(y, &shape), expand(weight, &shape));
    let n = ex.len();
    let (l, slope): (Vec<f64>, Vec<f64>) =
        (0..n).map(|i| kind.loss_and_slope(ex[i] - ey[i])).unzip();
    let weighted: Vec<f64> = l.iter().zip(&ew).map(|(l, w)| l * w).collect();
    let denominator = if mean_over_weights {
        ew.iter().sum::<f64>()
    } else {
        n as f64
    };
    let up = Upstream::new(reduction, &shape, grad_output)?;
    let up = if reduction == Reduction::Mean {
        up.divided(denominator)
    } else {
        up
    };
    let gx: Vec<f64> = (0..n).map(|i| up.at(i) * ew[i] * slope[i]).collect();
    let gy: Vec<f64> = gx.iter().map(|g| -g).collect();
    let output = match reduction {
        Reduction::Mean => Tensor::scalar(weighted.iter().sum::<f64>() / denominator),
        Reduction::None | Reduction::Sum | Reduction::BatchMean => {
            reduce(weighted, &shape, reduction, 1)
        }
    };
    // With the weights in the denominator too, d mean / d w_i = (l_i − mean) / Σw.
    let shift = if reduction == Reduction::Mean && mean_over_weights {
        output.data[0]
    } else {
        0.0
    };
    let gw: Vec<f64> = (0..n).map(|i| up.at(i) * (l[i] - shift)).collect();
    Ok(LossResult {
        output,
        grads: vec![
            ("input", sum_to(&gx, &shape, &x.shape)),
            ("target", sum_to(&gy, &shape, &y.shape)),
            ("weight", sum_to(&gw, &shape, &weight.shape)),
        ],
    })
}

/// Upstream gradient per element of the unreduced loss.
struct Upstream {
    reduction: Reduction,
    /// For reduction none: one value per element; otherwise the scalar.
    values: Vec<f64>,
}

impl Upstream {
    fn new(
        reduction: Reduction,
        shape: &[usize],
        grad_output: Option<&Tensor>,
    ) -> Result<Upstream> {
        let n: usize = shape.iter().product();
        match reduction {
            Reduction::None => {
                let values = match grad_output {
                    None => vec![1.0; n],
                    Some(g) if g.shape == shape => g.data.clone(),
                    Some(g) => {
                        return Err(Error::Shape(format!(
                            "grad_output has shape {:?} but the output has shape {shape:?}",
                            g.shape
                        )))
                    }
                };
                Ok(Upstream { reduction, values })
            }
            Reduction::Mean | Reduction::Sum | Reduction::BatchMean => {
                let g = match grad_output {
                    None => 1.0,
                    Some(g) if g.numel() == 1 && g.ndim() <= 1 => g.data[0],
                    Some(g) => {
                        return Err(Error::Shape(format!(
                            "grad_output has shape {:?} but the output is a scalar",
                            g.shape
                        )))
                    }
                };
                Ok(Upstream {
                    reduction,
                    values: vec![g],
                })
            }
        }
    }

    /// Divide the scalar upstream gradient by `d` (the mean's denominator).
    fn divided(mut self, d: f64) -> Upstream {
        if self.reduction != Reduction::None {
            self.values[0] /= d;
        }
        self
    }

    fn at(&self, i: usize) -> f64 {
        match self.reduction {
            Reduction::None => self.values[i],
            Reduction::Mean | Reduction::Sum | Reduction::BatchMean => self.values[0],
        }
    }
}

/// Reduce per-element losses `l` of shape `shape`; `batch` is the batchmean divisor.
fn reduce(l: Vec<f64>, shape: &[usize], reduction: Reduction, batch: usize) -> Tensor {
    match reduction {
        Reduction::None => Tensor {
            shape: shape.to_vec(),
            data: l,
        },
        Reduction::Sum => Tensor::scalar(l.iter().sum()),
        Reduction::Mean => Tensor::scalar(l.iter().sum::<f64>() / l.len() as f64),
        Reduction::BatchMean => Tensor::scalar(l.iter().sum::<f64>() / batch as f64),
    }
}

/// The mean's denominator of the upstream gradient for `n` elements.
fn upstream_for(
    reduction: Reduction,
    shape: &[usize],
    grad_output: Option<&Tensor>,
    batch: usize,
) -> Result<Upstream> {
    let up = Upstream::new(reduction, shape, grad_output)?;
    Ok(match reduction {
        Reduction::Mean => up.divided(shape.iter().product::<usize>() as f64),
        Reduction::BatchMean => up.divided(batch as f64),
        Reduction::None | Reduction::Sum => up,
    })
}

/// A loss computed element by element over broadcast inputs: `f(values) -> (loss, partials)`.
fn pointwise(
    inputs: &Inputs,
    names: &[&'static str],
    reduction: Reduction,
    grad_output: Option<&Tensor>,
    f: impl Fn(&[f64; 3]) -> (f64, [f64; 3]),
) -> Result<LossResult> {
    pointwise_with_batch(inputs, names, reduction, grad_output, 1, f)
}

/// [`pointwise`] with the batch size that `batchmean` divides by.
fn pointwise_with_batch(
    inputs: &Inputs,
    names: &[&'static str],
    reduction: Reduction,
    grad_output: Option<&Tensor>,
    batch: usize,
    f: impl Fn(&[f64; 3]) -> (f64, [f64; 3]),
) -> Result<LossResult> {
    pointwise_upstream(inputs, names, reduction, grad_output, batch, |v, g| {
        let (l, d) = f(v);
        (l, [g * d[0], g * d[1], g * d[2]])
    })
}

/// [`pointwise_with_batch`] where `f(values, upstream) -> (loss, gradients)` applies the upstream
/// gradient itself, in autograd's order of operations (for losses PyTorch composes from ops).
fn pointwise_upstream(
    inputs: &Inputs,
    names: &[&'static str],
    reduction: Reduction,
    grad_output: Option<&Tensor>,
    batch: usize,
    f: impl Fn(&[f64; 3], f64) -> (f64, [f64; 3]),
) -> Result<LossResult> {
    let tensors = names
        .iter()
        .map(|n| inputs.get(n))
        .collect::<Result<Vec<_>>>()?;
    let mut shape = tensors[0].shape.clone();
    for t in &tensors[1..] {
        shape = broadcast_shapes(&shape, &t.shape)?;
    }
    let expanded: Vec<Vec<f64>> = tensors.iter().map(|t| expand(t, &shape)).collect();
    let n: usize = shape.iter().product();
    let up = upstream_for(reduction, &shape, grad_output, batch)?;
    let mut losses = Vec::with_capacity(n);
    let mut grads = vec![vec![0.0; n]; names.len()];
    for i in 0..n {
        let mut v = [0.0; 3];
        for (k, e) in expanded.iter().enumerate() {
            v[k] = e[i];
        }
        let (l, d) = f(&v, up.at(i));
        losses.push(l);
        for k in 0..names.len() {
            grads[k][i] = d[k];
        }
    }
    Ok(LossResult {
        output: reduce(losses, &shape, reduction, batch),
        grads: names
            .iter()
            .zip(grads)
            .zip(&tensors)
            .map(|((name, g), t)| (*name, sum_to(&g, &shape, &t.shape)))
            .collect(),
    })
}

fn kl_div(
    inputs: &Inputs,
    reduction: Reduction,
    log_target: bool,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    // batchmean divides the sum by input.size(0); for a 0-d input it is the plain sum.
    let input = inputs.get("input")?;
    let batch = input.shape.first().copied().unwrap_or(1);
    pointwise_with_batch(
        inputs,
        &["input", "target"],
        reduction,
        grad_output,
        batch,
        |v| {
            let (x, t) = (v[0], v[1]);
            if log_target {
                let e = t.exp();
                (e * (t - x), [-e, e * (t - x) + e, 0.0])
            } else {
                // xlogy(t, t) − t·x; the autograd of xlogy(t, t) is xlogy(t ≠ 0, t) + t / t (NaN at t = 0).
                let xlogy = if t == 0.0 { 0.0 } else { t * t.ln() };
                let dxlogy = if t == 0.0 { 0.0 } else { t.ln() };
                (xlogy - t * x, [-t, dxlogy + self_ratio(t) - x, 0.0])
            }
        },
    )
}

/// torch.nn.functional.multilabel_soft_margin_loss: −(y·logsigmoid(x) + (1 − y)·logsigmoid(−x)),
/// times the weight, summed over the input's last dimension (counted in the broadcast tensor, as
/// PyTorch does) and divided by the number of classes C, then reduced over the samples; the
/// gradients on the input, the target and the weight are autograd's through those ops.
fn multilabel_soft_margin(
    inputs: &Inputs,
    weight: Option<&Tensor>,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let (x, y) = (inputs.get("input")?, inputs.get("target")?);
    let Some(&classes) = x.shape.last() else {
        return Err(Error::Shape(
            "Dimension specified as -1 but tensor has no dimensions".into(),
        ));
    };
    let axis = x.ndim() - 1;
    let mut shape = broadcast_shapes(&x.shape, &y.shape)?;
    if let Some(w) = weight {
        shape = broadcast_shapes(&shape, &w.shape)?;
    }
    let (ex, ey) = (expand(x, &shape), expand(y, &shape));
    let ew = weight.map(|w| expand(w, &shape));
    let (len, inner) = (shape[axis], shape[axis + 1..].iter().product::<usize>());
    let mut out_shape = shape.clone();
    out_shape.remove(axis);
    let up = upstream_for(reduction, &out_shape, grad_output, 1)?;
    let n = ex.len();
    let (mut gx, mut gy, mut gw) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut sums = vec![0.0; out_shape.iter().product()];
    for (j, total) in sums.iter_mut().enumerate() {
        let (outer, within) = (j / inner.max(1), j % inner.max(1));
        let u = up.at(j) / classes as f64;
        for k in 0..len {
            let i = (outer * len + k) * inner + within;
            let (xi, yi) = (ex[i], ey[i]);
            let (pos, neg) = (log_sigmoid(xi), log_sigmoid(-xi));
            let raw = -(yi * pos + (1.0 - yi) * neg);
            let (term, uw) = match &ew {
                Some(w) => (raw * w[i], u * w[i]),
                None => (raw, u),
            };
            *total += term;
            let v = -uw;
            gx[i] = log_sigmoid_backward(v * yi, xi) + -log_sigmoid_backward(v * (1.0 - yi), -xi);
            gy[i] = v * pos + -(v * neg);
            gw[i] = u * raw;
        }
        *total /= classes as f64;
    }
    let mut grads = vec![
        ("input", sum_to(&gx, &shape, &x.shape)),
        ("target", sum_to(&gy, &shape, &y.shape)),
    ];
    if let Some(w) = weight {
        grads.push(("weight", sum_to(&gw, &shape, &w.shape)));
    }
    Ok(LossResult {
        output: reduce(sums, &out_shape, reduction, 1),
        grads,
    })
}

/// ATen's multi_margin_loss (its CPU kernel and backward): for each sample with true class y, the
/// sum over the other classes j of w_y·max(0, margin − x_y + x_j)^p, divided by the number of
/// classes C; the gradient 0 at the hinge's corner; the weight is not differentiable.
fn multi_margin(
    inputs: &Inputs,
    p: Option<i64>,
    margin: f64,
    weight: Option<&Tensor>,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let (x, target) = (inputs.get("input")?, inputs.get("target")?);
    let squared = match p {
        Some(1) => false,
        Some(2) => true,
        _ => return Err(invalid("p", "only p == 1 and p == 2 supported")),
    };
    let (frames, dim) = match x.shape[..] {
        [] => (1, 1),
        [c] if c > 0 => (1, c),
        [n, c] if c > 0 => (n, c),
        _ => {
            return Err(Error::Shape(format!(
                "Expected non-empty vector or matrix with optional 0-dim batch size, but got: {:?}",
                x.shape
            )))
        }
    };
    if target.ndim() > 1 || target.numel() != frames {
        return Err(Error::Shape(format!(
            "inconsistent target size, expected {frames} but got {:?}",
            target.shape
        )));
    }
    if let Some(w) = weight {
        if w.ndim() != 1 {
            return Err(invalid("weight", "weight must be one-dimensional"));
        }
        if w.numel() != dim {
            return Err(invalid(
                "weight",
                format!(
                    "inconsistent weight size, expected {dim} but got {:?}",
                    w.shape
                ),
            ));
        }
    }
    let classes = target
        .data
        .iter()
        .map(|&t| {
            if t.fract() != 0.0 || !t.is_finite() {
                return Err(Error::Domain(format!(
                    "expected integer class indices as target, got {t}"
                )));
            }
            if t < 0.0 || t >= dim as f64 {
                return Err(Error::Domain("target out of range".into()));
            }
            Ok(t as usize)
        })
        .collect::<Result<Vec<usize>>>()?;
    let out_shape = if target.ndim() > 0 {
        vec![frames]
    } else {
        vec![]
    };
    let up = Upstream::new(reduction, &out_shape, grad_output)?;
    let scale = if reduction == Reduction::Mean {
        1.0 / (frames * dim) as f64
    } else {
        1.0 / dim as f64
    };
    let mut losses = Vec::with_capacity(frames);
    let mut grad = vec![0.0; frames * dim];
    for (t, &y) in classes.iter().enumerate() {
        let row = &x.data[t * dim..(t + 1) * dim];
        let w = weight.map_or(1.0, |w| w.data[y]);
        let (mut sum, mut grad_target) = (0.0, 0.0);
        for (d, &xd) in row.iter().enumerate() {
            if d == y {
                continue;
            }
            let z = margin - row[y] + xd;
            if z > 0.0 {
                let mut h = if squared { z * z } else { z };
                let mut dh = if squared { 2.0 * scale * z } else { scale };
                if weight.is_some() {
                    h *= w;
                    dh *= w;
                }
                sum += h;
                grad_target -= dh;
                grad[t * dim + d] = dh;
            }
        }
        grad[t * dim + y] = grad_target;
        losses.push(sum / dim as f64);
        let g = up.at(if reduction == Reduction::None { t } else { 0 });
        for v in &mut grad[t * dim..(t + 1) * dim] {
            *v *= g;
        }
    }
    let output = match reduction {
        Reduction::None => Tensor {
            shape: out_shape,
            data: losses,
        },
        Reduction::Sum => Tensor::scalar(losses.iter().sum()),
        Reduction::Mean | Reduction::BatchMean => {
            Tensor::scalar(losses.iter().sum::<f64>() / frames as f64)
        }
    };
    Ok(LossResult {
        output,
        grads: vec![("input", x.like(grad))],
    })
}

/// ATen's multilabel_margin_loss (its CPU kernel and backward). Each target row lists the
/// sample's labels as class indices up to its first −1 (every entry must be −1 or a class); for
/// every label j (a repeated label counts again) and every class i that is not a label, 1 − x_j +
/// x_i where it is positive, summed and divided by C. Reduced outputs divide the sum over samples
/// by C, then (mean) by N, as ATen does. The gradient ±1/C per active pair (none at z = 0).
fn multilabel_margin(
    inputs: &Inputs,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let (x, target) = (inputs.get("input")?, inputs.get("target")?);
    let (frames, dim) = match x.shape[..] {
        [] => (1, 1),
        [c] if c > 0 => (1, c),
        [n, c] if c > 0 => (n, c),
        _ => {
            return Err(Error::Shape(format!(
                "Expected non-empty vector or matrix with optional 0-dim batch size, but got: {:?}",
                x.shape
            )))
        }
    };
    let fits = if x.ndim() <= 1 {
        target.ndim() <= 1 && target.numel() == dim
    } else {
        target.shape == x.shape
    };
    if !fits {
        return Err(Error::Shape(format!(
            "inconsistent target size: {:?} for input of size: {:?}",
            target.shape, x.shape
        )));
    }
    for &t in &target.data {
        if t.fract() != 0.0 || !t.is_finite() {
            return Err(Error::Domain(format!(
                "expected integer class indices (int64) as target, got {t}"
            )));
        }
        if t < -1.0 || t >= dim as f64 {
            return Err(Error::Domain("argument #2 'target' is out of range".into()));
        }
    }
    let out_shape = if x.ndim() == 2 { vec![frames] } else { vec![] };
    let up = Upstream::new(reduction, &out_shape, grad_output)?;
    let g = if reduction == Reduction::Mean {
        1.0 / (frames * dim) as f64
    } else {
        1.0 / dim as f64
    };
    let mut sums = Vec::with_capacity(frames);
    let mut grad = vec![0.0; frames * dim];
    for t in 0..frames {
        let row = &x.data[t * dim..(t + 1) * dim];
        let labels: Vec<usize> = target.data[t * dim..(t + 1) * dim]
            .iter()
            .take_while(|&&v| v >= 0.0)
            .map(|&v| v as usize)
            .collect();
        let mut is_label = vec![false; dim];
        for &j in &labels {
            is_label[j] = true;
        }
        let grad_row = &mut grad[t * dim..(t + 1) * dim];
        let mut sum = 0.0;
        for &j in &labels {
            for i in (0..dim).filter(|&i| !is_label[i]) {
                let z = 1.0 - row[j] + row[i];
                if z > 0.0 {
                    sum += z;
                    grad_row[j] -= g;
                    grad_row[i] += g;
                }
            }
        }
        let go = up.at(if reduction == Reduction::None { t } else { 0 });
        for v in grad_row.iter_mut() {
            *v *= go;
        }
        sums.push(sum);
    }
    let output = match reduction {
        Reduction::None => Tensor {
            shape: out_shape,
            data: sums.iter().map(|s| s / dim as f64).collect(),
        },
        Reduction::Sum => Tensor::scalar(sums.iter().sum::<f64>() / dim as f64),
        Reduction::Mean | Reduction::BatchMean => {
            Tensor::scalar(sums.iter().sum::<f64>() / dim as f64 / frames as f64)
        }
    };
    Ok(LossResult {
        output,
        grads: vec![("input", x.like(grad))],
    })
}

/// ATen's log_sigmoid: min(x, 0) − log1p(exp(−|x|)).
fn log_sigmoid(x: f64) -> f64 {
    let z = (-x.abs()).exp();
    x.min(0.0) - z.ln_1p()
}

/// ATen's log_sigmoid_backward of the upstream gradient `g` at `x`.
fn log_sigmoid_backward(g: f64, x: f64) -> f64 {
    let (max_deriv, sign) = if x < 0.0 { (1.0, 1.0) } else { (0.0, -1.0) };
    let z = (-x.abs()).exp();
    g * (max_deriv - sign * (z / (1.0 + z)))
}

/// The options of `poisson_nll_loss`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PoissonNll {
    log_input: bool,
    full: bool,
    eps: f64,
}

/// 2π as ATen writes it (`2 * c10::pi<double>`).
const TWO_PI: f64 = 2.0 * std::f64::consts::PI;

/// ATen's poisson_nll_loss, composed of ops: exp(x) − y·x, or x − y·log(x + eps) without
/// log_input; with `full`, y·log y − y + ½·log(2πy) masked to 0 where y ≤ 1. The gradients are
/// autograd's through those ops: the masked term's backward still multiplies its 0 by log y, so
/// the target's gradient is NaN for y ≤ 0 with `full`.
fn poisson_nll(
    inputs: &Inputs,
    options: PoissonNll,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let PoissonNll {
        log_input,
        full,
        eps,
    } = options;
    pointwise_upstream(
        inputs,
        &["input", "target"],
        reduction,
        grad_output,
        1,
        |v, g| {
            let (x, y) = (v[0], v[1]);
            let (mut loss, gx, mut gy) = if log_input {
                let e = x.exp();
                (e - y * x, g * e + -g * y, -g * x)
            } else {
                let shifted = x + eps;
                let log = shifted.ln();
                (x - y * log, g + (-g * y) / shifted, -g * log)
            };
            if full {
                let kept = y > 1.0 || y.is_nan();
                let stirling = y * y.ln() - y + 0.5 * (TWO_PI * y).ln();
                if kept {
                    loss += stirling;
                }
                let gs = if kept { g } else { 0.0 };
                gy += gs * y.ln() + (gs * y) / y - gs + ((gs * 0.5) / (TWO_PI * y)) * TWO_PI;
            }
            (loss, [gx, gy, 0.0])
        },
    )
}

/// ½·log(2π), the constant `full=True` adds (Python's `0.5 * math.log(2 * math.pi)`).
const HALF_LOG_TWO_PI: f64 = 0.918_938_533_204_672_7;

/// torch.nn.functional.gaussian_nll_loss: var is refused if negative, must have the input's shape,
/// its shape without the last dimension (then unsqueezed), or differ from it in one dimension
/// where var has 1; it is clamped to eps without the clamp being recorded (the gradient on var is
/// autograd's at the clamped value, even below eps). Then ½·(log v + (x − y)²/v), all three inputs
/// differentiable.
fn gaussian_nll(
    inputs: &Inputs,
    full: bool,
    eps: f64,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let (x, var) = (inputs.get("input")?, inputs.get("var")?);
    inputs.get("target")?;
    if var.data.iter().any(|v| *v < 0.0) {
        return Err(Error::Domain("var has negative entry/entries".into()));
    }
    let mut shape = var.shape.clone();
    if var.shape != x.shape {
        let one_short = x
            .shape
            .split_last()
            .is_some_and(|(_, rest)| rest == var.shape);
        let mismatched: usize = x
            .shape
            .iter()
            .zip(&var.shape)
            .filter(|(a, b)| a != b)
            .map(|(_, b)| *b)
            .sum();
        if one_short {
            shape.push(1);
        } else if !(x.ndim() == var.ndim() && mismatched == 1) {
            return Err(Error::Shape("var is of incorrect size".into()));
        }
    }
    let unsqueezed = Tensor::new(shape, var.data.clone())?;
    let mut named = inputs.clone();
    for (name, t) in named.0.iter_mut() {
        if name == "var" {
            *t = unsqueezed.clone();
        }
    }
    let mut r = pointwise_upstream(
        &named,
        &["input", "target", "var"],
        reduction,
        grad_output,
        1,
        |v, g| {
            let (d, clamped) = (v[0] - v[1], if v[2] < eps { eps } else { v[2] });
            let squared = d * d;
            let mut loss = 0.5 * (clamped.ln() + squared / clamped);
            if full {
                loss += HALF_LOG_TWO_PI;
            }
            let h = g * 0.5;
            let gx = (h / clamped) * (2.0 * d);
            let gv = h / clamped + -h * ((squared / clamped) / clamped);
            (loss, [gx, -gx, gv])
        },
    )?;
    for (name, t) in r.grads.iter_mut() {
        if *name == "var" {
            t.shape = var.shape.clone();
        }
    }
    Ok(r)
}

/// t / t as autograd computes it: 1, except NaN for 0, ±∞ and NaN.
fn self_ratio(t: f64) -> f64 {
    if t != 0.0 && t.is_finite() {
        1.0
    } else {
        f64::NAN
    }
}

fn same_size(input: &Tensor, target: &Tensor, message: impl Fn() -> String) -> Result<()> {
    if input.shape != target.shape {
        return Err(Error::Shape(message()));
    }
    Ok(())
}

/// A weight tensor expanded to `shape`, which it must broadcast to.
fn expand_weight(w: Option<&Tensor>, shape: &[usize], name: &str) -> Result<Option<Vec<f64>>> {
    match w {
        None => Ok(None),
        Some(w) => {
            let b = broadcast_shapes(&w.shape, shape)?;
            if b != shape {
                return Err(Error::Shape(format!(
                    "{name} of shape {:?} cannot be broadcast to the input's shape {shape:?}",
                    w.shape
                )));
            }
            Ok(Some(expand(w, shape)))
        }
    }
}

fn bce(
    inputs: &Inputs,
    weight: Option<&Tensor>,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let (x, y) = (inputs.get("input")?, inputs.get("target")?);
    same_size(x, y, || {
        format!(
            "Using a target size ({:?}) that is different to the input size ({:?}) is deprecated. Please ensure they have the same size.",
            y.shape, x.shape
        )
    })?;
    let w = expand_weight(weight, &x.shape, "weight")?;
    for (&xi, &yi) in x.data.iter().zip(&y.data) {
        if !(0.0..=1.0).contains(&xi) {
            return Err(Error::Domain(
                "all elements of input should be between 0 and 1".into(),
            ));
        }
        if !(0.0..=1.0).contains(&yi) {
            return Err(Error::Domain(
                "all elements of target should be between 0 and 1".into(),
            ));
        }
    }
    // ATen clamps the denominator at a float32 1e-12.
    let epsilon = f64::from(1e-12f32);
    let n = x.numel();
    let up = upstream_for(reduction, &x.shape, grad_output, 1)?;
    let mut l = Vec::with_capacity(n);
    let (mut gx, mut gy) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let (xi, yi) = (x.data[i], y.data[i]);
        let wi = w.as_ref().map_or(1.0, |w| w[i]);
        let li = (yi - 1.0) * (-xi).ln_1p().max(-100.0) - yi * xi.ln().max(-100.0);
        l.push(if w.is_some() { li * wi } else { li });
        let g = up.at(i);
        let mut dx = g * (xi - yi) / ((1.0 - xi) * xi).max(epsilon);
        let mut dy = -(xi / (1.0 - xi)).ln() * g;
        if w.is_some() {
            dx *= wi;
            dy *= wi;
        }
        gx.push(dx);
        gy.push(dy);
    }
    Ok(LossResult {
        output: reduce(l, &x.shape, reduction, 1),
        grads: vec![("input", x.like(gx)), ("target", y.like(gy))],
    })
}

fn bce_with_logits(
    inputs: &Inputs,
    weight: Option<&Tensor>,
    pos_weight: Option<&Tensor>,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let (x, y) = (inputs.get("input")?, inputs.get("target")?);
    same_size(x, y, || {
        format!(
            "Target size ({:?}) must be the same as input size ({:?})",
            y.shape, x.shape
        )
    })?;
    let w = expand_weight(weight, &x.shape, "weight")?;
    let pw = expand_weight(pos_weight, &x.shape, "pos_weight")?;
    let n = x.numel();
    let up = upstream_for(reduction, &x.shape, grad_output, 1)?;
    let log_sigmoid = activation::Elementwise::LogSigmoid;
    let mut l = Vec::with_capacity(n);
    let (mut gx, mut gy) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let (xi, yi) = (x.data[i], y.data[i]);
        let ls = log_sigmoid.value(xi);
        let (li, dx, dy) = match &pw {
            Some(pw) => {
                let log_weight = (pw[i] - 1.0) * yi + 1.0;
                let t = pw[i] * yi;
                (
                    (1.0 - yi) * xi - ls * log_weight,
                    (t + 1.0 - yi) * activation::sigmoid(xi) - t,
                    log_sigmoid.value(-xi) - ls * pw[i],
                )
            }
            None => ((1.0 - yi) * xi - ls, activation::sigmoid(xi) - yi, -xi),
        };
        let g = up.at(i);
        let wi = w.as_ref().map(|w| w[i]);
        l.push(wi.map_or(li, |wi| li * wi));
        gx.push(wi.map_or(dx * g, |wi| dx * g * wi));
        gy.push(wi.map_or(dy * g, |wi| dy * g * wi));
    }
    Ok(LossResult {
        output: reduce(l, &x.shape, reduction, 1),
        grads: vec![("input", x.like(gx)), ("target", y.like(gy))],
    })
}

/// The layout of a classification input: (batch N, classes C, trailing spatial size D), and the
/// index of element (n, c, d).
struct ClassLayout {
    n: usize,
    c: usize,
    d: usize,
}

impl ClassLayout {
    fn of(input: &Tensor) -> Result<ClassLayout> {
        match input.ndim() {
            0 => Err(Error::Shape("Expected 1 or more dimensions (got 0)".into())),
            1 => Ok(ClassLayout {
                n: 1,
                c: input.shape[0],
                d: 1,
            }),
            _ => Ok(ClassLayout {
                n: input.shape[0],
                c: input.shape[1],
                d: input.shape[2..].iter().product(),
            }),
        }
    }

    fn at(&self, n: usize, c: usize, d: usize) -> usize {
        (n * self.c + c) * self.d + d
    }

    /// The target's expected shape: the input's without the class dimension.
    fn target_shape(input: &Tensor) -> Vec<usize> {
        match input.ndim() {
            0 | 1 => Vec::new(),
            _ => {
                let mut s = vec![input.shape[0]];
                s.extend_from_slice(&input.shape[2..]);
                s
            }
        }
    }
}

/// Class indices: integers (given as numbers), checked against the classes unless ignored.
fn class_targets(
    input: &Tensor,
    target: &Tensor,
    layout: &ClassLayout,
    ignore_index: i64,
) -> Result<Vec<Option<usize>>> {
    let expected = ClassLayout::target_shape(input);
    if input.ndim() >= 2 && target.shape.first() != Some(&layout.n) {
        let got = target.shape.first().copied().unwrap_or(1);
        return Err(Error::Shape(format!(
            "Expected input batch_size ({}) to match target batch_size ({got}).",
            layout.n
        )));
    }
    if target.shape != expected {
        if input.ndim() == 1 && target.ndim() == 1 {
            return Err(Error::Shape(format!(
                "0D or 1D target tensor expected, multi-target not supported (input {:?}, target {:?})",
                input.shape, target.shape
            )));
        }
        return Err(Error::Shape(format!(
            "expected target of shape {expected:?} for input of shape {:?}, got {:?}",
            input.shape, target.shape
        )));
    }
    target
        .data
        .iter()
        .map(|&t| {
            if t.fract() != 0.0 || !t.is_finite() {
                return Err(Error::Domain(format!(
                    "expected integer class indices as target, got {t}"
                )));
            }
            let t = t as i64;
            if t == ignore_index {
                return Ok(None);
            }
            if t < 0 || t >= layout.c as i64 {
                return Err(Error::Domain(format!("Target {t} is out of bounds.")));
            }
            Ok(Some(t as usize))
        })
        .collect()
}

fn class_weights(weight: Option<&Tensor>, c: usize) -> Result<Vec<f64>> {
    match weight {
        None => Ok(vec![1.0; c]),
        Some(w) if w.numel() == c && w.ndim() <= 1 => Ok(w.data.clone()),
        Some(w) => Err(Error::Shape(format!(
            "weight tensor should be defined either for all {c} classes or no classes but got weight tensor of shape: {:?}",
            w.shape
        ))),
    }
}

/// NLL over log-probabilities.
fn nll_loss(
    input: &Tensor,
    target: &Tensor,
    weight: Option<&Tensor>,
    ignore_index: i64,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let layout = ClassLayout::of(input)?;
    let w = class_weights(weight, layout.c)?;
    let targets = class_targets(input, target, &layout, ignore_index)?;
    let (losses, total_weight) = nll_terms(input, &layout, &targets, &w);
    let out_shape = target.shape.clone();
    let up = Upstream::new(reduction, &out_shape, grad_output)?;
    let up = if reduction == Reduction::Mean {
        up.divided(total_weight)
    } else {
        up
    };
    let mut grad = vec![0.0; input.numel()];
    for (k, t) in targets.iter().enumerate() {
        if let Some(t) = *t {
            let (n, d) = (k / layout.d, k % layout.d);
            grad[layout.at(n, t, d)] = -w[t] * up.at(k);
        }
    }
    let output = match reduction {
        Reduction::Mean => Tensor::scalar(losses.iter().sum::<f64>() / total_weight),
        Reduction::None | Reduction::Sum | Reduction::BatchMean => {
            reduce(losses, &out_shape, reduction, 1)
        }
    };
    Ok(LossResult {
        output,
        grads: vec![("input", input.like(grad))],
    })
}

/// Per-position NLL terms (0 where ignored) and the total weight of the non-ignored targets.
fn nll_terms(
    input: &Tensor,
    layout: &ClassLayout,
    targets: &[Option<usize>],
    w: &[f64],
) -> (Vec<f64>, f64) {
    let mut total = 0.0;
    let losses = targets
        .iter()
        .enumerate()
        .map(|(k, t)| match *t {
            Some(t) => {
                total += w[t];
                -input.data[layout.at(k / layout.d, t, k % layout.d)] * w[t]
            }
            None => 0.0,
        })
        .collect();
    (losses, total)
}

fn class_dim(input: &Tensor) -> i64 {
    if input.ndim() == 1 {
        0
    } else {
        1
    }
}

fn cross_entropy(
    input: &Tensor,
    target: &Tensor,
    weight: Option<&Tensor>,
    ignore_index: i64,
    smoothing: f64,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let layout = ClassLayout::of(input)?;
    let w = class_weights(weight, layout.c)?;
    if smoothing > 1.0 {
        return Err(invalid(
            "label_smoothing",
            format!("label_smoothing must be between 0.0 and 1.0. Got: {smoothing}"),
        ));
    }
    let dim = Some(class_dim(input));
    let ones = Tensor::full(&input.shape, 0.0);
    let lsm = activation::softmax(SoftmaxKind::LogSoftmax, dim, input, &ones)?.output;
    let c = layout.c as f64;
    // G = d loss / d log_softmax, then log_softmax's backward.
    let mut g_lsm = vec![0.0; input.numel()];
    let output;
    let mut grads = Vec::new();
    if target.shape == input.shape {
        // Class probabilities.
        if ignore_index >= 0 {
            return Err(invalid(
                "ignore_index",
                "ignore_index is not supported for floating point target",
            ));
        }
        let keep = if smoothing > 0.0 {
            1.0 - smoothing
        } else {
            1.0
        };
        let t: Vec<f64> = target
            .data
            .iter()
            .map(|&t| {
                if smoothing > 0.0 {
                    t * (1.0 - smoothing) + smoothing / c
                } else {
                    t
                }
            })
            .collect();
        let out_shape = ClassLayout::target_shape(input);
        let positions = layout.n * layout.d;
        let mut per = vec![0.0; positions];
        for n in 0..layout.n {
            for d in 0..layout.d {
                for k in 0..layout.c {
                    let i = layout.at(n, k, d);
                    per[n * layout.d + d] += lsm.data[i] * t[i] * w[k];
                }
            }
        }
        let up = Upstream::new(reduction, &out_shape, grad_output)?;
        let up = if reduction == Reduction::Mean {
            up.divided(positions as f64)
        } else {
            up
        };
        let mut g_target = vec![0.0; input.numel()];
        for n in 0..layout.n {
            for d in 0..layout.d {
                let g = up.at(n * layout.d + d);
                for k in 0..layout.c {
                    let i = layout.at(n, k, d);
                    g_lsm[i] = -t[i] * w[k] * g;
                    g_target[i] = -lsm.data[i] * w[k] * g * keep;
                }
            }
        }
        output = match reduction {
            Reduction::None => Tensor {
                shape: out_shape,
                data: per.iter().map(|v| -v).collect(),
            },
            Reduction::Sum => Tensor::scalar(-per.iter().sum::<f64>()),
            Reduction::Mean | Reduction::BatchMean => Tensor::scalar(if positions == 0 {
                f64::NAN
            } else {
                -per.iter().sum::<f64>() / positions as f64
            }),
        };
        grads.push(("target", target.like(g_target)));
    } else {
        let targets = class_targets(input, target, &layout, ignore_index)?;
        let (nll, total_weight) = nll_terms(&lsm, &layout, &targets, &w);
        let out_shape = target.shape.clone();
        let up = Upstream::new(reduction, &out_shape, grad_output)?;
        let up_nll = if reduction == Reduction::Mean {
            Upstream::new(reduction, &out_shape, grad_output)?.divided(total_weight)
        } else {
            Upstream::new(reduction, &out_shape, grad_output)?
        };
        let nll_out = match reduction {
            Reduction::Mean => Tensor::scalar(nll.iter().sum::<f64>() / total_weight),
            Reduction::None | Reduction::Sum | Reduction::BatchMean => {
                reduce(nll, &out_shape, reduction, 1)
            }
        };
        for (k, t) in targets.iter().enumerate() {
            if let Some(t) = *t {
                g_lsm[layout.at(k / layout.d, t, k % layout.d)] = -w[t] * up_nll.at(k);
            }
        }
        if smoothing > 0.0 {
            // smooth_n = -Σ_c w_c · lsm[n, c], 0 where ignored; mixed in with weight ε / C.
            let smooth: Vec<f64> = targets
                .iter()
                .enumerate()
                .map(|(k, t)| match t {
                    Some(_) => -(0..layout.c)
                        .map(|j| lsm.data[layout.at(k / layout.d, j, k % layout.d)] * w[j])
                        .sum::<f64>(),
                    None => 0.0,
                })
                .collect();
            let denominator = if weight.is_some() {
                total_weight
            } else {
                targets.iter().filter(|t| t.is_some()).count() as f64
            };
            let smooth_out = match reduction {
                Reduction::Mean => Tensor::scalar(smooth.iter().sum::<f64>() / denominator),
                Reduction::None | Reduction::Sum | Reduction::BatchMean => {
                    reduce(smooth, &out_shape, reduction, 1)
                }
            };
            let up_smooth = if reduction == Reduction::Mean {
                up.divided(denominator)
            } else {
                up
            };
            let mix = smoothing / c;
            for g in g_lsm.iter_mut() {
                *g *= 1.0 - smoothing;
            }
            for (k, t) in targets.iter().enumerate() {
                if t.is_some() {
                    let g = up_smooth.at(k) * mix;
                    for j in 0..layout.c {
                        g_lsm[layout.at(k / layout.d, j, k % layout.d)] -= w[j] * g;
                    }
                }
            }
            output = Tensor {
                shape: nll_out.shape.clone(),
                data: nll_out
                    .data
                    .iter()
                    .zip(&smooth_out.data)
                    .map(|(a, b)| (1.0 - smoothing) * a + b * mix)
                    .collect(),
            };
        } else {
            output = nll_out;
        }
    }
    // log_softmax backward: dx = G − exp(lsm) · Σ_class G.
    let mut grad = vec![0.0; input.numel()];
    for n in 0..layout.n {
        for d in 0..layout.d {
            let sum: f64 = (0..layout.c).map(|k| g_lsm[layout.at(n, k, d)]).sum();
            for k in 0..layout.c {
                let i = layout.at(n, k, d);
                grad[i] = g_lsm[i] - lsm.data[i].exp() * sum;
            }
        }
    }
    grads.insert(0, ("input", input.like(grad)));
    Ok(LossResult { output, grads })
}

/// Which triplet loss.
enum TripletKind {
    Margin {
        margin: f64,
        distance: TripletDistance,
        swap: bool,
    },
    Ratio,
}

/// The distance a triplet margin loss measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TripletDistance {
    /// `pairwise_distance`: ‖x1 − x2 + eps‖_p over the last dimension.
    Norm { p: f64, eps: f64 },
    /// `1 − F.cosine_similarity(x1, x2)` (dim 1, eps 1e-8).
    Cosine,
}

/// PyTorch's p-norm of `v` (`at::norm`), and its backward for upstream `g` (`norm_backward`).
pub fn p_norm(v: &[f64], p: f64) -> f64 {
    if p == 2.0 {
        v.iter().map(|x| x * x).sum::<f64>().sqrt()
    } else if p == 1.0 {
        v.iter().map(|x| x.abs()).sum()
    } else if p == f64::INFINITY {
        v.iter().fold(
            if v.is_empty() { 0.0 } else { f64::NEG_INFINITY },
            |m, x| nan_max(m, x.abs()),
        )
    } else if p == f64::NEG_INFINITY {
        v.iter().fold(f64::INFINITY, |m, x| nan_min(m, x.abs()))
    } else if p == 0.0 {
        v.iter().filter(|x| **x != 0.0).count() as f64
    } else {
        v.iter().map(|x| x.abs().powf(p)).sum::<f64>().powf(1.0 / p)
    }
}

fn nan_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

fn nan_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

/// d‖v‖_p / dv · g, PyTorch's `norm_backward` (0 where the norm is 0).
pub fn p_norm_backward(v: &[f64], p: f64, norm: f64, g: f64) -> Vec<f64> {
    if p == 0.0 {
        return vec![0.0; v.len()];
    }
    if p == 1.0 {
        return v.iter().map(|x| signum0(*x) * g).collect();
    }
    if p == 2.0 {
        return v
            .iter()
            .map(|x| if norm == 0.0 { 0.0 } else { g * (x / norm) })
            .collect();
    }
    if p.is_infinite() {
        let is_max = |x: f64| x.abs() == norm || x.is_nan();
        let count = v.iter().filter(|x| is_max(**x)).count() as f64;
        return v
            .iter()
            .map(|&x| {
                if is_max(x) {
                    signum0(x) * (g / count)
                } else {
                    0.0
                }
            })
            .collect();
    }
    if p < 1.0 {
        return v
            .iter()
            .map(|&x| {
                let s = if x == 0.0 {
                    0.0
                } else {
                    signum0(x) * x.abs().powf(p - 1.0)
                };
                s * g * norm.powf(1.0 - p)
            })
            .collect();
    }
    let scale = if norm == 0.0 {
        0.0
    } else {
        g / norm.powf(p - 1.0)
    };
    if p < 2.0 {
        v.iter()
            .map(|&x| signum0(x) * x.abs().powf(p - 1.0) * scale)
            .collect()
    } else {
        v.iter()
            .map(|&x| x * x.abs().powf(p - 2.0) * scale)
            .collect()
    }
}

/// Where the elements of one reduced row sit in a flat tensor: row r's k-th element.
#[derive(Debug, Clone, Copy)]
struct Rows {
    /// Elements per row (the reduced dimension's size).
    len: usize,
    /// The product of the dimensions after the reduced one.
    inner: usize,
}

impl Rows {
    fn at(&self, r: usize, k: usize) -> usize {
        (r / self.inner * self.len + k) * self.inner + r % self.inner
    }
}

/// A distance with its backward, per row: `‖x1 − x2 + eps‖_p`, or the cosine distance
/// 1 − Σ (x1/‖x1‖_ε)(x2/‖x2‖_ε) of ATen's cosine_similarity (norms clamped at 1e-8 without
/// gradient: the gradient flows through the unclamped norm).
struct Distance {
    rows: Rows,
    /// Norm: x1 − x2 + eps; cosine: x1, per row.
    diff: Vec<Vec<f64>>,
    /// Cosine only: x2 per row.
    other: Vec<Vec<f64>>,
    values: Vec<f64>,
    kind: TripletDistance,
}

const COSINE_EPS: f64 = 1e-8;

impl Distance {
    fn new(x1: &[f64], x2: &[f64], count: usize, rows: Rows, kind: TripletDistance) -> Distance {
        let row =
            |x: &[f64], r: usize| -> Vec<f64> { (0..rows.len).map(|k| x[rows.at(r, k)]).collect() };
        match kind {
            TripletDistance::Norm { p, eps } => {
                let diff: Vec<Vec<f64>> = (0..count)
                    .map(|r| {
                        (0..rows.len)
                            .map(|k| x1[rows.at(r, k)] - x2[rows.at(r, k)] + eps)
                            .collect()
                    })
                    .collect();
                let values = diff.iter().map(|d| p_norm(d, p)).collect();
                Distance {
                    rows,
                    diff,
                    other: Vec::new(),
                    values,
                    kind,
                }
            }
            TripletDistance::Cosine => {
                let diff: Vec<Vec<f64>> = (0..count).map(|r| row(x1, r)).collect();
                let other: Vec<Vec<f64>> = (0..count).map(|r| row(x2, r)).collect();
                let values = diff
                    .iter()
                    .zip(&other)
                    .map(|(a, b)| {
                        let (na, nb) = (clamped_norm(a), clamped_norm(b));
                        1.0 - a
                            .iter()
                            .zip(b)
                            .map(|(u, v)| (u / na) * (v / nb))
                            .sum::<f64>()
                    })
                    .collect();
                Distance {
                    rows,
                    diff,
                    other,
                    values,
                    kind,
                }
            }
        }
    }

    /// Add `g_r · d dist_r / d x1` to `g1` and `g_r · d dist_r / d x2` to `g2`.
    fn backward(&self, r: usize, g: f64, g1: &mut [f64], g2: &mut [f64]) {
        // No shortcut for g = 0: autograd multiplies it through, and 0 · NaN is NaN.
        let rows = self.rows;
        match self.kind {
            TripletDistance::Norm { p, .. } => {
                for (k, d) in p_norm_backward(&self.diff[r], p, self.values[r], g)
                    .into_iter()
                    .enumerate()
                {
                    g1[rows.at(r, k)] += d;
                    g2[rows.at(r, k)] -= d;
                }
            }
            TripletDistance::Cosine => {
                let (a, b) = (&self.diff[r], &self.other[r]);
                for (k, d) in cosine_backward(a, b, -g).into_iter().enumerate() {
                    g1[rows.at(r, k)] += d;
                }
                for (k, d) in cosine_backward(b, a, -g).into_iter().enumerate() {
                    g2[rows.at(r, k)] += d;
                }
            }
        }
    }
}

/// `1 − F.cosine_similarity(x, y)` of two vectors (ATen's current kernel: each norm clamped at
/// 1e-8 before dividing).
pub fn cosine_distance(x: &[f64], y: &[f64]) -> f64 {
    let (nx, ny) = (clamped_norm(x), clamped_norm(y));
    1.0 - x
        .iter()
        .zip(y)
        .map(|(u, v)| (u / nx) * (v / ny))
        .sum::<f64>()
}

/// ‖v‖₂ clamped below at 1e-8, as ATen's cosine_similarity.
fn clamped_norm(v: &[f64]) -> f64 {
    let n = p_norm(v, 2.0);
    if n < COSINE_EPS {
        COSINE_EPS
    } else {
        n
    }
}

/// The gradient of Σ (x/‖x‖_ε)(y/‖y‖_ε) with respect to x for upstream `g`, as autograd takes it
/// through ATen's cosine_similarity: the division's two terms, the norm's term through the
/// unclamped norm (none where it is 0).
fn cosine_backward(x: &[f64], y: &[f64], g: f64) -> Vec<f64> {
    let (norm, nx, ny) = (p_norm(x, 2.0), clamped_norm(x), clamped_norm(y));
    // d/du of Σ u·(y/ny) is y/ny; u = x / nx.
    let grad_u: Vec<f64> = y.iter().map(|v| g * (v / ny)).collect();
    let grad_nx: f64 = -grad_u
        .iter()
        .zip(x)
        .map(|(gu, xv)| gu * xv / (nx * nx))
        .sum::<f64>();
    x.iter()
        .zip(&grad_u)
        .map(|(xv, gu)| {
            let through_norm = if norm == 0.0 {
                0.0
            } else {
                xv * (grad_nx / norm)
            };
            gu / nx + through_norm
        })
        .collect()
}

/// Triplet margin and ratio losses on anchor/positive/negative of shape (D) or (N, D).
fn triplet(
    inputs: &Inputs,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
    kind: TripletKind,
) -> Result<LossResult> {
    let (a, p, n) = (
        inputs.get("anchor")?,
        inputs.get("positive")?,
        inputs.get("negative")?,
    );
    if a.ndim() != p.ndim() || p.ndim() != n.ndim() {
        return Err(Error::Shape(format!(
            "The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor {}D, positive {}D, and negative {}D inputs",
            a.ndim(),
            p.ndim(),
            n.ndim()
        )));
    }
    if matches!(kind, TripletKind::Ratio) {
        if a.shape != p.shape || a.shape != n.shape {
            return Err(Error::Shape(format!(
                "ratio_loss: anchor, positive and negative must have the same shape, but got {:?}, {:?} and {:?}",
                a.shape, p.shape, n.shape
            )));
        }
        if !(1..=2).contains(&a.ndim()) {
            return Err(Error::Shape(format!(
                "ratio_loss: expected 1-D or 2-D inputs, but got {}-D",
                a.ndim()
            )));
        }
    }
    let shape = broadcast_shapes(&broadcast_shapes(&a.shape, &p.shape)?, &n.shape)?;
    let cosine = matches!(
        kind,
        TripletKind::Margin {
            distance: TripletDistance::Cosine,
            ..
        }
    );
    // pairwise_distance reduces the last dimension, cosine_similarity dimension 1.
    let reduced = if cosine {
        if shape.len() < 2 {
            let low = if shape.is_empty() {
                -1
            } else {
                -(shape.len() as i64)
            };
            return Err(Error::Shape(format!(
                "Dimension out of range (expected to be in range of [{low}, {}], but got 1)",
                shape.len().max(1) - 1
            )));
        }
        1
    } else {
        shape.len().max(1) - 1
    };
    let dim = shape.get(reduced).copied().unwrap_or(1);
    let inner: usize = shape.iter().skip(reduced + 1).product();
    let out_shape: Vec<usize> = shape
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != reduced)
        .map(|(_, &s)| s)
        .collect();
    let rows: usize = out_shape.iter().product();
    let layout = Rows { len: dim, inner };
    let (ea, ep, en) = (expand(a, &shape), expand(p, &shape), expand(n, &shape));
    let up = upstream_for(reduction, &out_shape, grad_output, 1)?;
    let (mut ga, mut gp, mut gn) = (
        vec![0.0; ea.len()],
        vec![0.0; ea.len()],
        vec![0.0; ea.len()],
    );
    let mut losses = Vec::with_capacity(rows);
    match kind {
        TripletKind::Margin {
            margin,
            distance,
            swap,
        } => {
            let dp = Distance::new(&ea, &ep, rows, layout, distance);
            let dn = Distance::new(&ea, &en, rows, layout, distance);
            let ds = swap.then(|| Distance::new(&ep, &en, rows, layout, distance));
            for r in 0..rows {
                let (d_pos, d_an) = (dp.values[r], dn.values[r]);
                let d_neg = match &ds {
                    Some(ds) => nan_min(d_an, ds.values[r]),
                    None => d_an,
                };
                let z = margin + d_pos - d_neg;
                losses.push(if z < 0.0 { 0.0 } else { z });
                let g = if z > 0.0 { up.at(r) } else { 0.0 };
                dp.backward(r, g, &mut ga, &mut gp);
                match &ds {
                    None => dn.backward(r, -g, &mut ga, &mut gn),
                    Some(ds) => {
                        // minimum's backward: the smaller side gets it all, a tie splits it in half.
                        let ds_v = ds.values[r];
                        let (to_an, to_swap) = if d_an == ds_v {
                            (-g / 2.0, -g / 2.0)
                        } else if d_an < ds_v {
                            (-g, 0.0)
                        } else {
                            (0.0, -g)
                        };
                        dn.backward(r, to_an, &mut ga, &mut gn);
                        ds.backward(r, to_swap, &mut gp, &mut gn);
                    }
                }
            }
        }
        TripletKind::Ratio => {
            let plain = TripletDistance::Norm { p: 2.0, eps: 0.0 };
            let dp = Distance::new(&ea, &ep, rows, layout, plain);
            let dn = Distance::new(&ea, &en, rows, layout, plain);
            for r in 0..rows {
                let (s0, s1) = softmax2(dp.values[r], dn.values[r]);
                losses.push(s0 * s0 + (1.0 - s1) * (1.0 - s1));
                let g = up.at(r);
                // dL/ds0 = 2 s0 g, dL/ds1 = −2 (1 − s1) g; then softmax's backward.
                let (g0, g1) = (2.0 * s0 * g, -2.0 * (1.0 - s1) * g);
                let dot = g0 * s0 + g1 * s1;
                dp.backward(r, s0 * (g0 - dot), &mut ga, &mut gp);
                dn.backward(r, s1 * (g1 - dot), &mut ga, &mut gn);
            }
        }
    }
    let back = |g: Vec<f64>, t: &Tensor| sum_to(&g, &shape, &t.shape);
    Ok(LossResult {
        output: reduce(losses, &out_shape, reduction, 1),
        grads: vec![
            ("anchor", back(ga, a)),
            ("positive", back(gp, p)),
            ("negative", back(gn, n)),
        ],
    })
}

/// softmax([a, b]) computed as PyTorch does (max subtracted).
fn softmax2(a: f64, b: f64) -> (f64, f64) {
    let m = nan_max(a, b);
    let (ea, eb) = ((a - m).exp(), (b - m).exp());
    let s = ea + eb;
    (ea / s, eb / s)
}

/// The ratio loss of one triplet as a function of the two distances, with its partial derivatives.
pub fn ratio_loss_of_distances(d_pos: f64, d_neg: f64) -> (f64, f64, f64) {
    let (s0, s1) = softmax2(d_pos, d_neg);
    let l = s0 * s0 + (1.0 - s1) * (1.0 - s1);
    let (g0, g1) = (2.0 * s0, -2.0 * (1.0 - s1));
    let dot = g0 * s0 + g1 * s1;
    (l, s0 * (g0 - dot), s1 * (g1 - dot))
}

fn cosine_embedding(
    inputs: &Inputs,
    margin: f64,
    reduction: Reduction,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    const EPSILON: f64 = 1e-12;
    let (x1, x2, y) = (
        inputs.get("input1")?,
        inputs.get("input2")?,
        inputs.get("target")?,
    );
    match y.ndim() {
        1 if x1.ndim() != 2 || x2.ndim() != 2 => {
            return Err(Error::Shape(format!(
            "1D target tensor expects 2D input tensors, but found inputs with sizes {:?} and {:?}.",
            x1.shape, x2.shape
        )))
        }
        0 if x1.ndim() != 1 || x2.ndim() != 1 => {
            return Err(Error::Shape(format!(
            "0D target tensor expects 1D input tensors, but found inputs with sizes {:?} and {:?}.",
            x1.shape, x2.shape
        )))
        }
        0 | 1 => {}
        _ => {
            return Err(Error::Shape(
                "0D or 1D target tensor expected, multi-target not supported".into(),
            ))
        }
    }
    let shape = broadcast_shapes(&x1.shape, &x2.shape)?;
    let dim = shape.last().copied().unwrap_or(1);
    let rows: usize = if shape.len() == 2 { shape[0] } else { 1 };
    let cos_shape: Vec<usize> = shape[..shape.len() - 1].to_vec();
    let out_shape = broadcast_shapes(&cos_shape, &y.shape)?;
    let (e1, e2) = (expand(x1, &shape), expand(x2, &shape));
    let ey = expand(y, &out_shape);
    let up = upstream_for(reduction, &out_shape, grad_output, 1)?;
    let (mut g1, mut g2) = (vec![0.0; e1.len()], vec![0.0; e2.len()]);
    let mut losses = Vec::with_capacity(out_shape.iter().product());
    for (k, &t) in ey.iter().enumerate() {
        let r = if rows == 1 { 0 } else { k % rows };
        let row = |e: &[f64]| e[r * dim..(r + 1) * dim].to_vec();
        let (a, b) = (row(&e1), row(&e2));
        let prod: f64 = a.iter().zip(&b).map(|(u, v)| u * v).sum();
        let m1 = a.iter().map(|u| u * u).sum::<f64>() + EPSILON;
        let m2 = b.iter().map(|v| v * v).sum::<f64>() + EPSILON;
        let denom = (m1 * m2).sqrt();
        let cos = prod / denom;
        let g = up.at(k);
        let (l, dcos) = if t == 1.0 {
            (1.0 - cos, -g)
        } else if t == -1.0 {
            let z = cos - margin;
            (if z < 0.0 { 0.0 } else { z }, if z > 0.0 { g } else { 0.0 })
        } else {
            (0.0, 0.0)
        };
        losses.push(l);
        if dcos != 0.0 {
            let g_prod = dcos / denom;
            let g_denom = -dcos * ((prod / denom) / denom);
            let g_sq = g_denom / (2.0 * denom);
            let (g_m1, g_m2) = (g_sq * m2, g_sq * m1);
            for j in 0..dim {
                g1[r * dim + j] += g_prod * b[j] + 2.0 * g_m1 * a[j];
                g2[r * dim + j] += g_prod * a[j] + 2.0 * g_m2 * b[j];
            }
        }
    }
    Ok(LossResult {
        output: reduce(losses, &out_shape, reduction, 1),
        grads: vec![
            ("input1", sum_to(&g1, &shape, &x1.shape)),
            ("input2", sum_to(&g2, &shape, &x2.shape)),
        ],
    })
}
