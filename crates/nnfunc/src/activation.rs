//! Activations: values and derivatives exactly as PyTorch computes them in float64.
//!
//! Each formula follows ATen's CPU kernel (or, for functions PyTorch writes in Python, the autograd of
//! those ops), including its branch conditions, so that kinks get PyTorch's one-sided choice.

use crate::catalogue::{loss_ids, FnId, FnSpec};
use crate::error::{invalid, Error, Result};
use crate::params::Params;
use crate::tensor::{normalize_dim, Tensor};

/// SELU's constants, as in ATen.
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_284_817_042_991_671_7;
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_493_419_334_985_294_6;

const SQRT1_2: f64 = std::f64::consts::FRAC_1_SQRT_2;
const TWO_OVER_SQRT_PI: f64 = std::f64::consts::FRAC_2_SQRT_PI;

/// An elementwise activation with its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Elementwise {
    Linear {
        c: f64,
    },
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu {
        negative_slope: f64,
    },
    /// PReLU with one slope (the per-channel case lives in [`prelu`]).
    Prelu {
        weight: f64,
    },
    Softplus {
        beta: f64,
        threshold: f64,
    },
    /// ATen's elu with `scale` and `input_scale`, which also gives CELU and SELU. PyTorch's CELU
    /// backward uses 1/α computed from α rounded to float32: `backward_input_scale` keeps that.
    Elu {
        alpha: f64,
        scale: f64,
        input_scale: f64,
        backward_input_scale: f64,
    },
    Gelu {
        tanh: bool,
    },
    Hardtanh {
        min_val: f64,
        max_val: f64,
    },
    LogSigmoid,
    Sine {
        omega_0: f64,
    },
    Hardswish,
    Hardsigmoid,
    Silu,
    Mish,
    Softsign,
    Tanhshrink,
    Softshrink {
        lambd: f64,
    },
    Hardshrink {
        lambd: f64,
    },
    Threshold {
        threshold: f64,
        value: f64,
    },
}

/// The softmax family, which act along a dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoftmaxKind {
    Softmax,
    Softmin,
    LogSoftmax,
}

/// Any activation of the catalogue with its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Activation {
    Elementwise(Elementwise),
    Softmax {
        kind: SoftmaxKind,
        dim: Option<i64>,
    },
    /// The gated linear unit: the input split in halves along `dim`.
    Glu {
        dim: i64,
    },
}

