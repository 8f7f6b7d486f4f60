//! The triplet view's settings and their projection into the address bar: strings become
//! `nnfunc::triplet` types here, once; bad values become notices and safe defaults.

use nnfunc::catalogue::{Domain, ParamKind};
use nnfunc::triplet::{parse_point, Config, Mining, Norm, Point, Shading, Triplet, TripletLoss};

use crate::url::{self, HistoryEntry};

/// Single triplet or a batch of labelled points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Single,
    Batch,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Single, Mode::Batch];

    pub const fn key(self) -> &'static str {
        match self {
            Mode::Single => "single",
            Mode::Batch => "batch",
        }
    }

    pub fn from_key(text: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.key() == text)
    }
}

/// Everything the address bar can hold for this view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub config: Config,
    pub triplet: Triplet,
    pub lr: f64,
    pub seed: u64,
    /// The surfaces cover `[0, d_max]²`.
    pub d_max: f64,
    pub shading: Shading,
    pub mode: Mode,
    pub mining: Mining,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            config: Config::default(),
            triplet: Triplet::default(),
            lr: DEFAULT_LR,
            seed: 1,
            d_max: 4.0,
            shading: Shading::Value,
            mode: Mode::Single,
            mining: Mining::Hard,
        }
    }
}

pub const DEFAULT_LR: f64 = 0.05;
/// The learning-rate slider.
pub const LR_RANGE: (f64, f64, f64) = (0.001, 2.0, 0.001);
/// The surfaces' extent slider.
pub const D_RANGE: (f64, f64, f64) = (1.0, 10.0, 0.5);
/// Points further out than this from the origin are refused (the plane would be unreadable).
pub const POINT_LIMIT: f64 = 1000.0;

pub const LOSS_KEY: &str = "loss";
pub const ANCHOR_KEY: &str = "anchor";
pub const POSITIVE_KEY: &str = "positive";
pub const NEGATIVE_KEY: &str = "negative";
pub const LR_KEY: &str = "lr";
pub const SEED_KEY: &str = "seed";
pub const D_KEY: &str = "D";
pub const SHADE_KEY: &str = "shade";
pub const MODE_KEY: &str = "mode";
pub const MINING_KEY: &str = "mining";

/// `triplet_margin_loss.<name>`: the slider's form name and the URL key.
pub fn margin_key(name: &str) -> String {
    format!("{}.{name}", TripletLoss::Margin.key())
}

fn margin_param_kind(name: &str) -> Option<ParamKind> {
    TripletLoss::Margin.id().spec().param(name).map(|p| p.kind)
}

/// The margin slider's range and step, from the catalogue.
pub fn real_slider(name: &str) -> (f64, f64, f64) {
    match margin_param_kind(name) {
        Some(ParamKind::Real { min, max, step, .. }) => (min, max, step),
        _ => (0.0, 1.0, 0.01),
    }
}

fn margin_domain(name: &str) -> Domain {
    match margin_param_kind(name) {
        Some(ParamKind::Real { domain, .. }) => domain,
        _ => Domain::Any,
    }
}

/// The largest |eps| the view takes from the address bar (PyTorch takes any; 1e308 overflows).
pub const EPS_LIMIT: f64 = 1.0;

/// Reads the address bar; every value that cannot be used gives a notice and keeps its default.
pub fn from_url() -> (Settings, Vec<String>) {
    let (settings, notices) = read(&|key| url::get(key));
    for notice in &notices {
        crate::dom::warn(notice);
    }
    (settings, notices)
}

