//! The training lab: small multilayer perceptrons trained live, one per chosen activation, on the same
//! data, batches and seed, so that a student can test the lecture's advice (ReLU for classification,
//! Leaky ReLU / PReLU if it does not converge, tanh for regression, SIREN's sine for implicit images).
//!
//! - [`data`] generates the tasks (1D regression, 2D classification, the implicit image of [`image`]);
//! - [`mlp`] is the network: forward and backward by hand on contiguous row-major buffers, hidden
//!   activations through the catalogue's [`Elementwise::value`](crate::activation::Elementwise::value)
//!   and [`backward`](crate::activation::Elementwise::backward), a linear output layer, the fused
//!   losses (MSE, cross-entropy) checked against [`crate::loss::evaluate`];
//! - [`init`] chooses the initialisation per activation (Kaiming, Xavier, LeCun, SIREN);
//! - [`optim`] holds SGD (with momentum) and Adam, as `torch.optim` computes them;
//! - [`lab`] ties them together: a [`Lab`] steps every network on the same minibatch, keeps bounded
//!   loss histories, stops a network that diverges, and answers the view's questions (fitted curve,
//!   decision map, reconstructed image, dead units);
//! - [`bench`] is the fixed benchmark workload, shared by the native example and the browser bench;
//! - [`session`] is the training worker's state machine (commands in, reports out) and [`wire`]
//!   the encodings of those messages between the page and the worker.
//!
//! **Determinism:** everything random derives from the seed through fixed streams (initialisation,
//! data, batches), independently of which other networks exist: on one platform the same config
//! gives bit-identical runs (PCG-64 and fixed summation orders; across platforms `exp`, `sin` and
//! `tanh` may differ in the last bit, so runs agree closely rather than bit for bit).
//!
//! **No panics:** a bad configuration is a [`LabError`]; a run that produces a non-finite loss,
//! gradient or parameter marks its network as diverged and stops updating it, so no NaN reaches the
//! view.

pub mod bench;
pub mod data;
pub mod image;
pub mod init;
pub mod lab;
pub mod mlp;
pub mod optim;
pub mod own;
pub mod session;
pub mod wire;

use std::fmt;

use crate::activation::{Activation, Elementwise};
use crate::catalogue::{FnId, FnSpec};
use crate::params::Params;

pub use data::{Dataset, Task, TaskKind};
pub use lab::{DecisionMap, Lab, LossHistory, Network};
pub use optim::Optimizer;
pub use own::OwnPoint;

/// At most this many networks train side by side.
pub const MAX_NETWORKS: usize = 4;
/// Hidden layers accepted: `1..=MAX_HIDDEN_LAYERS`.
pub const MAX_HIDDEN_LAYERS: usize = 5;
/// Units per hidden layer accepted: `1..=MAX_WIDTH`.
pub const MAX_WIDTH: usize = 256;
/// The largest learning rate accepted (the smallest is anything above 0).
pub const MAX_LEARNING_RATE: f64 = 10.0;
/// The largest minibatch accepted; a batch at least as large as the data set is the full batch.
pub const MAX_BATCH_SIZE: usize = 4096;

/// The loss the networks minimise (mean reduction, as PyTorch's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LossKind {
    /// `F.mse_loss`: regression and images; for classification, on one-hot targets.
    Mse,
    /// `F.cross_entropy` on the logits (softmax + negative log-likelihood), classification only.
    CrossEntropy,
}

impl LossKind {
    pub const ALL: [LossKind; 2] = [LossKind::Mse, LossKind::CrossEntropy];

    /// The URL name: `mse`, `cross_entropy`.
    pub const fn name(self) -> &'static str {
        match self {
            LossKind::Mse => "mse",
            LossKind::CrossEntropy => "cross_entropy",
        }
    }

    pub fn from_name(name: &str) -> Option<LossKind> {
        LossKind::ALL.into_iter().find(|l| l.name() == name)
    }

    /// How the UI labels it.
    pub const fn label(self) -> &'static str {
        match self {
            LossKind::Mse => "MSE",
            LossKind::CrossEntropy => "Cross-entropy",
        }
    }
}

/// One hidden activation of the lab: the catalogue entry and its elementwise function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HiddenActivation {
    pub id: FnId,
    pub spec: &'static FnSpec,
    pub function: Elementwise,
}

impl HiddenActivation {
    /// The activation of `params`, refused if it is not elementwise (the softmax family, losses) or
    /// if its parameters make the network meaningless (SIREN's ω₀ = 0 or not finite).
    pub fn from_params(params: &Params) -> Result<HiddenActivation, LabError> {
        let name = params.spec.name;
        let function = match Activation::from_params(params) {
            Ok(Activation::Elementwise(e)) => e,
            Ok(Activation::Softmax { .. } | Activation::Glu { .. }) => {
                return Err(LabError::NotElementwise(name))
            }
            Err(e) => return Err(LabError::Activation(name, e.to_string())),
        };
        if let Elementwise::Sine { omega_0 } = function {
            if !(omega_0.is_finite() && omega_0 != 0.0) {
                return Err(LabError::Activation(
                    name,
                    format!("ω₀ must be a finite number other than 0, got {omega_0}"),
                ));
            }
        }
        Ok(HiddenActivation {
            id: params.spec.id,
            spec: params.spec,
            function,
        })
    }
}

