//! The messages between the page and the training worker, as plain data with their encodings
//! (pure: natively tested; the worker crate and the view only move them across `postMessage`).
//!
//! - Page → worker: a [`Command`] as one line of text ([`Command::encode`] / [`Command::decode`]);
//!   a configuration travels inside it as `key=value` fields separated by `;`
//!   ([`encode_config`] / [`decode_config`]), numbers printed with `{}` (shortest text that
//!   round-trips an `f64`).
//! - Worker → page: a [`Report`] as one flat `f64` array ([`Report::encode`] /
//!   [`Report::decode`]), sent as a transferred `Float64Array`: the loss histories (≤ 2,000 points
//!   per network) and the figures' numbers need no text round trip.
//!
//! Decoding never panics: a malformed message is an `Err` naming what was wrong.

use crate::params::{Params, Value};
use crate::tensor::Tensor;

use super::{LabConfig, LossKind, Optimizer, OwnPoint, Task};

/// What the page asks the worker to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Build a fresh run of this configuration (paused at step 0); `generation` tags every report
    /// about it, so the page can drop reports about an older run.
    Configure {
        generation: u64,
        config: LabConfig,
    },
    /// Change the learning rate of the current run from the next step on.
    LearningRate(f64),
    /// Train until paused, until every network diverged, or until the `Until` step.
    Play,
    Pause,
    /// Pause and take exactly one step.
    Step,
    /// Back to step 0 of the same configuration (paused).
    Reset,
    /// Pause (and report) when this many steps are reached.
    Until(Option<u64>),
    /// Send a report now, with the figures' data and/or the data-set numbers if asked.
    Report {
        figures: bool,
        numbers: bool,
    },
    /// Run the fixed benchmark workload ([`super::bench`]) and report its rounds' steps per second.
    Bench,
}

impl Command {
    /// One line of text.
    pub fn encode(&self) -> String {
        match self {
            Command::Configure { generation, config } => {
                format!("configure {generation} {}", encode_config(config))
            }
            Command::LearningRate(lr) => format!("lr {lr}"),
            Command::Play => "play".into(),
            Command::Pause => "pause".into(),
            Command::Step => "step".into(),
            Command::Reset => "reset".into(),
            Command::Until(None) => "until none".into(),
            Command::Until(Some(n)) => format!("until {n}"),
            Command::Report { figures, numbers } => {
                format!("report {} {}", u8::from(*figures), u8::from(*numbers))
            }
            Command::Bench => "bench".into(),
        }
    }

    pub fn decode(text: &str) -> Result<Command, String> {
        let (verb, rest) = text.split_once(' ').unwrap_or((text, ""));
        let flag = |s: &str| match s {
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err(format!("expected 0 or 1, got “{s}”")),
        };
        Ok(match verb {
            "configure" => {
                let (generation, config) = rest.split_once(' ').unwrap_or((rest, ""));
                Command::Configure {
                    generation: generation
                        .parse()
                        .map_err(|_| format!("bad generation “{generation}”"))?,
                    config: decode_config(config)?,
                }
            }
            "lr" => Command::LearningRate(
                rest.parse()
                    .map_err(|_| format!("bad learning rate “{rest}”"))?,
            ),
            "play" => Command::Play,
            "pause" => Command::Pause,
            "step" => Command::Step,
            "reset" => Command::Reset,
            "until" if rest == "none" => Command::Until(None),
            "until" => Command::Until(Some(
                rest.parse().map_err(|_| format!("bad step “{rest}”"))?,
            )),
            "report" => {
                let (f, n) = rest.split_once(' ').unwrap_or((rest, ""));
                Command::Report {
                    figures: flag(f)?,
                    numbers: flag(n)?,
                }
            }
            "bench" => Command::Bench,
            _ => return Err(format!("unknown command “{verb}”")),
        })
    }
}

/// A parameter value as text: `r:<f64>`, `i:<i64>|none`, `b:0|1`, `c:<choice>`,
/// `t:none` or `t:<shape, comma-separated>/<data, comma-separated>`.
fn encode_value(value: &Value) -> String {
    let join = |v: &[f64]| v.iter().map(f64::to_string).collect::<Vec<_>>().join(",");
    match value {
        Value::Real(v) => format!("r:{v}"),
        Value::Int(Some(v)) => format!("i:{v}"),
        Value::Int(None) => "i:none".into(),
        Value::Bool(b) => format!("b:{}", u8::from(*b)),
        Value::Choice(c) => format!("c:{c}"),
        Value::Tensor(None) => "t:none".into(),
        Value::Tensor(Some(t)) => {
            let shape: Vec<String> = t.shape.iter().map(usize::to_string).collect();
            format!("t:{}/{}", shape.join(","), join(&t.data))
        }
    }
}

