//! The lab's tasks, generated in code and deterministic by seed; every input lies in [−1, 1].

use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64;

use super::init::{stream_rng, unit, Stream};
use super::{image, own, LabConfig, LossKind};

/// What kind of problem a task is; decides input and output sizes and what the view draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskKind {
    /// x ↦ y on [−1, 1]: the fitted curve over the samples.
    Regression,
    /// (x, y) ↦ class: the decision map under the points.
    Classification,
    /// (x, y) ↦ grey level: the reconstructed image.
    Image,
}

/// The tasks. 1D regression uses [`REGRESSION_SAMPLES`] evenly spaced x; 2D classification
/// [`CLASSIFICATION_SAMPLES`] points; the image is [`image::SIZE`]² pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    /// y = 0.8 sin(2πx): two periods.
    Sine,
    /// y = −0.5 for x < 0, 0.5 from 0 on: one jump.
    Step,
    /// Two teeth rising from −0.8 to 0.8.
    Sawtooth,
    /// The sine plus Gaussian noise (σ = 0.15): a network that fits the noise overfits.
    Noisy,
    /// Two interleaved spirals of 1.5 turns.
    Spirals,
    /// A disc inside a ring.
    Circles,
    /// The four quadrants, opposite ones sharing a class.
    Xor,
    /// Three Gaussian blobs.
    Blobs,
    /// A 64×64 grey image with sharp edges and fine detail (see [`image`]).
    Image,
    /// The student's own curve: points (x, y) drawn or loaded on the page (see [`own`]).
    OwnCurve,
    /// The student's own points in the plane, each of one of [`own::OWN_CLASSES`] classes.
    OwnPoints,
}

/// Points per 1D regression task.
pub const REGRESSION_SAMPLES: usize = 128;
/// Points per 2D classification task (split evenly between classes).
pub const CLASSIFICATION_SAMPLES: usize = 400;
/// Noise of [`Task::Noisy`].
pub const NOISE_STD_DEV: f64 = 0.15;

impl Task {
    pub const ALL: [Task; 11] = [
        Task::Sine,
        Task::Step,
        Task::Sawtooth,
        Task::Noisy,
        Task::OwnCurve,
        Task::Spirals,
        Task::Circles,
        Task::Xor,
        Task::Blobs,
        Task::OwnPoints,
        Task::Image,
    ];

    /// The URL name.
    pub const fn name(self) -> &'static str {
        match self {
            Task::Sine => "sine",
            Task::Step => "step",
            Task::Sawtooth => "sawtooth",
            Task::Noisy => "noisy",
            Task::Spirals => "spirals",
            Task::Circles => "circles",
            Task::Xor => "xor",
            Task::Blobs => "blobs",
            Task::Image => "image",
            Task::OwnCurve => "own_curve",
            Task::OwnPoints => "own_points",
        }
    }

    pub fn from_name(name: &str) -> Option<Task> {
        Task::ALL.into_iter().find(|t| t.name() == name)
    }

    /// How the UI labels it.
    pub const fn label(self) -> &'static str {
        match self {
            Task::Sine => "Sine",
            Task::Step => "Step",
            Task::Sawtooth => "Sawtooth",
            Task::Noisy => "Noisy sine",
            Task::Spirals => "Spirals",
            Task::Circles => "Circles",
            Task::Xor => "XOR",
            Task::Blobs => "Gaussian blobs",
            Task::Image => "Implicit image",
            Task::OwnCurve => "Your own curve",
            Task::OwnPoints => "Your own points",
        }
    }

    pub const fn kind(self) -> TaskKind {
        match self {
            Task::Sine | Task::Step | Task::Sawtooth | Task::Noisy | Task::OwnCurve => {
                TaskKind::Regression
            }
            Task::Spirals | Task::Circles | Task::Xor | Task::Blobs | Task::OwnPoints => {
                TaskKind::Classification
            }
            Task::Image => TaskKind::Image,
        }
    }

    /// 1 for regression, 2 for the plane and the image.
    pub const fn input_dim(self) -> usize {
        match self.kind() {
            TaskKind::Regression => 1,
            TaskKind::Classification | TaskKind::Image => 2,
        }
    }

    /// Classes of a classification task, 0 otherwise.
    pub const fn classes(self) -> usize {
        match self {
            Task::Spirals | Task::Circles | Task::Xor => 2,
            Task::Blobs => 3,
            Task::OwnPoints => own::OWN_CLASSES,
            Task::Sine
            | Task::Step
            | Task::Sawtooth
            | Task::Noisy
            | Task::Image
            | Task::OwnCurve => 0,
        }
    }

    /// Whether the data is the student's own ([`own`]) rather than generated.
    pub const fn is_own(self) -> bool {
        matches!(self, Task::OwnCurve | Task::OwnPoints)
    }

    /// The network's outputs: one per class (logits or one-hot scores), else 1.
    pub const fn output_dim(self) -> usize {
        match self.kind() {
            TaskKind::Classification => self.classes(),
            TaskKind::Regression | TaskKind::Image => 1,
        }
    }

    /// Cross-entropy for classification, MSE otherwise.
    pub const fn default_loss(self) -> LossKind {
        match self.kind() {
            TaskKind::Classification => LossKind::CrossEntropy,
            TaskKind::Regression | TaskKind::Image => LossKind::Mse,
        }
    }

    /// The lecture's advice as default comparisons (catalogue names).
    pub const fn default_activations(self) -> &'static [&'static str] {
        match self.kind() {
            TaskKind::Regression => &["relu", "tanh"],
            TaskKind::Classification => &["relu", "leaky_relu", "tanh"],
            TaskKind::Image => &["relu", "tanh", "sine"],
        }
    }
}