/// Everything that defines a run; the same config and seed give the same run.
#[derive(Debug, Clone, PartialEq)]
pub struct LabConfig {
    pub task: Task,
    /// One network per entry, `1..=MAX_NETWORKS`, each an elementwise activation with its parameters.
    pub activations: Vec<Params>,
    /// Hidden layers, `1..=MAX_HIDDEN_LAYERS`.
    pub hidden_layers: usize,
    /// Units per hidden layer, `1..=MAX_WIDTH`.
    pub width: usize,
    /// In `(0, MAX_LEARNING_RATE]`.
    pub learning_rate: f64,
    pub optimizer: Optimizer,
    /// SGD's momentum in `[0, 1)` (PyTorch's, no dampening); ignored by Adam.
    pub momentum: f64,
    /// `1..=MAX_BATCH_SIZE`; at least the data set's size means full batch.
    pub batch_size: usize,
    pub seed: u64,
    /// Cross-entropy is only for classification tasks.
    pub loss: LossKind,
    /// The student's points of an own task ([`own`]); empty for the others.
    pub own: Vec<OwnPoint>,
}

impl LabConfig {
    /// The default run of a task (see each task's note in [`Task`]); its activations are
    /// [`Task::default_activations`].
    pub fn defaults(task: Task) -> LabConfig {
        let activations = task
            .default_activations()
            .iter()
            .filter_map(|name| crate::catalogue::find(name).map(Params::defaults))
            .collect();
        let (hidden_layers, width, learning_rate, batch_size) = match task.kind() {
            TaskKind::Regression => (2, 32, 0.01, 128),
            TaskKind::Classification => (2, 32, 0.01, 64),
            TaskKind::Image => (
                IMAGE_HIDDEN_LAYERS,
                IMAGE_WIDTH,
                IMAGE_LEARNING_RATE,
                IMAGE_BATCH_SIZE,
            ),
        };
        LabConfig {
            task,
            activations,
            hidden_layers,
            width,
            learning_rate,
            optimizer: Optimizer::Adam,
            momentum: 0.9,
            batch_size,
            seed: 0,
            loss: task.default_loss(),
            own: own::starter(task),
        }
    }

    /// Check every field; the first problem found is returned.
    pub fn validate(&self) -> Result<(), LabError> {
        if self.activations.is_empty() || self.activations.len() > MAX_NETWORKS {
            return Err(LabError::NetworkCount(self.activations.len()));
        }
        for params in &self.activations {
            HiddenActivation::from_params(params)?;
        }
        if !(1..=MAX_HIDDEN_LAYERS).contains(&self.hidden_layers) {
            return Err(LabError::HiddenLayers(self.hidden_layers));
        }
        if !(1..=MAX_WIDTH).contains(&self.width) {
            return Err(LabError::Width(self.width));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate <= MAX_LEARNING_RATE) {
            return Err(LabError::LearningRate(self.learning_rate));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(LabError::Momentum(self.momentum));
        }
        if !(1..=MAX_BATCH_SIZE).contains(&self.batch_size) {
            return Err(LabError::BatchSize(self.batch_size));
        }
        if self.loss == LossKind::CrossEntropy && self.task.kind() != TaskKind::Classification {
            return Err(LabError::LossForTask(self.loss, self.task));
        }
        if self.task.is_own() {
            own::check(self.task, &self.own).map_err(LabError::OwnData)?;
        }
        Ok(())
    }
}

/// The default image run (see [`Task::Image`]): 2 hidden layers of 32 units, Adam with learning rate
/// 1e-3, minibatches of 1,024 of the 4,096 pixels. With seed 0, SIREN (ω₀ = 30) ends far below ReLU
/// after [`IMAGE_COMPARISON_STEPS`] steps (the test `siren_beats_relu_on_the_image` pins it).
pub const IMAGE_HIDDEN_LAYERS: usize = 2;
pub const IMAGE_WIDTH: usize = 32;
pub const IMAGE_LEARNING_RATE: f64 = 1e-3;
/// A quarter of the 4,096 pixels per step.
pub const IMAGE_BATCH_SIZE: usize = 1024;
/// Steps after which the image comparison is asserted: SIREN's loss over the image is then below
/// half of ReLU's (measured with seed 0: 0.026 against 0.115).
pub const IMAGE_COMPARISON_STEPS: u32 = 100;

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum LabError {
    NetworkCount(usize),
    /// The activation (by name) is not elementwise: softmax, softmin, log_softmax or a loss.
    NotElementwise(&'static str),
    /// The activation (by name) refused its parameters.
    Activation(&'static str, String),
    HiddenLayers(usize),
    Width(usize),
    LearningRate(f64),
    Momentum(f64),
    BatchSize(usize),
    LossForTask(LossKind, Task),
    /// The student's own data set cannot be trained on (why).
    OwnData(String),
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabError::NetworkCount(n) => {
                write!(f, "choose 1 to {MAX_NETWORKS} activations (got {n})")
            }
            LabError::NotElementwise(name) => write!(
                f,
                "{name} is not an elementwise activation and cannot be a hidden layer here"
            ),
            LabError::Activation(name, message) => write!(f, "{name}: {message}"),
            LabError::HiddenLayers(n) => write!(
                f,
                "the number of hidden layers must be between 1 and {MAX_HIDDEN_LAYERS} (got {n})"
            ),
            LabError::Width(n) => write!(
                f,
                "the width must be between 1 and {MAX_WIDTH} units (got {n})"
            ),
            LabError::LearningRate(v) => write!(
                f,
                "the learning rate must be a number above 0 and at most {MAX_LEARNING_RATE} (got {v})"
            ),
            LabError::Momentum(v) => {
                write!(f, "the momentum must be at least 0 and below 1 (got {v})")
            }
            LabError::BatchSize(n) => write!(
                f,
                "the batch size must be between 1 and {MAX_BATCH_SIZE} (got {n})"
            ),
            LabError::LossForTask(loss, task) => write!(
                f,
                "{} needs a classification task, not {}",
                loss.label(),
                task.name()
            ),
            LabError::OwnData(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for LabError {}
