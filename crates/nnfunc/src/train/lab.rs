//! The lab: up to four networks, one per activation, stepped on the same minibatches; bounded loss
//! histories; the view's read-outs (curve, decision map, image, dead units).
//!
//! A view keeps one [`Lab`], calls [`Lab::step_n`] in slices of a few milliseconds per frame (or in a
//! worker), and after each slice reads [`Network::history`], [`Network::predict_curve`] /
//! [`Network::decision_map`] / [`Network::reconstruct`] and [`Lab::dead_fractions`].

use rand_pcg::Pcg64;

use super::data::{curve_inputs, grid_inputs, Dataset, Task, TaskKind};
use super::init::{below, stream_rng, InitScheme, Stream};
use super::mlp::{Mlp, Workspace};
use super::optim::OptimizerState;
use super::{HiddenActivation, LabConfig, LabError, LossKind, MAX_LEARNING_RATE};

/// A loss history keeps at most this many points.
pub const MAX_HISTORY: usize = 2000;
/// Dead units are judged on at most this many points of the data set.
pub const PROBE_ROWS: usize = 256;
/// Predictions are computed this many rows at a time.
const PREDICT_CHUNK: usize = 256;
/// The most points of a curve, and the widest or tallest map or image.
pub const MAX_CURVE_POINTS: usize = 4096;
pub const MAX_MAP_SIDE: usize = 512;

/// Loss over steps with bounded memory: each point is the mean batch loss of `stride` consecutive
/// steps, stamped with the last of them. When [`MAX_HISTORY`] points are reached, neighbouring
/// pairs merge and the stride doubles, so a run of any length keeps ≤ 2,000 points covering it all.
#[derive(Debug, Clone, PartialEq)]
pub struct LossHistory {
    points: Vec<(u64, f64)>,
    stride: u64,
    pending_sum: f64,
    pending: u64,
}

impl Default for LossHistory {
    fn default() -> Self {
        LossHistory {
            points: Vec::new(),
            stride: 1,
            pending_sum: 0.0,
            pending: 0,
        }
    }
}

impl LossHistory {
    /// (step, mean loss of the `stride` steps ending there), oldest first; steps count from 1.
    pub fn points(&self) -> &[(u64, f64)] {
        &self.points
    }

    /// Steps per point.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    fn push(&mut self, step: u64, loss: f64) {
        self.pending_sum += loss;
        self.pending += 1;
        if self.pending < self.stride {
            return;
        }
        self.points
            .push((step, self.pending_sum / self.pending as f64));
        self.pending_sum = 0.0;
        self.pending = 0;
        if self.points.len() >= MAX_HISTORY {
            self.points = self
                .points
                .chunks_exact(2)
                .map(|pair| match pair {
                    [(_, a), (step, b)] => (*step, (a + b) / 2.0),
                    _ => (0, 0.0),
                })
                .collect();
            self.stride *= 2;
        }
    }
}

/// Class probabilities over a pixel grid (same layout as [`grid_inputs`]: row 0 at the top).
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionMap {
    pub width: usize,
    pub height: usize,
    pub classes: usize,
    /// `width × height × classes`: softmax of the logits for cross-entropy; for MSE the outputs
    /// clamped to [0, 1] and normalised to sum 1 (uniform if all are 0).
    pub probabilities: Vec<f64>,
    /// `width × height`: the most probable class …
    pub class: Vec<usize>,
    /// … and its probability.
    pub confidence: Vec<f64>,
}

impl DecisionMap {
    /// The map of `probabilities` (`width × height × classes`, each row already normalised): the
    /// most probable class of each cell (the first on ties) and its probability. A buffer of the
    /// wrong length is cut or padded with zeros, so the map is always whole.
    pub fn from_probabilities(
        width: usize,
        height: usize,
        classes: usize,
        mut probabilities: Vec<f64>,
    ) -> DecisionMap {
        let classes = classes.max(1);
        probabilities.resize(width * height * classes, 0.0);
        let mut class = Vec::with_capacity(width * height);
        let mut confidence = Vec::with_capacity(width * height);
        for row in probabilities.chunks_exact(classes) {
            let (best, p) = row
                .iter()
                .enumerate()
                .fold(
                    (0, f64::NEG_INFINITY),
                    |acc, (k, &p)| if p > acc.1 { (k, p) } else { acc },
                );
            class.push(best);
            confidence.push(p.max(0.0));
        }
        DecisionMap {
            width,
            height,
            classes,
            probabilities,
            class,
            confidence,
        }
    }
}