fn numbers<T: std::str::FromStr>(text: &str) -> Result<Vec<T>, String> {
    items(text, |s| s.parse().map_err(|_| format!("bad number “{s}”")))
}

/// The student's points as `x:y:class` separated by commas (numbers printed with `{}`).
fn encode_own(points: &[OwnPoint]) -> String {
    let point = |p: &OwnPoint| format!("{}:{}:{}", p.x, p.y, p.class);
    points.iter().map(point).collect::<Vec<_>>().join(",")
}

/// The inverse of [`encode_own`] (not checked: see [`super::own::check`]).
fn decode_own(text: &str) -> Result<Vec<OwnPoint>, String> {
    items(text, |p| {
        let mut parts = p.split(':');
        let (Some(x), Some(y), Some(class), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("bad point “{p}”"));
        };
        let real = |v: &str| v.parse::<f64>().map_err(|_| format!("bad number “{v}”"));
        let class = class.parse().map_err(|_| format!("bad class “{class}”"))?;
        Ok(OwnPoint::new(real(x)?, real(y)?, class))
    })
}

/// `text`'s comma-separated items through `item` (none for an empty text).
fn items<T>(text: &str, item: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(',').map(item).collect()
}

/// Set `name` of `params` from [`encode_value`]'s text.
fn decode_value(params: &mut Params, name: &str, text: &str) -> Result<(), String> {
    let (kind, body) = text
        .split_once(':')
        .ok_or_else(|| format!("bad value “{text}”"))?;
    let value = match kind {
        "r" => Value::Real(body.parse().map_err(|_| format!("bad number “{body}”"))?),
        "i" if body == "none" => Value::Int(None),
        "i" => Value::Int(Some(
            body.parse().map_err(|_| format!("bad integer “{body}”"))?,
        )),
        "b" => Value::Bool(body == "1"),
        "c" => return params.set_choice(name, body).map_err(|e| e.to_string()),
        "t" if body == "none" => Value::Tensor(None),
        "t" => {
            let (shape, data) = body
                .split_once('/')
                .ok_or_else(|| format!("bad tensor “{body}”"))?;
            let tensor = Tensor::new(numbers(shape)?, numbers(data)?).map_err(|e| e.to_string())?;
            Value::Tensor(Some(tensor))
        }
        _ => return Err(format!("bad value “{text}”")),
    };
    params.set(name, value).map_err(|e| e.to_string())
}

/// A configuration as `key=value` fields joined by `;`. Each network is a field
/// `fn=<name>` followed by its parameters as `p=<parameter>=<value>`.
pub fn encode_config(config: &LabConfig) -> String {
    let mut fields = vec![
        format!("task={}", config.task.name()),
        format!("layers={}", config.hidden_layers),
        format!("width={}", config.width),
        format!("lr={}", config.learning_rate),
        format!("optimizer={}", config.optimizer.name()),
        format!("momentum={}", config.momentum),
        format!("batch={}", config.batch_size),
        format!("seed={}", config.seed),
        format!("loss={}", config.loss.name()),
    ];
    if !config.own.is_empty() {
        fields.push(format!("own={}", encode_own(&config.own)));
    }
    for params in &config.activations {
        fields.push(format!("fn={}", params.spec.name));
        for param in params.spec.params {
            if let Some(value) = params.get(param.name) {
                fields.push(format!("p={}={}", param.name, encode_value(value)));
            }
        }
    }
    fields.join(";")
}