impl Activation {
    /// Build from checked parameters. Errors for a loss or for parameter combinations PyTorch refuses.
    pub fn from_params(params: &Params) -> Result<Activation> {
        use Elementwise as E;
        let p = |n: &str| params.real(n);
        let e = match params.spec.id {
            FnId::Linear => E::Linear { c: p("c") },
            FnId::Sigmoid => E::Sigmoid,
            FnId::Tanh => E::Tanh,
            FnId::Relu => E::Relu,
            FnId::LeakyRelu => E::LeakyRelu {
                negative_slope: p("negative_slope"),
            },
            FnId::Prelu => match params.tensor("weight") {
                Some(t) if t.numel() == 1 => E::Prelu { weight: t.data[0] },
                _ => {
                    return Err(invalid(
                        "weight",
                        "the scalar form of PReLU needs exactly one weight",
                    ))
                }
            },
            FnId::Softplus => E::Softplus {
                beta: p("beta"),
                threshold: p("threshold"),
            },
            FnId::Elu => E::Elu {
                alpha: p("alpha"),
                scale: 1.0,
                input_scale: 1.0,
                backward_input_scale: 1.0,
            },
            FnId::Celu => {
                let alpha = p("alpha");
                if alpha == 0.0 {
                    return Err(invalid(
                        "alpha",
                        "ZeroDivisionError: alpha cannot be 0 for CELU",
                    ));
                }
                // derivatives.yaml: elu_backward(grad, alpha, 1, 1.0 / alpha.toFloat(), …).
                E::Elu {
                    alpha,
                    scale: 1.0,
                    input_scale: 1.0 / alpha,
                    backward_input_scale: 1.0 / f64::from(alpha as f32),
                }
            }
            FnId::Selu => E::Elu {
                alpha: SELU_ALPHA,
                scale: SELU_SCALE,
                input_scale: 1.0,
                backward_input_scale: 1.0,
            },
            FnId::Gelu => E::Gelu {
                tanh: params.choice("approximate") == "tanh",
            },
            FnId::Relu6 => E::Hardtanh {
                min_val: 0.0,
                max_val: 6.0,
            },
            FnId::LogSigmoid => E::LogSigmoid,
            FnId::Sine => E::Sine {
                omega_0: p("omega_0"),
            },
            FnId::Hardtanh => {
                let (min_val, max_val) = (p("min_val"), p("max_val"));
                if min_val > max_val {
                    return Err(invalid("min_val", "min_val cannot be greater than max_val"));
                }
                E::Hardtanh { min_val, max_val }
            }
            FnId::Hardswish => E::Hardswish,
            FnId::Hardsigmoid => E::Hardsigmoid,
            FnId::Silu => E::Silu,
            FnId::Mish => E::Mish,
            FnId::Softsign => E::Softsign,
            FnId::Tanhshrink => E::Tanhshrink,
            FnId::Softshrink => {
                let lambd = p("lambd");
                if lambd.is_nan() || lambd < 0.0 {
                    return Err(invalid(
                        "lambd",
                        format!("lambda must be greater or equal to 0, but found to be {lambd}."),
                    ));
                }
                E::Softshrink { lambd }
            }
            FnId::Hardshrink => E::Hardshrink { lambd: p("lambd") },
            FnId::Threshold => E::Threshold {
                threshold: p("threshold"),
                value: p("value"),
            },
            FnId::Rrelu => {
                let (lower, upper) = (p("lower"), p("upper"));
                if lower > upper {
                    return Err(invalid(
                        "lower",
                        "Lower bound should be less than or equal to the upper bound",
                    ));
                }
                E::LeakyRelu {
                    negative_slope: (lower + upper) / 2.0,
                }
            }
            FnId::Softmax => {
                return Ok(Activation::Softmax {
                    kind: SoftmaxKind::Softmax,
                    dim: params.int("dim"),
                })
            }
            FnId::Softmin => {
                return Ok(Activation::Softmax {
                    kind: SoftmaxKind::Softmin,
                    dim: params.int("dim"),
                })
            }
            FnId::Glu => {
                return Ok(Activation::Glu {
                    dim: params.int("dim").unwrap_or(-1),
                })
            }
            FnId::LogSoftmax => {
                return Ok(Activation::Softmax {
                    kind: SoftmaxKind::LogSoftmax,
                    dim: params.int("dim"),
                })
            }
            loss_ids!() => {
                return Err(Error::UnknownFunction(format!(
                    "{} is not an activation",
                    params.spec.name
                )))
            }
        };
        Ok(Activation::Elementwise(e))
    }

    /// The activation with PyTorch's default parameters.
    pub fn with_defaults(spec: &'static FnSpec) -> Result<Activation> {
        Activation::from_params(&Params::defaults(spec))
    }
}