/// One network of the lab with its optimiser, buffers and history.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    activation: HiddenActivation,
    scheme: InitScheme,
    mlp: Mlp,
    optimizer: OptimizerState,
    workspace: Workspace,
    grads: Vec<f64>,
    history: LossHistory,
    last_loss: Option<f64>,
    diverged_at: Option<u64>,
    task: Task,
    loss: LossKind,
}

impl Network {
    fn new(config: &LabConfig, activation: HiddenActivation, batch_rows: usize) -> Network {
        let task = config.task;
        let mut mlp = Mlp::new(
            task.input_dim(),
            config.hidden_layers,
            config.width,
            task.output_dim(),
            activation.function,
        );
        let scheme = InitScheme::for_activation(&activation);
        mlp.initialise(scheme, config.seed);
        let len = mlp.params().len();
        Network {
            activation,
            scheme,
            optimizer: OptimizerState::new(config.optimizer, config.momentum, len),
            workspace: Workspace::new(&mlp, batch_rows),
            grads: vec![0.0; len],
            mlp,
            history: LossHistory::default(),
            last_loss: None,
            diverged_at: None,
            task,
            loss: config.loss,
        }
    }

    pub fn activation(&self) -> &HiddenActivation {
        &self.activation
    }

    /// The catalogue name (`relu`, `sine`, …).
    pub fn name(&self) -> &'static str {
        self.activation.spec.name
    }

    pub fn init_scheme(&self) -> InitScheme {
        self.scheme
    }

    pub fn mlp(&self) -> &Mlp {
        &self.mlp
    }

    pub fn history(&self) -> &LossHistory {
        &self.history
    }

    /// The batch loss of the latest step (None before the first).
    pub fn last_loss(&self) -> Option<f64> {
        self.last_loss
    }

    /// The step at which the loss, a gradient or a parameter stopped being finite; the network has
    /// not been updated since and keeps its last finite parameters.
    pub fn diverged_at(&self) -> Option<u64> {
        self.diverged_at
    }

    fn train(&mut self, batch: &Batch, lr: f64, step: u64) {
        if self.diverged_at.is_some() {
            return;
        }
        let loss = self.mlp.loss_and_gradient(
            &batch.inputs,
            &batch.targets,
            &batch.labels,
            batch.rows,
            self.loss,
            &mut self.workspace,
            &mut self.grads,
        );
        if !loss.is_finite() || !self.optimizer.step(self.mlp.params_mut(), &self.grads, lr) {
            self.diverged_at = Some(step);
            return;
        }
        self.last_loss = Some(loss);
        self.history.push(step, loss);
    }

    /// The outputs for each row of `inputs` (`rows × input_dim`), non-finite values replaced by 0.
    pub fn predict(&self, inputs: &[f64]) -> Vec<f64> {
        let mut out = self.mlp.predict(inputs, PREDICT_CHUNK);
        for v in &mut out {
            if !v.is_finite() {
                *v = 0.0;
            }
        }
        out
    }

    /// The fitted curve at `n_points` evenly spaced x from −1 to 1 (see [`curve_inputs`]),
    /// `n_points` capped at [`MAX_CURVE_POINTS`]. Empty unless the task is 1D regression.
    pub fn predict_curve(&self, n_points: usize) -> Vec<f64> {
        if self.task.kind() != TaskKind::Regression {
            return Vec::new();
        }
        self.predict(&curve_inputs(n_points.min(MAX_CURVE_POINTS)))
    }

    /// Class probabilities over a `width × height` grid over [−1, 1]² (each side clamped to
    /// `1..=MAX_MAP_SIDE`). None unless the task is classification.
    pub fn decision_map(&self, width: usize, height: usize) -> Option<DecisionMap> {
        if self.task.kind() != TaskKind::Classification {
            return None;
        }
        let (width, height) = (width.clamp(1, MAX_MAP_SIDE), height.clamp(1, MAX_MAP_SIDE));
        let classes = self.mlp.output_dim();
        let mut probabilities = self.predict(&grid_inputs(width, height));
        for row in probabilities.chunks_exact_mut(classes.max(1)) {
            match self.loss {
                LossKind::CrossEntropy => softmax_in_place(row),
                LossKind::Mse => normalise_scores(row),
            }
        }
        Some(DecisionMap::from_probabilities(
            width,
            height,
            classes,
            probabilities,
        ))
    }

    /// The image as the network sees it at a `width × height` grid (sides clamped to
    /// `1..=MAX_MAP_SIDE`), grey levels clamped to [0, 1], row 0 at the top. Empty unless the task
    /// is the image.
    pub fn reconstruct(&self, width: usize, height: usize) -> Vec<f64> {
        if self.task.kind() != TaskKind::Image {
            return Vec::new();
        }
        let (width, height) = (width.clamp(1, MAX_MAP_SIDE), height.clamp(1, MAX_MAP_SIDE));
        let mut out = self.predict(&grid_inputs(width, height));
        for v in &mut out {
            *v = v.clamp(0.0, 1.0);
        }
        out
    }

    /// The loss over a whole data set (a forward pass only); NaN if it is not finite.
    pub fn loss_on(&self, data: &Dataset) -> f64 {
        let mut ws = Workspace::new(&self.mlp, data.len.max(1));
        let mut grads = vec![0.0; self.mlp.params().len()];
        let loss = self.mlp.loss_and_gradient(
            &data.inputs,
            &data.targets,
            &data.labels,
            data.len,
            self.loss,
            &mut ws,
            &mut grads,
        );
        if loss.is_finite() {
            loss
        } else {
            f64::NAN
        }
    }

    /// [`Mlp::dead_fraction`] on `probe`.
    pub fn dead_fraction(&self, probe: &[f64]) -> f64 {
        self.mlp.dead_fraction(probe)
    }
}

