//! Property tests of every parser of the address bar (native; the e2e suite loads fuzzed URLs in
//! Chromium, this drives the same parsers with far more cases).
//!
//! For random query strings built from the views' own keys, random keys, and values such as NaN,
//! ∞, -0, 1e308, 1e-320, empty, very long, Unicode, markup and quotes, with repeated keys:
//! - parsing never panics;
//! - the state is usable: finite numbers within their domains, parameters the math accepts;
//! - a value that is plainly not a value (garbage) for one of the view's keys gives a notice;
//! - the state written back to the address bar parses to the same state with no notice (a link
//!   reproduces the view exactly).
#![cfg(not(target_arch = "wasm32"))]

use explorer::route::{View, VIEW_KEY};
use explorer::url::UrlState;
use explorer::views::activations::gradient_flow::state::{self as flow, FlowSettings};
use explorer::views::activations::state::{
    self as activations, elementwise, ActivationState, MAX_SHOWN,
};
use explorer::views::losses::state::{self as loss_views, LossState, VIEW_LOSSES};
use explorer::views::softmax::state::{self as softmax, SoftmaxState};
use explorer::views::training::state::{self as training, TrainingState};
use explorer::views::triplet::state as triplet;
use proptest::prelude::*;

/// Values no parser may take for a number, a name, a flag or a list.
const GARBAGE: &[&str] = &[
    "NaN",
    "nan",
    "abc",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'\"",
    "α",
    "١٢٣",
    "💥",
    "0x10",
    "\u{202e}x",
];

/// Numbers at the edges of f64 and other values a parser may take or refuse.
const EDGES: &[&str] = &[
    "Infinity",
    "-Infinity",
    "inf",
    "-0",
    "0",
    "1e308",
    "-1e308",
    "1e-320",
    "5e-324",
    "1e400",
    "",
    " ",
    "1",
    "-1",
    "0.5",
    "true",
    "false",
    "none",
    "1_000",
    "1,2,3",
    "1_2~3_4",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(GARBAGE).prop_map(String::from),
        3 => prop::sample::select(EDGES).prop_map(String::from),
        2 => any::<f64>().prop_map(|v| v.to_string()),
        2 => (-20.0..20.0f64).prop_map(|v| v.to_string()),
        1 => prop::collection::vec(-5.0..5.0f64, 0..10).prop_map(|v| {
            v.iter().map(f64::to_string).collect::<Vec<_>>().join(",")
        }),
        1 => prop::collection::vec((-5.0..5.0f64, -5.0..5.0f64), 0..8).prop_map(|v| {
            v.iter().map(|(x, y)| format!("{x}_{y}")).collect::<Vec<_>>().join("~")
        }),
        1 => "\\PC{0,40}",
        1 => Just("9".repeat(400)),
        1 => Just("A".repeat(5_000)),
    ]
}

/// Query pairs: mostly the view's keys (so the parsers see real work), some random ones.
fn pairs(keys: Vec<String>) -> impl Strategy<Value = Vec<(String, String)>> {
    let key = prop_oneof![
        6 => prop::sample::select(keys),
        1 => "\\PC{0,12}",
    ];
    prop::collection::vec((key, value()), 0..12)
}

fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn is_garbage(text: &str) -> bool {
    GARBAGE.contains(&text)
}

fn activation_keys() -> Vec<String> {
    let mut keys: Vec<String> = ["fn", "deriv", "sat", "cmp", "xmin", "xmax"]
        .map(String::from)
        .into();
    for spec in activations::functions() {
        keys.push(spec.name.to_string());
        for param in spec.params {
            keys.push(format!("{}.{}", spec.name, param.name));
        }
    }
    keys
}

fn loss_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        loss_views::FAMILY_KEY,
        loss_views::POINTS_KEY,
        loss_views::LAB_LOSS_KEY,
        loss_views::LOG_KEY,
        loss_views::LR_KEY,
        loss_views::START_KEY,
    ]
    .map(String::from)
    .into();
    for id in VIEW_LOSSES {
        for param in id.spec().params {
            keys.push(format!("{}.{}", id.spec().name, param.name));
        }
    }
    keys
}

fn training_keys() -> Vec<String> {
    let mut keys: Vec<String> = training::KEYS.map(String::from).into();
    // The own tasks come up often, so that `data=` is read as points.
    keys.extend(["task", "task"].map(String::from));
    keys
}

