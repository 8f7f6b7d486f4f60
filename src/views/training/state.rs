//! The training lab's state as plain data, and the one place where query-string pairs become that
//! state ([`parse_training_state`]) and back ([`to_query`]). Pure: no browser, natively tested.
//!
//! URL keys (all other keys are ignored here):
//! - `task` — `sine`, `step`, `sawtooth`, `noisy`, `spirals`, `circles`, `xor`, `blobs`, `image`;
//!   the task also decides the defaults of every other key ([`LabConfig::defaults`]);
//! - `fn` — the trained activations, catalogue names, at most [`MAX_NETWORKS`], e.g. `relu,tanh`;
//! - `<function>.<parameter>` — a parameter of a trained activation, e.g. `sine.omega_0=30`;
//! - `layers`, `width`, `lr`, `optimizer` (`sgd`/`adam`), `batch`, `seed`, `loss` (`mse`,
//!   `cross_entropy`: classification only);
//! - `until` — stop (pause) after exactly this many steps: a run that ends at the same step every
//!   time, for a lecture slide or a test (absent: train until paused).
//!
//! A refused value keeps its default and produces a [`Notice`] that names it as
//! `Ignored <key>=“<value>” from the address bar: <why>.`; nothing here can panic.

use nnfunc::catalogue::{self, ParamKind};
use nnfunc::train::{
    HiddenActivation, LabConfig, LossKind, Optimizer, Task, TaskKind, MAX_BATCH_SIZE,
    MAX_HIDDEN_LAYERS, MAX_LEARNING_RATE, MAX_NETWORKS, MAX_WIDTH,
};
use nnfunc::Params;

use crate::url::format_number;
use crate::views::activations::state::{
    functions, is_elementwise, param_key, parse_value, url_value,
};

pub const TASK_KEY: &str = "task";
pub const FUNCTIONS_KEY: &str = "fn";
pub const LAYERS_KEY: &str = "layers";
pub const WIDTH_KEY: &str = "width";
pub const LEARNING_RATE_KEY: &str = "lr";
pub const OPTIMIZER_KEY: &str = "optimizer";
pub const MOMENTUM_KEY: &str = "momentum";
pub const BATCH_KEY: &str = "batch";
pub const SEED_KEY: &str = "seed";
pub const LOSS_KEY: &str = "loss";
pub const UNTIL_KEY: &str = "until";

/// The keys this view owns besides `<function>.<parameter>`.
const KEYS: [&str; 11] = [
    TASK_KEY,
    FUNCTIONS_KEY,
    LAYERS_KEY,
    WIDTH_KEY,
    LEARNING_RATE_KEY,
    OPTIMIZER_KEY,
    MOMENTUM_KEY,
    BATCH_KEY,
    SEED_KEY,
    LOSS_KEY,
    UNTIL_KEY,
];

/// The task without `task=`.
pub const DEFAULT_TASK: Task = Task::Spirals;
/// The largest seed: a whole number a JavaScript number (the seed box) holds exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// The largest `until`.
pub const MAX_UNTIL: u64 = 1_000_000_000;
/// A value longer than this is shortened in a notice.
const SHOWN_VALUE_CHARS: usize = 40;

/// Everything that defines a run, plus where it stops.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingState {
    pub task: Task,
    /// One network per entry, `1..=MAX_NETWORKS`, distinct elementwise activations.
    pub functions: Vec<Params>,
    pub hidden_layers: usize,
    pub width: usize,
    pub learning_rate: f64,
    pub optimizer: Optimizer,
    /// SGD's momentum, `[0, 1)` (kept, and written to the URL, with Adam too only when not the
    /// default: Adam ignores it).
    pub momentum: f64,
    pub batch_size: usize,
    pub seed: u64,
    pub loss: LossKind,
    /// Pause after this many steps.
    pub until: Option<u64>,
}

impl TrainingState {
    /// The default run of `task` (the lecture's advice as its activations).
    pub fn defaults(task: Task) -> TrainingState {
        let config = LabConfig::defaults(task);
        TrainingState {
            task,
            functions: config.activations,
            hidden_layers: config.hidden_layers,
            width: config.width,
            learning_rate: config.learning_rate,
            optimizer: config.optimizer,
            momentum: config.momentum,
            batch_size: config.batch_size,
            seed: config.seed,
            loss: config.loss,
            until: None,
        }
    }