/// The inverse of [`encode_config`]; the result is not validated (see [`LabConfig::validate`]).
pub fn decode_config(text: &str) -> Result<LabConfig, String> {
    let mut config = LabConfig::defaults(Task::Spirals);
    config.activations.clear();
    config.own.clear();
    let int = |v: &str| {
        v.parse::<u64>()
            .map_err(|_| format!("bad whole number “{v}”"))
    };
    let real = |v: &str| v.parse::<f64>().map_err(|_| format!("bad number “{v}”"));
    for field in text.split(';').filter(|f| !f.is_empty()) {
        let (key, value) = field
            .split_once('=')
            .ok_or_else(|| format!("bad field “{field}”"))?;
        match key {
            "task" => {
                config.task =
                    Task::from_name(value).ok_or_else(|| format!("unknown task “{value}”"))?
            }
            "layers" => config.hidden_layers = int(value)? as usize,
            "width" => config.width = int(value)? as usize,
            "lr" => config.learning_rate = real(value)?,
            "optimizer" => {
                config.optimizer = Optimizer::from_name(value)
                    .ok_or_else(|| format!("unknown optimizer “{value}”"))?
            }
            "momentum" => config.momentum = real(value)?,
            "batch" => config.batch_size = int(value)? as usize,
            "seed" => config.seed = int(value)?,
            "loss" => {
                config.loss =
                    LossKind::from_name(value).ok_or_else(|| format!("unknown loss “{value}”"))?
            }
            "own" => config.own = decode_own(value)?,
            "fn" => {
                let spec = crate::catalogue::find(value)
                    .ok_or_else(|| format!("unknown function “{value}”"))?;
                config.activations.push(Params::defaults(spec));
            }
            "p" => {
                let (name, text) = value
                    .split_once('=')
                    .ok_or_else(|| format!("bad parameter “{value}”"))?;
                let params = config
                    .activations
                    .last_mut()
                    .ok_or_else(|| format!("parameter “{name}” before any fn"))?;
                decode_value(params, name, text)?;
            }
            _ => return Err(format!("unknown field “{key}”")),
        }
    }
    Ok(config)
}

/// Why a run paused by itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stop {
    /// Every network diverged.
    Diverged,
    /// The `until` step was reached.
    Until(u64),
}

/// One network's part of a [`Report`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetworkReport {
    /// The loss history's points (see [`super::LossHistory`]).
    pub history: Vec<(u64, f64)>,
    pub last_loss: Option<f64>,
    pub diverged_at: Option<u64>,
}

/// Each network's loss over the whole data set and its fraction of dead units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Numbers {
    pub dataset_losses: Vec<f64>,
    pub dead: Vec<f64>,
}

/// What the worker tells the page about the run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// The [`Command::Configure`] this run came from.
    pub generation: u64,
    /// False when the configuration was refused (no run).
    pub has_run: bool,
    pub steps: u64,
    pub running: bool,
    /// Set when the run paused by itself since the last report.
    pub stop: Option<Stop>,
    /// Milliseconds per step: measured while training, else estimated from the network's size.
    pub step_ms: f64,
    /// Steps per second over the last half second of training (None when not measured).
    pub rate: Option<f64>,
    pub networks: Vec<NetworkReport>,
    /// Per network, the figure's data: the fitted curve ([`super::Network::predict_curve`]), the
    /// decision map's probabilities ([`super::DecisionMap::probabilities`]) or the reconstructed
    /// image ([`super::Network::reconstruct`]), as the task asks.
    pub figures: Option<Vec<Vec<f64>>>,
    pub numbers: Option<Numbers>,
    /// Steps per second of each finished benchmark round.
    pub bench: Vec<f64>,
}

/// Bit of `flags` in an encoded report.
const HAS_RUN: u32 = 1;
const RUNNING: u32 = 2;
const HAS_FIGURES: u32 = 4;
const HAS_NUMBERS: u32 = 8;
/// Marks an encoded report (and its layout version).
const MAGIC: f64 = 7_201.0;

fn option(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}

fn from_option(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// Reads an encoded report front to back.
struct Reader<'a> {
    data: &'a [f64],
    at: usize,
}

impl Reader<'_> {
    fn f64(&mut self) -> Result<f64, String> {
        let v = self
            .data
            .get(self.at)
            .copied()
            .ok_or_else(|| format!("report ends early, at {}", self.at))?;
        self.at += 1;
        Ok(v)
    }

    /// A count or step: a whole number an f64 holds exactly.
    fn whole(&mut self) -> Result<u64, String> {
        let v = self.f64()?;
        if v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_992.0 {
            Ok(v as u64)
        } else {
            Err(format!(
                "expected a whole number at {}, got {v}",
                self.at - 1
            ))
        }
    }

    fn len(&mut self) -> Result<usize, String> {
        let n = self.whole()? as usize;
        if n > self.data.len() - self.at {
            return Err(format!("length {n} at {} runs past the end", self.at - 1));
        }
        Ok(n)
    }

    fn slice(&mut self) -> Result<Vec<f64>, String> {
        let n = self.len()?;
        let v = self.data[self.at..self.at + n].to_vec();
        self.at += n;
        Ok(v)
    }

    fn optional_step(&mut self) -> Result<Option<u64>, String> {
        let v = self.f64()?;
        if v.is_nan() {
            Ok(None)
        } else {
            self.at -= 1;
            self.whole().map(Some)
        }
    }
}

