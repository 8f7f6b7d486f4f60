//! The catalogue is the single source of truth, so it is checked as data: every function present
//! once, every default and slider end valid, every entry usable with its defaults.

use std::collections::HashSet;

use nnfunc::activation::Activation;
use nnfunc::catalogue::{find, FnId, Kind, ParamKind, CATALOGUE};
use nnfunc::eval::eval_line;
use nnfunc::{Params, Value};

#[rustfmt::skip]
/// Every variant, written as an exhaustive match so that a new variant without an entry fails to compile here.
fn all_ids() -> Vec<FnId> {
    let ids = [
        FnId::Linear, FnId::Sigmoid, FnId::Tanh, FnId::Relu, FnId::LeakyRelu, FnId::Prelu, FnId::Softplus,
        FnId::Elu, FnId::Celu, FnId::Selu, FnId::Gelu, FnId::Relu6, FnId::LogSigmoid, FnId::Sine,
        FnId::Softmin, FnId::Softmax, FnId::LogSoftmax, FnId::Hardtanh, FnId::Hardswish, FnId::Hardsigmoid,
        FnId::Silu, FnId::Mish, FnId::Softsign, FnId::Tanhshrink, FnId::Softshrink, FnId::Hardshrink,
        FnId::Threshold, FnId::Rrelu, FnId::Glu, FnId::MseLoss, FnId::L1Loss, FnId::SmoothL1Loss, FnId::HuberLoss,
        FnId::NllLoss, FnId::CrossEntropy, FnId::MultilabelSoftMarginLoss, FnId::MultiMarginLoss, FnId::CtcLoss, FnId::MultilabelMarginLoss, FnId::BinaryCrossEntropy, FnId::BinaryCrossEntropyWithLogits,
        FnId::SoftMarginLoss, FnId::KlDiv, FnId::PoissonNllLoss, FnId::GaussianNllLoss, FnId::MarginRankingLoss, FnId::HingeEmbeddingLoss, FnId::TripletMarginLoss, FnId::TripletMarginWithDistanceLoss, FnId::CosineEmbeddingLoss, FnId::RatioLoss,
    ];
    for id in ids {
        match id {
            FnId::Linear | FnId::Sigmoid | FnId::Tanh | FnId::Relu | FnId::LeakyRelu | FnId::Prelu
            | FnId::Softplus | FnId::Elu | FnId::Celu | FnId::Selu | FnId::Gelu | FnId::Relu6
            | FnId::LogSigmoid | FnId::Sine | FnId::Softmin | FnId::Softmax | FnId::LogSoftmax
            | FnId::Hardtanh | FnId::Hardswish | FnId::Hardsigmoid | FnId::Silu | FnId::Mish
            | FnId::Softsign | FnId::Tanhshrink | FnId::Softshrink | FnId::Hardshrink | FnId::Threshold
            | FnId::Rrelu | FnId::Glu | FnId::MseLoss | FnId::L1Loss | FnId::SmoothL1Loss | FnId::HuberLoss
            | FnId::NllLoss | FnId::CrossEntropy | FnId::MultilabelSoftMarginLoss | FnId::MultiMarginLoss | FnId::CtcLoss | FnId::MultilabelMarginLoss | FnId::BinaryCrossEntropy
            | FnId::BinaryCrossEntropyWithLogits | FnId::SoftMarginLoss | FnId::KlDiv | FnId::PoissonNllLoss | FnId::GaussianNllLoss | FnId::MarginRankingLoss | FnId::HingeEmbeddingLoss
            | FnId::TripletMarginLoss | FnId::TripletMarginWithDistanceLoss | FnId::CosineEmbeddingLoss | FnId::RatioLoss => {}
        }
    }
    ids.to_vec()
}

#[test]
fn every_function_has_exactly_one_entry() {
    let ids = all_ids();
    assert_eq!(ids.len(), CATALOGUE.len());
    for id in ids {
        assert_eq!(CATALOGUE.iter().filter(|s| s.id == id).count(), 1, "{id:?}");
        assert_eq!(id.spec().id, id);
    }
    let names: HashSet<_> = CATALOGUE.iter().map(|s| s.name).collect();
    assert_eq!(names.len(), CATALOGUE.len(), "names are unique");
    for s in CATALOGUE {
        assert_eq!(find(s.name).map(|f| f.id), Some(s.id));
        assert!(
            !s.display.is_empty() && !s.formula.is_empty() && !s.notes.is_empty(),
            "{}",
            s.name
        );
        assert!(
            !s.formula.contains("<script") && !s.formula.contains("<math"),
            "{}: a fragment, no script",
            s.name
        );
        let params: HashSet<_> = s.params.iter().map(|p| p.name).collect();
        assert_eq!(
            params.len(),
            s.params.len(),
            "{}: parameter names are unique",
            s.name
        );
    }
}

