//! The training lab's state as plain data, and its address-bar codec ([`UrlState`]: query pairs
//! become that state and back). Pure: no browser, natively tested (`state/tests.rs`).
//!
//! URL keys (all other keys are ignored here):
//! - `task` — `sine`, `step`, `sawtooth`, `noisy`, `spirals`, `circles`, `xor`, `blobs`, `image`;
//!   the task also decides the defaults of every other key ([`LabConfig::defaults`]);
//! - `fn` — the trained activations, catalogue names, at most [`MAX_NETWORKS`], e.g. `relu,tanh`;
//! - `<function>.<parameter>` — a parameter of a trained activation, e.g. `sine.omega_0=30`;
//! - `layers`, `width`, `lr`, `optimizer` (`sgd`/`adam`), `batch`, `seed`, `loss` (`mse`,
//!   `cross_entropy`: classification only);
//! - `until` — stop (pause) after exactly this many steps: a run that ends at the same step every
//!   time, for a lecture slide or a test (absent: train until paused);
//! - `data` — the student's points of `own_curve` / `own_points`, compactly ([`own`]); absent (or
//!   too long for a link), the task's starter points.
//!
//! A refused value keeps its default and produces a [`Notice`] that names it as
//! `Ignored <key>=“<value>” from the address bar: <why>.`; nothing here can panic.

use nnfunc::catalogue::{self, ParamKind};
use nnfunc::train::{
    HiddenActivation, LabConfig, LossKind, Optimizer, OwnPoint, Task, TaskKind, MAX_BATCH_SIZE,
    MAX_HIDDEN_LAYERS, MAX_LEARNING_RATE, MAX_NETWORKS, MAX_WIDTH,
};
use nnfunc::Params;

use crate::elementwise::{self, is_elementwise, FUNCTIONS_KEY};
use crate::url::codec::parse_param_value as parse_value;
use crate::url::{first, format_number, param_key, Notice, Pairs, Reader, UrlState};

pub const TASK_KEY: &str = "task";
pub const LAYERS_KEY: &str = "layers";
pub const WIDTH_KEY: &str = "width";
pub const LEARNING_RATE_KEY: &str = "lr";
pub const OPTIMIZER_KEY: &str = "optimizer";
pub const MOMENTUM_KEY: &str = "momentum";
pub const BATCH_KEY: &str = "batch";
pub const SEED_KEY: &str = "seed";
pub const LOSS_KEY: &str = "loss";
pub const UNTIL_KEY: &str = "until";
pub const DATA_KEY: &str = "data";

/// The keys this view owns besides `<function>.<parameter>`.
pub const KEYS: [&str; 12] = [
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
    DATA_KEY,
];

/// The task without `task=`.
pub const DEFAULT_TASK: Task = Task::Spirals;
/// The largest seed: a whole number a JavaScript number (the seed box) holds exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// The largest `until`.
pub const MAX_UNTIL: u64 = 1_000_000_000;

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
    /// The student's points (own tasks only; empty for the others), kept to 3 decimals.
    pub own: Vec<OwnPoint>,
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
            own: config.own,
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
            own: self.own.clone(),
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

impl TrainingState {
    /// The own points as the link writes them, `None` when too many for a link.
    pub fn link_data(&self) -> Option<String> {
        own::encode(self.task, &self.own)
    }
}

impl Default for TrainingState {
    fn default() -> Self {
        TrainingState::defaults(DEFAULT_TASK)
    }
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
    match crate::url::parse_number(text.trim()) {
        Some(v) if v > 0.0 && v <= MAX_LEARNING_RATE => Ok(v),
        _ => Err(format!(
            "the learning rate must be a number above 0 and at most {MAX_LEARNING_RATE}"
        )),
    }
}

/// SGD's momentum from text: a number in `[0, 1)`.
pub fn parse_momentum(text: &str) -> Result<f64, String> {
    match crate::url::parse_number(text.trim()) {
        Some(v) if (0.0..1.0).contains(&v) => Ok(v),
        _ => Err("the momentum must be a number from 0 up to (not including) 1".to_string()),
    }
}

/// A whole number in `min..=max` for `key`, `what` naming it in the notice.
fn whole(
    read: &mut Reader,
    key: &str,
    (min, max): (usize, usize),
    default: usize,
    what: &str,
) -> usize {
    read.value(key, default, |text| {
        parse_whole(text, min as u64, max as u64)
            .map(|v| v as usize)
            .ok_or_else(|| {
                format!("{what} must be a whole number from {min} to {max}; using {default}")
            })
    })
}

impl UrlState for TrainingState {
    /// The keys the lab writes, and every `<function>.<parameter>` of a catalogue function (so a
    /// stale one, e.g. of a function no longer trained, is removed).
    fn owns(key: &str) -> bool {
        KEYS.contains(&key) || crate::elementwise::is_param_key(key)
    }