impl Elementwise {
    /// f(x).
    pub fn value(&self, x: f64) -> f64 {
        use Elementwise as E;
        match *self {
            E::Linear { c } => c * x,
            E::Sigmoid => sigmoid(x),
            E::Tanh => x.tanh(),
            E::Relu => {
                if x.is_nan() {
                    x
                } else {
                    x.max(0.0)
                }
            }
            E::LeakyRelu { negative_slope }
            | E::Prelu {
                weight: negative_slope,
            } => {
                if x > 0.0 {
                    x
                } else {
                    x * negative_slope
                }
            }
            E::Softplus { beta, threshold } => {
                if x * beta > threshold {
                    x
                } else {
                    (x * beta).exp().ln_1p() / beta
                }
            }
            E::Elu {
                alpha,
                scale,
                input_scale,
                ..
            } => {
                if x <= 0.0 {
                    (x * input_scale).exp_m1() * (alpha * scale)
                } else {
                    x * scale
                }
            }
            E::Gelu { tanh: false } => x * 0.5 * (1.0 + libm::erf(x * SQRT1_2)),
            E::Gelu { tanh: true } => {
                let inner = GELU_BETA * (x + GELU_KAPPA * x * x * x);
                0.5 * x * (1.0 + inner.tanh())
            }
            E::Hardtanh { min_val, max_val } => clamp(x, min_val, max_val),
            E::LogSigmoid => {
                let z = (-x.abs()).exp();
                x.min(0.0) - z.ln_1p()
            }
            E::Sine { omega_0 } => (omega_0 * x).sin(),
            E::Hardswish => x * clamp(x + 3.0, 0.0, 6.0) / 6.0,
            E::Hardsigmoid => clamp(x + 3.0, 0.0, 6.0) / 6.0,
            E::Silu => x / (1.0 + (-x).exp()),
            E::Mish => x * x.exp().ln_1p().tanh(),
            E::Softsign => x / (x.abs() + 1.0),
            E::Tanhshrink => x - x.tanh(),
            E::Softshrink { lambd } => {
                if x > lambd {
                    x - lambd
                } else if x < -lambd {
                    x + lambd
                } else {
                    x * 0.0
                }
            }
            E::Hardshrink { lambd } => {
                if x >= -lambd && x <= lambd {
                    0.0
                } else {
                    x
                }
            }
            E::Threshold { threshold, value } => {
                if x <= threshold {
                    value
                } else {
                    x
                }
            }
        }
    }

    /// The gradient PyTorch propagates for an upstream gradient `g` at input `x`.
    pub fn backward(&self, x: f64, g: f64) -> f64 {
        use Elementwise as E;
        match *self {
            E::Linear { c } => g * c,
            E::Sigmoid => {
                let y = sigmoid(x);
                g * (1.0 - y) * y
            }
            E::Tanh => {
                let y = x.tanh();
                g * (1.0 - y * y)
            }
            // threshold_backward on the result: result <= 0 gives 0.
            E::Relu => {
                if self.value(x) <= 0.0 {
                    0.0
                } else {
                    g
                }
            }
            E::LeakyRelu { negative_slope }
            | E::Prelu {
                weight: negative_slope,
            } => {
                if x > 0.0 {
                    g
                } else {
                    g * negative_slope
                }
            }
            E::Softplus { beta, threshold } => {
                let z = (x * beta).exp();
                if x * beta > threshold {
                    g
                } else {
                    g * z / (z + 1.0)
                }
            }
            E::Elu {
                alpha,
                scale,
                backward_input_scale: input_scale,
                ..
            } => {
                if x <= 0.0 {
                    g * input_scale * (alpha * scale) * (x * input_scale).exp()
                } else {
                    g * scale
                }
            }
            E::Gelu { tanh: false } => {
                let cdf = 0.5 * (1.0 + libm::erf(x * SQRT1_2));
                let pdf = (-0.5 * x * x).exp() * (TWO_OVER_SQRT_PI * SQRT1_2 * 0.5);
                g * (cdf + x * pdf)
            }
            E::Gelu { tanh: true } => {
                let x_sq = x * x;
                let x_cube = x_sq * x;
                let inner = GELU_BETA * (x + GELU_KAPPA * x_cube);
                let tanh_inner = inner.tanh();
                let left = 0.5 * x;
                let right = 1.0 + tanh_inner;
                let left_derivative = 0.5 * right;
                let right_derivative = 1.0 - tanh_inner * tanh_inner;
                let inner_derivative = GELU_BETA * (1.0 + 3.0 * GELU_KAPPA * x_sq);
                g * (left_derivative + left * right_derivative * inner_derivative)
            }
            E::Hardtanh { min_val, max_val } => {
                if x <= min_val || x >= max_val {
                    0.0
                } else {
                    g
                }
            }
            E::LogSigmoid => {
                let (max_deriv, sign) = if x < 0.0 { (1.0, 1.0) } else { (0.0, -1.0) };
                let z = (-x.abs()).exp();
                g * (max_deriv - sign * (z / (1.0 + z)))
            }
            E::Sine { omega_0 } => g * (omega_0 * x).cos() * omega_0,
            E::Hardswish => {
                if x <= -3.0 {
                    0.0
                } else if x < 3.0 {
                    g * ((x / 3.0) + 0.5)
                } else {
                    g
                }
            }
            // ATen multiplies by the float32 constant 1.0f / 6.0f.
            E::Hardsigmoid => {
                if x > -3.0 && x < 3.0 {
                    g * f64::from(1.0f32 / 6.0f32)
                } else {
                    0.0
                }
            }
            E::Silu => {
                let s = 1.0 / (1.0 + (-x).exp());
                g * s * (1.0 + x * (1.0 - s))
            }
            E::Mish => {
                let s = 1.0 / (1.0 + (-x).exp());
                let t = x.exp().ln_1p().tanh();
                g * (t + x * s * (1.0 - t * t))
            }
            // Autograd of x / (|x| + 1).
            E::Softsign => {
                let d = x.abs() + 1.0;
                g / d + (-g * ((x / d) / d)) * signum0(x)
            }
            // Autograd of x - tanh(x).
            E::Tanhshrink => {
                let t = x.tanh();
                g + (-g) * (1.0 - t * t)
            }
            E::Softshrink { lambd } | E::Hardshrink { lambd } => {
                if x >= -lambd && x <= lambd {
                    0.0
                } else {
                    g
                }
            }
            E::Threshold { threshold, .. } => {
                if x <= threshold {
                    0.0
                } else {
                    g
                }
            }
        }
    }

