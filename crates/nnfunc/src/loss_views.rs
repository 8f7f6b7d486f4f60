//! The Losses view's state and data, as plain functions: the families, the address bar parsed into
//! typed state in one place ([`parse_query`]) and projected back ([`to_query`]), the landscape lab's
//! compact point format and presets, and small wrappers around [`loss::evaluate`] that the family
//! views read their numbers from (so every read-out is PyTorch's float64 value).

use crate::catalogue::{activation_ids, FnId, ParamKind};
use crate::contour::{contour_levels, contour_segments, Segment};
use crate::landscape;
use crate::loss::{self, Inputs, Regression};
use crate::params::{Params, Value};
use crate::plot::{axis_range, to_rgba, viridis, AxisRange, ColorScale, Grid};
use crate::tensor::Tensor;

/// A family of losses: one tab of the view (`family=` in the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Regression,
    Landscape,
    Classification,
    Binary,
    Distributions,
    Ranking,
}

impl Family {
    pub const ALL: [Family; 6] = [
        Family::Regression,
        Family::Landscape,
        Family::Classification,
        Family::Binary,
        Family::Distributions,
        Family::Ranking,
    ];

    /// The value of `family=` (also the tab's test id `family-<key>`).
    pub const fn key(self) -> &'static str {
        match self {
            Family::Regression => "regression",
            Family::Landscape => "landscape",
            Family::Classification => "classification",
            Family::Binary => "binary",
            Family::Distributions => "distributions",
            Family::Ranking => "ranking",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Family::Regression => "Regression",
            Family::Landscape => "Landscape lab",
            Family::Classification => "Classification",
            Family::Binary => "Binary",
            Family::Distributions => "Distributions",
            Family::Ranking => "Ranking & embedding",
        }
    }

    pub fn from_key(key: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The losses this family shows (the landscape lab uses the regression losses).
    pub const fn losses(self) -> &'static [FnId] {
        match self {
            Family::Regression | Family::Landscape => &REGRESSION_LOSSES,
            Family::Classification => &[FnId::CrossEntropy, FnId::NllLoss],
            Family::Binary => &[FnId::BinaryCrossEntropy, FnId::BinaryCrossEntropyWithLogits],
            Family::Distributions => &[FnId::KlDiv],
            Family::Ranking => &[FnId::MarginRankingLoss, FnId::CosineEmbeddingLoss],
        }
    }
}

pub const REGRESSION_LOSSES: [FnId; 4] = [
    FnId::MseLoss,
    FnId::L1Loss,
    FnId::SmoothL1Loss,
    FnId::HuberLoss,
];

/// Every loss the view holds parameters for, in catalogue order of the families.
pub const VIEW_LOSSES: [FnId; 11] = [
    FnId::MseLoss,
    FnId::L1Loss,
    FnId::SmoothL1Loss,
    FnId::HuberLoss,
    FnId::CrossEntropy,
    FnId::NllLoss,
    FnId::BinaryCrossEntropy,
    FnId::BinaryCrossEntropyWithLogits,
    FnId::KlDiv,
    FnId::MarginRankingLoss,
    FnId::CosineEmbeddingLoss,
];

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
        | FnId::BinaryCrossEntropy
        | FnId::BinaryCrossEntropyWithLogits
        | FnId::KlDiv
        | FnId::MarginRankingLoss
        | FnId::TripletMarginLoss
        | FnId::CosineEmbeddingLoss
        | FnId::RatioLoss => None,
        activation_ids!() => None,
    }
}

// ------------------------------------------------------------------------------- URL state

pub const FAMILY_KEY: &str = "family";
pub const POINTS_KEY: &str = "points";
/// The landscape lab's loss (`lab=huber_loss`).
pub const LAB_LOSS_KEY: &str = "lab";
pub const LOG_KEY: &str = "log";
pub const LR_KEY: &str = "lr";
pub const START_KEY: &str = "start";

/// Points further out than this are refused (the scatter would be unreadable).
pub const POINT_LIMIT: f64 = 1000.0;
/// At most this many points (the L1 minimiser is cubic in their number).
pub const MAX_POINTS: usize = 60;
/// The learning-rate slider of the lab: (min, max, step).
pub const LR_RANGE: (f64, f64, f64) = (0.001, 1.0, 0.001);
pub const DEFAULT_LR: f64 = 0.05;