    /// The same state for another task: that task's defaults, keeping the seed, the optimiser and
    /// `until` (a student comparing tasks changes one thing at a time).
    pub fn with_task(&self, task: Task) -> TrainingState {
        TrainingState {
            seed: self.seed,
            optimizer: self.optimizer,
            momentum: self.momentum,
            until: self.until,
            ..TrainingState::defaults(task)
        }
    }

    /// The lab's configuration (the learning rate and SGD's momentum included).
    pub fn config(&self) -> LabConfig {
        LabConfig {
            task: self.task,
            activations: self.functions.clone(),
            hidden_layers: self.hidden_layers,
            width: self.width,
            learning_rate: self.learning_rate,
            optimizer: self.optimizer,
            momentum: self.momentum,
            batch_size: self.batch_size,
            seed: self.seed,
            loss: self.loss,
        }
    }

    /// Everything except the learning rate and `until` (which change a run without rebuilding it).
    pub fn structure(&self) -> TrainingState {
        TrainingState {
            learning_rate: 0.0,
            until: None,
            ..self.clone()
        }
    }
}

impl Default for TrainingState {
    fn default() -> Self {
        TrainingState::defaults(DEFAULT_TASK)
    }
}

/// Something in the address bar that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The query key it is about.
    pub key: String,
    pub message: String,
}

impl Notice {
    /// `Ignored <key>=“<value>” from the address bar: <why>.`
    fn ignored(key: &str, value: &str, why: &str) -> Notice {
        let shown: String = if value.chars().count() > SHOWN_VALUE_CHARS {
            value.chars().take(SHOWN_VALUE_CHARS).chain(['…']).collect()
        } else {
            value.to_string()
        };
        Notice {
            key: key.to_string(),
            message: format!("Ignored {key}=“{shown}” from the address bar: {why}."),
        }
    }
}

/// The first value of `key` (as `URLSearchParams.get` does).
fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A whole number in `min..=max` from text (surrounding spaces allowed, nothing else).
fn parse_whole(text: &str, min: u64, max: u64) -> Option<u64> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|v| (min..=max).contains(v))
}

/// A learning rate from text: a finite number in `(0, MAX_LEARNING_RATE]`.
pub fn parse_learning_rate(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v <= MAX_LEARNING_RATE => Ok(v),
        _ => Err(format!(
            "the learning rate must be a number above 0 and at most {MAX_LEARNING_RATE}"
        )),
    }
}

/// SGD's momentum from text: a number in `[0, 1)`.
pub fn parse_momentum(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if (0.0..1.0).contains(&v) => Ok(v),
        _ => Err("the momentum must be a number from 0 up to (not including) 1".to_string()),
    }
}