fn softmax_in_place(row: &mut [f64]) {
    let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in row.iter_mut() {
        *v /= sum;
    }
}

fn normalise_scores(row: &mut [f64]) {
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = v.clamp(0.0, 1.0);
        sum += *v;
    }
    let n = row.len().max(1) as f64;
    for v in row.iter_mut() {
        *v = if sum > 0.0 { *v / sum } else { 1.0 / n };
    }
}

/// The current minibatch, gathered once per step for every network.
#[derive(Debug, Clone, PartialEq)]
struct Batch {
    inputs: Vec<f64>,
    targets: Vec<f64>,
    labels: Vec<usize>,
    rows: usize,
}

/// Minibatches without replacement: a seeded permutation is walked `batch` indices at a time and
/// reshuffled when used up (a batch may span two epochs). A batch at least the data set's size is
/// the whole data set in order, every step.
#[derive(Debug, Clone, PartialEq)]
struct Sampler {
    rng: Pcg64,
    order: Vec<usize>,
    position: usize,
    full: bool,
}

impl Sampler {
    fn new(seed: u64, len: usize, batch: usize) -> Sampler {
        let mut sampler = Sampler {
            rng: stream_rng(seed, Stream::Batches),
            order: (0..len).collect(),
            position: 0,
            full: batch >= len,
        };
        if !sampler.full {
            sampler.shuffle();
        }
        sampler
    }

    /// Fisher–Yates.
    fn shuffle(&mut self) {
        for i in (1..self.order.len()).rev() {
            let j = below(&mut self.rng, i + 1);
            self.order.swap(i, j);
        }
        self.position = 0;
    }

    fn next_index(&mut self) -> usize {
        if self.position >= self.order.len() {
            self.shuffle();
        }
        let i = self.order.get(self.position).copied().unwrap_or(0);
        self.position += 1;
        i
    }

    fn fill(&mut self, data: &Dataset, batch: &mut Batch) {
        if self.full {
            return;
        }
        let (d_in, d_t) = (data.input_dim, data.target_dim);
        for r in 0..batch.rows {
            let i = self.next_index();
            copy_row(&mut batch.inputs, r, d_in, data.input(i));
            copy_row(&mut batch.targets, r, d_t, data.target(i));
            if let (Some(slot), Some(&label)) = (batch.labels.get_mut(r), data.labels.get(i)) {
                *slot = label;
            }
        }
    }
}

fn copy_row(dst: &mut [f64], r: usize, dim: usize, src: &[f64]) {
    if let Some(d) = dst.get_mut(r * dim..(r + 1) * dim) {
        if d.len() == src.len() {
            d.copy_from_slice(src);
        }
    }
}

/// Networks, data and the shared batch stream of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Lab {
    config: LabConfig,
    data: Dataset,
    networks: Vec<Network>,
    batch: Batch,
    sampler: Sampler,
    steps: u64,
    probe: Vec<f64>,
}

impl Lab {
    /// A fresh run of `config`, or why it was refused.
    pub fn new(config: LabConfig) -> Result<Lab, LabError> {
        config.validate()?;
        let data = Dataset::of(&config);
        let rows = config.batch_size.min(data.len).max(1);
        let mut networks = Vec::with_capacity(config.activations.len());
        for params in &config.activations {
            let activation = HiddenActivation::from_params(params)?;
            networks.push(Network::new(&config, activation, rows));
        }
        let sampler = Sampler::new(config.seed, data.len, config.batch_size);
        let batch = if sampler.full {
            Batch {
                inputs: data.inputs.clone(),
                targets: data.targets.clone(),
                labels: data.labels.clone(),
                rows,
            }
        } else {
            Batch {
                inputs: vec![0.0; rows * data.input_dim],
                targets: vec![0.0; rows * data.target_dim],
                labels: vec![0; if data.labels.is_empty() { 0 } else { rows }],
                rows,
            }
        };
        let probe = probe_inputs(&data);
        Ok(Lab {
            config,
            data,
            networks,
            batch,
            sampler,
            steps: 0,
            probe,
        })
    }

