//! The Losses view's state: which family is shown, every loss's parameters and the landscape lab,
//! as a typed value ([`LossState`]) with its address-bar codec (`impl UrlState`, pure and natively
//! tested), and as the signals the family components share ([`LossStore`]).
//!
//! The families' losses come from the catalogue's groups ([`Family::group`]), so a new loss of an
//! existing group appears in its family, its parameters and its URL keys without a list to edit.

use leptos::prelude::*;
use nnfunc::catalogue::{groups_ids, groups_len, in_group, FnId, Group, ParamKind};
use nnfunc::ctc::example::{self, Preset as CtcPreset, MAX_STEPS, TEMPERATURE};
use nnfunc::loss_views::{
    Preset, DEFAULT_LR, LR_RANGE, MAX_POINTS, POINT_LIMIT, REGRESSION_LOSSES,
};
use nnfunc::tensor::Tensor;
use nnfunc::{Params, Value};

use crate::url::{format_bool, format_number, parse_bool, Notice, Pairs, UrlState};

/// A family of losses: one tab of the view (`family=` in the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Regression,
    Landscape,
    Classification,
    Sequences,
    Binary,
    Distributions,
    Ranking,
}

impl Family {
    /// The tabs, in order.
    pub const ALL: [Family; 7] = [
        Family::Regression,
        Family::Landscape,
        Family::Classification,
        Family::Sequences,
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
            Family::Sequences => "sequences",
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
            Family::Sequences => "Sequences",
            Family::Binary => "Binary",
            Family::Distributions => "Distributions",
            Family::Ranking => "Ranking & embedding",
        }
    }

    /// The catalogue group whose losses the family shows (the landscape lab fits the regression
    /// losses).
    pub const fn group(self) -> Group {
        match self {
            Family::Regression | Family::Landscape => Group::Regression,
            Family::Classification => Group::Classification,
            Family::Sequences => Group::Sequence,
            Family::Binary => Group::Binary,
            Family::Distributions => Group::Distribution,
            Family::Ranking => Group::Ranking,
        }
    }

    /// The losses this family shows, in catalogue order.
    pub fn losses(self) -> impl Iterator<Item = FnId> {
        in_group(self.group()).map(|spec| spec.id)
    }

    pub fn from_key(key: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// The families' groups in tab order (const, to size [`VIEW_LOSSES`]).
const FAMILY_GROUPS: [Group; Family::ALL.len()] = {
    let mut groups = [Group::Regression; Family::ALL.len()];
    let mut i = 0;
    while i < Family::ALL.len() {
        groups[i] = Family::ALL[i].group();
        i += 1;
    }
    groups
};

/// Every loss the view holds parameters for: the families' losses, family by family.
pub const VIEW_LOSSES: [FnId; groups_len(&FAMILY_GROUPS)] = groups_ids(&FAMILY_GROUPS);

pub const FAMILY_KEY: &str = "family";
pub const POINTS_KEY: &str = "points";
/// The landscape lab's loss (`lab=huber_loss`).
pub const LAB_LOSS_KEY: &str = "lab";
pub const LOG_KEY: &str = "log";
pub const LR_KEY: &str = "lr";
pub const START_KEY: &str = "start";
/// multilabel_margin_loss's target, its labels in order (`multilabel_margin_loss.target=2_0`).
pub const MARGIN_TARGET_KEY: &str = "multilabel_margin_loss.target";
/// The most classes the Classification family's logits have (and so labels a target can hold).
pub const MAX_CLASSES: usize = 8;
/// The labels multilabel_margin_loss starts with: classes 1 and 2.
pub const DEFAULT_MARGIN_TARGET: [usize; 2] = [1, 2];

/// multilabel_margin_loss's labels, in order, from text: class indices separated by commas,
/// spaces or `_` (`2, 0`, `2_0`), repeats kept; a −1 ends the list, as in PyTorch's target row
/// (what follows it is ignored, as PyTorch ignores it); empty or `-1` alone is no label. Refuses
/// anything but whole numbers from 0 to [`MAX_CLASSES`] − 1 and more than [`MAX_CLASSES`] labels.
pub fn parse_margin_target(text: &str) -> Result<Vec<usize>, String> {
    let mut labels = Vec::new();
    for item in text
        .split(|c: char| c == ',' || c == '_' || c.is_whitespace())
        .filter(|s| !s.is_empty())
    {
        if item == "-1" || item == "−1" {
            break;
        }
        match item.parse::<usize>() {
            Ok(j) if j < MAX_CLASSES => labels.push(j),
            _ => {
                return Err(format!(
                    "“{item}” is not a class: labels are whole numbers from 0 to {}, and −1 ends the list",
                    MAX_CLASSES - 1
                ))
            }
        }
    }
    if labels.len() > MAX_CLASSES {
        return Err(format!("at most {MAX_CLASSES} labels"));
    }
    Ok(labels)
}

/// Labels as the address bar holds them: `2_0`, no label as `-1`.
pub fn margin_target_key_text(labels: &[usize]) -> String {
    if labels.is_empty() {
        return "-1".into();
    }
    labels
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("_")
}

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

/// The Sequences family's CTC example (`ctc_loss.target`, `.steps`, `.preset`, `.temperature`,
/// `.map` beside the loss's own parameters).
#[derive(Debug, Clone, PartialEq)]
pub struct CtcExample {
    /// The target as typed: letters a, b, c ([`example::parse_target`] checks it).
    pub target: String,
    /// Time steps T, 1 to [`MAX_STEPS`].
    pub steps: usize,
    pub preset: CtcPreset,
    pub temperature: f64,
    /// The lattice shows the share of alignments through each cell instead of log α.
    pub posterior: bool,
}

impl Default for CtcExample {
    fn default() -> CtcExample {
        CtcExample {
            target: "cab".into(),
            steps: 8,
            preset: CtcPreset::Aligned,
            temperature: 1.0,
            posterior: false,
        }
    }
}

impl CtcExample {
    /// The example's own keys and their texts, only those that differ from the defaults.
    fn to_pairs(&self) -> Vec<(String, String)> {
        let d = CtcExample::default();
        let mut out = Vec::new();
        let mut push = |name: &str, differs: bool, text: String| {
            if differs {
                out.push((format!("ctc_loss.{name}"), text));
            }
        };
        push("target", self.target != d.target, self.target.clone());
        push("steps", self.steps != d.steps, self.steps.to_string());
        push("preset", self.preset != d.preset, self.preset.key().into());
        let t = self.temperature;
        push("temperature", t != d.temperature, format_number(t));
        let map = if self.posterior { "posterior" } else { "alpha" };
        push("map", self.posterior != d.posterior, map.into());
        out
    }

    /// Take one of the example's keys (`name` after `ctc_loss.`); `None` if it is not one.
    fn apply(&mut self, name: &str, text: &str) -> Option<Result<(), String>> {
        let text = text.trim();
        let result = match name {
            "target" => {
                example::parse_target(text).map(|_| self.target = text.to_ascii_lowercase())
            }
            "steps" => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_STEPS).contains(n))
                .map(|n| self.steps = n)
                .ok_or_else(|| {
                    format!("expected a whole number of time steps from 1 to {MAX_STEPS}")
                }),
            "preset" => CtcPreset::from_key(text)
                .map(|p| self.preset = p)
                .ok_or_else(|| "expected aligned, wrong, blanks or uniform".to_string()),
            "temperature" => crate::url::parse_number(text)
                .filter(|t| (TEMPERATURE.0..=TEMPERATURE.1).contains(t))
                .map(|t| self.temperature = t)
                .ok_or_else(|| {
                    format!(
                        "expected a temperature from {} to {}",
                        TEMPERATURE.0, TEMPERATURE.1
                    )
                }),
            "map" => match text {
                "alpha" | "posterior" => {
                    self.posterior = text == "posterior";
                    Ok(())
                }
                _ => Err("expected alpha or posterior".to_string()),
            },
            _ => return None,
        };
        Some(result)
    }
}