impl Report {
    /// The report as one flat array (see [`Report::decode`]).
    pub fn encode(&self) -> Vec<f64> {
        let mut flags = 0;
        if self.has_run {
            flags |= HAS_RUN;
        }
        if self.running {
            flags |= RUNNING;
        }
        if self.figures.is_some() {
            flags |= HAS_FIGURES;
        }
        if self.numbers.is_some() {
            flags |= HAS_NUMBERS;
        }
        let (stop_kind, stop_step) = match self.stop {
            None => (0.0, 0.0),
            Some(Stop::Diverged) => (1.0, 0.0),
            Some(Stop::Until(n)) => (2.0, n as f64),
        };
        let mut out = vec![
            MAGIC,
            self.generation as f64,
            f64::from(flags),
            self.steps as f64,
            stop_kind,
            stop_step,
            self.step_ms,
            option(self.rate),
            self.networks.len() as f64,
        ];
        for n in &self.networks {
            out.push(option(n.last_loss));
            out.push(n.diverged_at.map_or(f64::NAN, |s| s as f64));
            out.push(n.history.len() as f64);
            for &(step, loss) in &n.history {
                out.push(step as f64);
                out.push(loss);
            }
        }
        if let Some(figures) = &self.figures {
            out.push(figures.len() as f64);
            for f in figures {
                out.push(f.len() as f64);
                out.extend_from_slice(f);
            }
        }
        if let Some(numbers) = &self.numbers {
            for v in [&numbers.dataset_losses, &numbers.dead] {
                out.push(v.len() as f64);
                out.extend_from_slice(v);
            }
        }
        out.push(self.bench.len() as f64);
        out.extend_from_slice(&self.bench);
        out
    }