/// The data of one task: inputs and targets, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub task: Task,
    /// `len × input_dim`.
    pub inputs: Vec<f64>,
    /// `len × target_dim`: y for regression, the grey level for the image, one-hot for classes.
    pub targets: Vec<f64>,
    /// Class of each point (classification only; empty otherwise).
    pub labels: Vec<usize>,
    pub len: usize,
    pub input_dim: usize,
    pub target_dim: usize,
    /// Width and height of the image task, 0 otherwise.
    pub image_size: usize,
}

impl Dataset {
    /// The data of a run: the student's points for an own task, else [`Dataset::generate`].
    pub fn of(config: &LabConfig) -> Dataset {
        if config.task.is_own() {
            own::dataset(config.task, &config.own)
        } else {
            Dataset::generate(config.task, config.seed)
        }
    }

    /// The task's data for `seed` (the seed matters for the noisy sine and the 2D point clouds; an
    /// own task gets its starter points, [`own::starter`]).
    pub fn generate(task: Task, seed: u64) -> Dataset {
        if task.is_own() {
            return own::dataset(task, &own::starter(task));
        }
        let mut rng = stream_rng(seed, Stream::Data);
        match task.kind() {
            TaskKind::Regression => regression(task, &mut rng),
            TaskKind::Classification => classification(task, &mut rng),
            TaskKind::Image => {
                let size = image::SIZE;
                let inputs = grid_inputs(size, size);
                let targets = image::pixels(size);
                Dataset {
                    task,
                    len: size * size,
                    inputs,
                    targets,
                    labels: Vec::new(),
                    input_dim: 2,
                    target_dim: 1,
                    image_size: size,
                }
            }
        }
    }

    /// The `i`-th input row (empty past the end).
    pub fn input(&self, i: usize) -> &[f64] {
        row(&self.inputs, self.input_dim, i)
    }

    /// The `i`-th target row (empty past the end).
    pub fn target(&self, i: usize) -> &[f64] {
        row(&self.targets, self.target_dim, i)
    }
}

fn row(data: &[f64], dim: usize, i: usize) -> &[f64] {
    data.get(i * dim..(i + 1) * dim).unwrap_or(&[])
}

/// The clean signal of a regression task at x.
pub fn regression_target(task: Task, x: f64) -> f64 {
    use std::f64::consts::TAU;
    match task {
        Task::Step => {
            if x < 0.0 {
                -0.5
            } else {
                0.5
            }
        }
        Task::Sawtooth => {
            let t = x + 1.0; // [0, 2]: two teeth
            0.8 * (2.0 * (t - t.floor()) - 1.0)
        }
        // The plane, image and own tasks have no curve; they get the sine's.
        Task::Sine
        | Task::OwnCurve
        | Task::OwnPoints
        | Task::Noisy
        | Task::Spirals
        | Task::Circles
        | Task::Xor
        | Task::Blobs
        | Task::Image => 0.8 * (TAU * x).sin(),
    }
}