/// Typed state from the query string's pairs (already percent-decoded), with a notice for every
/// value that could not be used. Unknown keys are ignored.
pub fn parse_training_state(pairs: &[(String, String)]) -> (TrainingState, Vec<Notice>) {
    let mut notices = Vec::new();
    let task = match first(pairs, TASK_KEY) {
        None => DEFAULT_TASK,
        Some(text) => Task::from_name(text.trim()).unwrap_or_else(|| {
            let names: Vec<&str> = Task::ALL.iter().map(|t| t.name()).collect();
            notices.push(Notice::ignored(
                TASK_KEY,
                text,
                &format!(
                    "the tasks are {}; training on {}",
                    names.join(", "),
                    DEFAULT_TASK.name()
                ),
            ));
            DEFAULT_TASK
        }),
    };
    let defaults = TrainingState::defaults(task);

    let functions = functions_from_pairs(pairs, &defaults, &mut notices);

    let mut whole = |key: &str, min: u64, max: u64, default: u64, what: &str| -> u64 {
        match first(pairs, key) {
            None => default,
            Some(text) => parse_whole(text, min, max).unwrap_or_else(|| {
                notices.push(Notice::ignored(
                    key,
                    text,
                    &format!("{what} must be a whole number from {min} to {max}; using {default}"),
                ));
                default
            }),
        }
    };
    let hidden_layers = whole(
        LAYERS_KEY,
        1,
        MAX_HIDDEN_LAYERS as u64,
        defaults.hidden_layers as u64,
        "the number of hidden layers",
    ) as usize;
    let width = whole(
        WIDTH_KEY,
        1,
        MAX_WIDTH as u64,
        defaults.width as u64,
        "the width",
    ) as usize;
    let batch_size = whole(
        BATCH_KEY,
        1,
        MAX_BATCH_SIZE as u64,
        defaults.batch_size as u64,
        "the batch size",
    ) as usize;
    let seed = whole(SEED_KEY, 0, MAX_SEED, defaults.seed, "the seed");
    let until = match first(pairs, UNTIL_KEY) {
        None => None,
        Some(text) => match parse_whole(text, 1, MAX_UNTIL) {
            Some(n) => Some(n),
            None => {
                notices.push(Notice::ignored(
                    UNTIL_KEY,
                    text,
                    &format!("it must be a whole number of steps from 1 to {MAX_UNTIL}; training until paused"),
                ));
                None
            }
        },
    };

    let learning_rate = match first(pairs, LEARNING_RATE_KEY) {
        None => defaults.learning_rate,
        Some(text) => parse_learning_rate(text).unwrap_or_else(|why| {
            notices.push(Notice::ignored(
                LEARNING_RATE_KEY,
                text,
                &format!("{why}; using {}", format_number(defaults.learning_rate)),
            ));
            defaults.learning_rate
        }),
    };
    let optimizer = match first(pairs, OPTIMIZER_KEY) {
        None => defaults.optimizer,
        Some(text) => Optimizer::from_name(text.trim()).unwrap_or_else(|| {
            notices.push(Notice::ignored(
                OPTIMIZER_KEY,
                text,
                &format!(
                    "the optimisers are sgd and adam; using {}",
                    defaults.optimizer.name()
                ),
            ));
            defaults.optimizer
        }),
    };
    let momentum = match first(pairs, MOMENTUM_KEY) {
        None => defaults.momentum,
        Some(text) => parse_momentum(text).unwrap_or_else(|why| {
            notices.push(Notice::ignored(
                MOMENTUM_KEY,
                text,
                &format!("{why}; using {}", format_number(defaults.momentum)),
            ));
            defaults.momentum
        }),
    };
    let loss = match first(pairs, LOSS_KEY) {
        None => defaults.loss,
        Some(text) => match LossKind::from_name(text.trim()) {
            Some(LossKind::CrossEntropy) if task.kind() != TaskKind::Classification => {
                notices.push(Notice::ignored(
                    LOSS_KEY,
                    text,
                    &format!(
                        "cross-entropy needs a classification task, not {}; using {}",
                        task.name(),
                        defaults.loss.name()
                    ),
                ));
                defaults.loss
            }
            Some(loss) => loss,
            None => {
                notices.push(Notice::ignored(
                    LOSS_KEY,
                    text,
                    &format!(
                        "the losses are mse and cross_entropy; using {}",
                        defaults.loss.name()
                    ),
                ));
                defaults.loss
            }
        },
    };

    let state = TrainingState {
        task,
        functions,
        hidden_layers,
        width,
        learning_rate,
        optimizer,
        momentum,
        batch_size,
        seed,
        loss,
        until,
    };
    (state, notices)
}

/// Whether the lab can train `spec` as a hidden activation.
pub fn is_trainable(spec: &nnfunc::FnSpec) -> bool {
    is_elementwise(spec)
}

/// `fn=` and the parameters of each chosen function; the task's defaults if none can be used.
fn functions_from_pairs(
    pairs: &[(String, String)],
    defaults: &TrainingState,
    notices: &mut Vec<Notice>,
) -> Vec<Params> {
    let Some(list) = first(pairs, FUNCTIONS_KEY) else {
        return defaults
            .functions
            .iter()
            .map(|p| params_from_pairs(p.spec, pairs, notices))
            .collect();
    };
    let mut chosen: Vec<&'static nnfunc::FnSpec> = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let why = match catalogue::find(name) {
            None => Some("there is no activation of that name".to_string()),
            Some(spec) if !is_trainable(spec) => Some(format!(
                "{} is not an elementwise activation and cannot be a hidden layer",
                spec.display
            )),
            Some(spec) if chosen.iter().any(|s| s.id == spec.id) => {
                Some("it is listed twice; trained once".to_string())
            }
            Some(_) if chosen.len() >= MAX_NETWORKS => Some(format!(
                "at most {MAX_NETWORKS} networks train side by side"
            )),
            Some(spec) => {
                chosen.push(spec);
                None
            }
        };
        if let Some(why) = why {
            notices.push(Notice::ignored(FUNCTIONS_KEY, name, &why));
        }
    }
    if chosen.is_empty() {
        let names: Vec<&str> = defaults.functions.iter().map(|p| p.spec.name).collect();
        notices.push(Notice::ignored(
            FUNCTIONS_KEY,
            list,
            &format!(
                "no activation in it can be trained; training {}",
                names.join(", ")
            ),
        ));
        return defaults.functions.clone();
    }
    chosen
        .into_iter()
        .map(|spec| params_from_pairs(spec, pairs, notices))
        .collect()
}