/// Query pairs of the lab: its keys with any values, or an own task with `data=` that is a real
/// encoding, cut short or hand-edited.
fn training_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    let task = prop::sample::select(vec!["own_points", "own_curve", "spirals", "sine"]);
    let data = prop_oneof![
        "[A-Za-z0-9_\\-]{0,60}",
        prop::collection::vec((-1.0..=1.0f64, -1.0..=1.0f64, 0..3usize), 0..40).prop_map(|v| {
            let points: Vec<_> = v
                .into_iter()
                .map(|(x, y, c)| nnfunc::train::OwnPoint::new(x, y, c))
                .collect();
            training::own::encode(nnfunc::train::Task::OwnPoints, &points).unwrap_or_default()
        }),
        value(),
    ];
    (pairs(training_keys()), task, data).prop_map(|(mut pairs, task, data)| {
        pairs.insert(0, ("task".into(), task.into()));
        pairs.insert(1, ("data".into(), data));
        pairs
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// The one number parser reads exactly what Rust's does, and the same value: strings from the
    /// alphabet of numbers (digits, point, exponent, signs, the letters of inf and NaN).
    #[test]
    fn numbers_parse_as_rust_reads_them(text in "[0-9.eE+\\-infatyINFATY ]{0,14}") {
        let rust = text.parse::<f64>().ok();
        let ours = explorer::url::parse_number(&text);
        prop_assert_eq!(ours.map(|v| v.is_nan()), rust.map(|v| v.is_nan()), "{:?}", text);
        if let (Some(a), Some(b)) = (ours, rust) {
            prop_assert!(a.is_nan() || a.to_bits() == b.to_bits(), "{:?}: {} vs {}", text, a, b);
        }
    }

    #[test]
    fn activations_query(pairs in pairs(activation_keys())) {
        let (state, notices) = ActivationState::from_pairs(&pairs);
        prop_assert!(!state.functions.is_empty() && state.functions.len() <= MAX_SHOWN);
        for params in &state.functions {
            prop_assert!(elementwise(params).is_ok(), "{params:?}");
        }
        prop_assert!(state.x.min.is_finite() && state.x.max.is_finite() && state.x.min < state.x.max);
        for key in ["fn", "deriv", "sat", "cmp", "xmin", "xmax"] {
            if first(&pairs, key).is_some_and(is_garbage) {
                prop_assert!(notices.iter().any(|n| n.key == key || n.key == "xmin"), "{key}: {notices:?}");
            }
        }
        let again = ActivationState::from_pairs(&state.to_pairs());
        prop_assert_eq!(&again.0, &state);
        prop_assert!(again.1.is_empty(), "{:?}", again.1);
    }

    #[test]
    fn losses_query(pairs in pairs(loss_keys())) {
        let (state, notices) = LossState::from_pairs(&pairs);
        prop_assert!(state.lab.lr.is_finite() && state.lab.lr > 0.0);
        prop_assert!(state.lab.start.0.is_finite() && state.lab.start.1.is_finite());
        prop_assert!(state.lab.points.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
        let keys = loss_keys();
        let garbage = pairs.iter().filter(|(k, v)| keys.contains(k) && is_garbage(v)).count();
        prop_assert!(notices.len() >= garbage, "{garbage} garbage values, notices {notices:?}");
        let again = LossState::from_pairs(&state.to_pairs());
        prop_assert_eq!(&again.0, &state);
        prop_assert!(again.1.is_empty(), "{:?}", again.1);
    }

    #[test]
    fn triplet_query(pairs in pairs(triplet::KEYS.map(String::from).into())) {
        let (settings, notices) = triplet::Settings::from_pairs(&pairs);
        for (x, y) in settings.triplet.points() {
            prop_assert!(x.is_finite() && y.is_finite());
        }
        prop_assert!(settings.lr.is_finite() && settings.lr > 0.0);
        prop_assert!(settings.d_max.is_finite() && settings.d_max > 0.0);
        prop_assert!(settings.config.margin.is_finite() && settings.config.eps.is_finite());
        // What the view shows: losses, distances and gradients, all finite.
        if let Ok(e) = nnfunc::triplet::evaluate(&settings.triplet, &settings.config) {
            let mut shown = vec![e.margin_loss, e.ratio_loss, e.d_pos, e.d_neg, e.loss];
            shown.extend(e.grad.iter().flat_map(|(x, y)| [*x, *y]));
            prop_assert!(shown.iter().all(|v| v.is_finite()), "{e:?} for {settings:?}");
        }
        for key in triplet::KEYS {
            if first(&pairs, key).is_some_and(is_garbage) {
                prop_assert!(notices.iter().any(|n| n.key == key && n.message.contains(&format!("{key}="))), "{key}: {notices:?}");
            }
        }
        let again = triplet::Settings::from_pairs(&settings.to_pairs());
        prop_assert_eq!(again.0, settings);
        prop_assert!(again.1.is_empty(), "{:?}", again.1);
    }

    #[test]
    fn softmax_query(pairs in pairs(vec![softmax::LOGITS_KEY.into(), softmax::TAU_KEY.into(), softmax::INDEX_KEY.into()])) {
        let (state, notices) = SoftmaxState::from_pairs(&pairs);
        prop_assert!((softmax::MIN_LOGITS..=softmax::MAX_LOGITS).contains(&state.logits.len()));
        prop_assert!(state.logits.iter().all(|v| v.is_finite()));
        prop_assert!(state.tau.is_finite() && state.tau > 0.0);
        prop_assert!(state.index < state.logits.len());
        for key in [softmax::LOGITS_KEY, softmax::TAU_KEY, softmax::INDEX_KEY] {
            if first(&pairs, key).is_some_and(is_garbage) {
                prop_assert!(notices.iter().any(|n| n.key == key && n.message.contains(&format!("{key}="))), "{key}: {notices:?}");
            }
        }
        let written = state.to_pairs();
        prop_assert!(written.iter().all(|(key, _)| SoftmaxState::owns(key)), "{written:?}");
        let again = SoftmaxState::from_pairs(&written);
        prop_assert_eq!(&again.0, &state);
        prop_assert!(again.1.is_empty(), "{:?}", again.1);
    }

    #[test]
    fn training_query(pairs in prop_oneof![pairs(training_keys()), training_pairs()]) {
        let (state, notices) = TrainingState::from_pairs(&pairs);
        prop_assert!(state.learning_rate.is_finite() && state.learning_rate > 0.0);
        prop_assert!(state.own.len() <= 300);
        prop_assert!(state.own.iter().all(|p| p.x.abs() <= 1.0 && p.y.abs() <= 1.0 && p.class < 3));
        prop_assert!(state.task.is_own() || state.own.is_empty());
        for key in training::KEYS {
            if first(&pairs, key).is_some_and(is_garbage) {
                prop_assert!(notices.iter().any(|n| n.key == key), "{key}: {notices:?}");
            }
        }
        let written = state.to_pairs();
        prop_assert!(written.iter().all(|(key, _)| TrainingState::owns(key)), "{written:?}");
        let again = TrainingState::from_pairs(&written);
        prop_assert_eq!(&again.0, &state);
        prop_assert!(again.1.is_empty(), "{:?}", again.1);
    }

    #[test]
    fn gradient_flow_query(pairs in pairs([flow::MEAN_KEY, flow::STD_DEV_KEY, flow::LAYERS_KEY, flow::SEED_KEY].map(String::from).into())) {
        let (settings, notices) = FlowSettings::from_pairs(&pairs);
        prop_assert!(settings.mean.is_finite() && settings.std_dev.is_finite() && settings.std_dev >= 0.0);
        prop_assert!(settings.layers >= 1);
        for key in [flow::MEAN_KEY, flow::STD_DEV_KEY, flow::LAYERS_KEY, flow::SEED_KEY] {
            if first(&pairs, key).is_some_and(is_garbage) {
                prop_assert!(notices.iter().any(|n| n.key == key && n.message.contains(&format!("{key}="))), "{key}: {notices:?}");
            }
        }
        let again = FlowSettings::from_pairs(&settings.to_pairs());
        prop_assert_eq!(again.0, settings);
        prop_assert!(again.1.is_empty(), "{:?}", again.1);
    }

    #[test]
    fn view_and_embed_keys(pairs in pairs(vec!["view".into(), "embed".into(), "controls".into()])) {
        let (view, notice) = View::from_query(first(&pairs, VIEW_KEY));
        prop_assert_eq!(notice.is_some(), first(&pairs, VIEW_KEY).is_some_and(|v| View::from_key(v).is_none()));
        prop_assert!(View::all().any(|v| v == view));
        let _ = explorer::embed::parse_embed_options(&pairs);
    }
}