    /// f′(x) as PyTorch's autograd gives it (the gradient for an upstream gradient of 1).
    pub fn derivative(&self, x: f64) -> f64 {
        self.backward(x, 1.0)
    }

    /// Where f or f′ is not smooth (kinks, jumps, the switch of Softplus): the UI marks them, and
    /// finite-difference checks stay away from them.
    pub fn kinks(&self) -> Vec<f64> {
        use Elementwise as E;
        match *self {
            E::Relu | E::LeakyRelu { .. } | E::Prelu { .. } => vec![0.0],
            E::Elu {
                alpha,
                scale,
                input_scale,
                ..
            } => {
                // Smooth at 0 only when the slopes of both branches agree (CELU, ELU with α = 1).
                if (alpha * scale * input_scale - scale).abs() < 1e-12 {
                    Vec::new()
                } else {
                    vec![0.0]
                }
            }
            E::Softplus { beta, threshold } if beta != 0.0 => vec![threshold / beta],
            E::Hardtanh { min_val, max_val } => vec![min_val, max_val],
            E::Hardswish | E::Hardsigmoid => vec![-3.0, 3.0],
            E::Softsign => vec![0.0],
            E::Softshrink { lambd } | E::Hardshrink { lambd } => vec![-lambd, lambd],
            E::Threshold { threshold, .. } => vec![threshold],
            E::Linear { .. }
            | E::Sigmoid
            | E::Tanh
            | E::Softplus { .. }
            | E::Gelu { .. }
            | E::LogSigmoid
            | E::Sine { .. }
            | E::Silu
            | E::Mish
            | E::Tanhshrink => Vec::new(),
        }
    }
}

const GELU_BETA: f64 = std::f64::consts::SQRT_2 * TWO_OVER_SQRT_PI * 0.5;
const GELU_KAPPA: f64 = 0.044715;

/// 1 / (1 + e^−x), as ATen's sigmoid.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// `clamp` with NaN propagation, as `at::clamp` (min applied first, then max).
fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let y = if x < lo { lo } else { x };
    if y > hi {
        hi
    } else {
        y
    }
}

/// `sgn`: the sign with sgn(±0) = 0.
pub(crate) fn signum0(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x.is_nan() {
        x
    } else {
        0.0
    }
}