/// The landscape lab's state.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub points: Vec<(f64, f64)>,
    /// The loss whose landscape is shown: one of [`REGRESSION_LOSSES`].
    pub loss: FnId,
    pub log: bool,
    pub lr: f64,
    /// Gradient descent starts here, in (w, b).
    pub start: (f64, f64),
}

impl Default for LabState {
    fn default() -> LabState {
        LabState {
            points: Preset::FewOutliers.points(),
            loss: FnId::MseLoss,
            log: false,
            lr: DEFAULT_LR,
            start: (-1.0, 6.0),
        }
    }
}

/// Everything the address bar holds for the Losses view.
#[derive(Debug, Clone, PartialEq)]
pub struct LossState {
    pub family: Family,
    /// The parameters of every loss of [`VIEW_LOSSES`], in that order.
    pub params: Vec<Params>,
    pub lab: LabState,
}

impl Default for LossState {
    fn default() -> LossState {
        LossState {
            family: Family::Regression,
            params: VIEW_LOSSES
                .iter()
                .map(|id| Params::defaults(id.spec()))
                .collect(),
            lab: LabState::default(),
        }
    }
}

impl LossState {
    pub fn params(&self, id: FnId) -> Option<&Params> {
        self.params.iter().find(|p| p.spec.id == id)
    }

    fn params_mut(&mut self, id: FnId) -> Option<&mut Params> {
        self.params.iter_mut().find(|p| p.spec.id == id)
    }
}

/// Is `key` one this view writes (so it may delete it when projecting its state)?
pub fn owned_key(key: &str) -> bool {
    matches!(
        key,
        FAMILY_KEY | POINTS_KEY | LAB_LOSS_KEY | LOG_KEY | LR_KEY | START_KEY
    ) || key
        .split_once('.')
        .is_some_and(|(f, _)| VIEW_LOSSES.iter().any(|id| id.spec().name == f))
}

/// A number as the URL holds it: the shortest text that parses back to the same `f64` (`1.5`, `-2`).
pub fn url_number(v: f64) -> String {
    // Full precision: the address must reproduce the state exactly (a step size of 0.0004 must
    // not become 0). Drags round their points to 0.001 where they happen, so links stay short.
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// A parameter value as the URL holds it (full precision for reals: sliders have steps like 0.05).
fn param_text(value: &Value) -> Option<String> {
    match value {
        Value::Real(v) => Some(if *v == 0.0 {
            "0".into()
        } else {
            format!("{v}")
        }),
        Value::Int(Some(v)) => Some(v.to_string()),
        Value::Int(None) => None,
        Value::Bool(b) => Some(if *b { "true".into() } else { "false".into() }),
        Value::Choice(c) => Some((*c).to_string()),
        Value::Tensor(Some(t)) => Some(
            t.data
                .iter()
                .map(|v| {
                    if *v == 0.0 {
                        "0".into()
                    } else {
                        format!("{v}")
                    }
                })
                .collect::<Vec<_>>()
                .join("_"),
        ),
        Value::Tensor(None) => None,
    }
}

/// Points as `x_y~x_y~…`, each number rounded to 3 decimals (URL-safe without escaping).
pub fn encode_points(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|&(x, y)| format!("{}_{}", url_number(x), url_number(y)))
        .collect::<Vec<_>>()
        .join("~")
}

/// The inverse of [`encode_points`]; refuses malformed text, non-finite or too large numbers, and
/// more than [`MAX_POINTS`] points. An empty string is no points.
pub fn decode_points(text: &str) -> Result<Vec<(f64, f64)>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let mut points = Vec::new();
    for (k, pair) in text.split('~').enumerate() {
        let Some((x, y)) = pair.split_once('_') else {
            return Err(format!("point {} is not x_y", k + 1));
        };
        let number = |s: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && v.abs() <= POINT_LIMIT)
        };
        match (number(x), number(y)) {
            (Some(x), Some(y)) => points.push((x, y)),
            _ => {
                return Err(format!(
                    "point {} needs two finite numbers within ±{POINT_LIMIT}",
                    k + 1
                ))
            }
        }
        if points.len() > MAX_POINTS {
            return Err(format!("at most {MAX_POINTS} points"));
        }
    }
    Ok(points)
}