/// [`from_url`] over any lookup (tests pass a map).
pub fn read(get: &dyn Fn(&str) -> Option<String>) -> (Settings, Vec<String>) {
    let mut s = Settings::default();
    let mut notices = Vec::new();
    let mut refuse = |key: &str, text: &str, why: &str| {
        // Debug formatting quotes and escapes the text: it is shown as text, never as markup.
        notices.push(format!(
            "Ignored {key}={text:?} from the address bar: {why}."
        ));
    };
    let number = |text: &str| text.trim().parse::<f64>().ok().filter(|v| v.is_finite());

    if let Some(text) = get(LOSS_KEY) {
        match TripletLoss::from_key(&text) {
            Some(loss) => s.config.loss = loss,
            None => refuse(
                LOSS_KEY,
                &text,
                "expected triplet_margin_loss or ratio_loss",
            ),
        }
    }
    let key = margin_key("margin");
    if let Some(text) = get(&key) {
        match number(&text) {
            Some(v) if margin_domain("margin").contains(v) => s.config.margin = v,
            Some(_) => refuse(&key, &text, "the margin must be greater than 0"),
            None => refuse(&key, &text, "not a finite number"),
        }
    }
    let key = margin_key("p");
    if let Some(text) = get(&key) {
        match Norm::from_key(&text) {
            Some(norm) => s.config.norm = norm,
            None => refuse(&key, &text, "p must be 1, 2, 3 or inf"),
        }
    }
    let key = margin_key("eps");
    if let Some(text) = get(&key) {
        match number(&text) {
            Some(v) if margin_domain("eps").contains(v) && v.abs() <= EPS_LIMIT => s.config.eps = v,
            Some(_) => refuse(
                &key,
                &text,
                "eps is a small number added for stability; this view takes −1 to 1 (larger values overflow the distances)",
            ),
            None => refuse(&key, &text, "not a finite number"),
        }
    }
    let key = margin_key("swap");
    if let Some(text) = get(&key) {
        match text.as_str() {
            "true" => s.config.swap = true,
            "false" => s.config.swap = false,
            _ => refuse(&key, &text, "expected true or false"),
        }
    }
    let mut point = |key: &str, slot: &mut Point| {
        if let Some(text) = get(key) {
            match parse_point(&text) {
                Some((x, y)) if x.abs() <= POINT_LIMIT && y.abs() <= POINT_LIMIT => *slot = (x, y),
                Some(_) => refuse(key, &text, "the point is too far out"),
                None => refuse(key, &text, "expected two finite numbers, x,y"),
            }
        }
    };
    point(ANCHOR_KEY, &mut s.triplet.anchor);
    point(POSITIVE_KEY, &mut s.triplet.positive);
    point(NEGATIVE_KEY, &mut s.triplet.negative);
    if let Some(text) = get(LR_KEY) {
        match number(&text) {
            Some(v) if v > 0.0 && v <= LR_RANGE.1 => s.lr = v,
            _ => refuse(LR_KEY, &text, "the learning rate must be in (0, 2]"),
        }
    }
    if let Some(text) = get(SEED_KEY) {
        match text.trim().parse::<u64>() {
            Ok(v) => s.seed = v,
            Err(_) => refuse(SEED_KEY, &text, "the seed must be a whole number ≥ 0"),
        }
    }
    if let Some(text) = get(D_KEY) {
        match number(&text) {
            Some(v) if (D_RANGE.0..=D_RANGE.1).contains(&v) => s.d_max = v,
            _ => refuse(D_KEY, &text, "D must be between 1 and 10"),
        }
    }
    if let Some(text) = get(SHADE_KEY) {
        match Shading::from_key(&text) {
            Some(v) => s.shading = v,
            None => refuse(SHADE_KEY, &text, "expected value or gradient"),
        }
    }
    if let Some(text) = get(MODE_KEY) {
        match Mode::from_key(&text) {
            Some(v) => s.mode = v,
            None => refuse(MODE_KEY, &text, "expected single or batch"),
        }
    }
    if let Some(text) = get(MINING_KEY) {
        match Mining::from_key(&text) {
            Some(v) => s.mining = v,
            None => refuse(MINING_KEY, &text, "expected all, hard or semi-hard"),
        }
    }
    (s, notices)
}

/// A number as the address bar shows it: the shortest text that parses back to the same `f64`.
pub fn url_number(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

fn url_point((x, y): Point) -> String {
    format!("{},{}", url_number(x), url_number(y))
}

/// Every key this view writes.
pub fn keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        LOSS_KEY,
        ANCHOR_KEY,
        POSITIVE_KEY,
        NEGATIVE_KEY,
        LR_KEY,
        SEED_KEY,
        D_KEY,
        SHADE_KEY,
        MODE_KEY,
        MINING_KEY,
    ]
    .into_iter()
    .map(String::from)
    .collect();
    keys.extend(["margin", "p", "eps", "swap"].map(margin_key));
    keys
}

/// Whether the view writes `key`.
pub fn owns(key: &str) -> bool {
    keys().iter().any(|k| k == key)
}

/// The key/value pairs of `s`.
pub fn pairs(s: &Settings) -> Vec<(String, String)> {
    let c = &s.config;
    vec![
        (LOSS_KEY.into(), c.loss.key().into()),
        (margin_key("margin"), url_number(c.margin)),
        (margin_key("p"), c.norm.key().into()),
        (margin_key("eps"), url_number(c.eps)),
        (margin_key("swap"), c.swap.to_string()),
        (ANCHOR_KEY.into(), url_point(s.triplet.anchor)),
        (POSITIVE_KEY.into(), url_point(s.triplet.positive)),
        (NEGATIVE_KEY.into(), url_point(s.triplet.negative)),
        (LR_KEY.into(), url_number(s.lr)),
        (SEED_KEY.into(), s.seed.to_string()),
        (D_KEY.into(), url_number(s.d_max)),
        (SHADE_KEY.into(), s.shading.key().into()),
        (MODE_KEY.into(), s.mode.key().into()),
        (MINING_KEY.into(), s.mining.key().into()),
    ]
}

/// Project the settings into the address bar (replacing the history entry).
pub fn write_url(s: &Settings) {
    let pairs = pairs(s);
    url::update(HistoryEntry::Replace, |query| {
        for (key, value) in &pairs {
            query.set(key, value);
        }
    });
}

/// Remove this view's keys (when it unmounts), so other views get a clean address bar.
pub fn clear_url() {
    url::update(HistoryEntry::Replace, |query| {
        for key in keys() {
            query.delete(&key);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_pairs(pairs: &[(&str, &str)]) -> (Settings, Vec<String>) {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        read(&move |key| owned.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    #[test]
    fn round_trip() {
        let mut s = Settings::default();
        s.triplet.negative = (0.1 + 0.2, -1.0 / 3.0);
        s.config.norm = Norm::Infinity;
        s.config.swap = true;
        s.mode = Mode::Batch;
        let pairs = pairs(&s);
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(read_pairs(&borrowed), (s, vec![]));
    }

    #[test]
    fn bad_values_give_notices_and_defaults() {
        let (s, notices) = read_pairs(&[
            ("triplet_margin_loss.margin", "0"),
            ("triplet_margin_loss.p", "4"),
            ("triplet_margin_loss.eps", "NaN"),
            ("anchor", "inf,0"),
            ("lr", "<script>"),
            ("loss", "mse_loss"),
        ]);
        assert_eq!(s, Settings::default());
        assert_eq!(notices.len(), 6, "{notices:?}");
    }
}