/// Output and requested gradients of an activation applied to a tensor.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivationResult {
    pub output: Tensor,
    /// d(output · grad_output)/d input.
    pub grad_input: Tensor,
    /// For PReLU: the gradient with respect to its weight tensor.
    pub grad_weight: Option<Tensor>,
}

/// Apply `act` to `input`, with the gradient for `grad_output` (same shape as the output).
pub fn apply(act: &Activation, input: &Tensor, grad_output: &Tensor) -> Result<ActivationResult> {
    match act {
        Activation::Elementwise(e) => {
            check_grad_shape(input, grad_output).map(|()| ActivationResult {
                output: input.map(|x| e.value(x)),
                grad_input: Tensor {
                    shape: input.shape.clone(),
                    data: input
                        .data
                        .iter()
                        .zip(&grad_output.data)
                        .map(|(&x, &g)| e.backward(x, g))
                        .collect(),
                },
                grad_weight: None,
            })
        }
        Activation::Softmax { kind, dim } => softmax(*kind, *dim, input, grad_output),
        Activation::Glu { dim } => glu(*dim, input, grad_output),
    }
}

/// The shape of GLU's output: the input's with `dim` halved; PyTorch's refusals of a 0-d input and
/// of an odd size.
pub fn glu_output_shape(dim: i64, shape: &[usize]) -> Result<(usize, Vec<usize>)> {
    if shape.is_empty() {
        return Err(Error::Shape(
            "glu does not support scalars because halving size must be even".into(),
        ));
    }
    let d = normalize_dim(dim, shape.len())?;
    if !shape[d].is_multiple_of(2) {
        return Err(Error::Shape(format!(
            "Halving dimension must be even, but dimension {d} is size {}",
            shape[d]
        )));
    }
    let mut out = shape.to_vec();
    out[d] /= 2;
    Ok((d, out))
}

/// ATen's glu and glu_backward: a·σ(b) for the halves a, b of `dim`; ∂/∂a = σ(b)·g,
/// ∂/∂b = a·σ(b)(1 − σ(b))·g, with `grad_output` of the output's shape.
pub fn glu(dim: i64, input: &Tensor, grad_output: &Tensor) -> Result<ActivationResult> {
    let (d, out_shape) = glu_output_shape(dim, &input.shape)?;
    if grad_output.shape != out_shape {
        return Err(Error::Shape(format!(
            "grad_output has shape {:?} but the output has shape {out_shape:?}",
            grad_output.shape
        )));
    }
    let (outer, size, inner) = input.split_at_dim(d);
    let half = size / 2;
    let mut out = vec![0.0; outer * half * inner];
    let mut grad = vec![0.0; input.numel()];
    for o in 0..outer {
        for k in 0..half {
            for i in 0..inner {
                let (ia, ib) = (
                    (o * size + k) * inner + i,
                    (o * size + k + half) * inner + i,
                );
                let at = (o * half + k) * inner + i;
                let (a, sig) = (input.data[ia], sigmoid(input.data[ib]));
                let g = grad_output.data[at];
                out[at] = a * sig;
                grad[ia] = sig * g;
                grad[ib] = (1.0 - sig) * sig * a * g;
            }
        }
    }
    Ok(ActivationResult {
        output: Tensor {
            shape: out_shape,
            data: out,
        },
        grad_input: input.like(grad),
        grad_weight: None,
    })
}

fn check_grad_shape(input: &Tensor, grad_output: &Tensor) -> Result<()> {
    if grad_output.shape != input.shape {
        return Err(Error::Shape(format!(
            "grad_output has shape {:?} but the output has shape {:?}",
            grad_output.shape, input.shape
        )));
    }
    Ok(())
}

/// PyTorch's `_get_softmax_dim` when `dim` is omitted: 0 for 0-, 1- and 3-d inputs, else 1.
pub fn implicit_softmax_dim(ndim: usize) -> i64 {
    if matches!(ndim, 0 | 1 | 3) {
        0
    } else {
        1
    }
}