    /// Typed state from the query string's pairs (already percent-decoded), with a notice for
    /// every value that could not be used. Unknown keys are ignored.
    fn from_pairs(pairs: &Pairs) -> (Self, Vec<Notice>) {
        let mut read = Reader::new(pairs);
        let task = read.value(TASK_KEY, DEFAULT_TASK, |text| {
            Task::from_name(text.trim()).ok_or_else(|| {
                let names: Vec<&str> = Task::ALL.iter().map(|t| t.name()).collect();
                format!(
                    "the tasks are {}; training on {}",
                    names.join(", "),
                    DEFAULT_TASK.name()
                )
            })
        });
        let defaults = TrainingState::defaults(task);
        let functions = functions_from_pairs(pairs, &defaults, &mut read.notices);
        let hidden_layers = whole(
            &mut read,
            LAYERS_KEY,
            (1, MAX_HIDDEN_LAYERS),
            defaults.hidden_layers,
            "the number of hidden layers",
        );
        let width = whole(
            &mut read,
            WIDTH_KEY,
            (1, MAX_WIDTH),
            defaults.width,
            "the width",
        );
        let batch_size = whole(
            &mut read,
            BATCH_KEY,
            (1, MAX_BATCH_SIZE),
            defaults.batch_size,
            "the batch size",
        );
        let seed = read.value(SEED_KEY, defaults.seed, |text| {
            parse_whole(text, 0, MAX_SEED).ok_or_else(|| {
                format!(
                    "the seed must be a whole number from 0 to {MAX_SEED}; using {}",
                    defaults.seed
                )
            })
        });
        let until = read.value(UNTIL_KEY, None, |text| {
            parse_whole(text, 1, MAX_UNTIL).map(Some).ok_or_else(|| {
                format!("it must be a whole number of steps from 1 to {MAX_UNTIL}; training until paused")
            })
        });
        let using = |why: String, default: f64| format!("{why}; using {}", format_number(default));
        let learning_rate = read.value(LEARNING_RATE_KEY, defaults.learning_rate, |text| {
            parse_learning_rate(text).map_err(|why| using(why, defaults.learning_rate))
        });
        let optimizer = read.value(OPTIMIZER_KEY, defaults.optimizer, |text| {
            Optimizer::from_name(text.trim()).ok_or_else(|| {
                format!(
                    "the optimisers are sgd and adam; using {}",
                    defaults.optimizer.name()
                )
            })
        });
        let momentum = read.value(MOMENTUM_KEY, defaults.momentum, |text| {
            parse_momentum(text).map_err(|why| using(why, defaults.momentum))
        });
        let loss = read.value(LOSS_KEY, defaults.loss, |text| {
            match LossKind::from_name(text.trim()) {
                Some(LossKind::CrossEntropy) if task.kind() != TaskKind::Classification => {
                    Err(format!(
                        "cross-entropy needs a classification task, not {}; using {}",
                        task.name(),
                        defaults.loss.name()
                    ))
                }
                Some(loss) => Ok(loss),
                None => Err(format!(
                    "the losses are mse and cross_entropy; using {}",
                    defaults.loss.name()
                )),
            }
        });
        let own = if task.is_own() {
            read.value(DATA_KEY, defaults.own.clone(), |text| {
                own::decode(task, text.trim())
                    .map_err(|why| format!("{why}; using the starter points"))
            })
        } else {
            read.value(DATA_KEY, Vec::new(), |_| {
                Err::<Vec<OwnPoint>, _>(format!("{} has its own data", task.label()))
            })
        };
        let state = TrainingState {
            own,
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
        (state, read.notices)
    }

    /// The query pairs that reproduce the state.
    fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = vec![(TASK_KEY.to_string(), self.task.name().to_string())];
        pairs.extend(elementwise::to_pairs(&self.functions));
        pairs.extend([
            (LAYERS_KEY.to_string(), self.hidden_layers.to_string()),
            (WIDTH_KEY.to_string(), self.width.to_string()),
            (
                LEARNING_RATE_KEY.to_string(),
                format_number(self.learning_rate),
            ),
            (OPTIMIZER_KEY.to_string(), self.optimizer.name().to_string()),
        ]);
        // SGD's momentum with SGD, or when not the default (Adam ignores it; the link keeps it).
        if self.optimizer == Optimizer::Sgd
            || self.momentum != TrainingState::defaults(self.task).momentum
        {
            pairs.push((MOMENTUM_KEY.to_string(), format_number(self.momentum)));
        }
        pairs.extend([
            (BATCH_KEY.to_string(), self.batch_size.to_string()),
            (SEED_KEY.to_string(), self.seed.to_string()),
            (LOSS_KEY.to_string(), self.loss.name().to_string()),
        ]);
        if let Some(until) = self.until {
            pairs.push((UNTIL_KEY.to_string(), until.to_string()));
        }
        if let (true, Some(data)) = (self.task.is_own(), self.link_data()) {
            pairs.push((DATA_KEY.to_string(), data));
        }
        pairs
    }
}

/// Whether the lab can train `spec` as a hidden activation.
pub fn is_trainable(spec: &nnfunc::FnSpec) -> bool {
    is_elementwise(spec)
}

/// `fn=` and the parameters of each chosen function; the task's defaults if none can be used.
fn functions_from_pairs(
    pairs: &Pairs,
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
            format!(
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
    pairs: &Pairs,
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
                format!("{why}; using the default"),
            ));
            params = before;
        }
    }
    params
}

pub mod own;
#[cfg(test)]
mod tests;
