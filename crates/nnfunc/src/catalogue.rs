//! The catalogue: the single list of every function the app knows.
//!
//! The sidebar, the sliders, the URL keys, the docs and the tests all iterate [`CATALOGUE`]; nothing else
//! lists functions. Adding a function means one entry here and its math in `activation` or `loss`.

/// Every function, as a closed set, so that code dispatching on it is an exhaustive `match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FnId {
    // The lecture's activations.
    Linear,
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Prelu,
    Softplus,
    Elu,
    Celu,
    Selu,
    Gelu,
    Relu6,
    LogSigmoid,
    Sine,
    Softmin,
    Softmax,
    LogSoftmax,
    // The rest of torch.nn's elementwise activations.
    Hardtanh,
    Hardswish,
    Hardsigmoid,
    Silu,
    Mish,
    Softsign,
    Tanhshrink,
    Softshrink,
    Hardshrink,
    Threshold,
    Rrelu,
    Glu,
    // Losses.
    MseLoss,
    L1Loss,
    SmoothL1Loss,
    HuberLoss,
    NllLoss,
    CrossEntropy,
    MultilabelSoftMarginLoss,
    MultiMarginLoss,
    CtcLoss,
    MultilabelMarginLoss,
    BinaryCrossEntropy,
    BinaryCrossEntropyWithLogits,
    SoftMarginLoss,
    KlDiv,
    PoissonNllLoss,
    GaussianNllLoss,
    MarginRankingLoss,
    HingeEmbeddingLoss,
    TripletMarginLoss,
    TripletMarginWithDistanceLoss,
    CosineEmbeddingLoss,
    RatioLoss,
}

/// Every activation's id, as one pattern: for the loss code's arm that refuses activations. A new
/// activation goes here as well as in its own match arms; a new loss does not, so every loss match
/// that lists its ids stops compiling until it handles the new one.
macro_rules! activation_ids {
    () => {
        $crate::catalogue::FnId::Linear
            | $crate::catalogue::FnId::Sigmoid
            | $crate::catalogue::FnId::Tanh
            | $crate::catalogue::FnId::Relu
            | $crate::catalogue::FnId::LeakyRelu
            | $crate::catalogue::FnId::Prelu
            | $crate::catalogue::FnId::Softplus
            | $crate::catalogue::FnId::Elu
            | $crate::catalogue::FnId::Celu
            | $crate::catalogue::FnId::Selu
            | $crate::catalogue::FnId::Gelu
            | $crate::catalogue::FnId::Relu6
            | $crate::catalogue::FnId::LogSigmoid
            | $crate::catalogue::FnId::Sine
            | $crate::catalogue::FnId::Softmin
            | $crate::catalogue::FnId::Softmax
            | $crate::catalogue::FnId::LogSoftmax
            | $crate::catalogue::FnId::Hardtanh
            | $crate::catalogue::FnId::Hardswish
            | $crate::catalogue::FnId::Hardsigmoid
            | $crate::catalogue::FnId::Silu
            | $crate::catalogue::FnId::Mish
            | $crate::catalogue::FnId::Softsign
            | $crate::catalogue::FnId::Tanhshrink
            | $crate::catalogue::FnId::Softshrink
            | $crate::catalogue::FnId::Hardshrink
            | $crate::catalogue::FnId::Threshold
            | $crate::catalogue::FnId::Rrelu
            | $crate::catalogue::FnId::Glu
    };
}
pub(crate) use activation_ids;

/// Every loss's id, as one pattern: for the activation code's arm that refuses losses (see
/// [`activation_ids`]).
macro_rules! loss_ids {
    () => {
        $crate::catalogue::FnId::MseLoss
            | $crate::catalogue::FnId::L1Loss
            | $crate::catalogue::FnId::SmoothL1Loss
            | $crate::catalogue::FnId::HuberLoss
            | $crate::catalogue::FnId::NllLoss
            | $crate::catalogue::FnId::CrossEntropy
            | $crate::catalogue::FnId::MultilabelSoftMarginLoss
            | $crate::catalogue::FnId::MultiMarginLoss
            | $crate::catalogue::FnId::CtcLoss
            | $crate::catalogue::FnId::MultilabelMarginLoss
            | $crate::catalogue::FnId::BinaryCrossEntropy
            | $crate::catalogue::FnId::BinaryCrossEntropyWithLogits
            | $crate::catalogue::FnId::SoftMarginLoss
            | $crate::catalogue::FnId::KlDiv
            | $crate::catalogue::FnId::PoissonNllLoss
            | $crate::catalogue::FnId::GaussianNllLoss
            | $crate::catalogue::FnId::MarginRankingLoss
            | $crate::catalogue::FnId::HingeEmbeddingLoss
            | $crate::catalogue::FnId::TripletMarginLoss
            | $crate::catalogue::FnId::TripletMarginWithDistanceLoss
            | $crate::catalogue::FnId::CosineEmbeddingLoss
            | $crate::catalogue::FnId::RatioLoss
    };
}
pub(crate) use loss_ids;

/// Activation or loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Activation,
    Loss,
}

/// How the UI groups functions; also the order of groups in menus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Elementwise activations taught in the lecture.
    LectureActivation,
    /// Softmax, softmin and log-softmax: they act on a whole vector.
    SoftmaxFamily,
    /// The rest of torch.nn's elementwise activations.
    MoreActivation,
    /// Regression losses over a residual.
    Regression,
    /// Multi-class classification losses.
    Classification,
    /// Losses over sequences whose alignment to the target is unknown.
    Sequence,
    /// Binary classification losses.
    Binary,
    /// Divergences between distributions and likelihoods under one.
    Distribution,
    /// Ranking and embedding losses.
    Ranking,
    /// Metric-learning losses over triplets.
    Triplet,
}

impl Group {
    pub const fn label(self) -> &'static str {
        match self {
            Group::LectureActivation => "Activations from the lecture",
            Group::SoftmaxFamily => "Softmax family",
            Group::MoreActivation => "More of torch.nn",
            Group::Regression => "Regression",
            Group::Classification => "Classification",
            Group::Sequence => "Sequences",
            Group::Binary => "Binary classification",
            Group::Distribution => "Distributions",
            Group::Ranking => "Ranking and embedding",
            Group::Triplet => "Triplets (metric learning)",
        }
    }
}

/// What values a real parameter may take (what PyTorch accepts; the harness refuses the rest).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Domain {
    Any,
    Positive,
    NonNegative,
    NonZero,
    /// The closed interval [lo, hi].
    Closed(f64, f64),
}

impl Domain {
    pub fn contains(self, v: f64) -> bool {
        match self {
            Domain::Any => !v.is_nan(),
            Domain::Positive => v > 0.0,
            Domain::NonNegative => v >= 0.0,
            Domain::NonZero => v != 0.0 && !v.is_nan(),
            Domain::Closed(lo, hi) => v >= lo && v <= hi,
        }
    }

    /// A phrase for messages: "must be positive".
    pub fn describe(self) -> String {
        match self {
            Domain::Any => "must be a number".into(),
            Domain::Positive => "must be greater than 0".into(),
            Domain::NonNegative => "must be greater than or equal to 0".into(),
            Domain::NonZero => "must not be 0".into(),
            Domain::Closed(lo, hi) => format!("must be between {lo} and {hi}"),
        }
    }
}

/// The type of a parameter, with its default and the slider's range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamKind {
    /// A real number. `min..=max` with `step` is the slider; `domain` is what the math accepts when typed.
    Real {
        default: f64,
        min: f64,
        max: f64,
        step: f64,
        domain: Domain,
    },
    /// An integer, `None` meaning "not given" (e.g. softmax's implicit `dim`).
    Int {
        default: Option<i64>,
        min: i64,
        max: i64,
    },
    Bool {
        default: bool,
    },
    /// One of a few strings.
    Choice {
        default: &'static str,
        options: &'static [&'static str],
    },
    /// A tensor (`weight`, `pos_weight`); `scalar_default` is used by the app's sliders (PReLU's 0.25),
    /// `None` means "no tensor" (no weighting).
    Tensor {
        scalar_default: Option<f64>,
        min: f64,
        max: f64,
        step: f64,
    },
}

/// One parameter of a function, named as in `torch.nn.functional`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    pub name: &'static str,
    /// How the UI labels it (Greek letters allowed).
    pub label: &'static str,
    pub kind: ParamKind,
    /// PyTorch has no default for it (`F.threshold`): the harness refuses a call without it.
    pub required: bool,
    pub doc: &'static str,
}