#[test]
fn defaults_and_slider_ends_are_valid() {
    for s in CATALOGUE {
        for p in s.params {
            match p.kind {
                ParamKind::Real {
                    default,
                    min,
                    max,
                    step,
                    domain,
                } => {
                    assert!(
                        min < max && step > 0.0 && step <= max - min,
                        "{}.{}",
                        s.name,
                        p.name
                    );
                    assert!(
                        (min..=max).contains(&default),
                        "{}.{} default {default} outside the slider",
                        s.name,
                        p.name
                    );
                    for v in [default, min, max] {
                        assert!(
                            domain.contains(v),
                            "{}.{} = {v} is outside its own domain",
                            s.name,
                            p.name
                        );
                        let mut params = Params::defaults(s);
                        assert!(
                            params.set(p.name, Value::Real(v)).is_ok(),
                            "{}.{} = {v}",
                            s.name,
                            p.name
                        );
                    }
                }
                ParamKind::Int { default, min, max } => {
                    assert!(min < max);
                    if let Some(d) = default {
                        assert!((min..=max).contains(&d), "{}.{}", s.name, p.name);
                    }
                }
                ParamKind::Choice { default, options } => {
                    assert!(options.contains(&default), "{}.{}", s.name, p.name)
                }
                ParamKind::Tensor {
                    scalar_default,
                    min,
                    max,
                    step,
                } => {
                    assert!(min < max && step > 0.0, "{}.{}", s.name, p.name);
                    if let Some(d) = scalar_default {
                        assert!((min..=max).contains(&d), "{}.{}", s.name, p.name);
                    }
                }
                ParamKind::Bool { .. } => {}
            }
        }
    }
}

#[test]
fn every_activation_works_with_its_defaults() {
    for s in CATALOGUE.iter().filter(|s| s.kind == Kind::Activation) {
        let act = Activation::with_defaults(s);
        assert!(act.is_ok(), "{}: {act:?}", s.name);
    }
}

/// A small valid call for every loss, through the harness with only default parameters.
#[test]
fn every_loss_works_with_its_defaults() {
    for s in CATALOGUE.iter().filter(|s| s.kind == Kind::Loss) {
        let inputs = match s.id {
            FnId::NllLoss => r#""input": [[-0.5, -1.2, -2.0]], "target": [1]"#,
            FnId::CrossEntropy | FnId::MultiMarginLoss => {
                r#""input": [[0.5, 1.2, -2.0]], "target": [2]"#
            }
            FnId::MultilabelMarginLoss => r#""input": [[0.5, 1.2, -2.0]], "target": [[2, 0, -1]]"#,
            FnId::BinaryCrossEntropy => r#""input": [0.2, 0.9], "target": [0.0, 1.0]"#,
            FnId::CtcLoss => {
                r#""log_probs": [[-0.5, -1.2, -2.0], [-1.0, -0.7, -1.7]], "targets": [1], "input_lengths": 2, "target_lengths": 1"#
            }
            FnId::MarginRankingLoss | FnId::CosineEmbeddingLoss => {
                r#""input1": [[0.5, 1.0]], "input2": [[1.0, -0.5]], "target": [-1.0]"#
            }
            FnId::GaussianNllLoss => {
                r#""input": [0.5, -1.0], "target": [0.2, 0.3], "var": [0.5, 2.0]"#
            }
            FnId::TripletMarginLoss | FnId::TripletMarginWithDistanceLoss | FnId::RatioLoss => {
                r#""anchor": [[0.0, 0.0]], "positive": [[1.0, 0.0]], "negative": [[0.0, 2.0]]"#
            }
            _ => r#""input": [0.5, -1.0], "target": [0.2, 0.3]"#,
        };
        let inputs = if s.id == FnId::MarginRankingLoss {
            r#""input1": [0.5], "input2": [1.0], "target": [-1.0]"#
        } else {
            inputs
        };
        let line = format!(r#"{{"id": 1, "fn": "{}", "inputs": {{{inputs}}}}}"#, s.name);
        let answer = eval_line(&line);
        assert!(
            answer.contains("\"output\"") && !answer.contains("NaN"),
            "{}: {answer}",
            s.name
        );
    }
}

/// A subscript belongs to a name or a whole bracketed group, never to a lone bracket: in
/// `<msub><mo>(</mo><mi>x</mi></msub>` the x would be set as the bracket's subscript.
#[test]
fn no_formula_subscripts_a_bracket() {
    const OPEN: &str = "<msub><mo>";
    for s in CATALOGUE {
        let mut rest = s.formula;
        while let Some(at) = rest.find(OPEN) {
            rest = &rest[at + OPEN.len()..];
            let base = rest.split("</mo>").next().unwrap_or_default();
            assert!(
                !["(", ")", "[", "]", "{", "}", "|", "&#x2016;"].contains(&base),
                "{}: <msub> with the bracket {base:?} as its base",
                s.name
            );
        }
    }
}
