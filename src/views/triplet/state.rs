//! The triplet view's settings and their projection into the address bar ([`UrlState`]): strings
//! become `nnfunc::triplet` types here, once; bad values become notices and safe defaults.

use nnfunc::catalogue::{Domain, ParamKind};
use nnfunc::triplet::{
    Config, DistanceFunction, Mining, Norm, Point, Shading, Triplet, TripletLoss,
};

use crate::url::codec::{format_bool, format_number, parse_bool, Notice, Pairs, Reader, UrlState};

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
    /// The distance of the `triplet_margin_with_distance_loss` card.
    pub distance: DistanceFunction,
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
            distance: DistanceFunction::Pairwise,
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
/// The largest |eps| the view takes from the address bar (PyTorch takes any; 1e308 overflows).
pub const EPS_LIMIT: f64 = 1.0;

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
/// The margin loss's parameters (`triplet_margin_loss.<name>`, as [`margin_key`] builds them).
pub const MARGIN_KEY: &str = "triplet_margin_loss.margin";
pub const NORM_KEY: &str = "triplet_margin_loss.p";
pub const EPS_KEY: &str = "triplet_margin_loss.eps";
pub const SWAP_KEY: &str = "triplet_margin_loss.swap";
/// `triplet_margin_with_distance_loss.distance_function`.
pub const DISTANCE_KEY: &str = "triplet_margin_with_distance_loss.distance_function";

/// Every key this view writes (and owns).
pub const KEYS: [&str; 15] = [
    LOSS_KEY,
    MARGIN_KEY,
    NORM_KEY,
    EPS_KEY,
    SWAP_KEY,
    ANCHOR_KEY,
    POSITIVE_KEY,
    NEGATIVE_KEY,
    LR_KEY,
    SEED_KEY,
    D_KEY,
    SHADE_KEY,
    MODE_KEY,
    MINING_KEY,
    DISTANCE_KEY,
];

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

fn number(text: &str) -> Option<f64> {
    crate::url::parse_number(text.trim()).filter(|v| v.is_finite())
}

const NOT_A_NUMBER: &str = "not a finite number";

/// `"x,y"` from the address bar as a finite point.
pub fn parse_point(text: &str) -> Option<Point> {
    let (x, y) = text.split_once(',')?;
    Some((number(x)?, number(y)?))
}

fn point(text: &str) -> Result<Point, &'static str> {
    match parse_point(text) {
        Some((x, y)) if x.abs() <= POINT_LIMIT && y.abs() <= POINT_LIMIT => Ok((x, y)),
        Some(_) => Err("the point is too far out"),
        None => Err("expected two finite numbers, x,y"),
    }
}

fn format_point((x, y): Point) -> String {
    format!("{},{}", format_number(x), format_number(y))
}

impl UrlState for Settings {
    fn owns(key: &str) -> bool {
        KEYS.contains(&key)
    }

    fn from_pairs(pairs: &Pairs) -> (Settings, Vec<Notice>) {
        let mut s = Settings::default();
        let mut r = Reader::new(pairs);
        let c = &mut s.config;
        r.read(LOSS_KEY, &mut c.loss, |t| {
            TripletLoss::from_key(t).ok_or("expected triplet_margin_loss or ratio_loss")
        });
        r.read(MARGIN_KEY, &mut c.margin, |t| match number(t) {
            Some(v) if margin_domain("margin").contains(v) => Ok(v),
            Some(_) => Err("the margin must be greater than 0"),
            None => Err(NOT_A_NUMBER),
        });
        r.read(NORM_KEY, &mut c.norm, |t| {
            crate::url::parse_number(t.trim())
                .and_then(Norm::from_p)
                .ok_or("p must be 1, 2, 3 or inf")
        });
        r.read(EPS_KEY, &mut c.eps, |t| match number(t) {
            Some(v) if margin_domain("eps").contains(v) && v.abs() <= EPS_LIMIT => Ok(v),
            Some(_) => Err(
                "eps is a small number added for stability; this view takes −1 to 1 (larger values overflow the distances)",
            ),
            None => Err(NOT_A_NUMBER),
        });
        r.read(SWAP_KEY, &mut c.swap, |t| {
            parse_bool(t).ok_or("expected 1 or 0 (true or false)")
        });
        r.read(ANCHOR_KEY, &mut s.triplet.anchor, point);
        r.read(POSITIVE_KEY, &mut s.triplet.positive, point);
        r.read(NEGATIVE_KEY, &mut s.triplet.negative, point);
        r.read(LR_KEY, &mut s.lr, |t| {
            number(t)
                .filter(|v| *v > 0.0 && *v <= LR_RANGE.1)
                .ok_or("the learning rate must be in (0, 2]")
        });
        r.read(SEED_KEY, &mut s.seed, |t| {
            t.trim()
                .parse::<u64>()
                .map_err(|_| "the seed must be a whole number ≥ 0")
        });
        r.read(D_KEY, &mut s.d_max, |t| {
            number(t)
                .filter(|v| (D_RANGE.0..=D_RANGE.1).contains(v))
                .ok_or("D must be between 1 and 10")
        });
        r.read(SHADE_KEY, &mut s.shading, |t| {
            Shading::from_key(t).ok_or("expected value or gradient")
        });
        r.read(MODE_KEY, &mut s.mode, |t| {
            Mode::from_key(t).ok_or("expected single or batch")
        });
        r.read(MINING_KEY, &mut s.mining, |t| {
            Mining::from_key(t).ok_or("expected all, hard or semi-hard")
        });
        r.read(DISTANCE_KEY, &mut s.distance, |t| {
            DistanceFunction::from_key(t).ok_or("expected pairwise_distance or cosine_distance")
        });
        (s, r.notices)
    }

    fn to_pairs(&self) -> Vec<(String, String)> {
        let c = &self.config;
        [
            (LOSS_KEY, c.loss.key().to_string()),
            (MARGIN_KEY, format_number(c.margin)),
            (NORM_KEY, c.norm.key().into()),
            (EPS_KEY, format_number(c.eps)),
            (SWAP_KEY, format_bool(c.swap).into()),
            (ANCHOR_KEY, format_point(self.triplet.anchor)),
            (POSITIVE_KEY, format_point(self.triplet.positive)),
            (NEGATIVE_KEY, format_point(self.triplet.negative)),
            (LR_KEY, format_number(self.lr)),
            (SEED_KEY, self.seed.to_string()),
            (D_KEY, format_number(self.d_max)),
            (SHADE_KEY, self.shading.key().into()),
            (MODE_KEY, self.mode.key().into()),
            (MINING_KEY, self.mining.key().into()),
            (DISTANCE_KEY, self.distance.key().into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

#[cfg(test)]
mod tests;