/// One function of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FnSpec {
    pub id: FnId,
    /// The `torch.nn.functional` name (also the URL key prefix and the harness's `fn`).
    pub name: &'static str,
    pub display: &'static str,
    /// The module a lecture would write, e.g. `nn.ELU()`.
    pub torch: &'static str,
    pub kind: Kind,
    pub group: Group,
    /// Named input tensors, as PyTorch names the arguments.
    pub inputs: &'static [&'static str],
    pub params: &'static [ParamSpec],
    /// The formula as a MathML fragment (the content of a `<math>` element).
    pub formula: &'static str,
    /// What the lecture says about it, in our own words, and where PyTorch differs.
    pub notes: &'static [&'static str],
}

impl FnSpec {
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}

impl FnId {
    /// The catalogue entry; every `FnId` has exactly one (a test checks it).
    pub fn spec(self) -> &'static FnSpec {
        CATALOGUE
            .iter()
            .find(|s| s.id == self)
            .unwrap_or(&CATALOGUE[0])
    }
}

/// Look a function up by its PyTorch name.
pub fn find(name: &str) -> Option<&'static FnSpec> {
    CATALOGUE.iter().find(|s| s.name == name)
}

/// The functions of one kind, in catalogue order.
pub fn of_kind(kind: Kind) -> impl Iterator<Item = &'static FnSpec> {
    CATALOGUE.iter().filter(move |s| s.kind == kind)
}

/// The functions of one group, in catalogue order.
pub fn in_group(group: Group) -> impl Iterator<Item = &'static FnSpec> {
    CATALOGUE.iter().filter(move |s| s.group == group)
}

/// How many functions `group` holds (at compile time, to size [`group_ids`]'s array).
pub const fn group_len(group: Group) -> usize {
    groups_len(&[group])
}

/// The ids of `group`'s functions in catalogue order, evaluated at compile time:
/// `const LOSSES: [FnId; group_len(G)] = group_ids(G);` is a list that follows the catalogue
/// (a wrong `N` does not compile).
pub const fn group_ids<const N: usize>(group: Group) -> [FnId; N] {
    groups_ids(&[group])
}

/// Whether `groups[index]` appeared earlier in `groups` (const: no iterators).
const fn seen_before(groups: &[Group], index: usize) -> bool {
    let mut i = 0;
    while i < index {
        if groups[i] as u8 == groups[index] as u8 {
            return true;
        }
        i += 1;
    }
    false
}

/// How many functions the groups hold together, each group counted once.
pub const fn groups_len(groups: &[Group]) -> usize {
    let mut count = 0;
    let mut g = 0;
    while g < groups.len() {
        let mut i = 0;
        while !seen_before(groups, g) && i < CATALOGUE.len() {
            if CATALOGUE[i].group as u8 == groups[g] as u8 {
                count += 1;
            }
            i += 1;
        }
        g += 1;
    }
    count
}

/// The ids of the groups' functions, group by group in the order given (a repeated group adds
/// nothing), each group in catalogue order; `N` must be [`groups_len`] (else it does not compile).
pub const fn groups_ids<const N: usize>(groups: &[Group]) -> [FnId; N] {
    let mut ids = [FnId::Linear; N];
    let mut count = 0;
    let mut g = 0;
    while g < groups.len() {
        let mut i = 0;
        while !seen_before(groups, g) && i < CATALOGUE.len() {
            if CATALOGUE[i].group as u8 == groups[g] as u8 {
                assert!(count < N, "groups_ids: N is smaller than the groups");
                ids[count] = CATALOGUE[i].id;
                count += 1;
            }
            i += 1;
        }
        g += 1;
    }
    assert!(count == N, "groups_ids: N is larger than the groups");
    ids
}

#[allow(clippy::too_many_arguments)] // a table row helper: every argument is a column
const fn real(
    name: &'static str,
    label: &'static str,
    default: f64,
    min: f64,
    max: f64,
    step: f64,
    domain: Domain,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        name,
        label,
        kind: ParamKind::Real {
            default,
            min,
            max,
            step,
            domain,
        },
        required: false,
        doc,
    }
}

const REDUCTION: ParamSpec = ParamSpec {
    name: "reduction",
    label: "reduction",
    kind: ParamKind::Choice {
        default: "mean",
        options: &["none", "mean", "sum"],
    },
    required: false,
    doc: "How the per-element losses become one number: none keeps them, mean averages, sum adds.",
};

const KL_REDUCTION: ParamSpec = ParamSpec {
    name: "reduction",
    label: "reduction",
    kind: ParamKind::Choice { default: "mean", options: &["none", "batchmean", "mean", "sum"] },
    required: false,
    doc: "batchmean (sum divided by the batch size) is the true KL divergence; mean divides by every element.",
};

const CLASS_WEIGHT: ParamSpec = ParamSpec {
    name: "weight",
    label: "class weights",
    kind: ParamKind::Tensor {
        scalar_default: None,
        min: 0.0,
        max: 5.0,
        step: 0.1,
    },
    required: false,
    doc: "A weight per class, to balance rare classes.",
};

const IGNORE_INDEX: ParamSpec = ParamSpec {
    name: "ignore_index",
    label: "ignore_index",
    kind: ParamKind::Int {
        default: Some(-100),
        min: -100,
        max: 100,
    },
    required: false,
    doc: "Targets equal to this class contribute nothing, not even to the mean's denominator.",
};

const REGRESSION_WEIGHT: ParamSpec = ParamSpec {
    name: "weight",
    label: "weight",
    kind: ParamKind::Tensor {
        scalar_default: None,
        min: 0.0,
        max: 5.0,
        step: 0.1,
    },
    required: false,
    doc: "A weight per element, of the input's shape (new in torch 2.15).",
};

const ELEMENT_WEIGHT: ParamSpec = ParamSpec {
    name: "weight",
    label: "weight",
    kind: ParamKind::Tensor {
        scalar_default: None,
        min: 0.0,
        max: 5.0,
        step: 0.1,
    },
    required: false,
    doc: "A weight per element, broadcast to the input.",
};

const SOFTMAX_DIM: ParamSpec = ParamSpec {
    name: "dim",
    label: "dim",
    kind: ParamKind::Int { default: None, min: -8, max: 7 },
    required: false,
    doc: "The dimension that sums to one. Omitted, PyTorch picks 0 for 0-, 1- and 3-d inputs, else 1.",
};

