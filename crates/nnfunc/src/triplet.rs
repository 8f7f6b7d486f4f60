//! The triplet view's math: one triplet (anchor, positive, negative) on a plane, the loss surfaces over
//! (δ₊, δ₋) of Balntas et al. (BMVC 2016, Figure 1), gradient descent on the points, and a batch of
//! labelled points trained under a mining strategy (all, hard, semi-hard as in FaceNet).
//!
//! Every loss value and gradient comes from [`crate::loss::evaluate`], so the view shows exactly what
//! PyTorch computes; this module only chooses the inputs and moves points.

use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use rand_pcg::Pcg64;

use crate::catalogue::{FnId, Group};
use crate::contour::Segment;
use crate::error::{Error, Result};

/// The triplet losses: the view evaluates no other (`loss::evaluate_in`), so its figures drawn
/// alone hold no other loss.
const TRIPLET: loss::Groups = loss::groups(&[Group::Triplet]);
use crate::loss::{self, cosine_distance, p_norm, ratio_loss_of_distances, Inputs};
use crate::params::{Params, Value};
use crate::plot::{AxisRange, Grid};
use crate::tensor::Tensor;

/// A point of the 2D embedding plane.
pub type Point = (f64, f64);

/// The norm of the pairwise distance: the `p` of `triplet_margin_loss` the view offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Norm {
    L1,
    L2,
    L3,
    Infinity,
}

impl Norm {
    pub const ALL: [Norm; 4] = [Norm::L1, Norm::L2, Norm::L3, Norm::Infinity];

    pub const fn p(self) -> f64 {
        match self {
            Norm::L1 => 1.0,
            Norm::L2 => 2.0,
            Norm::L3 => 3.0,
            Norm::Infinity => f64::INFINITY,
        }
    }

    /// How the value is written in a URL and a `<select>`.
    pub const fn key(self) -> &'static str {
        match self {
            Norm::L1 => "1",
            Norm::L2 => "2",
            Norm::L3 => "3",
            Norm::Infinity => "inf",
        }
    }

    /// The shape of its unit ball in 2D, for a student.
    pub const fn ball_shape(self) -> &'static str {
        match self {
            Norm::L1 => "diamond",
            Norm::L2 => "circle",
            Norm::L3 => "rounded square",
            Norm::Infinity => "square",
        }
    }

    /// The norm of order `p` (1, 2, 3 or ∞); `None` for any other value.
    pub fn from_p(p: f64) -> Option<Norm> {
        Norm::ALL.into_iter().find(|n| n.p() == p)
    }

    /// The boundary of the ball `{x : ‖x − centre‖_p = radius}` as a closed polygon (first point
    /// repeated at the end). Exact corners for p = 1 and ∞; `samples` points for the round ones.
    pub fn ball(self, centre: Point, radius: f64, samples: usize) -> Vec<Point> {
        let (cx, cy) = centre;
        let r = if radius.is_finite() {
            radius.max(0.0)
        } else {
            0.0
        };
        let corners: &[Point] = match self {
            Norm::L1 => &[(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0), (1.0, 0.0)],
            Norm::Infinity => &[
                (1.0, 1.0),
                (-1.0, 1.0),
                (-1.0, -1.0),
                (1.0, -1.0),
                (1.0, 1.0),
            ],
            Norm::L2 | Norm::L3 => &[],
        };
        if !corners.is_empty() {
            return corners
                .iter()
                .map(|(x, y)| (cx + r * x, cy + r * y))
                .collect();
        }
        let n = samples.max(8);
        let mut ring: Vec<Point> = (0..n)
            .map(|k| {
                let theta = std::f64::consts::TAU * k as f64 / n as f64;
                let (s, c) = theta.sin_cos();
                let length = p_norm(&[c, s], self.p());
                (cx + r * c / length, cy + r * s / length)
            })
            .collect();
        ring.push(ring[0]);
        ring
    }
}

/// Which loss the view trains with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TripletLoss {
    Margin,
    Ratio,
}

impl TripletLoss {
    pub const ALL: [TripletLoss; 2] = [TripletLoss::Margin, TripletLoss::Ratio];

    pub const fn id(self) -> FnId {
        match self {
            TripletLoss::Margin => FnId::TripletMarginLoss,
            TripletLoss::Ratio => FnId::RatioLoss,
        }
    }

    /// The catalogue name (`triplet_margin_loss`, `ratio_loss`), also the URL value.
    pub fn key(self) -> &'static str {
        self.id().spec().name
    }

    pub fn from_key(text: &str) -> Option<TripletLoss> {
        TripletLoss::ALL.into_iter().find(|l| l.key() == text)
    }
}

/// The settings of the margin loss (and which loss is trained).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    pub loss: TripletLoss,
    /// > 0.
    pub margin: f64,
    pub norm: Norm,
    pub eps: f64,
    pub swap: bool,
}

impl Default for Config {
    /// PyTorch's defaults: margin 1, p = 2, eps = 1e-6, no swap.
    fn default() -> Config {
        Config {
            loss: TripletLoss::Margin,
            margin: 1.0,
            norm: Norm::L2,
            eps: 1e-6,
            swap: false,
        }
    }
}