/// Parse the query string's pairs into the view's state. Every value that cannot be used becomes a
/// notice (the text is quoted and escaped: show it as text) and keeps its default. Never panics.
pub fn parse_query(pairs: &[(String, String)]) -> (LossState, Vec<String>) {
    let mut state = LossState::default();
    let mut notices = Vec::new();
    let mut refuse = |key: &str, text: &str, why: &str| {
        notices.push(format!(
            "Ignored {key}={text:?} from the address bar: {why}."
        ));
    };
    let number = |text: &str| text.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    for (key, text) in pairs {
        match key.as_str() {
            FAMILY_KEY => match Family::from_key(text) {
                Some(f) => state.family = f,
                None => refuse(key, text, "unknown family"),
            },
            POINTS_KEY => match decode_points(text) {
                Ok(points) => state.lab.points = points,
                Err(why) => refuse(key, text, &why),
            },
            LAB_LOSS_KEY => match REGRESSION_LOSSES.iter().find(|id| id.spec().name == text) {
                Some(id) => state.lab.loss = *id,
                None => refuse(
                    key,
                    text,
                    "expected mse_loss, l1_loss, smooth_l1_loss or huber_loss",
                ),
            },
            LOG_KEY => match text.as_str() {
                "1" | "true" => state.lab.log = true,
                "0" | "false" => state.lab.log = false,
                _ => refuse(key, text, "expected 1 or 0"),
            },
            LR_KEY => match number(text) {
                Some(v) if v > 0.0 && v <= LR_RANGE.1 => state.lab.lr = v,
                _ => refuse(key, text, "the step size must be a number in (0, 1]"),
            },
            START_KEY => match text.split_once('_').map(|(w, b)| (number(w), number(b))) {
                Some((Some(w), Some(b))) if w.abs() <= POINT_LIMIT && b.abs() <= POINT_LIMIT => {
                    state.lab.start = (w, b)
                }
                _ => refuse(key, text, "expected w_b, two finite numbers"),
            },
            _ => {
                let Some((function, name)) = key.split_once('.') else {
                    continue;
                };
                let Some(id) = VIEW_LOSSES
                    .iter()
                    .copied()
                    .find(|id| id.spec().name == function)
                else {
                    continue;
                };
                let Some(params) = state.params_mut(id) else {
                    continue;
                };
                if let Err(why) = set_param_from_text(params, name, text) {
                    refuse(key, text, &why);
                }
            }
        }
    }
    (state, notices)
}

/// Set one parameter from its URL text, checked against the catalogue (kind and domain).
pub fn set_param_from_text(params: &mut Params, name: &str, text: &str) -> Result<(), String> {
    let Some(spec) = params.spec.param(name) else {
        return Err(format!("{} has no parameter {name}", params.spec.name));
    };
    let text = text.trim();
    let parsed = |t: &str| t.parse::<f64>().ok().filter(|v| v.is_finite());
    let result = match spec.kind {
        ParamKind::Real { .. } => match parsed(text) {
            Some(v) => params.set(name, Value::Real(v)),
            None => return Err("not a finite number".into()),
        },
        ParamKind::Int { .. } => match text.parse::<i64>() {
            Ok(v) => params.set(name, Value::Int(Some(v))),
            Err(_) => return Err("not a whole number".into()),
        },
        ParamKind::Bool { .. } => match text {
            "true" | "1" => params.set(name, Value::Bool(true)),
            "false" | "0" => params.set(name, Value::Bool(false)),
            _ => return Err("expected true or false".into()),
        },
        ParamKind::Choice { .. } => params.set_choice(name, text),
        ParamKind::Tensor { min, max, .. } => {
            let values: Option<Vec<f64>> = text.split('_').map(parsed).collect();
            match values {
                Some(v)
                    if !v.is_empty()
                        && v.len() <= 8
                        && v.iter().all(|x| (min..=max).contains(x)) =>
                {
                    let t = if v.len() == 1 {
                        Tensor::scalar(v[0])
                    } else {
                        Tensor::vector(v)
                    };
                    params.set(name, Value::Tensor(Some(t)))
                }
                _ => {
                    return Err(format!(
                        "expected up to 8 numbers in [{min}, {max}] joined by _"
                    ))
                }
            }
        }
    };
    result.map_err(|e| e.to_string())
}