/// The parameters of `spec` from `<name>.<param>` keys; a refused value keeps its default.
fn params_from_pairs(
    spec: &'static nnfunc::FnSpec,
    pairs: &[(String, String)],
    notices: &mut Vec<Notice>,
) -> Params {
    let mut params = Params::defaults(spec);
    for param in spec.params {
        let key = param_key(spec.name, param);
        let Some(text) = first(pairs, &key) else {
            continue;
        };
        let before = params.clone();
        let result = match param.kind {
            ParamKind::Choice { .. } => params
                .set_choice(param.name, text.trim())
                .map_err(|e| e.to_string()),
            kind => match parse_value(kind, text) {
                Some(value) => params.set(param.name, value).map_err(|e| e.to_string()),
                None => Err(format!("it is not a valid value for {}", param.label)),
            },
        }
        // The network refuses some values each parameter alone accepts (SIREN's ω₀ = 0).
        .and_then(|()| {
            HiddenActivation::from_params(&params)
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
        if let Err(why) = result {
            notices.push(Notice::ignored(
                &key,
                text,
                &format!("{why}; using the default"),
            ));
            params = before;
        }
    }
    params
}

/// The query pairs that reproduce `state` (the inverse of [`parse_training_state`]).
pub fn to_query(state: &TrainingState) -> Vec<(String, String)> {
    let mut pairs = vec![
        (TASK_KEY.to_string(), state.task.name().to_string()),
        (
            FUNCTIONS_KEY.to_string(),
            state
                .functions
                .iter()
                .map(|p| p.spec.name)
                .collect::<Vec<_>>()
                .join(","),
        ),
    ];
    for params in &state.functions {
        for param in params.spec.params {
            if let Some(value) = params.get(param.name).and_then(url_value) {
                pairs.push((param_key(params.spec.name, param), value));
            }
        }
    }
    pairs.extend([
        (LAYERS_KEY.to_string(), state.hidden_layers.to_string()),
        (WIDTH_KEY.to_string(), state.width.to_string()),
        (
            LEARNING_RATE_KEY.to_string(),
            format_number(state.learning_rate),
        ),
        (
            OPTIMIZER_KEY.to_string(),
            state.optimizer.name().to_string(),
        ),
    ]);
    // SGD's momentum with SGD, or when not the default (Adam ignores it; the link keeps it).
    if state.optimizer == Optimizer::Sgd
        || state.momentum != TrainingState::defaults(state.task).momentum
    {
        pairs.push((MOMENTUM_KEY.to_string(), format_number(state.momentum)));
    }
    pairs.extend([
        (BATCH_KEY.to_string(), state.batch_size.to_string()),
        (SEED_KEY.to_string(), state.seed.to_string()),
        (LOSS_KEY.to_string(), state.loss.name().to_string()),
    ]);
    if let Some(until) = state.until {
        pairs.push((UNTIL_KEY.to_string(), until.to_string()));
    }
    pairs
}

/// Whether the lab writes `key` (so a stale one, e.g. of a function no longer trained, is removed).
pub fn is_own_key(key: &str) -> bool {
    if KEYS.contains(&key) {
        return true;
    }
    match key.split_once('.') {
        Some((function, param)) => functions()
            .any(|spec| spec.name == function && spec.params.iter().any(|p| p.name == param)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (p.to_string(), String::new()),
            })
            .collect()
    }

    #[track_caller]
    fn check_refused(query: &str, key: &str) -> TrainingState {
        let (state, notices) = parse_training_state(&pairs(query));
        assert!(
            notices.iter().any(|n| n.key == key
                && n.message.starts_with(&format!("Ignored {key}=“"))
                && n.message.contains("from the address bar: ")
                && n.message.ends_with('.')),
            "{query}: no notice for {key}: {notices:?}"
        );
        assert!(state.config().validate().is_ok(), "{query}: {state:?}");
        state
    }

    fn names(state: &TrainingState) -> Vec<&'static str> {
        state.functions.iter().map(|p| p.spec.name).collect()
    }

    #[test]
    fn no_keys_give_the_default_run() {
        let (state, notices) = parse_training_state(&[]);
        assert_eq!(state, TrainingState::default());
        assert!(notices.is_empty());
        assert!(state.config().validate().is_ok());
        assert_eq!(state.config(), LabConfig::defaults(DEFAULT_TASK));
    }

    #[test]
    fn every_task_defaults_to_its_own_config() {
        for task in Task::ALL {
            let (state, notices) = parse_training_state(&pairs(&format!("task={}", task.name())));
            assert!(notices.is_empty());
            assert_eq!(state.config(), LabConfig::defaults(task));
        }
    }

    #[test]
    fn reads_every_key() {
        let (state, notices) = parse_training_state(&pairs(
            "task=image&fn=sine,relu&sine.omega_0=20&layers=3&width=48&lr=0.002&optimizer=sgd&momentum=0.5&batch=512&seed=7&loss=mse&until=100&other=x",
        ));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(state.momentum, 0.5);
        assert_eq!(state.config().momentum, 0.5);
        assert_eq!(state.task, Task::Image);
        assert_eq!(names(&state), ["sine", "relu"]);
        assert_eq!(state.functions[0].real("omega_0"), 20.0);
        assert_eq!(
            (
                state.hidden_layers,
                state.width,
                state.batch_size,
                state.seed
            ),
            (3, 48, 512, 7)
        );
        assert_eq!(state.learning_rate, 0.002);
        assert_eq!(state.optimizer, Optimizer::Sgd);
        assert_eq!(state.loss, LossKind::Mse);
        assert_eq!(state.until, Some(100));
    }

    #[test]
    fn round_trips_through_the_query() {
        let (state, _) = parse_training_state(&pairs(
            "task=blobs&fn=prelu,leaky_relu,elu,tanh&leaky_relu.negative_slope=0.2&prelu.weight=0.1&lr=0.0004&loss=mse&until=5",
        ));
        let (again, notices) = parse_training_state(&to_query(&state));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(again, state);
        // SGD's momentum: written with SGD (and with Adam only when not the default).
        for query in [
            "optimizer=sgd&momentum=0",
            "optimizer=sgd",
            "optimizer=adam&momentum=0.25",
        ] {
            let (state, notices) = parse_training_state(&pairs(query));
            assert!(notices.is_empty(), "{query}: {notices:?}");
            let written = to_query(&state);
            assert!(
                written.iter().any(|(k, _)| k == MOMENTUM_KEY),
                "{query}: {written:?}"
            );
            assert_eq!(parse_training_state(&written).0, state, "{query}");
        }
        let (adam, _) = parse_training_state(&pairs("optimizer=adam"));
        assert!(!to_query(&adam).iter().any(|(k, _)| k == MOMENTUM_KEY));
        assert_eq!(again.learning_rate, 0.0004);
        for (key, _) in to_query(&state) {
            assert!(is_own_key(&key), "{key}");
        }
        assert!(!is_own_key("view") && !is_own_key("deriv") && !is_own_key("sine.nope"));
    }

    #[test]
    fn refuses_garbage_with_a_notice_naming_the_key() {
        for bad in [
            "NaN",
            "Infinity",
            "-Infinity",
            "",
            "1e999",
            "99999999999999999999999999",
            "-1",
            "0",
            "1.5",
            "ünï©ødé",
            "<script>alert(1)</script>",
            "0x10",
        ] {
            let defaults = TrainingState::default();
            for key in [LAYERS_KEY, WIDTH_KEY, BATCH_KEY, UNTIL_KEY] {
                let state = check_refused(&format!("{key}={bad}"), key);
                assert_eq!(state.hidden_layers, defaults.hidden_layers);
                assert_eq!(state.width, defaults.width);
                assert_eq!(state.batch_size, defaults.batch_size);
                assert_eq!(state.until, None);
            }
            if bad != "0" && bad != "1.5" {
                // 0 is a valid seed, 1.5 a valid learning rate.
                let state = check_refused(&format!("{SEED_KEY}={bad}"), SEED_KEY);
                assert_eq!(state.seed, defaults.seed);
            }
            if !matches!(bad, "1.5") {
                let state = check_refused(&format!("{LEARNING_RATE_KEY}={bad}"), LEARNING_RATE_KEY);
                assert_eq!(state.learning_rate, defaults.learning_rate);
            }
            if !matches!(bad, "0") {
                let state = check_refused(&format!("{MOMENTUM_KEY}={bad}"), MOMENTUM_KEY);
                assert_eq!(state.momentum, defaults.momentum);
            }
            for key in [TASK_KEY, OPTIMIZER_KEY, LOSS_KEY, FUNCTIONS_KEY] {
                check_refused(&format!("{key}={bad}"), key);
            }
            // Any finite ω₀ other than 0 is a valid frequency.
            if !matches!(bad, "-1" | "1.5" | "99999999999999999999999999") {
                check_refused(&format!("task=image&sine.omega_0={bad}"), "sine.omega_0");
            }
        }
    }

    #[test]
    fn refuses_values_outside_the_labs_limits() {
        check_refused("layers=6", LAYERS_KEY);
        check_refused("width=257", WIDTH_KEY);
        check_refused("batch=4097", BATCH_KEY);
        check_refused("lr=10.5", LEARNING_RATE_KEY);
        check_refused("seed=9007199254740992", SEED_KEY);
        check_refused("momentum=1", MOMENTUM_KEY);
        check_refused("momentum=-0.1", MOMENTUM_KEY);
        // Cross-entropy is for classification only.
        let state = check_refused("task=sine&loss=cross_entropy", LOSS_KEY);
        assert_eq!(state.loss, LossKind::Mse);
        // SIREN's ω₀ = 0 is accepted by the catalogue but not by a network.
        let state = check_refused("task=image&sine.omega_0=0", "sine.omega_0");
        assert_eq!(state.functions[2].real("omega_0"), 30.0);
        // Accepted edges.
        let (state, notices) = parse_training_state(&pairs(
            "layers=5&width=256&batch=4096&lr=10&seed=9007199254740991",
        ));
        assert!(notices.is_empty(), "{notices:?}");
        assert!(state.config().validate().is_ok());
    }

    #[test]
    fn the_function_list_keeps_what_it_can() {
        let (state, notices) =
            parse_training_state(&pairs("fn=relu,softmax,nope,relu,tanh,elu,gelu,selu"));
        assert_eq!(names(&state), ["relu", "tanh", "elu", "gelu"]);
        let refused: Vec<&str> = notices.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(refused.len(), 4, "{refused:?}");
        assert!(refused.iter().all(|m| m.starts_with("Ignored fn=“")));
        assert!(refused[0].contains("softmax") || refused[0].contains("Softmax"));
        // Nothing usable: the task's defaults.
        let (state, notices) = parse_training_state(&pairs("task=image&fn=mse_loss,,"));
        assert_eq!(names(&state), ["relu", "tanh", "sine"]);
        assert_eq!(notices.len(), 2);
        // Spaces and empty entries are tolerated.
        let (state, notices) = parse_training_state(&pairs("fn= tanh ,,relu"));
        assert_eq!(names(&state), ["tanh", "relu"]);
        assert!(notices.is_empty());
    }

    #[test]
    fn notices_shorten_huge_values_and_keep_markup_as_text() {
        let huge = "9".repeat(100_000);
        let state = check_refused(&format!("width={huge}"), WIDTH_KEY);
        assert_eq!(state.width, TrainingState::default().width);
        let (_, notices) = parse_training_state(&pairs(&format!("width={huge}")));
        assert!(notices[0].message.chars().count() < 200);
        let (_, notices) = parse_training_state(&pairs("task=<b>x</b>"));
        assert!(notices[0].message.contains("task=“<b>x</b>”"));
    }

    #[test]
    fn a_new_task_brings_its_defaults_and_keeps_the_seed() {
        let (state, _) = parse_training_state(&pairs("task=sine&seed=3&width=8&until=9"));
        let image = state.with_task(Task::Image);
        assert_eq!(image.seed, 3);
        assert_eq!(image.until, Some(9));
        assert_eq!(image.width, TrainingState::defaults(Task::Image).width);
        assert_eq!(image.loss, LossKind::Mse);
        assert!(image.config().validate().is_ok());
    }

    #[test]
    fn every_trainable_function_builds_a_lab_config() {
        for spec in functions().filter(|s| is_trainable(s)) {
            let state = TrainingState {
                functions: vec![Params::defaults(spec)],
                ..TrainingState::default()
            };
            assert!(state.config().validate().is_ok(), "{}", spec.name);
        }
    }
}