/// Every function, in the order menus show them.
pub static CATALOGUE: &[FnSpec] = &[
    // ---------------------------------------------------------------- the lecture's activations
    FnSpec {
        id: FnId::Linear,
        name: "linear",
        display: "Linear",
        torch: "c * x",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[real("c", "c", 1.0, -3.0, 3.0, 0.01, Domain::Any, "The constant slope.")],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>c</mi><mo>&#x22C5;</mo><mi>x</mi>",
        notes: &[
            "The gradient is the constant c: it carries no information about x back through the network.",
            "Stacking linear layers stays linear, so a network needs a nonlinearity to represent anything more.",
        ],
    },
    FnSpec {
        id: FnId::Sigmoid,
        name: "sigmoid",
        display: "Sigmoid",
        torch: "nn.Sigmoid()",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>&#x3C3;</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mo>&#x2212;</mo><mi>x</mi></mrow></msup></mrow></mfrac>",
        notes: &[
            "Squashes any input into (0, 1); nonlinear and smooth.",
            "Its derivative is at most 1/4 and vanishes for large |x|: deep stacks of sigmoids learn slowly.",
        ],
    },
    FnSpec {
        id: FnId::Tanh,
        name: "tanh",
        display: "tanh",
        torch: "nn.Tanh()",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>tanh</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mfrac><mrow><msup><mi>e</mi><mi>x</mi></msup><mo>&#x2212;</mo><msup><mi>e</mi><mrow><mo>&#x2212;</mo><mi>x</mi></mrow></msup></mrow><mrow><msup><mi>e</mi><mi>x</mi></msup><mo>+</mo><msup><mi>e</mi><mrow><mo>&#x2212;</mo><mi>x</mi></mrow></msup></mrow></mfrac>",
        notes: &[
            "A scaled and shifted sigmoid: tanh(x) = 2σ(2x) − 1, with outputs in (−1, 1) centred on zero.",
            "A good choice for regression and continuous reconstruction problems, says the lecture.",
        ],
    },
    FnSpec {
        id: FnId::Relu,
        name: "relu",
        display: "ReLU",
        torch: "nn.ReLU()",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>ReLU</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>x</mi><mo>)</mo>",
        notes: &[
            "Cheap to compute; outputs lie in [0, ∞). Combinations of ReLUs are nonlinear.",
            "Dying ReLU: a unit whose input stays negative gets zero gradient and stops learning.",
            "PyTorch's derivative at the kink x = 0 is 0.",
        ],
    },
    FnSpec {
        id: FnId::LeakyRelu,
        name: "leaky_relu",
        display: "Leaky ReLU",
        torch: "nn.LeakyReLU(negative_slope=0.01)",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[real("negative_slope", "negative_slope", 0.01, 0.0, 1.0, 0.01, Domain::Any, "The slope for x < 0.")],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mi>x</mi></mtd><mtd><mtext>if&#xA0;</mtext><mi>x</mi><mo>&gt;</mo><mn>0</mn></mtd></mtr><mtr><mtd><mi>negative_slope</mi><mo>&#x22C5;</mo><mi>x</mi></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>",
        notes: &[
            "A small slope for negative inputs keeps the gradient alive: it mitigates dying ReLU.",
            "PyTorch's derivative at x = 0 is negative_slope.",
        ],
    },
    FnSpec {
        id: FnId::Prelu,
        name: "prelu",
        display: "PReLU",
        torch: "nn.PReLU(init=0.25)",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[ParamSpec {
            name: "weight",
            label: "a (weight)",
            kind: ParamKind::Tensor { scalar_default: Some(0.25), min: -1.0, max: 1.0, step: 0.01 },
            required: true,
            doc: "The learnable slope for x < 0: one for all channels, or one per channel (dimension 1).",
        }],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mi>x</mi></mtd><mtd><mtext>if&#xA0;</mtext><mi>x</mi><mo>&gt;</mo><mn>0</mn></mtd></mtr><mtr><mtd><mi>a</mi><mo>&#x22C5;</mo><mi>x</mi></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>",
        notes: &[
            "Like Leaky ReLU, but the slope a is learned with the other weights.",
            "Either one a for all inputs or a separate a per input channel; nn.PReLU starts at a = 0.25.",
        ],
    },
    FnSpec {
        id: FnId::Softplus,
        name: "softplus",
        display: "Softplus",
        torch: "nn.Softplus(beta=1.0, threshold=20.0)",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[
            real("beta", "β", 1.0, 0.1, 10.0, 0.1, Domain::Any, "Sharpness: larger β is closer to ReLU."),
            real("threshold", "threshold", 20.0, 0.0, 40.0, 0.5, Domain::Any, "Above β·x > threshold the function is exactly x."),
        ],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mfrac><mn>1</mn><mi>&#x3B2;</mi></mfrac><mi>log</mi><mo>(</mo><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mi>&#x3B2;</mi><mi>x</mi></mrow></msup><mo>)</mo><mo>,</mo><mspace width=\"1em\"/><mtext>x if&#xA0;</mtext><mi>&#x3B2;</mi><mi>x</mi><mo>&gt;</mo><mi>threshold</mi>",
        notes: &[
            "A smooth approximation of ReLU whose output is always positive.",
            "For numerical stability PyTorch switches to the identity where β·x > threshold.",
        ],
    },
    FnSpec {
        id: FnId::Elu,
        name: "elu",
        display: "ELU",
        torch: "nn.ELU(alpha=1.0)",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[real("alpha", "α", 1.0, 0.0, 3.0, 0.01, Domain::Any, "The value approached as x → −∞ is −α.")],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>x</mi><mo>)</mo><mo>+</mo><mo>min</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>&#x3B1;</mi><mo>(</mo><msup><mi>e</mi><mi>x</mi></msup><mo>&#x2212;</mo><mn>1</mn><mo>)</mo><mo>)</mo>",
        notes: &[
            "Negative outputs push mean activations towards zero; smooth for x < 0, saturating at −α.",
            "PyTorch's derivative at x = 0 is α (the left branch is used there).",
        ],
    },
    FnSpec {
        id: FnId::Celu,
        name: "celu",
        display: "CELU",
        torch: "nn.CELU(alpha=1.0)",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[real("alpha", "α", 1.0, 0.1, 3.0, 0.01, Domain::NonZero, "Scale of the negative part; α = 0 is refused.")],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>x</mi><mo>)</mo><mo>+</mo><mo>min</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>&#x3B1;</mi><mo>(</mo><msup><mi>e</mi><mrow><mi>x</mi><mo>/</mo><mi>&#x3B1;</mi></mrow></msup><mo>&#x2212;</mo><mn>1</mn><mo>)</mo><mo>)</mo>",
        notes: &[
            "Continuously differentiable ELU (Barron, 2017): the derivative is 1 on both sides of 0 for every α.",
        ],
    },
    FnSpec {
        id: FnId::Selu,
        name: "selu",
        display: "SELU",
        torch: "nn.SELU()",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>scale</mi><mo>&#x22C5;</mo><mo>(</mo><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>x</mi><mo>)</mo><mo>+</mo><mo>min</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>&#x3B1;</mi><mo>(</mo><msup><mi>e</mi><mi>x</mi></msup><mo>&#x2212;</mo><mn>1</mn><mo>)</mo><mo>)</mo><mo>)</mo>",
        notes: &[
            "α = 1.6732632423543772 and scale = 1.0507009873554805 are fixed so that activations keep zero mean and unit variance through many layers (self-normalising).",
        ],
    },
    FnSpec {
        id: FnId::Gelu,
        name: "gelu",
        display: "GELU",
        torch: "nn.GELU(approximate='none')",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[ParamSpec {
            name: "approximate",
            label: "approximate",
            kind: ParamKind::Choice { default: "none", options: &["none", "tanh"] },
            required: false,
            doc: "'none' uses the exact Gaussian CDF, 'tanh' the faster tanh approximation.",
        }],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>x</mi><mo>&#x22C5;</mo><mi>&#x3A6;</mi><mo>(</mo><mi>x</mi><mo>)</mo>",
        notes: &[
            "Φ is the cumulative distribution function of the standard normal distribution.",
            "Smooth and non-monotonic: slightly negative for moderately negative x.",
        ],
    },
    FnSpec {
        id: FnId::Relu6,
        name: "relu6",
        display: "ReLU6",
        torch: "nn.ReLU6()",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mo>min</mo><mo>(</mo><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>x</mi><mo>)</mo><mo>,</mo><mn>6</mn><mo>)</mo>",
        notes: &["ReLU capped at 6, which suits low-precision arithmetic.", "PyTorch's derivative is 0 at both kinks, x = 0 and x = 6."],
    },
    FnSpec {
        id: FnId::LogSigmoid,
        name: "logsigmoid",
        display: "LogSigmoid",
        torch: "nn.LogSigmoid()",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>log</mi><mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mo>&#x2212;</mo><mi>x</mi></mrow></msup></mrow></mfrac>",
        notes: &["Always negative; computed stably as min(0, x) − log(1 + e^−|x|), so large |x| neither overflows nor loses precision."],
    },
    FnSpec {
        id: FnId::Sine,
        name: "sine",
        display: "Sine (SIREN)",
        torch: "torch.sin(omega_0 * x)",
        kind: Kind::Activation,
        group: Group::LectureActivation,
        inputs: &["input"],
        params: &[real("omega_0", "ω₀", 30.0, 0.5, 60.0, 0.5, Domain::Any, "Frequency; SIREN uses 30 in the first layer.")],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>sin</mi><mo>(</mo><msub><mi>&#x3C9;</mi><mn>0</mn></msub><mi>x</mi><mo>)</mo>",
        notes: &[
            "Periodic activation of SIREN (Sitzmann et al., 2020) for implicit representations, e.g. an image as a continuous function of (x, y).",
            "Difficult convergence for general problems; needs its special initialisation.",
        ],
    },
    FnSpec {
        id: FnId::Softmin,
        name: "softmin",
        display: "Softmin",
        torch: "nn.Softmin(dim)",
        kind: Kind::Activation,
        group: Group::SoftmaxFamily,
        inputs: &["input"],
        params: &[SOFTMAX_DIM],
        formula: "<mi>Softmin</mi><msub><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow><mi>i</mi></msub><mo>=</mo><mfrac><msup><mi>e</mi><mrow><mo>&#x2212;</mo><msub><mi>x</mi><mi>i</mi></msub></mrow></msup><mrow><msub><mo>&#x2211;</mo><mi>j</mi></msub><msup><mi>e</mi><mrow><mo>&#x2212;</mo><msub><mi>x</mi><mi>j</mi></msub></mrow></msup></mrow></mfrac>",
        notes: &["Outputs lie in [0, 1] and sum to 1; the smallest input gets the largest share. Softmin(x) = Softmax(−x)."],
    },
    FnSpec {
        id: FnId::Softmax,
        name: "softmax",
        display: "Softmax",
        torch: "nn.Softmax(dim)",
        kind: Kind::Activation,
        group: Group::SoftmaxFamily,
        inputs: &["input"],
        params: &[SOFTMAX_DIM],
        formula: "<mi>Softmax</mi><msub><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow><mi>i</mi></msub><mo>=</mo><mfrac><msup><mi>e</mi><msub><mi>x</mi><mi>i</mi></msub></msup><mrow><msub><mo>&#x2211;</mo><mi>j</mi></msub><msup><mi>e</mi><msub><mi>x</mi><mi>j</mi></msub></msup></mrow></mfrac>",
        notes: &[
            "Outputs lie in [0, 1] and sum to 1: a probability distribution over classes.",
            "Computed with the maximum subtracted first, so large logits do not overflow.",
        ],
    },
    FnSpec {
        id: FnId::LogSoftmax,
        name: "log_softmax",
        display: "LogSoftmax",
        torch: "nn.LogSoftmax(dim)",
        kind: Kind::Activation,
        group: Group::SoftmaxFamily,
        inputs: &["input"],
        params: &[SOFTMAX_DIM],
        formula: "<mi>LogSoftmax</mi><msub><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow><mi>i</mi></msub><mo>=</mo><msub><mi>x</mi><mi>i</mi></msub><mo>&#x2212;</mo><mi>log</mi><munder><mo>&#x2211;</mo><mi>j</mi></munder><msup><mi>e</mi><msub><mi>x</mi><mi>j</mi></msub></msup>",
        notes: &["log(Softmax) computed with the log-sum-exp trick; with NLLLoss it makes cross-entropy."],
    },
    // ---------------------------------------------------------------- the rest of torch.nn
    FnSpec {
        id: FnId::Hardtanh,
        name: "hardtanh",
        display: "Hardtanh",
        torch: "nn.Hardtanh(min_val=-1.0, max_val=1.0)",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[
            real("min_val", "min_val", -1.0, -3.0, 3.0, 0.1, Domain::Any, "Lower clip."),
            real("max_val", "max_val", 1.0, -3.0, 3.0, 0.1, Domain::Any, "Upper clip."),
        ],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mo>min</mo><mo>(</mo><mo>max</mo><mo>(</mo><mi>x</mi><mo>,</mo><mi>min_val</mi><mo>)</mo><mo>,</mo><mi>max_val</mi><mo>)</mo>",
        notes: &["A piecewise-linear tanh; the derivative is 0 at and beyond both clip points."],
    },
    FnSpec {
        id: FnId::Hardswish,
        name: "hardswish",
        display: "Hardswish",
        torch: "nn.Hardswish()",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>x</mi><mo>&#x22C5;</mo><mfrac><mrow><mi>ReLU6</mi><mo>(</mo><mi>x</mi><mo>+</mo><mn>3</mn><mo>)</mo></mrow><mn>6</mn></mfrac>",
        notes: &["A cheap piecewise approximation of SiLU from MobileNetV3."],
    },
    FnSpec {
        id: FnId::Hardsigmoid,
        name: "hardsigmoid",
        display: "Hardsigmoid",
        torch: "nn.Hardsigmoid()",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mfrac><mrow><mi>ReLU6</mi><mo>(</mo><mi>x</mi><mo>+</mo><mn>3</mn><mo>)</mo></mrow><mn>6</mn></mfrac>",
        notes: &["A piecewise-linear sigmoid; flat (zero gradient) outside (−3, 3)."],
    },
    FnSpec {
        id: FnId::Silu,
        name: "silu",
        display: "SiLU (Swish)",
        torch: "nn.SiLU()",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>x</mi><mo>&#x22C5;</mo><mi>&#x3C3;</mi><mo>(</mo><mi>x</mi><mo>)</mo>",
        notes: &["Smooth, non-monotonic, unbounded above; close to GELU."],
    },
    FnSpec {
        id: FnId::Mish,
        name: "mish",
        display: "Mish",
        torch: "nn.Mish()",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>x</mi><mo>&#x22C5;</mo><mi>tanh</mi><mo>(</mo><mi>Softplus</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>)</mo>",
        notes: &["Smooth and non-monotonic like SiLU, with a slightly deeper negative dip."],
    },
    FnSpec {
        id: FnId::Softsign,
        name: "softsign",
        display: "Softsign",
        torch: "nn.Softsign()",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mfrac><mi>x</mi><mrow><mn>1</mn><mo>+</mo><mo>|</mo><mi>x</mi><mo>|</mo></mrow></mfrac>",
        notes: &["Like tanh but approaches ±1 polynomially, not exponentially, so it saturates more gently."],
    },
    FnSpec {
        id: FnId::Tanhshrink,
        name: "tanhshrink",
        display: "Tanhshrink",
        torch: "nn.Tanhshrink()",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>x</mi><mo>&#x2212;</mo><mi>tanh</mi><mo>(</mo><mi>x</mi><mo>)</mo>",
        notes: &["Nearly flat around 0 (it grows like x³/3), linear far away."],
    },
    FnSpec {
        id: FnId::Softshrink,
        name: "softshrink",
        display: "Softshrink",
        torch: "nn.Softshrink(lambd=0.5)",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[real("lambd", "λ", 0.5, 0.0, 3.0, 0.05, Domain::NonNegative, "Half-width of the dead zone; must be ≥ 0.")],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mi>x</mi><mo>&#x2212;</mo><mi>&#x3BB;</mi></mtd><mtd><mi>x</mi><mo>&gt;</mo><mi>&#x3BB;</mi></mtd></mtr><mtr><mtd><mi>x</mi><mo>+</mo><mi>&#x3BB;</mi></mtd><mtd><mi>x</mi><mo>&lt;</mo><mo>&#x2212;</mo><mi>&#x3BB;</mi></mtd></mtr><mtr><mtd><mn>0</mn></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>",
        notes: &["Soft thresholding, the proximal operator of the L1 norm: small values become exactly 0."],
    },
    FnSpec {
        id: FnId::Hardshrink,
        name: "hardshrink",
        display: "Hardshrink",
        torch: "nn.Hardshrink(lambd=0.5)",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[real("lambd", "λ", 0.5, 0.0, 3.0, 0.05, Domain::Any, "Half-width of the dead zone.")],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mi>x</mi></mtd><mtd><mo>|</mo><mi>x</mi><mo>|</mo><mo>&gt;</mo><mi>&#x3BB;</mi></mtd></mtr><mtr><mtd><mn>0</mn></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>",
        notes: &["Hard thresholding: keeps large values unchanged and zeroes the rest; it jumps at ±λ."],
    },
    FnSpec {
        id: FnId::Threshold,
        name: "threshold",
        display: "Threshold",
        torch: "nn.Threshold(threshold, value)",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[
            ParamSpec { required: true, ..real("threshold", "threshold", 1.0, -3.0, 3.0, 0.1, Domain::Any, "Inputs at or below it are replaced.") },
            ParamSpec { required: true, ..real("value", "value", 0.0, -3.0, 3.0, 0.1, Domain::Any, "What they are replaced with.") },
        ],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mi>x</mi></mtd><mtd><mi>x</mi><mo>&gt;</mo><mi>threshold</mi></mtd></mtr><mtr><mtd><mi>value</mi></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>",
        notes: &["The naive step-like activation generalised; the gradient is 0 below the threshold. PyTorch requires both parameters."],
    },
    FnSpec {
        id: FnId::Rrelu,
        name: "rrelu",
        display: "RReLU (eval)",
        torch: "nn.RReLU(lower=1/8, upper=1/3).eval()",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[
            real("lower", "lower", 0.125, 0.0, 1.0, 0.005, Domain::Any, "Lower bound of the random slope in training."),
            real("upper", "upper", 1.0 / 3.0, 0.0, 1.0, 0.005, Domain::Any, "Upper bound of the random slope in training."),
        ],
        formula: "<mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mi>x</mi></mtd><mtd><mi>x</mi><mo>&gt;</mo><mn>0</mn></mtd></mtr><mtr><mtd><mfrac><mrow><mi>lower</mi><mo>+</mo><mi>upper</mi></mrow><mn>2</mn></mfrac><mi>x</mi></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>",
        notes: &["In training the negative slope is drawn at random from U(lower, upper); in evaluation mode, shown here, it is their mean."],
    },
    FnSpec {
        id: FnId::Glu,
        name: "glu",
        display: "GLU (gated linear unit)",
        torch: "nn.GLU(dim=-1)",
        kind: Kind::Activation,
        group: Group::MoreActivation,
        inputs: &["input"],
        params: &[ParamSpec {
            name: "dim",
            label: "dim",
            kind: ParamKind::Int { default: Some(-1), min: -8, max: 7 },
            required: false,
            doc: "The dimension split in halves a (first) and b (second); its size must be even.",
        }],
        formula: "<mi>GLU</mi><mo>(</mo><mi>a</mi><mo>,</mo><mi>b</mi><mo>)</mo><mo>=</mo><mi>a</mi><mo>&#x2297;</mo><mi>&#x3C3;</mi><mo>(</mo><mi>b</mi><mo>)</mo>",
        notes: &[
            "Not element-wise: the input is split in halves along dim, a and b, and the output (half the size) is a gated by σ(b); the gate b decides how much of a passes.",
            "Its gradients: ∂/∂a = σ(b) (a linear path that never saturates while the gate is open) and ∂/∂b = a·σ(b)(1 − σ(b)). PyTorch refuses an odd size along dim and a 0-d input.",
        ],
    },
    // ---------------------------------------------------------------- losses
    FnSpec {
        id: FnId::MseLoss,
        name: "mse_loss",
        display: "MSE (L2)",
        torch: "nn.MSELoss()",
        kind: Kind::Loss,
        group: Group::Regression,
        inputs: &["input", "target"],
        params: &[REDUCTION, REGRESSION_WEIGHT],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><msup><mrow><mo>(</mo><msub><mi>x</mi><mi>n</mi></msub><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub><mo>)</mo></mrow><mn>2</mn></msup>",
        notes: &["Squares the residual, so large errors (outliers) dominate the fit.", "Reduced by mean (default) or sum."],
    },
    FnSpec {
        id: FnId::L1Loss,
        name: "l1_loss",
        display: "L1",
        torch: "nn.L1Loss()",
        kind: Kind::Loss,
        group: Group::Regression,
        inputs: &["input", "target"],
        params: &[REDUCTION, REGRESSION_WEIGHT],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mo>|</mo><msub><mi>x</mi><mi>n</mi></msub><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub><mo>|</mo>",
        notes: &["Robust regression for noisy data: every residual pulls with the same force.", "PyTorch's gradient at a zero residual is 0."],
    },
    FnSpec {
        id: FnId::SmoothL1Loss,
        name: "smooth_l1_loss",
        display: "Smooth L1",
        torch: "nn.SmoothL1Loss(beta=1.0)",
        kind: Kind::Loss,
        group: Group::Regression,
        inputs: &["input", "target"],
        params: &[REDUCTION, real("beta", "β", 1.0, 0.0, 3.0, 0.05, Domain::NonNegative, "Where the quadratic part meets the linear part; β = 0 is L1.")],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mn>0.5</mn><msup><mi>d</mi><mn>2</mn></msup><mo>/</mo><mi>&#x3B2;</mi></mtd><mtd><mo>|</mo><mi>d</mi><mo>|</mo><mo>&lt;</mo><mi>&#x3B2;</mi></mtd></mtr><mtr><mtd><mo>|</mo><mi>d</mi><mo>|</mo><mo>&#x2212;</mo><mn>0.5</mn><mi>&#x3B2;</mi></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow><mo>,</mo><mspace width=\"0.5em\"/><mi>d</mi><mo>=</mo><msub><mi>x</mi><mi>n</mi></msub><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub>",
        notes: &["Quadratic near zero, linear for large residuals: smooth like MSE, robust like L1.", "The lecture's version is β = 1."],
    },
    FnSpec {
        id: FnId::HuberLoss,
        name: "huber_loss",
        display: "Huber",
        torch: "nn.HuberLoss(delta=1.0)",
        kind: Kind::Loss,
        group: Group::Regression,
        inputs: &["input", "target"],
        params: &[REDUCTION,
            REGRESSION_WEIGHT, real("delta", "δ", 1.0, 0.05, 3.0, 0.05, Domain::Positive, "Where the quadratic part meets the linear part; must be > 0.")],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mn>0.5</mn><msup><mi>d</mi><mn>2</mn></msup></mtd><mtd><mo>|</mo><mi>d</mi><mo>|</mo><mo>&lt;</mo><mi>&#x3B4;</mi></mtd></mtr><mtr><mtd><mi>&#x3B4;</mi><mo>(</mo><mo>|</mo><mi>d</mi><mo>|</mo><mo>&#x2212;</mo><mn>0.5</mn><mi>&#x3B4;</mi><mo>)</mo></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>",
        notes: &["Huber with δ equals δ times smooth L1 with β = δ: the same shape, its slope far away is δ instead of 1."],
    },
    FnSpec {
        id: FnId::CrossEntropy,
        name: "cross_entropy",
        display: "Cross-entropy",
        torch: "nn.CrossEntropyLoss()",
        kind: Kind::Loss,
        group: Group::Classification,
        inputs: &["input", "target"],
        params: &[
            REDUCTION,
            CLASS_WEIGHT,
            IGNORE_INDEX,
            real("label_smoothing", "label_smoothing", 0.0, 0.0, 1.0, 0.01, Domain::Any, "Mixes the target with the uniform distribution; above 1 is refused, below 0 acts as 0."),
        ],
        formula: "<mi>loss</mi><mo>=</mo><mo>&#x2212;</mo><msub><mi>x</mi><mi>class</mi></msub><mo>+</mo><mi>log</mi><munder><mo>&#x2211;</mo><mi>j</mi></munder><msup><mi>e</mi><msub><mi>x</mi><mi>j</mi></msub></msup>",
        notes: &[
            "LogSoftmax followed by NLLLoss, on raw logits; for C classes, weightable per class.",
            "Targets are class indices or class probabilities (soft targets).",
        ],
    },
    FnSpec {
        id: FnId::NllLoss,
        name: "nll_loss",
        display: "Negative log-likelihood",
        torch: "nn.NLLLoss()",
        kind: Kind::Loss,
        group: Group::Classification,
        inputs: &["input", "target"],
        params: &[REDUCTION, CLASS_WEIGHT, IGNORE_INDEX],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mo>&#x2212;</mo><msub><mi>w</mi><msub><mi>y</mi><mi>n</mi></msub></msub><msub><mi>x</mi><mrow><mi>n</mi><mo>,</mo><msub><mi>y</mi><mi>n</mi></msub></mrow></msub>",
        notes: &[
            "Expects log-probabilities (e.g. from LogSoftmax) and a class index per sample.",
            "The mean divides by the sum of the weights of the non-ignored targets, not by N.",
        ],
    },
    FnSpec {
        id: FnId::MultilabelSoftMarginLoss,
        name: "multilabel_soft_margin_loss",
        display: "Multi-label soft margin",
        torch: "nn.MultiLabelSoftMarginLoss()",
        kind: Kind::Loss,
        group: Group::Classification,
        inputs: &["input", "target"],
        params: &[REDUCTION, ParamSpec { doc: "A weight per class (or any shape that broadcasts), multiplying each class's term.", ..CLASS_WEIGHT }],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mo>&#x2212;</mo><mfrac><mn>1</mn><mi>C</mi></mfrac><munder><mo>&#x2211;</mo><mi>c</mi></munder><msub><mi>w</mi><mi>c</mi></msub><mo>[</mo><msub><mi>y</mi><mrow><mi>n</mi><mi>c</mi></mrow></msub><mi>log</mi><mi>&#x3C3;</mi><mo>(</mo><msub><mi>x</mi><mrow><mi>n</mi><mi>c</mi></mrow></msub><mo>)</mo><mo>+</mo><mo>(</mo><mn>1</mn><mo>&#x2212;</mo><msub><mi>y</mi><mrow><mi>n</mi><mi>c</mi></mrow></msub><mo>)</mo><mi>log</mi><mi>&#x3C3;</mi><mo>(</mo><mo>&#x2212;</mo><msub><mi>x</mi><mrow><mi>n</mi><mi>c</mi></mrow></msub><mo>)</mo><mo>]</mo>",
        notes: &[
            "For multi-label classification: each sample may belong to several of the C classes at once, so every class is its own yes-or-no decision on its own logit, and the sample's loss is the mean over classes.",
            "Per class it is binary_cross_entropy_with_logits; PyTorch sums over the input's last dimension and divides by C, then reduces over the samples (mean divides by the number of samples only).",
        ],
    },
    FnSpec {
        id: FnId::MultiMarginLoss,
        name: "multi_margin_loss",
        display: "Multi-class margin (hinge)",
        torch: "nn.MultiMarginLoss(p=1, margin=1.0)",
        kind: Kind::Loss,
        group: Group::Classification,
        inputs: &["input", "target"],
        params: &[
            REDUCTION,
            ParamSpec { name: "p", label: "p", kind: ParamKind::Int { default: Some(1), min: 1, max: 2 }, required: false, doc: "1: the hinge itself, 2: the squared hinge." },
            real("margin", "margin", 1.0, 0.0, 3.0, 0.05, Domain::Any, "How far above every other logit the true class's must be."),
            CLASS_WEIGHT,
        ],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mfrac><mn>1</mn><mi>C</mi></mfrac><munder><mo>&#x2211;</mo><mrow><mi>j</mi><mo>&#x2260;</mo><mi>y</mi></mrow></munder><msub><mi>w</mi><mi>y</mi></msub><msup><mrow><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>margin</mi><mo>&#x2212;</mo><msub><mi>x</mi><mi>y</mi></msub><mo>+</mo><msub><mi>x</mi><mi>j</mi></msub><mo>)</mo></mrow><mi>p</mi></msup>",
        notes: &[
            "The multi-class hinge loss of support vector machines: the true class's logit must beat every other logit by the margin; a class that is beaten by enough costs nothing, so confident right answers get no gradient at all.",
            "PyTorch divides by the number of classes C (the true class's own term included in the count), weights by the true class's weight only, and at the hinge's corner (margin − x_y + x_j = 0) the gradient is 0.",
        ],
    },
    FnSpec {
        id: FnId::CtcLoss,
        name: "ctc_loss",
        display: "Connectionist temporal classification (CTC)",
        torch: "nn.CTCLoss(blank=0, zero_infinity=False)",
        kind: Kind::Loss,
        group: Group::Sequence,
        inputs: &["log_probs", "targets", "input_lengths", "target_lengths"],
        params: &[
            ParamSpec { name: "blank", label: "blank", kind: ParamKind::Int { default: Some(0), min: 0, max: 3 }, required: false, doc: "The class index of the blank: the label for \"nothing here\", also needed between two equal letters." },
            REDUCTION,
            ParamSpec { name: "zero_infinity", label: "zero_infinity", kind: ParamKind::Bool { default: false }, required: false, doc: "An impossible alignment (input too short for the target) gives loss 0 and gradient 0 instead of an infinite loss." },
        ],
        formula: "<mo>&#x2212;</mo><mo>log</mo><munder><mo>&#x2211;</mo><mrow><mi>&#x3C0;</mi><mo>&#x2208;</mo><msup><mi>B</mi><mrow><mo>&#x2212;</mo><mn>1</mn></mrow></msup><mo>(</mo><mi>l</mi><mo>)</mo></mrow></munder><munderover><mo>&#x220F;</mo><mrow><mi>t</mi><mo>=</mo><mn>1</mn></mrow><mi>T</mi></munderover><msub><mi>y</mi><mrow><mi>t</mi><mo>,</mo><msub><mi>&#x3C0;</mi><mi>t</mi></msub></mrow></msub>",
        notes: &[
            "CTC trains a network that emits one distribution over the alphabet plus a blank per time step, when nobody says which step belongs to which letter: the loss sums the probability of every path that collapses to the target (merge repeats, drop blanks), with the forward variables α over time × the blank-interleaved target.",
            "log_probs must be log-softmax outputs: PyTorch's gradient on them is exp(log_probs) minus the posterior of each label, the gradient on the logits before the log-softmax. 'mean' divides each sample's loss by its target length, then averages over the batch; an impossible target's loss is infinite unless zero_infinity.",
        ],
    },
    FnSpec {
        id: FnId::MultilabelMarginLoss,
        name: "multilabel_margin_loss",
        display: "Multi-label margin (hinge)",
        torch: "nn.MultiLabelMarginLoss()",
        kind: Kind::Loss,
        group: Group::Classification,
        inputs: &["input", "target"],
        params: &[REDUCTION],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mfrac><mn>1</mn><mi>C</mi></mfrac><munder><mo>&#x2211;</mo><mrow><mi>j</mi><mo>&#x2208;</mo><mi>Y</mi><mo>,</mo><mi>i</mi><mo>&#x2209;</mo><mi>Y</mi></mrow></munder><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mn>1</mn><mo>&#x2212;</mo><mo>(</mo><msub><mi>x</mi><mi>j</mi></msub><mo>&#x2212;</mo><msub><mi>x</mi><mi>i</mi></msub><mo>)</mo><mo>)</mo>",
        notes: &[
            "The multi-label hinge: every label's logit must beat every non-label's logit by 1; each pair (label j, non-label i) that is closer than that costs 1 − (x_j − x_i), divided by the number of classes C.",
            "The target is a row of class indices of the input's shape: the labels come first and the first −1 ends them (whatever follows is ignored, but must still be a class or −1). A label listed twice counts twice; a row that starts with −1 has no labels and costs 0.",
        ],
    },
    FnSpec {
        id: FnId::BinaryCrossEntropy,
        name: "binary_cross_entropy",
        display: "Binary cross-entropy",
        torch: "nn.BCELoss()",
        kind: Kind::Loss,
        group: Group::Binary,
        inputs: &["input", "target"],
        params: &[REDUCTION, ELEMENT_WEIGHT],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mo>&#x2212;</mo><msub><mi>w</mi><mi>n</mi></msub><mo>[</mo><msub><mi>y</mi><mi>n</mi></msub><mi>log</mi><msub><mi>x</mi><mi>n</mi></msub><mo>+</mo><mo>(</mo><mn>1</mn><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub><mo>)</mo><mi>log</mi><mo>(</mo><mn>1</mn><mo>&#x2212;</mo><msub><mi>x</mi><mi>n</mi></msub><mo>)</mo><mo>]</mo>",
        notes: &[
            "Needs probabilities in [0, 1]; PyTorch clamps each log at −100 so that p = 0 or 1 gives a finite loss.",
            "If probabilities cannot be guaranteed, use BCEWithLogitsLoss on the logits instead.",
        ],
    },
    FnSpec {
        id: FnId::BinaryCrossEntropyWithLogits,
        name: "binary_cross_entropy_with_logits",
        display: "BCE with logits",
        torch: "nn.BCEWithLogitsLoss()",
        kind: Kind::Loss,
        group: Group::Binary,
        inputs: &["input", "target"],
        params: &[
            REDUCTION,
            ELEMENT_WEIGHT,
            ParamSpec {
                name: "pos_weight",
                label: "pos_weight",
                kind: ParamKind::Tensor { scalar_default: None, min: 0.0, max: 10.0, step: 0.1 },
                required: false,
                doc: "Weight of the positive term, per class (last dimension): > 1 raises recall.",
            },
        ],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mo>&#x2212;</mo><msub><mi>w</mi><mi>n</mi></msub><mo>[</mo><msub><mi>p</mi><mi>c</mi></msub><msub><mi>y</mi><mi>n</mi></msub><mi>log</mi><mi>&#x3C3;</mi><mo>(</mo><msub><mi>x</mi><mi>n</mi></msub><mo>)</mo><mo>+</mo><mo>(</mo><mn>1</mn><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub><mo>)</mo><mi>log</mi><mo>(</mo><mn>1</mn><mo>&#x2212;</mo><mi>&#x3C3;</mi><mo>(</mo><msub><mi>x</mi><mi>n</mi></msub><mo>)</mo><mo>)</mo><mo>]</mo>",
        notes: &["Sigmoid and BCE in one numerically stable step (log-sum-exp): safe for logits of any size."],
    },
    FnSpec {
        id: FnId::SoftMarginLoss,
        name: "soft_margin_loss",
        display: "Soft margin",
        torch: "nn.SoftMarginLoss()",
        kind: Kind::Loss,
        group: Group::Binary,
        inputs: &["input", "target"],
        params: &[REDUCTION],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mi>log</mi><mo>(</mo><mn>1</mn><mo>+</mo><mi>exp</mi><mo>(</mo><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub><msub><mi>x</mi><mi>n</mi></msub><mo>)</mo><mo>)</mo><mo>,</mo><mspace width=\"0.5em\"/><msub><mi>y</mi><mi>n</mi></msub><mo>&#x2208;</mo><mo>{</mo><mo>&#x2212;</mo><mn>1</mn><mo>,</mo><mn>1</mn><mo>}</mo>",
        notes: &[
            "The logistic loss for targets −1 and 1: the same numbers as binary_cross_entropy_with_logits with the target (1 + y)/2.",
            "PyTorch computes log1p(exp(−y·x)) as written: once −y·x passes 709 the exponential overflows, so the loss is infinite and its gradient not a number, where binary_cross_entropy_with_logits stays finite.",
        ],
    },
    FnSpec {
        id: FnId::KlDiv,
        name: "kl_div",
        display: "KL divergence",
        torch: "nn.KLDivLoss(reduction='batchmean')",
        kind: Kind::Loss,
        group: Group::Distribution,
        inputs: &["input", "target"],
        params: &[
            KL_REDUCTION,
            ParamSpec { name: "log_target", label: "log_target", kind: ParamKind::Bool { default: false }, required: false, doc: "The target is given as log-probabilities too." },
        ],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><msub><mi>y</mi><mi>n</mi></msub><mo>(</mo><mi>log</mi><msub><mi>y</mi><mi>n</mi></msub><mo>&#x2212;</mo><msub><mi>x</mi><mi>n</mi></msub><mo>)</mo><mo>,</mo><mspace width=\"0.5em\"/><msub><mi>x</mi><mi>n</mi></msub><mo>=</mo><mi>log</mi><msub><mi>q</mi><mi>n</mi></msub>",
        notes: &[
            "Measures how a distribution differs from another. The lecture writes log(y/x); PyTorch takes the input x as log-probabilities already.",
            "Only reduction='batchmean' gives the true KL divergence; 'mean' divides by the number of elements too.",
        ],
    },
    FnSpec {
        id: FnId::PoissonNllLoss,
        name: "poisson_nll_loss",
        display: "Poisson NLL",
        torch: "nn.PoissonNLLLoss(log_input=True, full=False)",
        kind: Kind::Loss,
        group: Group::Distribution,
        inputs: &["input", "target"],
        params: &[
            REDUCTION,
            ParamSpec { name: "log_input", label: "log_input", kind: ParamKind::Bool { default: true }, required: false, doc: "The input is the log of the rate (e^x − y·x); off: the rate itself (x − y·log(x + eps))." },
            ParamSpec { name: "full", label: "full", kind: ParamKind::Bool { default: false }, required: false, doc: "Add Stirling's approximation of log(y!) where the target is above 1." },
            real("eps", "eps", 1e-8, 0.0, 0.1, 0.001, Domain::Any, "Added to the rate inside the log when log_input is off."),
        ],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><msup><mi>e</mi><msub><mi>x</mi><mi>n</mi></msub></msup><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub><msub><mi>x</mi><mi>n</mi></msub></mtd><mtd><mtext>log_input</mtext></mtd></mtr><mtr><mtd><msub><mi>x</mi><mi>n</mi></msub><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub><mi>log</mi><mo>(</mo><msub><mi>x</mi><mi>n</mi></msub><mo>+</mo><mi>eps</mi><mo>)</mo></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>",
        notes: &[
            "For counts: the target y is a count drawn from a Poisson distribution whose rate the network predicts, as log λ (log_input=True, the default, so any real number is a valid input) or as λ itself (log_input=False; eps keeps the log away from 0 and is used only then).",
            "full=True adds Stirling's approximation of log(y!), y·log y − y + ½·log(2πy), only where the target is above 1; it changes the value, never the gradient on the input.",
            "With full=True PyTorch's gradient on a target of 0 or below is not a number: the masked Stirling term still multiplies 0 by log y in its backward.",
        ],
    },
    FnSpec {
        id: FnId::GaussianNllLoss,
        name: "gaussian_nll_loss",
        display: "Gaussian NLL",
        torch: "nn.GaussianNLLLoss(full=False, eps=1e-6)",
        kind: Kind::Loss,
        group: Group::Distribution,
        inputs: &["input", "target", "var"],
        params: &[
            REDUCTION,
            ParamSpec { name: "full", label: "full", kind: ParamKind::Bool { default: false }, required: false, doc: "Add the constant ½·log(2π)." },
            real("eps", "eps", 1e-6, 0.0, 0.1, 0.001, Domain::Any, "var is clamped to at least eps, for stability."),
        ],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mrow><mo>(</mo><mi>log</mi><msub><mi>v</mi><mi>n</mi></msub><mo>+</mo><mfrac><msup><mrow><mo>(</mo><msub><mi>x</mi><mi>n</mi></msub><mo>&#x2212;</mo><msub><mi>y</mi><mi>n</mi></msub><mo>)</mo></mrow><mn>2</mn></msup><msub><mi>v</mi><mi>n</mi></msub></mfrac><mo>)</mo></mrow><mo>,</mo><mspace width=\"0.5em\"/><msub><mi>v</mi><mi>n</mi></msub><mo>=</mo><mo>max</mo><mo>(</mo><msub><mi>var</mi><mi>n</mi></msub><mo>,</mo><mi>eps</mi><mo>)</mo>",
        notes: &[
            "The network predicts a mean (input) and how unsure it is (var): a large var forgives a large error but costs ½·log var, so the best var is the squared error itself.",
            "var is clamped to at least eps, and the clamp passes the gradient on unchanged (PyTorch clamps a copy without recording it); a negative var is refused.",
            "var has the input's shape, or one dimension fewer, or a 1 in exactly one dimension (one variance shared along it); full=True adds the constant ½·log(2π).",
        ],
    },
    FnSpec {
        id: FnId::MarginRankingLoss,
        name: "margin_ranking_loss",
        display: "Margin ranking",
        torch: "nn.MarginRankingLoss(margin=0.0)",
        kind: Kind::Loss,
        group: Group::Ranking,
        inputs: &["input1", "input2", "target"],
        params: &[REDUCTION, real("margin", "margin", 0.0, 0.0, 3.0, 0.05, Domain::Any, "How far apart the scores must be.")],
        formula: "<mi>loss</mi><mo>=</mo><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mo>&#x2212;</mo><mi>y</mi><mo>(</mo><msub><mi>x</mi><mn>1</mn></msub><mo>&#x2212;</mo><msub><mi>x</mi><mn>2</mn></msub><mo>)</mo><mo>+</mo><mi>margin</mi><mo>)</mo>",
        notes: &["y = 1 asks x1 to rank above x2 by at least the margin, y = −1 the reverse; used for metric learning."],
    },
    FnSpec {
        id: FnId::HingeEmbeddingLoss,
        name: "hinge_embedding_loss",
        display: "Hinge embedding",
        torch: "nn.HingeEmbeddingLoss(margin=1.0)",
        kind: Kind::Loss,
        group: Group::Ranking,
        inputs: &["input", "target"],
        params: &[REDUCTION, real("margin", "margin", 1.0, 0.0, 3.0, 0.05, Domain::Any, "How far apart a dissimilar pair must be.")],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><msub><mi>x</mi><mi>n</mi></msub></mtd><mtd><mtext>if&#xA0;</mtext><msub><mi>y</mi><mi>n</mi></msub><mo>=</mo><mn>1</mn></mtd></mtr><mtr><mtd><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>margin</mi><mo>&#x2212;</mo><msub><mi>x</mi><mi>n</mi></msub><mo>)</mo></mtd><mtd><mtext>if&#xA0;</mtext><msub><mi>y</mi><mi>n</mi></msub><mo>=</mo><mo>&#x2212;</mo><mn>1</mn></mtd></mtr></mtable></mrow>",
        notes: &[
            "The input x is usually a distance between two embeddings: a similar pair (y = 1) is pulled together by x itself, a dissimilar one (y = −1) is pushed until it is margin apart, then left alone.",
            "PyTorch adds both terms for a target that is neither 1 nor −1, and at x = margin the −1 term's gradient is 0.",
        ],
    },
    FnSpec {
        id: FnId::TripletMarginLoss,
        name: "triplet_margin_loss",
        display: "Triplet margin",
        torch: "nn.TripletMarginLoss(margin=1.0, p=2.0)",
        kind: Kind::Loss,
        group: Group::Triplet,
        inputs: &["anchor", "positive", "negative"],
        params: &[
            REDUCTION,
            real("margin", "margin", 1.0, 0.05, 3.0, 0.05, Domain::Positive, "How much closer the positive must be than the negative; must be > 0."),
            real("p", "p (norm)", 2.0, 1.0, 4.0, 0.5, Domain::Any, "The norm of the pairwise distance."),
            real("eps", "eps", 1e-6, 0.0, 0.1, 0.001, Domain::Any, "Added to the difference before the norm (PyTorch's pairwise_distance)."),
            ParamSpec { name: "swap", label: "swap", kind: ParamKind::Bool { default: false }, required: false, doc: "Use the smaller of d(a, n) and d(p, n) (distance swap, Balntas et al.)." },
        ],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>m</mi><mo>+</mo><msub><mi>&#x3B4;</mi><mo>+</mo></msub><mo>&#x2212;</mo><msub><mi>&#x3B4;</mi><mo>&#x2212;</mo></msub><mo>)</mo><mo>,</mo><mspace width=\"0.5em\"/><msub><mi>&#x3B4;</mi><mo>&#xB1;</mo></msub><mo>=</mo><msub><mrow><mo>&#x2016;</mo><mi>a</mi><mo>&#x2212;</mo><msub><mi>x</mi><mo>&#xB1;</mo></msub><mo>+</mo><mi>&#x3B5;</mi><mo>&#x2016;</mo></mrow><mi>p</mi></msub>",
        notes: &[
            "Pulls the positive closer to the anchor than the negative by at least the margin; the distances need not be small, only ordered.",
            "Once the margin is met the loss and its gradient are exactly 0.",
        ],
    },
    FnSpec {
        id: FnId::CosineEmbeddingLoss,
        name: "cosine_embedding_loss",
        display: "Cosine embedding",
        torch: "nn.CosineEmbeddingLoss(margin=0.0)",
        kind: Kind::Loss,
        group: Group::Ranking,
        inputs: &["input1", "input2", "target"],
        params: &[REDUCTION, real("margin", "margin", 0.0, -1.0, 1.0, 0.05, Domain::Any, "Dissimilar pairs are only penalised above this cosine.")],
        formula: "<mi>loss</mi><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mn>1</mn><mo>&#x2212;</mo><mi>cos</mi><mo>(</mo><msub><mi>x</mi><mn>1</mn></msub><mo>,</mo><msub><mi>x</mi><mn>2</mn></msub><mo>)</mo></mtd><mtd><mi>y</mi><mo>=</mo><mn>1</mn></mtd></mtr><mtr><mtd><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>cos</mi><mo>(</mo><msub><mi>x</mi><mn>1</mn></msub><mo>,</mo><msub><mi>x</mi><mn>2</mn></msub><mo>)</mo><mo>&#x2212;</mo><mi>margin</mi><mo>)</mo></mtd><mtd><mi>y</mi><mo>=</mo><mo>&#x2212;</mo><mn>1</mn></mtd></mtr></mtable></mrow>",
        notes: &["Measures whether two inputs are similar (y = 1) or dissimilar (y = −1) by their angle only: a normalised Euclidean distance."],
    },
    FnSpec {
        id: FnId::TripletMarginWithDistanceLoss,
        name: "triplet_margin_with_distance_loss",
        display: "Triplet margin with a distance",
        torch: "nn.TripletMarginWithDistanceLoss(distance_function=None, margin=1.0)",
        kind: Kind::Loss,
        group: Group::Triplet,
        inputs: &["anchor", "positive", "negative"],
        params: &[
            REDUCTION,
            ParamSpec {
                name: "distance_function",
                label: "distance",
                kind: ParamKind::Choice { default: "pairwise_distance", options: &["pairwise_distance", "cosine_distance"] },
                required: false,
                doc: "pairwise_distance: PyTorch's default, ‖a − x + 1e-6‖₂; cosine_distance: 1 − F.cosine_similarity(a, x) (over dim 1, norms clamped at 1e-8).",
            },
            real("margin", "margin", 1.0, 0.05, 3.0, 0.05, Domain::Any, "How much closer the positive must be than the negative; PyTorch refuses margin ≤ 0."),
            ParamSpec { name: "swap", label: "swap", kind: ParamKind::Bool { default: false }, required: false, doc: "Use the smaller of d(a, n) and d(p, n) (distance swap, Balntas et al.)." },
        ],
        formula: "<msub><mi>l</mi><mi>n</mi></msub><mo>=</mo><mo>max</mo><mo>(</mo><mn>0</mn><mo>,</mo><mi>m</mi><mo>+</mo><mi>d</mi><mo>(</mo><mi>a</mi><mo>,</mo><mi>p</mi><mo>)</mo><mo>&#x2212;</mo><mi>d</mi><mo>(</mo><mi>a</mi><mo>,</mo><mi>n</mi><mo>)</mo><mo>)</mo><mo>,</mo><mspace width=\"0.5em\"/><mi>d</mi><mo>=</mo><msub><mrow><mo>&#x2016;</mo><mi>a</mi><mo>&#x2212;</mo><mi>x</mi><mo>+</mo><mi>&#x3B5;</mi><mo>&#x2016;</mo></mrow><mn>2</mn></msub><mtext>&#xA0;or&#xA0;</mtext><mn>1</mn><mo>&#x2212;</mo><mi>cos</mi><mo>(</mo><mi>a</mi><mo>,</mo><mi>x</mi><mo>)</mo>",
        notes: &[
            "The triplet margin loss with any distance: PyTorch calls distance_function(anchor, positive) and distance_function(anchor, negative); none is pairwise_distance (p = 2, eps = 1e-6).",
            "With the cosine distance 1 − cos(a, x) only the directions count: scaling an embedding changes nothing, and the distance lies in [0, 2], so a margin of 2 or more can never be met.",
        ],
    },
    FnSpec {
        id: FnId::RatioLoss,
        name: "ratio_loss",
        display: "Ratio loss (Balntas et al.)",
        torch: "Balntas et al., BMVC 2016",
        kind: Kind::Loss,
        group: Group::Triplet,
        inputs: &["anchor", "positive", "negative"],
        params: &[REDUCTION],
        formula: "<mi>&#x3BB;</mi><mo>=</mo><msup><mrow><mo>(</mo><mfrac><msup><mi>e</mi><msub><mi>&#x3B4;</mi><mo>+</mo></msub></msup><mrow><msup><mi>e</mi><msub><mi>&#x3B4;</mi><mo>+</mo></msub></msup><mo>+</mo><msup><mi>e</mi><msub><mi>&#x3B4;</mi><mo>&#x2212;</mo></msub></msup></mrow></mfrac><mo>)</mo></mrow><mn>2</mn></msup><mo>+</mo><msup><mrow><mo>(</mo><mn>1</mn><mo>&#x2212;</mo><mfrac><msup><mi>e</mi><msub><mi>&#x3B4;</mi><mo>&#x2212;</mo></msub></msup><mrow><msup><mi>e</mi><msub><mi>&#x3B4;</mi><mo>+</mo></msub></msup><mo>+</mo><msup><mi>e</mi><msub><mi>&#x3B4;</mi><mo>&#x2212;</mo></msub></msup></mrow></mfrac><mo>)</mo></mrow><mn>2</mn></msup>",
        notes: &[
            "Forces δ₊ to be much smaller than δ₋ rather than smaller by a margin; δ± are plain Euclidean distances.",
            "It equals 2σ(δ₊ − δ₋)², so it depends only on δ₊ − δ₋ and never becomes exactly 0.",
        ],
    },
];
