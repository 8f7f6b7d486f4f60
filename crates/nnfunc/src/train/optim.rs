//! SGD (with PyTorch's momentum) and Adam (PyTorch's defaults and formula), over one flat parameter
//! vector. An update is written only if every new parameter is finite, so a diverging network keeps
//! its last finite parameters.

/// Which optimiser a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Optimizer {
    /// `torch.optim.SGD(lr, momentum)`, no dampening, no Nesterov, no weight decay.
    Sgd,
    /// `torch.optim.Adam(lr)` with betas (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad.
    Adam,
}

impl Optimizer {
    pub const ALL: [Optimizer; 2] = [Optimizer::Sgd, Optimizer::Adam];

    /// The URL name: `sgd`, `adam`.
    pub const fn name(self) -> &'static str {
        match self {
            Optimizer::Sgd => "sgd",
            Optimizer::Adam => "adam",
        }
    }

    pub fn from_name(name: &str) -> Option<Optimizer> {
        Optimizer::ALL.into_iter().find(|o| o.name() == name)
    }

    pub const fn label(self) -> &'static str {
        match self {
            Optimizer::Sgd => "SGD",
            Optimizer::Adam => "Adam",
        }
    }
}

pub const ADAM_BETA1: f64 = 0.9;
pub const ADAM_BETA2: f64 = 0.999;
pub const ADAM_EPS: f64 = 1e-8;

/// An optimiser's state for one parameter vector.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizerState {
    kind: Optimizer,
    momentum: f64,
    /// SGD's momentum buffer, or Adam's first moment.
    first: Vec<f64>,
    /// Adam's second moment (empty for SGD).
    second: Vec<f64>,
    /// Updates applied so far (Adam's t).
    steps: u64,
    /// The candidate parameters, checked before they replace the current ones.
    next: Vec<f64>,
}

impl OptimizerState {
    /// State for `len` parameters; `momentum` is used by SGD only.
    pub fn new(kind: Optimizer, momentum: f64, len: usize) -> OptimizerState {
        OptimizerState {
            kind,
            momentum,
            first: vec![0.0; len],
            second: match kind {
                Optimizer::Adam => vec![0.0; len],
                Optimizer::Sgd => Vec::new(),
            },
            steps: 0,
            next: vec![0.0; len],
        }
    }

    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// One update of `params` by `grads` with learning rate `lr`. Returns false, leaving `params`
    /// unchanged, if a gradient or a new parameter is not finite (or the lengths disagree).
    pub fn step(&mut self, params: &mut [f64], grads: &[f64], lr: f64) -> bool {
        let len = params.len();
        if grads.len() != len || self.first.len() != len || self.next.len() != len {
            return false;
        }
        let mut finite = true;
        let t = self.steps + 1;
        match self.kind {
            Optimizer::Sgd => {
                let mu = self.momentum;
                for (((next, &p), &g), buf) in self
                    .next
                    .iter_mut()
                    .zip(&*params)
                    .zip(grads)
                    .zip(&mut self.first)
                {
                    // torch: buf = g on the first step, then buf = μ buf + g.
                    let d = if mu == 0.0 {
                        g
                    } else if t == 1 {
                        *buf = g;
                        g
                    } else {
                        *buf = mu * *buf + g;
                        *buf
                    };
                    *next = p - lr * d;
                    finite &= next.is_finite();
                }
            }
            Optimizer::Adam => {
                if self.second.len() != len {
                    return false;
                }
                // torch: 1 − β ** step with a float step.
                let bias_correction1 = 1.0 - ADAM_BETA1.powf(t as f64);
                let bias_correction2 = 1.0 - ADAM_BETA2.powf(t as f64);
                let step_size = lr / bias_correction1;
                let bias_correction2_sqrt = bias_correction2.sqrt();
                for ((((next, &p), &g), m), v) in self
                    .next
                    .iter_mut()
                    .zip(&*params)
                    .zip(grads)
                    .zip(&mut self.first)
                    .zip(&mut self.second)
                {
                    // torch: exp_avg.lerp_(grad, 1 - beta1), i.e. m + (1 − β1)(g − m).
                    *m += (g - *m) * (1.0 - ADAM_BETA1);
                    *v = *v * ADAM_BETA2 + (1.0 - ADAM_BETA2) * g * g;
                    let denom = v.sqrt() / bias_correction2_sqrt + ADAM_EPS;
                    *next = p - step_size * (*m / denom);
                    finite &= next.is_finite();
                }
            }
        }
        if finite {
            params.copy_from_slice(&self.next);
            self.steps = t;
        }
        finite
    }
}