impl Config {
    /// The catalogue parameters of the trained loss (reduction `mean`).
    pub fn params(&self) -> Result<Params> {
        self.params_of(self.loss)
    }

    fn params_of(&self, loss: TripletLoss) -> Result<Params> {
        let mut params = Params::defaults(loss.id().spec());
        if loss == TripletLoss::Margin {
            params.set("margin", Value::Real(self.margin))?;
            params.set("p", Value::Real(self.norm.p()))?;
            params.set("eps", Value::Real(self.eps))?;
            params.set("swap", Value::Bool(self.swap))?;
        }
        Ok(params)
    }

    /// PyTorch's pairwise distance `‖x − y + eps‖_p` of the margin loss.
    pub fn distance(&self, x: Point, y: Point) -> f64 {
        p_norm(&[x.0 - y.0 + self.eps, x.1 - y.1 + self.eps], self.norm.p())
    }

    /// The distance the trained loss uses: the margin loss's, or the ratio loss's plain Euclidean one.
    pub fn loss_distance(&self, x: Point, y: Point) -> f64 {
        match self.loss {
            TripletLoss::Margin => self.distance(x, y),
            TripletLoss::Ratio => euclidean(x, y),
        }
    }
}

/// `‖x − y‖₂`, the ratio loss's distance (no eps).
pub fn euclidean(x: Point, y: Point) -> f64 {
    p_norm(&[x.0 - y.0, x.1 - y.1], 2.0)
}

/// Anchor, positive and negative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Triplet {
    pub anchor: Point,
    pub positive: Point,
    pub negative: Point,
}

impl Default for Triplet {
    /// The negative inside the margin, the positive a little away: both losses are active.
    fn default() -> Triplet {
        Triplet {
            anchor: (0.0, 0.0),
            positive: (1.2, 0.6),
            negative: (-0.8, 1.0),
        }
    }
}

impl Triplet {
    pub fn points(&self) -> [Point; 3] {
        [self.anchor, self.positive, self.negative]
    }

    fn from_points([anchor, positive, negative]: [Point; 3]) -> Triplet {
        Triplet {
            anchor,
            positive,
            negative,
        }
    }
}

/// Everything the view shows about one triplet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// `triplet_margin_loss` with the config's margin, p, eps and swap.
    pub margin_loss: f64,
    /// `ratio_loss` (Euclidean distances, no eps).
    pub ratio_loss: f64,
    /// δ₊ = ‖a − p + eps‖_p.
    pub d_pos: f64,
    /// ‖a − n + eps‖_p.
    pub d_anchor_negative: f64,
    /// ‖p − n + eps‖_p (what `swap` compares against).
    pub d_positive_negative: f64,
    /// δ₋ as the margin loss used it: with swap, the smaller of the two (PyTorch's `min`).
    pub d_neg: f64,
    /// With swap, whether d(p, n) was the smaller and so was used.
    pub swapped: bool,
    /// The ratio loss's own δ₊ and δ₋ (Euclidean, no eps).
    pub ratio_d_pos: f64,
    pub ratio_d_neg: f64,
    /// The trained loss's value.
    pub loss: f64,
    /// The trained loss's gradient with respect to anchor, positive and negative.
    pub grad: [Point; 3],
}

fn point_tensor(p: Point) -> Tensor {
    Tensor {
        shape: vec![2],
        data: vec![p.0, p.1],
    }
}

fn grad_point(result: &loss::LossResult, name: &str) -> Point {
    match result.grad(name) {
        Some(t) if t.data.len() == 2 => (t.data[0], t.data[1]),
        _ => (f64::NAN, f64::NAN),
    }
}

/// Both losses of one triplet and the trained loss's gradients, from [`loss::evaluate`].
pub fn evaluate(triplet: &Triplet, config: &Config) -> Result<Evaluation> {
    let inputs = Inputs::default()
        .with("anchor", point_tensor(triplet.anchor))
        .with("positive", point_tensor(triplet.positive))
        .with("negative", point_tensor(triplet.negative));
    let margin =
        loss::evaluate_in::<TRIPLET>(&config.params_of(TripletLoss::Margin)?, &inputs, None)?;
    let ratio =
        loss::evaluate_in::<TRIPLET>(&config.params_of(TripletLoss::Ratio)?, &inputs, None)?;
    let scalar = |r: &loss::LossResult| r.output.data.first().copied().unwrap_or(f64::NAN);
    let trained = match config.loss {
        TripletLoss::Margin => &margin,
        TripletLoss::Ratio => &ratio,
    };
    let d_anchor_negative = config.distance(triplet.anchor, triplet.negative);
    let d_positive_negative = config.distance(triplet.positive, triplet.negative);
    let swapped = config.swap && d_positive_negative < d_anchor_negative;
    Ok(Evaluation {
        margin_loss: scalar(&margin),
        ratio_loss: scalar(&ratio),
        d_pos: config.distance(triplet.anchor, triplet.positive),
        d_anchor_negative,
        d_positive_negative,
        d_neg: if swapped {
            d_positive_negative
        } else {
            d_anchor_negative
        },
        swapped,
        ratio_d_pos: euclidean(triplet.anchor, triplet.positive),
        ratio_d_neg: euclidean(triplet.anchor, triplet.negative),
        loss: scalar(trained),
        grad: [
            grad_point(trained, "anchor"),
            grad_point(trained, "positive"),
            grad_point(trained, "negative"),
        ],
    })
}

