//! The fixed benchmark workload, defined once so that the native example
//! (`cargo run --release -p nnfunc --example train_bench`) and the browser bench run exactly the same
//! code: a 2 × 64 ReLU MLP, Adam, batch 256, on the 2D spirals (400 points), cross-entropy, seed 0.
//! One "step" is one Adam update of the one network.

use super::{Lab, LabConfig, LabError, Optimizer, Task};
use crate::catalogue::FnId;
use crate::params::Params;

/// Steps the bench times after [`WARMUP_STEPS`] untimed ones.
pub const STEPS: u32 = 2000;
pub const WARMUP_STEPS: u32 = 50;

/// The workload's configuration.
pub fn workload() -> LabConfig {
    LabConfig {
        activations: vec![Params::defaults(FnId::Relu.spec())],
        hidden_layers: 2,
        width: 64,
        learning_rate: 0.01,
        optimizer: Optimizer::Adam,
        batch_size: 256,
        seed: 0,
        ..LabConfig::defaults(Task::Spirals)
    }
}

/// A fresh lab of the workload, warmed up; time `lab.step_n(STEPS)` on it.
pub fn workload_lab() -> Result<Lab, LabError> {
    let mut lab = Lab::new(workload())?;
    lab.step_n(WARMUP_STEPS);
    Ok(lab)
}