/// The state as query pairs: only what differs from the defaults (a clean link for the default view).
pub fn to_query(state: &LossState) -> Vec<(String, String)> {
    let defaults = LossState::default();
    let mut out = vec![(FAMILY_KEY.to_string(), state.family.key().to_string())];
    for params in &state.params {
        let fresh = Params::defaults(params.spec);
        for spec in params.spec.params {
            let (Some(value), default) = (params.get(spec.name), fresh.get(spec.name)) else {
                continue;
            };
            if Some(value) == default {
                continue;
            }
            if let Some(text) = param_text(value) {
                out.push((format!("{}.{}", params.spec.name, spec.name), text));
            }
        }
    }
    let lab = &state.lab;
    if lab.points != defaults.lab.points {
        out.push((POINTS_KEY.into(), encode_points(&lab.points)));
    }
    if lab.loss != defaults.lab.loss {
        out.push((LAB_LOSS_KEY.into(), lab.loss.spec().name.into()));
    }
    if lab.log {
        out.push((LOG_KEY.into(), "1".into()));
    }
    if lab.lr != defaults.lab.lr {
        out.push((LR_KEY.into(), url_number(lab.lr)));
    }
    if lab.start != defaults.lab.start {
        out.push((
            START_KEY.into(),
            format!("{}_{}", url_number(lab.start.0), url_number(lab.start.1)),
        ));
    }
    out
}

// ------------------------------------------------------------------------------- landscape lab

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
            (x, url_round(0.5 * x + 1.0 + scale * NOISE[i]))
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