    pub fn decode(data: &[f64]) -> Result<Report, String> {
        let mut r = Reader { data, at: 0 };
        if r.f64()? != MAGIC {
            return Err("not a training report".into());
        }
        let generation = r.whole()?;
        let flags = r.whole()? as u32;
        let steps = r.whole()?;
        let stop = match r.whole()? {
            0 => {
                r.f64()?;
                None
            }
            1 => {
                r.f64()?;
                Some(Stop::Diverged)
            }
            2 => Some(Stop::Until(r.whole()?)),
            k => return Err(format!("unknown stop {k}")),
        };
        let step_ms = r.f64()?;
        let rate = from_option(r.f64()?);
        let count = r.len()?;
        let mut networks = Vec::with_capacity(count);
        for _ in 0..count {
            let last_loss = from_option(r.f64()?);
            let diverged_at = r.optional_step()?;
            let points = r.whole()? as usize;
            if points > (data.len() - r.at) / 2 {
                return Err("a history runs past the end".into());
            }
            let mut history = Vec::with_capacity(points);
            for _ in 0..points {
                history.push((r.whole()?, r.f64()?));
            }
            networks.push(NetworkReport {
                history,
                last_loss,
                diverged_at,
            });
        }
        let figures = if flags & HAS_FIGURES != 0 {
            let n = r.len()?;
            Some((0..n).map(|_| r.slice()).collect::<Result<Vec<_>, _>>()?)
        } else {
            None
        };
        let numbers = if flags & HAS_NUMBERS != 0 {
            Some(Numbers {
                dataset_losses: r.slice()?,
                dead: r.slice()?,
            })
        } else {
            None
        };
        let bench = r.slice()?;
        if r.at != data.len() {
            return Err(format!("{} numbers after the report", data.len() - r.at));
        }
        Ok(Report {
            generation,
            has_run: flags & HAS_RUN != 0,
            steps,
            running: flags & RUNNING != 0,
            stop,
            step_ms,
            rate,
            networks,
            figures,
            numbers,
            bench,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;

    fn config_with_params() -> LabConfig {
        let mut config = LabConfig::defaults(Task::Circles);
        let mut leaky = Params::defaults(catalogue::find("leaky_relu").expect("in the catalogue"));
        leaky
            .set("negative_slope", Value::Real(0.1 + 0.2))
            .expect("accepted");
        let mut sine = Params::defaults(catalogue::find("sine").expect("in the catalogue"));
        sine.set("omega_0", Value::Real(30.0 + 1e-12))
            .expect("accepted");
        config.activations = vec![
            leaky,
            sine,
            Params::defaults(catalogue::find("prelu").expect("in the catalogue")),
        ];
        config.learning_rate = 1.0 / 3.0;
        config.momentum = 0.123_456_789_012_345_67;
        config.seed = (1 << 53) - 1;
        config.optimizer = Optimizer::Sgd;
        config.loss = LossKind::Mse;
        config
    }

    fn own_config() -> LabConfig {
        let mut config = LabConfig::defaults(Task::OwnPoints);
        config.own = vec![
            OwnPoint::new(0.1 + 0.2, -1.0 / 3.0, 2),
            OwnPoint::new(-1.0, 1e-300, 0),
        ];
        config
    }

    #[test]
    fn configs_round_trip_bit_for_bit() {
        for config in Task::ALL.into_iter().map(LabConfig::defaults).chain([
            config_with_params(),
            super::super::bench::workload(),
            own_config(),
        ]) {
            let text = encode_config(&config);
            assert_eq!(decode_config(&text), Ok(config.clone()), "{text}");
            let command = Command::Configure {
                generation: 42,
                config,
            };
            assert_eq!(Command::decode(&command.encode()), Ok(command));
        }
    }

    #[test]
    fn every_command_round_trips() {
        for command in [
            Command::LearningRate(1e-4),
            Command::LearningRate(0.1 + 0.2),
            Command::Play,
            Command::Pause,
            Command::Step,
            Command::Reset,
            Command::Until(None),
            Command::Until(Some(0)),
            Command::Until(Some(1_000_000)),
            Command::Report {
                figures: true,
                numbers: false,
            },
            Command::Report {
                figures: false,
                numbers: true,
            },
            Command::Bench,
        ] {
            assert_eq!(Command::decode(&command.encode()), Ok(command));
        }
    }

    #[test]
    fn malformed_commands_are_errors() {
        for text in [
            "",
            "jump",
            "lr",
            "lr x",
            "until -1",
            "report 2 0",
            "report 1",
            "configure x task=xor",
            "configure 1 task=nope",
            "configure 1 p=alpha=r:1",
            "configure 1 fn=relu;p=alpha=r:1",
            "configure 1 fn=elu;p=alpha=q:1",
            "configure 1 fn=elu;p=alpha=r:one",
            "configure 1 width=-3",
            "configure 1 colour=red",
            "configure 1 own=1:2",
            "configure 1 own=1:2:3:4",
            "configure 1 own=1:x:0",
            "configure 1 own=1:2:-1",
            "configure 1 own=1:2:0,",
        ] {
            assert!(Command::decode(text).is_err(), "{text}");
        }
    }

    fn sample_report() -> Report {
        Report {
            generation: 3,
            has_run: true,
            steps: 12_345,
            running: true,
            stop: Some(Stop::Until(12_345)),
            step_ms: 0.75,
            rate: Some(812.5),
            networks: vec![
                NetworkReport {
                    history: vec![(1, 2.5), (2, f64::NAN), (4, 1e-300)],
                    last_loss: Some(0.1),
                    diverged_at: None,
                },
                NetworkReport {
                    history: Vec::new(),
                    last_loss: None,
                    diverged_at: Some(7),
                },
            ],
            figures: Some(vec![vec![0.25; 9], Vec::new()]),
            numbers: Some(Numbers {
                dataset_losses: vec![0.5, f64::NAN],
                dead: vec![0.0, 1.0],
            }),
            bench: vec![500.0, 512.0],
        }
    }

    /// Equality that treats NaN as equal to NaN (histories may hold a diverged network's NaN).
    fn same(a: &Report, b: &Report) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn reports_round_trip() {
        let full = sample_report();
        let bare = Report {
            stop: Some(Stop::Diverged),
            rate: None,
            figures: None,
            numbers: None,
            bench: Vec::new(),
            running: false,
            ..full.clone()
        };
        for report in [full, bare, Report::default()] {
            let decoded = Report::decode(&report.encode()).expect("decodes");
            assert!(same(&decoded, &report), "{decoded:?} != {report:?}");
        }
    }

    #[test]
    fn truncated_or_corrupt_reports_are_errors_not_panics() {
        let data = sample_report().encode();
        for end in 0..data.len() {
            assert!(Report::decode(&data[..end]).is_err(), "prefix of {end}");
        }
        let mut longer = data.clone();
        longer.push(0.0);
        assert!(Report::decode(&longer).is_err());
        for i in 0..data.len() {
            for bad in [f64::INFINITY, -1.0, 1e300, 0.5, f64::NAN] {
                let mut corrupt = data.clone();
                corrupt[i] = bad;
                // Any outcome but a panic; a decoded report must re-encode to the same data.
                if let Ok(r) = Report::decode(&corrupt) {
                    let again = Report::decode(&r.encode()).expect("re-decodes");
                    assert!(same(&again, &r));
                }
            }
        }
    }
}
