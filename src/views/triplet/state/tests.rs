//! The settings' address-bar codec: round trips, older spellings, refused values.

use super::*;
use crate::url::codec::literal::pairs;

#[test]
fn round_trip() {
    let mut s = Settings::default();
    s.triplet.negative = (0.1 + 0.2, -1.0 / 3.0);
    s.config.norm = Norm::Infinity;
    s.config.swap = true;
    s.config.eps = -1e-9;
    s.mode = Mode::Batch;
    s.mining = Mining::SemiHard;
    s.shading = Shading::GradientMagnitude;
    s.seed = u64::MAX;
    for s in [Settings::default(), s] {
        assert_eq!(Settings::from_pairs(&s.to_pairs()), (s, vec![]));
    }
}

#[test]
fn writes_every_owned_key_once_and_booleans_as_digits() {
    let written = Settings::default().to_pairs();
    let keys: Vec<&str> = written.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, KEYS);
    assert!(KEYS.iter().all(|k| Settings::owns(k)));
    assert!(!Settings::owns("view") && !Settings::owns("fn"));
    for (key, name) in [
        (MARGIN_KEY, "margin"),
        (NORM_KEY, "p"),
        (EPS_KEY, "eps"),
        (SWAP_KEY, "swap"),
    ] {
        assert_eq!(key, margin_key(name));
    }
    let mut s = Settings::default();
    s.config.swap = true;
    assert!(s.to_pairs().contains(&(SWAP_KEY.into(), "1".into())));
    s.config.swap = false;
    assert!(s.to_pairs().contains(&(SWAP_KEY.into(), "0".into())));
}

#[test]
fn old_spellings_still_parse() {
    for (text, want) in [("true", true), ("false", false), ("1", true), ("0", false)] {
        let (s, notices) = Settings::from_pairs(&pairs(&[(SWAP_KEY, text)]));
        assert_eq!((s.config.swap, notices), (want, vec![]), "{text}");
    }
    // A link as the view wrote it before booleans were digits.
    let (s, notices) = Settings::from_pairs(&pairs(&[
        ("loss", "ratio_loss"),
        ("triplet_margin_loss.margin", "0.5"),
        ("triplet_margin_loss.p", "inf"),
        ("triplet_margin_loss.eps", "0.000001"),
        ("triplet_margin_loss.swap", "true"),
        ("anchor", "0,0"),
        ("positive", "1.5,-2"),
        ("negative", "-0.25,1"),
        ("lr", "0.1"),
        ("seed", "7"),
        ("D", "6.5"),
        ("shade", "gradient"),
        ("mode", "batch"),
        ("mining", "semi-hard"),
    ]));
    assert_eq!(notices, vec![]);
    assert_eq!(s.config.loss, TripletLoss::Ratio);
    assert_eq!(
        (s.config.margin, s.config.norm, s.config.eps, s.config.swap),
        (0.5, Norm::Infinity, 1e-6, true)
    );
    assert_eq!(s.triplet.positive, (1.5, -2.0));
    assert_eq!(s.triplet.negative, (-0.25, 1.0));
    assert_eq!((s.lr, s.seed, s.d_max), (0.1, 7, 6.5));
    assert_eq!(
        (s.shading, s.mode, s.mining),
        (Shading::GradientMagnitude, Mode::Batch, Mining::SemiHard)
    );
}

#[test]
fn bad_values_give_notices_and_defaults() {
    let bad = [
        (LOSS_KEY, "mse_loss"),
        (MARGIN_KEY, "0"),
        (NORM_KEY, "4"),
        (EPS_KEY, "NaN"),
        (SWAP_KEY, "maybe"),
        (ANCHOR_KEY, "inf,0"),
        (POSITIVE_KEY, "1"),
        (NEGATIVE_KEY, "2000,0"),
        (LR_KEY, "<script>"),
        (SEED_KEY, "-1"),
        (D_KEY, "11"),
        (SHADE_KEY, "loud"),
        (MODE_KEY, "many"),
        (MINING_KEY, "easy"),
    ];
    let (s, notices) = Settings::from_pairs(&pairs(&bad));
    assert_eq!(s, Settings::default());
    let keys: Vec<&str> = notices.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, bad.map(|(k, _)| k), "{notices:?}");
    for (notice, (key, text)) in notices.iter().zip(bad) {
        assert!(
            notice
                .message
                .starts_with(&format!("Ignored {key}=“{text}”")),
            "{notice:?}"
        );
    }
}

#[test]
fn the_first_value_of_a_repeated_key_counts_and_others_are_ignored() {
    let (s, notices) =
        Settings::from_pairs(&pairs(&[("lr", "0.2"), ("lr", "junk"), ("fn", "relu")]));
    assert_eq!((s.lr, notices), (0.2, vec![]));
}

#[test]
fn points_and_norms_parse_at_the_edge() {
    assert_eq!(parse_point("1.5,-2"), Some((1.5, -2.0)));
    assert_eq!(parse_point(" 1 , 2 "), Some((1.0, 2.0)));
    for bad in ["1", "NaN,1", "1,inf", "a,b", "", "1,2,3"] {
        assert_eq!(parse_point(bad), None, "{bad}");
    }
    for (text, want) in [
        ("inf", Norm::Infinity),
        ("Infinity", Norm::Infinity),
        ("2.0", Norm::L2),
    ] {
        let (s, notices) = Settings::from_pairs(&pairs(&[(NORM_KEY, text)]));
        assert_eq!((s.config.norm, notices), (want, vec![]), "{text}");
    }
    for bad in ["4", "NaN", "", "two", "-inf"] {
        let (s, notices) = Settings::from_pairs(&pairs(&[(NORM_KEY, bad)]));
        assert_eq!(s.config.norm, Settings::default().config.norm, "{bad}");
        assert_eq!(notices.len(), 1, "{bad}");
    }
}