/// The distance function of `triplet_margin_with_distance_loss` the view offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistanceFunction {
    /// PyTorch's default: `pairwise_distance` (p = 2, eps = 1e-6).
    Pairwise,
    /// `1 − F.cosine_similarity`.
    Cosine,
}

impl DistanceFunction {
    pub const ALL: [DistanceFunction; 2] = [DistanceFunction::Pairwise, DistanceFunction::Cosine];

    /// The catalogue's value of `distance_function`, also the URL value.
    pub const fn key(self) -> &'static str {
        match self {
            DistanceFunction::Pairwise => "pairwise_distance",
            DistanceFunction::Cosine => "cosine_distance",
        }
    }

    pub fn from_key(text: &str) -> Option<DistanceFunction> {
        DistanceFunction::ALL.into_iter().find(|d| d.key() == text)
    }

    /// The distance of two points, as the loss measures it.
    pub fn distance(self, x: Point, y: Point) -> f64 {
        match self {
            DistanceFunction::Pairwise => p_norm(&[x.0 - y.0 + 1e-6, x.1 - y.1 + 1e-6], 2.0),
            DistanceFunction::Cosine => cosine_distance(&[x.0, x.1], &[y.0, y.1]),
        }
    }
}

/// `triplet_margin_with_distance_loss` of one triplet with the view's margin and swap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistanceEvaluation {
    pub loss: f64,
    pub d_pos: f64,
    pub d_anchor_negative: f64,
    pub d_positive_negative: f64,
    /// With swap, whether d(p, n) was the smaller and so was used.
    pub swapped: bool,
    /// The gradient with respect to anchor, positive and negative.
    pub grad: [Point; 3],
}

/// The triplet as one sample of shape (1, 2) (the cosine distance reduces dimension 1) under
/// `triplet_margin_with_distance_loss`, from [`loss::evaluate`].
pub fn evaluate_with_distance(
    triplet: &Triplet,
    config: &Config,
    distance: DistanceFunction,
) -> Result<DistanceEvaluation> {
    let row = |p: Point| Tensor {
        shape: vec![1, 2],
        data: vec![p.0, p.1],
    };
    let inputs = Inputs::default()
        .with("anchor", row(triplet.anchor))
        .with("positive", row(triplet.positive))
        .with("negative", row(triplet.negative));
    let r = loss::evaluate_in::<TRIPLET>(&with_distance_params(config, distance)?, &inputs, None)?;
    let d_anchor_negative = distance.distance(triplet.anchor, triplet.negative);
    let d_positive_negative = distance.distance(triplet.positive, triplet.negative);
    Ok(DistanceEvaluation {
        loss: r.output.data.first().copied().unwrap_or(f64::NAN),
        d_pos: distance.distance(triplet.anchor, triplet.positive),
        d_anchor_negative,
        d_positive_negative,
        swapped: config.swap && d_positive_negative < d_anchor_negative,
        grad: [
            grad_point(&r, "anchor"),
            grad_point(&r, "positive"),
            grad_point(&r, "negative"),
        ],
    })
}

/// `triplet_margin_with_distance_loss`'s parameters: the distance, the view's margin and swap.
fn with_distance_params(config: &Config, distance: DistanceFunction) -> Result<Params> {
    let mut params = Params::defaults(FnId::TripletMarginWithDistanceLoss.spec());
    params.set_choice("distance_function", distance.key())?;
    params.set("margin", Value::Real(config.margin))?;
    params.set("swap", Value::Bool(config.swap))?;
    Ok(params)
}

/// `triplet_margin_with_distance_loss` with the anchor at the centre of each cell of an `n × n`
/// grid over `range²`, the positive, the negative, margin and swap as given: the loss as the anchor
/// moves over the plane. One batched call of [`loss::evaluate`] (a row per anchor, reduction
/// 'none', the positive and negative broadcast), so every cell is the value the card shows for
/// that anchor.
pub fn anchor_map(
    triplet: &Triplet,
    config: &Config,
    distance: DistanceFunction,
    range: AxisRange,
    n: usize,
) -> Result<Grid> {
    let cells = Grid::evaluate(|_, _| 0.0, range, range, n, n);
    let mut anchors = Vec::with_capacity(2 * cells.nx * cells.ny);
    for j in 0..cells.ny {
        let y = cells.y_at(j);
        for i in 0..cells.nx {
            anchors.extend([cells.x_at(i), y]);
        }
    }
    let one = |p: Point| Tensor {
        shape: vec![1, 2],
        data: vec![p.0, p.1],
    };
    let inputs = Inputs::default()
        .with(
            "anchor",
            Tensor {
                shape: vec![cells.nx * cells.ny, 2],
                data: anchors,
            },
        )
        .with("positive", one(triplet.positive))
        .with("negative", one(triplet.negative));
    let mut params = with_distance_params(config, distance)?;
    params.set_choice("reduction", "none")?;
    let r = loss::evaluate_in::<TRIPLET>(&params, &inputs, None)?;
    Ok(Grid {
        values: r.output.data,
        ..cells
    })
}