    /// Back to step 0 with the same configuration (same initial parameters, same batches).
    pub fn reset(&mut self) {
        if let Ok(fresh) = Lab::new(self.config.clone()) {
            *self = fresh;
        }
    }

    pub fn config(&self) -> &LabConfig {
        &self.config
    }

    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    pub fn networks(&self) -> &[Network] {
        &self.networks
    }

    /// Steps taken since the start (or the last reset).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Rows per minibatch (the data set's size for full batch).
    pub fn batch_rows(&self) -> usize {
        self.batch.rows
    }

    /// True when every network has diverged (stepping further changes nothing).
    pub fn all_diverged(&self) -> bool {
        self.networks.iter().all(|n| n.diverged_at.is_some())
    }

    /// One optimisation step of every network that has not diverged, on the same minibatch.
    pub fn step(&mut self) {
        self.steps += 1;
        self.sampler.fill(&self.data, &mut self.batch);
        let lr = self.config.learning_rate;
        for net in &mut self.networks {
            net.train(&self.batch, lr, self.steps);
        }
    }

    /// `n` steps.
    pub fn step_n(&mut self, n: u32) {
        for _ in 0..n {
            self.step();
        }
    }

    /// Change the learning rate from the next step on (a slider moved mid-run).
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), LabError> {
        if !(learning_rate > 0.0 && learning_rate <= MAX_LEARNING_RATE) {
            return Err(LabError::LearningRate(learning_rate));
        }
        self.config.learning_rate = learning_rate;
        Ok(())
    }

    /// Approximate multiply-adds of one step (forward and backward of every live network), so a
    /// view can choose how many steps fit in a time slice before measuring.
    pub fn cost_per_step(&self) -> u64 {
        let live = self
            .networks
            .iter()
            .filter(|n| n.diverged_at.is_none())
            .count();
        let per_row: usize = self.networks.first().map_or(0, |n| n.mlp.params().len());
        (3 * per_row * self.batch.rows * live) as u64
    }

    /// [`Network::dead_fraction`] of every network on the probe: up to [`PROBE_ROWS`] points of the
    /// data set, evenly spread through it.
    pub fn dead_fractions(&self) -> Vec<f64> {
        self.networks
            .iter()
            .map(|n| n.dead_fraction(&self.probe))
            .collect()
    }

    /// Each network's loss over the whole data set.
    pub fn dataset_losses(&self) -> Vec<f64> {
        self.networks
            .iter()
            .map(|n| n.loss_on(&self.data))
            .collect()
    }
}

/// Up to [`PROBE_ROWS`] inputs of the data set, evenly spread.
fn probe_inputs(data: &Dataset) -> Vec<f64> {
    let rows = data.len.min(PROBE_ROWS);
    let mut probe = Vec::with_capacity(rows * data.input_dim);
    for k in 0..rows {
        probe.extend_from_slice(data.input(k * data.len / rows.max(1)));
    }
    probe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_stays_bounded_and_keeps_means() {
        let mut h = LossHistory::default();
        for step in 1..=10_000u64 {
            h.push(step, step as f64);
        }
        assert!(h.points().len() <= MAX_HISTORY);
        assert!(h.points().len() >= MAX_HISTORY / 2);
        let stride = h.stride();
        assert!(stride.is_power_of_two() && stride > 1);
        // Each point is the mean of the `stride` steps ending at its stamp.
        for &(step, mean) in h.points() {
            let first = step + 1 - stride;
            assert_eq!(mean, (first + step) as f64 / 2.0, "at step {step}");
        }
        assert_eq!(h.points().first().map(|p| p.0), Some(stride));
    }

    #[test]
    fn full_batch_uses_every_point_in_order() {
        let data = Dataset::generate(Task::Sine, 0);
        let sampler = Sampler::new(0, data.len, 10_000);
        assert!(sampler.full);
        let mut s = Sampler::new(0, 10, 4);
        let mut seen: Vec<usize> = (0..10).map(|_| s.next_index()).collect();
        seen.sort_unstable();
        assert_eq!(
            seen,
            (0..10).collect::<Vec<_>>(),
            "one epoch sees every point once"
        );
    }
}