/// Everything the address bar holds for the Losses view.
#[derive(Debug, Clone, PartialEq)]
pub struct LossState {
    pub family: Family,
    /// The parameters of every loss of [`VIEW_LOSSES`], in that order.
    pub params: Vec<Params>,
    pub lab: LabState,
    pub ctc: CtcExample,
    /// multilabel_margin_loss's labels, in order (repeats kept).
    pub margin_target: Vec<usize>,
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
            ctc: CtcExample::default(),
            margin_target: DEFAULT_MARGIN_TARGET.to_vec(),
        }
    }
}

impl LossState {
    pub fn params(&self, id: FnId) -> Option<&Params> {
        self.params.iter().find(|p| p.spec.id == id)
    }

    /// The parameters of `id`, its defaults if the state has none.
    pub fn params_or_default(&self, id: FnId) -> Params {
        self.params(id)
            .cloned()
            .unwrap_or_else(|| Params::defaults(id.spec()))
    }

    fn params_mut(&mut self, id: FnId) -> Option<&mut Params> {
        self.params.iter_mut().find(|p| p.spec.id == id)
    }
}

/// The view's loss named `function` in a `<function>.<param>` key.
fn view_loss(function: &str) -> Option<FnId> {
    VIEW_LOSSES
        .iter()
        .copied()
        .find(|id| id.spec().name == function)
}