/// Softmax, softmin or log-softmax along `dim`, with its backward.
pub fn softmax(
    kind: SoftmaxKind,
    dim: Option<i64>,
    input: &Tensor,
    grad_output: &Tensor,
) -> Result<ActivationResult> {
    check_grad_shape(input, grad_output)?;
    let dim = normalize_dim(
        dim.unwrap_or_else(|| implicit_softmax_dim(input.ndim())),
        input.ndim(),
    )?;
    let (outer, size, inner) = input.split_at_dim(dim);
    let sign = if kind == SoftmaxKind::Softmin {
        -1.0
    } else {
        1.0
    };
    let mut out = vec![0.0; input.numel()];
    let mut grad = vec![0.0; input.numel()];
    for o in 0..outer {
        for i in 0..inner {
            let at = |k: usize| o * size * inner + k * inner + i;
            let max = (0..size)
                .map(|k| sign * input.data[at(k)])
                .fold(f64::NEG_INFINITY, nan_max);
            match kind {
                SoftmaxKind::Softmax | SoftmaxKind::Softmin => {
                    let mut sum = 0.0;
                    for k in 0..size {
                        let e = (sign * input.data[at(k)] - max).exp();
                        out[at(k)] = e;
                        sum += e;
                    }
                    for k in 0..size {
                        out[at(k)] /= sum;
                    }
                    // dx = y * (g - Σ g·y), negated for softmin.
                    let dot: f64 = (0..size)
                        .map(|k| grad_output.data[at(k)] * out[at(k)])
                        .sum();
                    for k in 0..size {
                        grad[at(k)] = sign * out[at(k)] * (grad_output.data[at(k)] - dot);
                    }
                }
                SoftmaxKind::LogSoftmax => {
                    let sum: f64 = (0..size).map(|k| (input.data[at(k)] - max).exp()).sum();
                    let log_sum = sum.ln();
                    for k in 0..size {
                        out[at(k)] = input.data[at(k)] - max - log_sum;
                    }
                    // dx = g - exp(y) Σ g.
                    let gsum: f64 = (0..size).map(|k| grad_output.data[at(k)]).sum();
                    for k in 0..size {
                        grad[at(k)] = grad_output.data[at(k)] - out[at(k)].exp() * gsum;
                    }
                }
            }
        }
    }
    Ok(ActivationResult {
        output: input.like(out),
        grad_input: input.like(grad),
        grad_weight: None,
    })
}

/// max that propagates NaN, as ATen's reductions do.
fn nan_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// PReLU with a weight tensor: one slope, or one per channel (dimension 1 of the input).
pub fn prelu(input: &Tensor, weight: &Tensor, grad_output: &Tensor) -> Result<ActivationResult> {
    check_grad_shape(input, grad_output)?;
    if weight.ndim() > 1 {
        return Err(Error::Shape(format!(
            "prelu: weight must be a scalar or 1-d, got {} dimensions",
            weight.ndim()
        )));
    }
    let channels = if input.ndim() >= 2 { input.shape[1] } else { 1 };
    let nw = weight.numel();
    if nw != 1 && nw != channels {
        return Err(Error::Shape(format!(
            "Mismatch of parameter numbers and input channel size. Found parameter numbers = {nw} and channel size = {channels}."
        )));
    }
    let inner: usize = if input.ndim() >= 2 {
        input.shape[2..].iter().product()
    } else {
        1
    };
    let mut out = Vec::with_capacity(input.numel());
    let mut grad = Vec::with_capacity(input.numel());
    let mut grad_w = vec![0.0; nw];
    for (k, (&x, &g)) in input.data.iter().zip(&grad_output.data).enumerate() {
        let c = if nw == 1 { 0 } else { (k / inner) % channels };
        let w = weight.data[c];
        if x > 0.0 {
            out.push(x);
            grad.push(g);
        } else {
            out.push(w * x);
            grad.push(w * g);
            grad_w[c] += x * g;
        }
    }
    Ok(ActivationResult {
        output: input.like(out),
        grad_input: input.like(grad),
        grad_weight: Some(weight.like(grad_w)),
    })
}