/// The trained loss's current (δ₊, δ₋): where the marker sits on its surface.
pub fn surface_position(evaluation: &Evaluation, loss: TripletLoss) -> Point {
    match loss {
        TripletLoss::Margin => (evaluation.d_pos, evaluation.d_neg),
        TripletLoss::Ratio => (evaluation.ratio_d_pos, evaluation.ratio_d_neg),
    }
}

/// One step of gradient descent on the three points: `x ← x − lr · ∂loss/∂x`. Returns the new triplet
/// and the evaluation of the old one (whose gradient was used). A step that would leave the finite
/// numbers keeps the points where they are.
pub fn descend(triplet: &Triplet, config: &Config, lr: f64) -> Result<(Triplet, Evaluation)> {
    let evaluation = evaluate(triplet, config)?;
    let mut points = triplet.points();
    for (point, g) in points.iter_mut().zip(evaluation.grad) {
        let next = (point.0 - lr * g.0, point.1 - lr * g.1);
        if next.0.is_finite() && next.1.is_finite() {
            *point = next;
        }
    }
    Ok((Triplet::from_points(points), evaluation))
}

/// The margin loss as a function of the two distances, `max(0, m + δ₊ − δ₋)`, with its partial
/// derivatives (0 at the kink, as PyTorch's `clamp_min`).
pub fn margin_loss_of_distances(margin: f64, d_pos: f64, d_neg: f64) -> (f64, f64, f64) {
    let z = margin + d_pos - d_neg;
    if z > 0.0 {
        (z, 1.0, -1.0)
    } else {
        (0.0, 0.0, 0.0)
    }
}

/// What a surface shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shading {
    /// The loss value.
    Value,
    /// `|∇_{(δ₊, δ₋)} loss|`: where the loss pushes and where it gives up.
    GradientMagnitude,
}

impl Shading {
    pub const ALL: [Shading; 2] = [Shading::Value, Shading::GradientMagnitude];

    pub const fn key(self) -> &'static str {
        match self {
            Shading::Value => "value",
            Shading::GradientMagnitude => "gradient",
        }
    }

    pub fn from_key(text: &str) -> Option<Shading> {
        Shading::ALL.into_iter().find(|s| s.key() == text)
    }
}

/// A loss as a function of (δ₊, δ₋): the value or the gradient's magnitude.
pub fn loss_of_distances(
    loss: TripletLoss,
    margin: f64,
    shading: Shading,
    d_pos: f64,
    d_neg: f64,
) -> f64 {
    let (value, g_pos, g_neg) = match loss {
        TripletLoss::Margin => margin_loss_of_distances(margin, d_pos, d_neg),
        TripletLoss::Ratio => ratio_loss_of_distances(d_pos, d_neg),
    };
    match shading {
        Shading::Value => value,
        Shading::GradientMagnitude => g_pos.hypot(g_neg),
    }
}

/// The surface over `(δ₊, δ₋) ∈ [0, d_max]²` on an `n × n` grid (x = δ₊, y = δ₋).
pub fn surface(loss: TripletLoss, margin: f64, d_max: f64, shading: Shading, n: usize) -> Grid {
    let range = AxisRange::new(0.0, d_max);
    Grid::evaluate(
        |d_pos, d_neg| loss_of_distances(loss, margin, shading, d_pos, d_neg),
        range,
        range,
        n,
        n,
    )
}

/// The edge of the margin loss's zero region `δ₋ ≥ δ₊ + m` inside `[0, d_max]²` (`None` if the whole
/// square has loss > 0).
pub fn zero_loss_boundary(margin: f64, d_max: f64) -> Option<Segment> {
    if !(margin.is_finite() && d_max.is_finite()) || margin >= d_max {
        return None;
    }
    Some(((0.0, margin), (d_max - margin, d_max)))
}

// ---- a batch of labelled points ----

/// Labelled points of the plane: a toy embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub points: Vec<Point>,
    /// The class of each point, `0..classes`.
    pub labels: Vec<usize>,
    pub classes: usize,
}

/// Class centres on a circle of this radius …
const CLASS_RADIUS: f64 = 1.4;
/// … and points scattered around them with this standard deviation: the classes overlap at first.
const CLASS_SPREAD: f64 = 0.8;

/// `per_class` points for each of `classes` classes (at least 1 and 2), the same for the same seed.
pub fn generate(seed: u64, classes: usize, per_class: usize) -> Batch {
    let (classes, per_class) = (classes.max(1), per_class.max(2));
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut points = Vec::with_capacity(classes * per_class);
    let mut labels = Vec::with_capacity(classes * per_class);
    for class in 0..classes {
        let angle = std::f64::consts::TAU * class as f64 / classes as f64;
        let (s, c) = angle.sin_cos();
        let centre = (CLASS_RADIUS * c, CLASS_RADIUS * s);
        for _ in 0..per_class {
            let (dx, dy) = match Normal::new(0.0, CLASS_SPREAD) {
                Ok(normal) => (normal.sample(&mut rng), normal.sample(&mut rng)),
                Err(_) => (0.0, 0.0),
            };
            points.push((centre.0 + dx, centre.1 + dy));
            labels.push(class);
        }
    }
    Batch {
        points,
        labels,
        classes,
    }
}

