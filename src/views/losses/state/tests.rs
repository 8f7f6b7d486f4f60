//! The Losses view's address-bar codec: typed state from the URL, old spellings, bad values
//! (a notice and the default), round trips, and the families following the catalogue.

use super::*;
use crate::url::codec::literal::pairs;

#[track_caller]
fn check(query: &[(&str, &str)], notices: usize, expect: impl Fn(&LossState)) {
    let (state, got) = LossState::from_pairs(&pairs(query));
    assert_eq!(got.len(), notices, "{got:?}");
    expect(&state);
}

#[test]
fn families_follow_the_catalogue_groups() {
    let losses = |f: Family| f.losses().collect::<Vec<_>>();
    assert_eq!(
        losses(Family::Regression),
        [
            FnId::MseLoss,
            FnId::L1Loss,
            FnId::SmoothL1Loss,
            FnId::HuberLoss
        ]
    );
    assert_eq!(losses(Family::Landscape), losses(Family::Regression));
    assert_eq!(losses(Family::Regression), REGRESSION_LOSSES);
    assert_eq!(
        losses(Family::Classification),
        [
            FnId::CrossEntropy,
            FnId::NllLoss,
            FnId::MultilabelSoftMarginLoss,
            FnId::MultiMarginLoss,
            FnId::MultilabelMarginLoss
        ]
    );
    assert_eq!(losses(Family::Sequences), [FnId::CtcLoss]);
    assert_eq!(
        losses(Family::Binary),
        [
            FnId::BinaryCrossEntropy,
            FnId::BinaryCrossEntropyWithLogits,
            FnId::SoftMarginLoss
        ]
    );
    assert_eq!(
        losses(Family::Distributions),
        [FnId::KlDiv, FnId::PoissonNllLoss, FnId::GaussianNllLoss]
    );
    assert_eq!(
        losses(Family::Ranking),
        [
            FnId::MarginRankingLoss,
            FnId::HingeEmbeddingLoss,
            FnId::CosineEmbeddingLoss
        ]
    );
    assert_eq!(
        VIEW_LOSSES,
        [
            FnId::MseLoss,
            FnId::L1Loss,
            FnId::SmoothL1Loss,
            FnId::HuberLoss,
            FnId::CrossEntropy,
            FnId::NllLoss,
            FnId::MultilabelSoftMarginLoss,
            FnId::MultiMarginLoss,
            FnId::MultilabelMarginLoss,
            FnId::CtcLoss,
            FnId::BinaryCrossEntropy,
            FnId::BinaryCrossEntropyWithLogits,
            FnId::SoftMarginLoss,
            FnId::KlDiv,
            FnId::PoissonNllLoss,
            FnId::GaussianNllLoss,
            FnId::MarginRankingLoss,
            FnId::HingeEmbeddingLoss,
            FnId::CosineEmbeddingLoss,
        ]
    );
}

#[test]
fn parses_typed_state_from_the_url() {
    check(&[], 0, |s| assert_eq!(s, &LossState::default()));
    check(&[("family", "landscape")], 0, |s| {
        assert_eq!(s.family, Family::Landscape)
    });
    check(
        &[("smooth_l1_loss.beta", "0.5"), ("huber_loss.delta", "2")],
        0,
        |s| {
            assert_eq!(
                s.params(FnId::SmoothL1Loss).map(|p| p.real("beta")),
                Some(0.5)
            );
            assert_eq!(
                s.params(FnId::HuberLoss).map(|p| p.real("delta")),
                Some(2.0)
            );
        },
    );
    check(&[("points", "1.5_2.1~3_4.2")], 0, |s| {
        assert_eq!(s.lab.points, vec![(1.5, 2.1), (3.0, 4.2)])
    });
    check(
        &[
            ("lab", "l1_loss"),
            ("log", "1"),
            ("lr", "0.2"),
            ("start", "1_-2"),
        ],
        0,
        |s| {
            assert_eq!(s.lab.loss, FnId::L1Loss);
            assert!(s.lab.log);
            assert_eq!(s.lab.lr, 0.2);
            assert_eq!(s.lab.start, (1.0, -2.0));
        },
    );
    check(
        &[
            ("kl_div.reduction", "batchmean"),
            ("kl_div.log_target", "1"),
        ],
        0,
        |s| {
            let p = s.params(FnId::KlDiv);
            assert_eq!(p.map(|p| p.choice("reduction")), Some("batchmean"));
            assert_eq!(p.map(|p| p.bool("log_target")), Some(true));
        },
    );
    // Keys of other views are none of our business.
    check(&[("view", "losses"), ("elu.alpha", "2")], 0, |_| {});
}

#[test]
fn old_spellings_still_parse() {
    // Links written before booleans became 1/0.
    check(&[("kl_div.log_target", "true")], 0, |s| {
        assert_eq!(
            s.params(FnId::KlDiv).map(|p| p.bool("log_target")),
            Some(true)
        )
    });
    check(&[("log", "true")], 0, |s| assert!(s.lab.log));
    check(&[("log", "false")], 0, |s| assert!(!s.lab.log));
    check(&[("kl_div.log_target", "false")], 0, |s| {
        assert_eq!(
            s.params(FnId::KlDiv).map(|p| p.bool("log_target")),
            Some(false)
        )
    });
}