fn regression(task: Task, rng: &mut Pcg64) -> Dataset {
    let n = REGRESSION_SAMPLES;
    let inputs = curve_inputs(n);
    let targets = inputs
        .iter()
        .map(|&x| {
            let y = regression_target(task, x);
            if task == Task::Noisy {
                let e: f64 = StandardNormal.sample(rng);
                y + NOISE_STD_DEV * e
            } else {
                y
            }
        })
        .collect();
    Dataset {
        task,
        inputs,
        targets,
        labels: Vec::new(),
        len: n,
        input_dim: 1,
        target_dim: 1,
        image_size: 0,
    }
}

fn classification(task: Task, rng: &mut Pcg64) -> Dataset {
    use std::f64::consts::{PI, TAU};
    let classes = task.classes().max(1);
    let n = CLASSIFICATION_SAMPLES;
    let mut inputs = Vec::with_capacity(2 * n);
    let mut labels = Vec::with_capacity(n);
    let per_class = n / classes;
    for i in 0..n {
        let class = (i / per_class.max(1)).min(classes - 1);
        let k = i % per_class.max(1);
        let t = k as f64 / per_class.max(1) as f64;
        let mut gauss = |s: f64| -> f64 {
            let e: f64 = StandardNormal.sample(rng);
            s * e
        };
        let (x, y) = match task {
            Task::Spirals => {
                let r = 0.1 + 0.85 * t;
                let angle = class as f64 * PI + 3.0 * PI * t;
                (r * angle.cos() + gauss(0.02), r * angle.sin() + gauss(0.02))
            }
            Task::Circles => {
                let r = if class == 0 { 0.35 } else { 0.8 } + gauss(0.05);
                let angle = TAU * unit(rng);
                (r * angle.cos(), r * angle.sin())
            }
            Task::Xor => {
                // Quadrants, kept 0.05 away from the axes; class 1 where the signs differ.
                let sx = if k.is_multiple_of(2) { 1.0 } else { -1.0 };
                let sy = if class == 0 { sx } else { -sx };
                (
                    sx * (0.05 + 0.95 * unit(rng)),
                    sy * (0.05 + 0.95 * unit(rng)),
                )
            }
            // Blobs; the regression and image tasks never come here (their data is built
            // elsewhere), and would get blobs.
            Task::Blobs
            | Task::Sine
            | Task::Step
            | Task::Sawtooth
            | Task::Noisy
            | Task::Image
            | Task::OwnCurve
            | Task::OwnPoints => {
                let angle = PI / 2.0 + TAU * class as f64 / classes as f64;
                (
                    0.55 * angle.cos() + gauss(0.18),
                    0.55 * angle.sin() + gauss(0.18),
                )
            }
        };
        inputs.push(x.clamp(-1.0, 1.0));
        inputs.push(y.clamp(-1.0, 1.0));
        labels.push(class);
    }
    let mut targets = vec![0.0; n * classes];
    for (row, &c) in targets.chunks_exact_mut(classes).zip(&labels) {
        if let Some(v) = row.get_mut(c) {
            *v = 1.0;
        }
    }
    Dataset {
        task,
        inputs,
        targets,
        labels,
        len: n,
        input_dim: 2,
        target_dim: classes,
        image_size: 0,
    }
}

/// `n` evenly spaced x from −1 to 1 inclusive (one point at 0 for n = 1).
pub fn curve_inputs(n: usize) -> Vec<f64> {
    match n {
        0 => Vec::new(),
        1 => vec![0.0],
        _ => (0..n)
            .map(|i| -1.0 + 2.0 * i as f64 / (n - 1) as f64)
            .collect(),
    }
}

/// The centres of a `width × height` pixel grid over [−1, 1]², row-major as (x, y) pairs; row 0 is
/// the top (y near +1), column 0 the left (x near −1). The image task and every map use it.
pub fn grid_inputs(width: usize, height: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(2 * width * height);
    for r in 0..height {
        let y = 1.0 - (2 * r + 1) as f64 / height as f64;
        for c in 0..width {
            out.push(-1.0 + (2 * c + 1) as f64 / width as f64);
            out.push(y);
        }
    }
    out
}