/// Which triplets of a batch are trained on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mining {
    /// Every (anchor, positive, negative) of distinct points with matching / different labels.
    All,
    /// Per anchor, its farthest positive and its nearest negative (one triplet per anchor).
    Hard,
    /// Every triplet whose negative is farther than the positive but within the margin:
    /// `d(a, p) < d(a, n) < d(a, p) + margin` (FaceNet).
    SemiHard,
}

impl Mining {
    pub const ALL: [Mining; 3] = [Mining::All, Mining::Hard, Mining::SemiHard];

    pub const fn key(self) -> &'static str {
        match self {
            Mining::All => "all",
            Mining::Hard => "hard",
            Mining::SemiHard => "semi-hard",
        }
    }

    pub fn from_key(text: &str) -> Option<Mining> {
        Mining::ALL.into_iter().find(|m| m.key() == text)
    }
}

/// Indices of anchor, positive and negative in a batch.
pub type TripletIndices = (usize, usize, usize);

/// The triplets `mining` selects, with distances measured by the trained loss
/// ([`Config::loss_distance`]).
pub fn mine(batch: &Batch, config: &Config, mining: Mining) -> Vec<TripletIndices> {
    let n = batch.points.len().min(batch.labels.len());
    let d = |i: usize, j: usize| config.loss_distance(batch.points[i], batch.points[j]);
    let positives =
        |a: usize| (0..n).filter(move |&j| j != a && batch.labels[j] == batch.labels[a]);
    let negatives = |a: usize| (0..n).filter(move |&k| batch.labels[k] != batch.labels[a]);
    let mut out = Vec::new();
    for a in 0..n {
        match mining {
            Mining::All => {
                for p in positives(a) {
                    out.extend(negatives(a).map(|k| (a, p, k)));
                }
            }
            Mining::Hard => {
                let hardest_positive = positives(a).max_by(|&i, &j| d(a, i).total_cmp(&d(a, j)));
                let hardest_negative = negatives(a).min_by(|&i, &j| d(a, i).total_cmp(&d(a, j)));
                if let (Some(p), Some(k)) = (hardest_positive, hardest_negative) {
                    out.push((a, p, k));
                }
            }
            Mining::SemiHard => {
                for p in positives(a) {
                    let d_pos = d(a, p);
                    out.extend(
                        negatives(a)
                            .filter(|&k| d(a, k) > d_pos && d(a, k) < d_pos + config.margin)
                            .map(|k| (a, p, k)),
                    );
                }
            }
        }
    }
    out
}

/// The trained loss over some triplets of a batch (reduction `mean`) and its gradient per point.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchLoss {
    /// The mean loss (0 for no triplets).
    pub mean: f64,
    /// The loss of each triplet.
    pub losses: Vec<f64>,
    /// ∂mean/∂point for every point of the batch.
    pub grad: Vec<Point>,
}

fn rows(batch: &Batch, triplets: &[TripletIndices], pick: fn(&TripletIndices) -> usize) -> Tensor {
    Tensor {
        shape: vec![triplets.len(), 2],
        data: triplets
            .iter()
            .flat_map(|t| {
                let (x, y) = batch.points[pick(t)];
                [x, y]
            })
            .collect(),
    }
}

/// The trained loss of `triplets`, from [`loss::evaluate`] on `(T, 2)` tensors.
pub fn batch_loss(
    batch: &Batch,
    triplets: &[TripletIndices],
    config: &Config,
) -> Result<BatchLoss> {
    let mut grad = vec![(0.0, 0.0); batch.points.len()];
    let n = batch.points.len();
    if triplets.iter().any(|&(a, p, k)| a >= n || p >= n || k >= n) {
        return Err(Error::Input("a triplet index is outside the batch".into()));
    }
    if triplets.is_empty() {
        return Ok(BatchLoss {
            mean: 0.0,
            losses: Vec::new(),
            grad,
        });
    }
    let inputs = Inputs::default()
        .with("anchor", rows(batch, triplets, |t| t.0))
        .with("positive", rows(batch, triplets, |t| t.1))
        .with("negative", rows(batch, triplets, |t| t.2));
    let mut none = config.params()?;
    none.set_choice("reduction", "none")?;
    let losses = loss::evaluate_in::<TRIPLET>(&none, &inputs, None)?
        .output
        .data;
    let result = loss::evaluate_in::<TRIPLET>(&config.params()?, &inputs, None)?;
    for (name, pick) in [
        (
            "anchor",
            (|t: &TripletIndices| t.0) as fn(&TripletIndices) -> usize,
        ),
        ("positive", |t| t.1),
        ("negative", |t| t.2),
    ] {
        let Some(g) = result.grad(name) else { continue };
        for (row, t) in triplets.iter().enumerate() {
            let point = &mut grad[pick(t)];
            point.0 += g.data.get(2 * row).copied().unwrap_or(0.0);
            point.1 += g.data.get(2 * row + 1).copied().unwrap_or(0.0);
        }
    }
    Ok(BatchLoss {
        mean: result.output.data.first().copied().unwrap_or(f64::NAN),
        losses,
        grad,
    })
}