#[test]
fn bad_values_give_notices_and_defaults() {
    let bad: &[(&str, &str)] = &[
        ("family", "<script>"),
        ("huber_loss.delta", "-1"),
        ("huber_loss.delta", "NaN"),
        ("smooth_l1_loss.beta", "inf"),
        ("smooth_l1_loss.gamma", "1"),
        ("points", "1_2~3"),
        ("points", "1_2~x_y"),
        ("points", "1e9_0"),
        ("lab", "kl_div"),
        ("log", "maybe"),
        ("lr", "0"),
        ("start", "1"),
        ("mse_loss.reduction", "batchmean"),
        ("kl_div.log_target", "maybe"),
        ("cross_entropy.weight", "1_x"),
        ("ctc_loss.target", "abd"),
        ("ctc_loss.target", "abcabca"),
        ("ctc_loss.target", ""),
        ("ctc_loss.steps", "13"),
        ("ctc_loss.steps", "0"),
        ("ctc_loss.preset", "random"),
        ("ctc_loss.temperature", "0"),
        ("ctc_loss.map", "beta"),
        ("ctc_loss.blank", "x"),
        ("ctc_loss.alphabet", "abc"),
        ("multilabel_margin_loss.target", "8"),
        ("multilabel_margin_loss.target", "1_x"),
        ("multilabel_margin_loss.target", "-2"),
        ("multilabel_margin_loss.target", "0_0_0_0_0_0_0_0_0"),
    ];
    for &(k, v) in bad {
        check(&[(k, v)], 1, |s| {
            assert_eq!(s, &LossState::default(), "{k}={v}")
        });
        let (_, notices) = LossState::from_pairs(&pairs(&[(k, v)]));
        assert_eq!(notices[0].key, k);
    }
    let (_, notices) = LossState::from_pairs(&pairs(&[("family", "<b>x</b>")]));
    assert!(notices[0].message.contains("family=“<b>x</b>”"));
}

#[test]
fn query_round_trips() {
    let (mut state, _) = LossState::from_pairs(&pairs(&[
        ("family", "landscape"),
        ("huber_loss.delta", "2"),
        ("points", "1.5_2.1~3_4.2~-1_0"),
        ("log", "1"),
        ("kl_div.log_target", "true"),
        ("cross_entropy.weight", "1_0.5_2"),
        ("ctc_loss.target", "aab"),
        ("ctc_loss.steps", "3"),
        ("ctc_loss.preset", "wrong"),
        ("ctc_loss.temperature", "0.5"),
        ("ctc_loss.map", "posterior"),
        ("ctc_loss.zero_infinity", "1"),
    ]));
    assert_eq!(state.ctc.target, "aab");
    assert!(state.ctc.posterior);
    state.lab.start = (0.25, -1.5);
    state.lab.lr = 0.0004;
    let query = state.to_pairs();
    let (again, notices) = LossState::from_pairs(&query);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(again, state);
    assert!(query.iter().all(|(k, _)| LossState::owns(k)));
    assert!(query.contains(&("kl_div.log_target".into(), "1".into())));
    assert!(query.contains(&("log".into(), "1".into())));
    assert_eq!(
        LossState::default().to_pairs(),
        pairs(&[("family", "regression")])
    );
    for family in Family::ALL {
        let state = LossState {
            family,
            ..LossState::default()
        };
        assert_eq!(LossState::from_pairs(&state.to_pairs()).0, state);
    }
}

#[test]
fn the_margin_target_is_an_ordered_list_with_repeats() {
    use super::{parse_margin_target, MARGIN_TARGET_KEY};
    assert_eq!(parse_margin_target("2, 0"), Ok(vec![2, 0]));
    assert_eq!(parse_margin_target("2_0_-1"), Ok(vec![2, 0]));
    assert_eq!(parse_margin_target("1 1 -1 3"), Ok(vec![1, 1]));
    assert_eq!(parse_margin_target(""), Ok(vec![]));
    assert_eq!(parse_margin_target("−1"), Ok(vec![]));
    assert!(parse_margin_target("2, x").is_err());
    assert!(parse_margin_target("1.5").is_err());
    // Old links (no key) keep the default labels 1 and 2 and write nothing.
    let (state, notices) = LossState::from_pairs(&pairs(&[("family", "classification")]));
    assert!(notices.is_empty());
    assert_eq!(state.margin_target, [1, 2]);
    assert!(!state.to_pairs().iter().any(|(k, _)| k == MARGIN_TARGET_KEY));
    for (text, labels) in [("2_0", vec![2, 0]), ("3_3", vec![3, 3]), ("-1", vec![])] {
        let (state, notices) = LossState::from_pairs(&pairs(&[(MARGIN_TARGET_KEY, text)]));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(state.margin_target, labels);
        assert!(state
            .to_pairs()
            .contains(&(MARGIN_TARGET_KEY.into(), text.into())));
    }
}

#[test]
fn owns_the_view_keys_only() {
    for key in [
        "family",
        "points",
        "lab",
        "log",
        "lr",
        "start",
        "huber_loss.delta",
        "ctc_loss.target",
        "ctc_loss.blank",
        "multilabel_margin_loss.target",
    ] {
        assert!(LossState::owns(key), "{key}");
    }
    for key in [
        "view",
        "fn",
        "elu.alpha",
        "triplet_margin_loss.margin",
        "theme",
    ] {
        assert!(!LossState::owns(key), "{key}");
    }
}

#[test]
fn points_are_compact_and_exact() {
    assert_eq!(
        encode_points(&[(1.23456, -2.0), (-0.0, 1e-9)]),
        "1.23456_-2~0_0.000000001"
    );
    let points = vec![(0.1 + 0.2, -1.0 / 3.0)];
    assert_eq!(decode_points(&encode_points(&points)), Ok(points));
    assert_eq!(decode_points(""), Ok(vec![]));
    let many = vec![(1.0, 1.0); MAX_POINTS + 1];
    assert!(decode_points(&encode_points(&many)).is_err());
}