impl UrlState for LossState {
    fn owns(key: &str) -> bool {
        matches!(
            key,
            FAMILY_KEY | POINTS_KEY | LAB_LOSS_KEY | LOG_KEY | LR_KEY | START_KEY
        ) || key
            .split_once('.')
            .is_some_and(|(function, _)| view_loss(function).is_some())
    }

    /// Every value that cannot be used becomes a notice (the text quoted and escaped: shown as
    /// text) and keeps its default.
    fn from_pairs(pairs: &Pairs) -> (LossState, Vec<Notice>) {
        let mut state = LossState::default();
        let mut notices = Vec::new();
        for (key, text) in pairs {
            if let Err(why) = apply(&mut state, key, text) {
                notices.push(Notice::ignored(key, text, why));
            }
        }
        (state, notices)
    }

    /// Only what differs from the defaults (a clean link for the default view), and the family.
    fn to_pairs(&self) -> Vec<(String, String)> {
        let defaults = LabState::default();
        let mut out = vec![(FAMILY_KEY.to_string(), self.family.key().to_string())];
        for params in &self.params {
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
        let lab = &self.lab;
        if lab.points != defaults.points {
            out.push((POINTS_KEY.into(), encode_points(&lab.points)));
        }
        if lab.loss != defaults.loss {
            out.push((LAB_LOSS_KEY.into(), lab.loss.spec().name.into()));
        }
        if lab.log != defaults.log {
            out.push((LOG_KEY.into(), format_bool(lab.log).into()));
        }
        if lab.lr != defaults.lr {
            out.push((LR_KEY.into(), format_number(lab.lr)));
        }
        if lab.start != defaults.start {
            out.push((START_KEY.into(), encode_point(lab.start)));
        }
        out.extend(self.ctc.to_pairs());
        if self.margin_target != DEFAULT_MARGIN_TARGET {
            out.push((
                MARGIN_TARGET_KEY.into(),
                margin_target_key_text(&self.margin_target),
            ));
        }
        out
    }
}

/// Take one query pair into `state`, or say why not. Keys of other views are ignored.
fn apply(state: &mut LossState, key: &str, text: &str) -> Result<(), String> {
    let number = |text: &str| crate::url::parse_number(text.trim()).filter(|v| v.is_finite());
    match key {
        FAMILY_KEY => state.family = Family::from_key(text).ok_or("unknown family")?,
        POINTS_KEY => state.lab.points = decode_points(text)?,
        LAB_LOSS_KEY => {
            state.lab.loss = REGRESSION_LOSSES
                .into_iter()
                .find(|id| id.spec().name == text)
                .ok_or("expected mse_loss, l1_loss, smooth_l1_loss or huber_loss")?
        }
        LOG_KEY => state.lab.log = parse_bool(text).ok_or("expected 1 or 0")?,
        MARGIN_TARGET_KEY => state.margin_target = parse_margin_target(text)?,
        LR_KEY => {
            state.lab.lr = number(text)
                .filter(|v| *v > 0.0 && *v <= LR_RANGE.1)
                .ok_or("the step size must be a number in (0, 1]")?
        }
        START_KEY => {
            state.lab.start = match text.split_once('_').map(|(w, b)| (number(w), number(b))) {
                Some((Some(w), Some(b))) if w.abs() <= POINT_LIMIT && b.abs() <= POINT_LIMIT => {
                    (w, b)
                }
                _ => return Err("expected w_b, two finite numbers".into()),
            }
        }
        _ => {
            let Some((function, name)) = key.split_once('.') else {
                return Ok(());
            };
            if function == FnId::CtcLoss.spec().name {
                if let Some(result) = state.ctc.apply(name, text) {
                    return result;
                }
            }
            if let Some(params) = view_loss(function).and_then(|id| state.params_mut(id)) {
                set_param_from_text(params, name, text)?;
            }
        }
    }
    Ok(())
}

/// A parameter value as the URL holds it (full precision for reals: sliders have steps like 0.05).
fn param_text(value: &Value) -> Option<String> {
    match value {
        Value::Real(v) => Some(format_number(*v)),
        Value::Int(Some(v)) => Some(v.to_string()),
        Value::Bool(b) => Some(format_bool(*b).into()),
        Value::Choice(c) => Some((*c).to_string()),
        Value::Tensor(Some(t)) => Some(
            t.data
                .iter()
                .map(|v| format_number(*v))
                .collect::<Vec<_>>()
                .join("_"),
        ),
        Value::Int(None) | Value::Tensor(None) => None,
    }
}

/// Set one parameter from its URL text, checked against the catalogue (kind and domain).
pub fn set_param_from_text(params: &mut Params, name: &str, text: &str) -> Result<(), String> {
    let Some(spec) = params.spec.param(name) else {
        return Err(format!("{} has no parameter {name}", params.spec.name));
    };
    let text = text.trim();
    let parsed = |t: &str| crate::url::parse_number(t).filter(|v| v.is_finite());
    let value = match spec.kind {
        ParamKind::Real { .. } => Value::Real(parsed(text).ok_or("not a finite number")?),
        ParamKind::Int { .. } => {
            Value::Int(Some(text.parse::<i64>().map_err(|_| "not a whole number")?))
        }
        ParamKind::Bool { .. } => Value::Bool(parse_bool(text).ok_or("expected 1 or 0")?),
        ParamKind::Choice { .. } => {
            return params.set_choice(name, text).map_err(|e| e.to_string())
        }
        ParamKind::Tensor { min, max, .. } => {
            let values: Option<Vec<f64>> = text.split('_').map(parsed).collect();
            match values {
                Some(v)
                    if !v.is_empty()
                        && v.len() <= 8
                        && v.iter().all(|x| (min..=max).contains(x)) =>
                {
                    Value::Tensor(Some(if v.len() == 1 {
                        Tensor::scalar(v[0])
                    } else {
                        Tensor::vector(v)
                    }))
                }
                _ => {
                    return Err(format!(
                        "expected up to 8 numbers in [{min}, {max}] joined by _"
                    ))
                }
            }
        }
    };
    params.set(name, value).map_err(|e| e.to_string())
}

/// A point as `x_y` (URL-safe without escaping).
fn encode_point((x, y): (f64, f64)) -> String {
    format!("{}_{}", format_number(x), format_number(y))
}

/// Points as `x_y~x_y~…`, each number exact (drags round to 0.001 where they happen).
pub fn encode_points(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|p| encode_point(*p))
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
    let number = |s: &str| {
        crate::url::parse_number(s.trim()).filter(|v| v.is_finite() && v.abs() <= POINT_LIMIT)
    };
    let mut points = Vec::new();
    for (k, pair) in text.split('~').enumerate() {
        let Some((x, y)) = pair.split_once('_') else {
            return Err(format!("point {} is not x_y", k + 1));
        };
        let (Some(x), Some(y)) = (number(x), number(y)) else {
            return Err(format!(
                "point {} needs two finite numbers within ±{POINT_LIMIT}",
                k + 1
            ));
        };
        points.push((x, y));
        if points.len() > MAX_POINTS {
            return Err(format!("at most {MAX_POINTS} points"));
        }
    }
    Ok(points)
}