/// How a batch is doing, measured on all its triplets (so strategies compare).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchStats {
    /// Mean trained loss over all triplets.
    pub mean_loss: f64,
    /// Fraction of all triplets that violate the margin (`δ₊ + m > δ₋`, margin loss > 0).
    pub active_fraction: f64,
    /// How many triplets the mining strategy selected.
    pub mined: usize,
}

/// The statistics of `batch` under `config` and `mining`.
pub fn batch_stats(batch: &Batch, config: &Config, mining: Mining) -> Result<BatchStats> {
    let all = mine(batch, config, Mining::All);
    let mean_loss = batch_loss(batch, &all, config)?.mean;
    let margin_config = Config {
        loss: TripletLoss::Margin,
        ..*config
    };
    let active = batch_loss(batch, &all, &margin_config)?
        .losses
        .iter()
        .filter(|l| **l > 0.0)
        .count();
    let mined = if mining == Mining::All {
        all.len()
    } else {
        mine(batch, config, mining).len()
    };
    Ok(BatchStats {
        mean_loss,
        active_fraction: if all.is_empty() {
            0.0
        } else {
            active as f64 / all.len() as f64
        },
        mined,
    })
}

/// One training step: mine, then move every point against the gradient of the mean loss of the mined
/// triplets: `x ← x − lr · ∂mean/∂x`. Returns the new batch and the mined triplets' loss.
pub fn train_step(
    batch: &Batch,
    config: &Config,
    mining: Mining,
    lr: f64,
) -> Result<(Batch, BatchLoss)> {
    let triplets = mine(batch, config, mining);
    let loss = batch_loss(batch, &triplets, config)?;
    let mut next = batch.clone();
    for (point, g) in next.points.iter_mut().zip(&loss.grad) {
        let moved = (point.0 - lr * g.0, point.1 - lr * g.1);
        if moved.0.is_finite() && moved.1.is_finite() {
            *point = moved;
        }
    }
    Ok((next, loss))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distance_functions_of_one_triplet() {
        let t = Triplet::default();
        let config = Config::default();
        let pairwise = evaluate_with_distance(&t, &config, DistanceFunction::Pairwise)
            .unwrap_or_else(|e| panic!("{e}"));
        let margin = evaluate(&t, &config).unwrap_or_else(|e| panic!("{e}"));
        // PyTorch's default distance is the margin loss's own (p = 2, eps = 1e-6).
        assert!((pairwise.loss - margin.margin_loss).abs() < 1e-15);
        let cosine = evaluate_with_distance(&t, &config, DistanceFunction::Cosine)
            .unwrap_or_else(|e| panic!("{e}"));
        let cos =
            |x: Point, y: Point| 1.0 - (x.0 * y.0 + x.1 * y.1) / (x.0.hypot(x.1) * y.0.hypot(y.1));
        // The anchor at the origin: its norm is clamped at 1e-8, so both distances are 1.
        assert_eq!((cosine.d_pos, cosine.d_anchor_negative), (1.0, 1.0));
        assert_eq!(cosine.loss, 1.0);
        let moved = Triplet {
            anchor: (1.0, 0.5),
            ..t
        };
        let cosine = evaluate_with_distance(&moved, &config, DistanceFunction::Cosine)
            .unwrap_or_else(|e| panic!("{e}"));
        let want =
            (1.0 + cos(moved.anchor, moved.positive) - cos(moved.anchor, moved.negative)).max(0.0);
        assert!(
            (cosine.loss - want).abs() < 1e-15,
            "{} vs {want}",
            cosine.loss
        );
        assert_eq!(
            DistanceFunction::from_key("cosine_distance"),
            Some(DistanceFunction::Cosine)
        );
    }

    #[test]
    fn the_anchor_map_is_the_cards_loss_at_every_anchor() {
        let t = Triplet {
            anchor: (0.3, -0.2),
            positive: (1.2, 0.6),
            negative: (-0.8, 1.0),
        };
        let range = AxisRange::new(-3.0, 3.0);
        for distance in DistanceFunction::ALL {
            for swap in [false, true] {
                let config = Config {
                    swap,
                    margin: 0.5,
                    ..Config::default()
                };
                let grid =
                    anchor_map(&t, &config, distance, range, 9).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!((grid.nx, grid.ny, grid.values.len()), (9, 9, 81));
                for (i, j) in [(0, 0), (4, 4), (8, 1), (2, 7)] {
                    let moved = Triplet {
                        anchor: (grid.x_at(i), grid.y_at(j)),
                        ..t
                    };
                    let want = evaluate_with_distance(&moved, &config, distance)
                        .unwrap_or_else(|e| panic!("{e}"))
                        .loss;
                    assert_eq!(
                        grid.get(i, j),
                        Some(want),
                        "{distance:?} swap {swap} ({i}, {j})"
                    );
                }
            }
        }
        // The cosine distance sees directions only: anchors on one ray from the origin have one loss.
        let config = Config::default();
        let grid = anchor_map(&t, &config, DistanceFunction::Cosine, range, 8)
            .unwrap_or_else(|e| panic!("{e}"));
        // Cells (5, 5) and (7, 7) are at (0.375, 0.375) and (2.625, 2.625): the same direction.
        let (near, far) = (grid.get(5, 5), grid.get(7, 7));
        assert!(matches!((near, far), (Some(a), Some(b)) if (a - b).abs() < 1e-12));
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
    }

    #[test]
    fn evaluation_matches_the_formulas() {
        let t = Triplet::default();
        for norm in Norm::ALL {
            for swap in [false, true] {
                let config = Config {
                    norm,
                    swap,
                    eps: 0.01,
                    margin: 1.5,
                    ..Config::default()
                };
                let e = evaluate(&t, &config).unwrap();
                let d =
                    |x: Point, y: Point| p_norm(&[x.0 - y.0 + 0.01, x.1 - y.1 + 0.01], norm.p());
                let d_neg = if swap {
                    d(t.anchor, t.negative).min(d(t.positive, t.negative))
                } else {
                    d(t.anchor, t.negative)
                };
                let want = (1.5 + d(t.anchor, t.positive) - d_neg).max(0.0);
                assert!(
                    close(e.margin_loss, want),
                    "{norm:?} {swap}: {} vs {want}",
                    e.margin_loss
                );
                assert!(close(e.d_neg, d_neg));
                let sigma = 1.0 / (1.0 + (e.ratio_d_neg - e.ratio_d_pos).exp());
                assert!(
                    close(e.ratio_loss, 2.0 * sigma * sigma),
                    "{} vs {}",
                    e.ratio_loss,
                    2.0 * sigma * sigma
                );
            }
        }
    }

    #[test]
    fn swap_reports_which_distance_was_used() {
        // n much closer to p than to a: the swap uses d(p, n).
        let t = Triplet {
            anchor: (0.0, 0.0),
            positive: (2.0, 0.0),
            negative: (2.5, 0.0),
        };
        let on = evaluate(
            &t,
            &Config {
                swap: true,
                ..Config::default()
            },
        )
        .unwrap();
        assert!(on.swapped);
        assert!(close(on.d_neg, on.d_positive_negative));
        let off = evaluate(&t, &Config::default()).unwrap();
        assert!(!off.swapped);
        assert!(off.margin_loss < on.margin_loss);
    }

    #[test]
    fn margin_descent_stops_once_the_margin_is_met_and_ratio_keeps_pushing() {
        let mut t = Triplet::default();
        let config = Config::default();
        let mut last = f64::INFINITY;
        for _ in 0..400 {
            let (next, e) = descend(&t, &config, 0.05).unwrap();
            assert!(e.margin_loss <= last + 1e-12, "the margin loss never rises");
            last = e.margin_loss;
            t = next;
        }
        let e = evaluate(&t, &config).unwrap();
        assert_eq!(e.margin_loss, 0.0);
        assert_eq!(
            e.grad,
            [(0.0, 0.0); 3],
            "no gradient once the margin is met"
        );
        assert_eq!(descend(&t, &config, 0.05).unwrap().0, t, "the points stop");

        let ratio = Config {
            loss: TripletLoss::Ratio,
            ..config
        };
        let (after, e) = descend(&t, &ratio, 0.05).unwrap();
        assert!(e.ratio_loss > 0.0);
        assert_ne!(after, t, "the ratio loss keeps pushing");
        assert!(evaluate(&after, &ratio).unwrap().ratio_loss < e.ratio_loss);
    }

    #[test]
    fn ratio_gradient_fades_at_both_ends() {
        let g = |delta: f64| {
            loss_of_distances(
                TripletLoss::Ratio,
                1.0,
                Shading::GradientMagnitude,
                1.0,
                1.0 + delta,
            )
        };
        assert!(g(0.0) > g(10.0) * 100.0, "very good triplets: no push");
        assert!(
            g(-0.7) > g(-10.0) * 100.0,
            "very badly violated triplets: no push either"
        );
        // 4σ²(1−σ) along δ₋ − δ₊ (times √2 for both partials).
        let sigma: f64 = 1.0 / (1.0 + 0.3f64.exp());
        let want = 4.0 * sigma * sigma * (1.0 - sigma) * 2f64.sqrt();
        assert!(close(g(0.3), want), "{} vs {want}", g(0.3));
    }

    #[test]
    fn surfaces_and_zero_region() {
        let s = surface(TripletLoss::Margin, 1.0, 4.0, Shading::Value, 64);
        assert_eq!((s.nx, s.ny), (64, 64));
        for j in 0..64 {
            for i in 0..64 {
                let (x, y) = (s.x_at(i), s.y_at(j));
                assert_eq!(s.get(i, j), Some((1.0 + x - y).max(0.0)));
            }
        }
        assert_eq!(zero_loss_boundary(1.0, 4.0), Some(((0.0, 1.0), (3.0, 4.0))));
        assert_eq!(zero_loss_boundary(5.0, 4.0), None);
        let r = surface(TripletLoss::Ratio, 1.0, 4.0, Shading::Value, 16);
        assert!(r.values.iter().all(|v| *v > 0.0 && *v < 2.0));
    }

    #[test]
    fn balls_lie_on_their_norm() {
        for norm in Norm::ALL {
            let ball = norm.ball((1.0, -2.0), 1.5, 64);
            assert_eq!(ball.first(), ball.last());
            for (x, y) in ball {
                let r = p_norm(&[x - 1.0, y + 2.0], norm.p());
                assert!(close(r, 1.5), "{norm:?}: {r}");
            }
        }
    }

    #[test]
    fn keys_parse_at_the_edge() {
        assert_eq!(Norm::from_p(f64::INFINITY), Some(Norm::Infinity));
        assert_eq!(Norm::from_p(2.0), Some(Norm::L2));
        for bad in [4.0, f64::NAN, 0.0, f64::NEG_INFINITY, 1.5] {
            assert_eq!(Norm::from_p(bad), None, "{bad}");
        }
        for norm in Norm::ALL {
            assert_eq!(Norm::from_p(norm.p()), Some(norm));
        }
        for loss in TripletLoss::ALL {
            assert_eq!(TripletLoss::from_key(loss.key()), Some(loss));
        }
        for mining in Mining::ALL {
            assert_eq!(Mining::from_key(mining.key()), Some(mining));
        }
    }

    #[test]
    fn same_seed_same_batch() {
        let a = generate(7, 4, 8);
        assert_eq!(a, generate(7, 4, 8));
        assert_ne!(a, generate(8, 4, 8));
        assert_eq!(a.points.len(), 32);
        assert!((0..4).all(|c| a.labels.iter().filter(|l| **l == c).count() == 8));
        let config = Config::default();
        let step = |b: &Batch| train_step(b, &config, Mining::Hard, 0.5).unwrap().0;
        assert_eq!(step(&a), step(&a));
    }

    #[test]
    fn mining_selects_what_it_claims() {
        let batch = generate(3, 3, 6);
        let config = Config {
            margin: 0.8,
            ..Config::default()
        };
        let d = |i: usize, j: usize| config.distance(batch.points[i], batch.points[j]);
        let same = |i: usize, j: usize| batch.labels[i] == batch.labels[j];
        let all = mine(&batch, &config, Mining::All);
        // 18 anchors × 5 positives × 12 negatives.
        assert_eq!(all.len(), 18 * 5 * 12);
        assert!(all
            .iter()
            .all(|&(a, p, n)| a != p && same(a, p) && !same(a, n)));

        let hard = mine(&batch, &config, Mining::Hard);
        assert_eq!(hard.len(), 18, "one per anchor");
        for &(a, p, n) in &hard {
            assert!(all
                .iter()
                .filter(|t| t.0 == a)
                .all(|&(_, q, m)| d(a, q) <= d(a, p) && d(a, m) >= d(a, n)));
        }

        let semi = mine(&batch, &config, Mining::SemiHard);
        assert!(!semi.is_empty());
        for &(a, p, n) in &semi {
            assert!(same(a, p) && !same(a, n));
            assert!(d(a, p) < d(a, n) && d(a, n) < d(a, p) + config.margin);
        }
        let expected = all
            .iter()
            .filter(|&&(a, p, n)| d(a, p) < d(a, n) && d(a, n) < d(a, p) + config.margin)
            .count();
        assert_eq!(semi.len(), expected, "and every such triplet");
    }

    #[test]
    fn a_small_training_step_lowers_the_mean_loss() {
        let batch = generate(11, 4, 8);
        for loss in TripletLoss::ALL {
            for mining in Mining::ALL {
                let config = Config {
                    loss,
                    ..Config::default()
                };
                let triplets = mine(&batch, &config, mining);
                let before = batch_loss(&batch, &triplets, &config).unwrap().mean;
                let (after, _) = train_step(&batch, &config, mining, 0.01).unwrap();
                let later = batch_loss(&after, &triplets, &config).unwrap().mean;
                assert!(later < before, "{loss:?} {mining:?}: {later} ≥ {before}");
            }
        }
    }

    #[test]
    fn batch_gradient_equals_the_sum_over_single_triplets() {
        let batch = generate(5, 3, 3);
        let config = Config::default();
        let triplets = mine(&batch, &config, Mining::All);
        let whole = batch_loss(&batch, &triplets, &config).unwrap();
        let mut want = vec![(0.0, 0.0); batch.points.len()];
        for &(a, p, n) in &triplets {
            let t = Triplet {
                anchor: batch.points[a],
                positive: batch.points[p],
                negative: batch.points[n],
            };
            let e = evaluate(&t, &config).unwrap();
            for (i, g) in [a, p, n].into_iter().zip(e.grad) {
                want[i].0 += g.0 / triplets.len() as f64;
                want[i].1 += g.1 / triplets.len() as f64;
            }
        }
        for (g, w) in whole.grad.iter().zip(&want) {
            assert!((g.0 - w.0).abs() < 1e-12 && (g.1 - w.1).abs() < 1e-12);
        }
        let stats = batch_stats(&batch, &config, Mining::Hard).unwrap();
        assert!(stats.active_fraction > 0.0 && stats.active_fraction <= 1.0);
        assert_eq!(stats.mined, 9);
    }
}