fn url_round(v: f64) -> f64 {
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

/// The regression losses of [`REGRESSION_LOSSES`] with the parameters in `state`.
pub fn regression_kinds(state: &LossState) -> [Option<Regression>; 4] {
    REGRESSION_LOSSES.map(|id| state.params(id).and_then(regression_kind))
}

/// The best line of each loss (`None` for fewer than two distinct x), in the order of `kinds`.
pub fn fits(points: &[(f64, f64)], kinds: &[Option<Regression>; 4]) -> Vec<Option<Fit>> {
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
    let r = loss::evaluate(&params, &inputs, None).map_err(|e| e.to_string())?;
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
    let r = loss::evaluate(params, &inputs, None).map_err(|e| e.to_string())?;
    Ok((
        first(&r.output),
        r.grad("input").map(|g| g.data.clone()).unwrap_or_default(),
    ))
}

/// Loss and gradient with respect to the input of a one-element binary call (`x` a probability for
/// BCE, a logit with logits), target `y`.
pub fn binary_at(params: &Params, x: f64, y: f64) -> Result<(f64, f64), String> {
    let inputs = Inputs::default()
        .with("input", Tensor::vector(vec![x]))
        .with("target", Tensor::vector(vec![y]));
    let r = loss::evaluate(params, &inputs, None).map_err(|e| e.to_string())?;
    Ok((first(&r.output), r.grad("input").map_or(f64::NAN, first)))
}

/// `kl_div` of one sample: input log q, target p (or log p with `log_target`); the loss (a vector for
/// reduction none) and the gradient on the input.
pub fn kl(params: &Params, input: &[f64], target: &[f64]) -> Result<(Vec<f64>, Vec<f64>), String> {
    let c = input.len();
    let x = Tensor::new(vec![1, c], input.to_vec()).map_err(|e| e.to_string())?;
    let y = Tensor::new(vec![1, c], target.to_vec()).map_err(|e| e.to_string())?;
    let inputs = Inputs::default().with("input", x).with("target", y);
    let r = loss::evaluate(params, &inputs, None).map_err(|e| e.to_string())?;
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
    let r = loss::evaluate(params, &inputs, None).map_err(|e| e.to_string())?;
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
    let r = loss::evaluate(params, &inputs, None).map_err(|e| e.to_string())?;
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

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[track_caller]
    fn check(query: &[(&str, &str)], notices: usize, expect: impl Fn(&LossState)) {
        let (state, got) = parse_query(&pairs(query));
        assert_eq!(got.len(), notices, "{got:?}");
        expect(&state);
    }

    #[test]
    fn parses_typed_state_from_the_url() {
        check(&[], 0, |s| assert_eq!(s, &LossState::default()));
        check(&[("family", "landscape")], 0, |s| {
            assert_eq!(s.family, Family::Landscape)
        });
        check(
            &[("smooth_l1_loss.beta", "0.5"), ("huber_loss.delta", "2")],
            0,
            |s| {
                assert_eq!(
                    s.params(FnId::SmoothL1Loss).map(|p| p.real("beta")),
                    Some(0.5)
                );
                assert_eq!(
                    s.params(FnId::HuberLoss).map(|p| p.real("delta")),
                    Some(2.0)
                );
            },
        );
        check(&[("points", "1.5_2.1~3_4.2")], 0, |s| {
            assert_eq!(s.lab.points, vec![(1.5, 2.1), (3.0, 4.2)])
        });
        check(
            &[
                ("lab", "l1_loss"),
                ("log", "1"),
                ("lr", "0.2"),
                ("start", "1_-2"),
            ],
            0,
            |s| {
                assert_eq!(s.lab.loss, FnId::L1Loss);
                assert!(s.lab.log);
                assert_eq!(s.lab.lr, 0.2);
                assert_eq!(s.lab.start, (1.0, -2.0));
            },
        );
        check(
            &[
                ("kl_div.reduction", "batchmean"),
                ("kl_div.log_target", "true"),
            ],
            0,
            |s| {
                let p = s.params(FnId::KlDiv);
                assert_eq!(p.map(|p| p.choice("reduction")), Some("batchmean"));
                assert_eq!(p.map(|p| p.bool("log_target")), Some(true));
            },
        );
        // Keys of other views are none of our business.
        check(&[("view", "losses"), ("elu.alpha", "2")], 0, |_| {});
    }

    #[test]
    fn bad_values_give_notices_and_defaults() {
        let bad: &[(&str, &str)] = &[
            ("family", "<script>"),
            ("huber_loss.delta", "-1"),
            ("huber_loss.delta", "NaN"),
            ("smooth_l1_loss.beta", "inf"),
            ("smooth_l1_loss.gamma", "1"),
            ("points", "1_2~3"),
            ("points", "1_2~x_y"),
            ("points", "1e9_0"),
            ("lab", "kl_div"),
            ("log", "maybe"),
            ("lr", "0"),
            ("start", "1"),
            ("mse_loss.reduction", "batchmean"),
            ("kl_div.log_target", "yes"),
            ("cross_entropy.weight", "1_x"),
        ];
        for &(k, v) in bad {
            check(&[(k, v)], 1, |s| {
                assert_eq!(s, &LossState::default(), "{k}={v}")
            });
        }
        let (_, notices) = parse_query(&pairs(&[("family", "<b>x</b>")]));
        assert!(notices[0].contains("\"<b>x</b>\""));
    }

    #[test]
    fn query_round_trips() {
        let (mut state, _) = parse_query(&pairs(&[
            ("family", "landscape"),
            ("huber_loss.delta", "2"),
            ("points", "1.5_2.1~3_4.2~-1_0"),
            ("log", "1"),
        ]));
        state.lab.start = (0.25, -1.5);
        let query = to_query(&state);
        let (again, notices) = parse_query(&query);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(again, state);
        assert!(query.iter().all(|(k, _)| owned_key(k)));
        assert_eq!(
            to_query(&LossState::default()),
            pairs(&[("family", "regression")])
        );
    }

    #[test]
    fn points_are_compact_and_exact() {
        assert_eq!(
            encode_points(&[(1.23456, -2.0), (-0.0, 1e-9)]),
            "1.23456_-2~0_0.000000001"
        );
        let points = vec![(0.1 + 0.2, -1.0 / 3.0)];
        assert_eq!(decode_points(&encode_points(&points)), Ok(points));
        assert_eq!(decode_points(""), Ok(vec![]));
        let many = vec![(1.0, 1.0); MAX_POINTS + 1];
        assert!(decode_points(&encode_points(&many)).is_err());
    }

    #[test]
    fn the_outlier_drags_mse_more_than_l1() {
        let state = LossState::default();
        let points = Preset::OneOutlier.points();
        let f = fits(&points, &regression_kinds(&state));
        let (mse, l1) = (
            f[0].unwrap_or_else(|| panic!()),
            f[1].unwrap_or_else(|| panic!()),
        );
        assert!((l1.w - 0.5).abs() < 0.1, "{l1:?}");
        assert!((mse.w - 0.5).abs() > 0.3, "{mse:?}");
        for preset in Preset::ALL {
            assert!(fits(&preset.points(), &regression_kinds(&state))
                .iter()
                .all(Option::is_some));
        }
    }

    #[test]
    fn landscape_image_is_complete() {
        let points = Preset::FewOutliers.points();
        let state = LossState::default();
        let (w, b) = landscape_ranges(&fits(&points, &regression_kinds(&state)));
        assert!(w.width() >= 4.0 && b.width() >= 8.0);
        for log in [false, true] {
            let img = landscape_image(&points, Regression::Huber { delta: 1.0 }, w, b, 64, log, 8);
            assert_eq!(img.rgba.len(), 4 * 64 * 64);
            assert!(!img.contours.is_empty());
        }
    }

    #[test]
    fn evaluate_helpers_match_the_math() {
        let s = LossState::default();
        let p = |id| s.params(id).cloned().unwrap_or_else(|| panic!("{id:?}"));
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
