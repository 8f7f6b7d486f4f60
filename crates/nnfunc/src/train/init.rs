//! Seeded random streams and the initialisation of a network per activation.
//!
//! Every weight is `bound · u` with `u` drawn uniformly from [−1, 1) by the same stream for every
//! activation: networks of one seed start from the same draws, scaled by their scheme. Biases follow
//! PyTorch's `nn.Linear` default, U(−1/√fan_in, 1/√fan_in), for every scheme (also SIREN's reference
//! code keeps it); zero biases would put every first-layer kink of a 1D ReLU network at x = 0.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use super::HiddenActivation;
use crate::activation::Elementwise;
use crate::catalogue::FnId;

/// Independent random streams of one seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Init,
    Data,
    Batches,
}

/// SplitMix64's finaliser: spreads nearby seeds over the whole state space.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of one stream of `seed`.
pub fn stream_rng(seed: u64, stream: Stream) -> Pcg64 {
    let tag = match stream {
        Stream::Init => 1,
        Stream::Data => 2,
        Stream::Batches => 3,
    };
    Pcg64::seed_from_u64(mix(seed ^ mix(tag)))
}

/// Uniform in [0, 1) with 53 random bits.
pub fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform in [−1, 1).
pub fn symmetric<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    2.0 * unit(rng) - 1.0
}

/// Uniform integer in `0..n` (0 for n = 0), by Lemire's multiply-shift (bias below 2⁻³² here).
pub fn below<R: Rng + ?Sized>(rng: &mut R, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// How a network's weights are drawn, chosen from its hidden activation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InitScheme {
    /// He et al. (2015), `kaiming_uniform_` with fan_in: bound = √(2 / (1 + a²)) · √(3 / fan_in),
    /// `a` the negative slope. For the ReLU family: ReLU, Leaky ReLU, PReLU, RReLU, ReLU6, ELU, CELU,
    /// GELU, SiLU, Mish, Hardswish, Softplus, Threshold (all ≈ 0 for x < 0, ≈ x for x > 0).
    Kaiming { negative_slope: f64 },
    /// Glorot & Bengio (2010), `xavier_uniform_` with gain 1: bound = √(6 / (fan_in + fan_out)). For
    /// the saturating and odd functions: tanh, sigmoid, hardtanh, softsign, the shrinks, linear, ….
    Xavier,
    /// LeCun uniform, bound = √(3 / fan_in): what SELU's self-normalisation assumes.
    LeCun,
    /// Sitzmann et al. (2020): first layer U(−1/fan_in, 1/fan_in), later layers (the output layer
    /// too) U(−√(6/fan_in)/ω₀, √(6/fan_in)/ω₀); each hidden layer computes sin(ω₀ (W x + b)).
    Siren { omega_0: f64 },
}

impl InitScheme {
    /// The scheme for a hidden activation (the table above). The match names every catalogue entry,
    /// so a new activation cannot compile without its scheme.
    pub fn for_activation(act: &HiddenActivation) -> InitScheme {
        let slope = match act.function {
            Elementwise::LeakyRelu { negative_slope } => negative_slope,
            Elementwise::Prelu { weight } => weight,
            _ => 0.0,
        };
        let negative_slope = if slope.is_finite() { slope } else { 0.0 };
        match act.id {
            FnId::Relu
            | FnId::LeakyRelu
            | FnId::Prelu
            | FnId::Rrelu
            | FnId::Relu6
            | FnId::Elu
            | FnId::Celu
            | FnId::Gelu
            | FnId::Silu
            | FnId::Mish
            | FnId::Hardswish
            | FnId::Softplus
            | FnId::Threshold => InitScheme::Kaiming { negative_slope },
            FnId::Selu => InitScheme::LeCun,
            FnId::Sine => match act.function {
                Elementwise::Sine { omega_0 } => InitScheme::Siren { omega_0 },
                _ => InitScheme::Siren { omega_0: 30.0 },
            },
            FnId::Linear
            | FnId::Sigmoid
            | FnId::Tanh
            | FnId::LogSigmoid
            | FnId::Hardtanh
            | FnId::Hardsigmoid
            | FnId::Softsign
            | FnId::Tanhshrink
            | FnId::Softshrink
            | FnId::Hardshrink => InitScheme::Xavier,
            // Never a hidden activation (`HiddenActivation::from_params` refuses vector functions
            // and losses); listed so that every catalogue entry is decided here.
            FnId::Softmin
            | FnId::Softmax
            | FnId::LogSoftmax
            | FnId::Glu
            | FnId::MseLoss
            | FnId::L1Loss
            | FnId::SmoothL1Loss
            | FnId::HuberLoss
            | FnId::NllLoss
            | FnId::CrossEntropy
            | FnId::MultilabelSoftMarginLoss
            | FnId::MultiMarginLoss
            | FnId::CtcLoss
            | FnId::MultilabelMarginLoss
            | FnId::BinaryCrossEntropy
            | FnId::BinaryCrossEntropyWithLogits
            | FnId::SoftMarginLoss
            | FnId::KlDiv
            | FnId::PoissonNllLoss
            | FnId::GaussianNllLoss
            | FnId::MarginRankingLoss
            | FnId::HingeEmbeddingLoss
            | FnId::TripletMarginLoss
            | FnId::TripletMarginWithDistanceLoss
            | FnId::CosineEmbeddingLoss
            | FnId::RatioLoss => InitScheme::Xavier,
        }
    }

    /// How the UI names it.
    pub fn label(self) -> &'static str {
        match self {
            InitScheme::Kaiming { .. } => "Kaiming (He) uniform",
            InitScheme::Xavier => "Xavier (Glorot) uniform",
            InitScheme::LeCun => "LeCun uniform",
            InitScheme::Siren { .. } => "SIREN",
        }
    }

    /// The half-width of the uniform distribution of layer `layer`'s weights (`layer` 0 reads the
    /// input; `output` marks the last, linear layer, which is Xavier except for SIREN).
    pub fn weight_bound(self, layer: usize, fan_in: usize, fan_out: usize, output: bool) -> f64 {
        let fan_in = fan_in.max(1) as f64;
        let fan_out = fan_out.max(1) as f64;
        let xavier = (6.0 / (fan_in + fan_out)).sqrt();
        let bound = match self {
            InitScheme::Siren { omega_0 } => {
                if layer == 0 {
                    1.0 / fan_in
                } else {
                    (6.0 / fan_in).sqrt() / omega_0.abs()
                }
            }
            _ if output => xavier,
            InitScheme::Kaiming { negative_slope } => {
                (2.0 / (1.0 + negative_slope * negative_slope)).sqrt() * (3.0 / fan_in).sqrt()
            }
            InitScheme::Xavier => xavier,
            InitScheme::LeCun => (3.0 / fan_in).sqrt(),
        };
        if bound.is_finite() {
            bound
        } else {
            xavier
        }
    }
}