/// All of the view's state, as signals (`Copy`, so every family component can take it).
#[derive(Clone, Copy)]
pub struct LossStore {
    pub family: RwSignal<Family>,
    /// One per loss of [`VIEW_LOSSES`], in that order.
    params: [RwSignal<Params>; VIEW_LOSSES.len()],
    pub points: RwSignal<Vec<(f64, f64)>>,
    pub lab_loss: RwSignal<FnId>,
    pub log: RwSignal<bool>,
    pub lr: RwSignal<f64>,
    pub start: RwSignal<(f64, f64)>,
    pub ctc: RwSignal<CtcExample>,
    pub margin_target: RwSignal<Vec<usize>>,
}

impl LossStore {
    pub fn new(state: LossState) -> LossStore {
        let params = std::array::from_fn(|i| {
            let id = VIEW_LOSSES[i];
            RwSignal::new(state.params_or_default(id))
        });
        LossStore {
            family: RwSignal::new(state.family),
            params,
            points: RwSignal::new(state.lab.points),
            lab_loss: RwSignal::new(state.lab.loss),
            log: RwSignal::new(state.lab.log),
            lr: RwSignal::new(state.lab.lr),
            start: RwSignal::new(state.lab.start),
            ctc: RwSignal::new(state.ctc),
            margin_target: RwSignal::new(state.margin_target),
        }
    }

    /// The parameters of one loss (the first signal if `id` is not one of the view's: never happens).
    pub fn params(&self, id: FnId) -> RwSignal<Params> {
        let i = VIEW_LOSSES.iter().position(|x| *x == id).unwrap_or(0);
        self.params[i]
    }

    /// A snapshot, tracked.
    pub fn snapshot(&self) -> LossState {
        LossState {
            family: self.family.get(),
            params: self.params.iter().map(|p| p.get()).collect(),
            lab: LabState {
                points: self.points.get(),
                loss: self.lab_loss.get(),
                log: self.log.get(),
                lr: self.lr.get(),
                start: self.start.get(),
            },
            ctc: self.ctc.get(),
            margin_target: self.margin_target.get(),
        }
    }
}

#[cfg(test)]
mod tests;
