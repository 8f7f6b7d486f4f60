//! The Softmax view's state as the address bar holds it: the logits (`logits=2,1,0.1`), the
//! temperature (`tau=1`) and the output whose curve is plotted (`i=0`). Plain data and parsing,
//! natively tested; anything unusable becomes a notice and the default.

use crate::url::codec::{format_number, Notice, Pairs, Reader, UrlState};

/// The fewest and most logits.
pub const MIN_LOGITS: usize = 2;
pub const MAX_LOGITS: usize = 8;
/// The largest |logit| accepted (x/τ stays far from overflow after the max is subtracted).
pub const MAX_ABS_LOGIT: f64 = 1000.0;
/// The temperature's slider and the values accepted when typed.
pub const TAU_SLIDER: (f64, f64) = (0.05, 10.0);
pub const TAU_RANGE: (f64, f64) = (0.001, 1000.0);
/// What the view shows without URL state.
pub const DEFAULT_LOGITS: [f64; 3] = [2.0, 1.0, 0.1];
pub const DEFAULT_TAU: f64 = 1.0;

pub const LOGITS_KEY: &str = "logits";
pub const TAU_KEY: &str = "tau";
pub const INDEX_KEY: &str = "i";

/// Logits from text such as `1.5,-0.3,2`: 2–8 finite numbers within ±[`MAX_ABS_LOGIT`].
pub fn parse_logits(text: &str) -> Result<Vec<f64>, String> {
    let values = text
        .split(',')
        .map(|part| parse_logit(part.trim()))
        .collect::<Result<Vec<f64>, String>>()?;
    if !(MIN_LOGITS..=MAX_LOGITS).contains(&values.len()) {
        return Err(format!(
            "there must be {MIN_LOGITS} to {MAX_LOGITS} logits, not {}",
            values.len()
        ));
    }
    Ok(values)
}

/// One logit from text.
pub fn parse_logit(text: &str) -> Result<f64, String> {
    match crate::url::parse_number(text.trim()) {
        Some(v) if v.is_finite() && v.abs() <= MAX_ABS_LOGIT => Ok(v),
        _ => Err(format!(
            "a logit must be a number between −{MAX_ABS_LOGIT} and {MAX_ABS_LOGIT}"
        )),
    }
}

/// The temperature from text: τ must be greater than 0 (softmax(x/τ) divides by it).
pub fn parse_tau(text: &str) -> Result<f64, String> {
    let (lo, hi) = TAU_RANGE;
    match crate::url::parse_number(text.trim()) {
        Some(v) if v.is_finite() && v <= 0.0 => Err(
            "τ must be greater than 0: softmax(x/τ) divides by τ (τ → 0⁺ approaches the arg-max)"
                .into(),
        ),
        Some(v) if (lo..=hi).contains(&v) => Ok(v),
        Some(v) if v.is_finite() => Err(format!("τ must be between {lo} and {hi}")),
        _ => Err("τ must be a number".into()),
    }
}

/// The logits as the address bar holds them: `2,1,0.1`.
pub fn format_logits(logits: &[f64]) -> String {
    logits
        .iter()
        .map(|v| format_number(*v))
        .collect::<Vec<_>>()
        .join(",")
}

/// What the view shows: 2–8 logits, a temperature τ > 0, and the output `index` (a valid index
/// of `logits`) whose curve is plotted.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxState {
    pub logits: Vec<f64>,
    pub tau: f64,
    pub index: usize,
}

impl Default for SoftmaxState {
    fn default() -> Self {
        SoftmaxState {
            logits: DEFAULT_LOGITS.to_vec(),
            tau: DEFAULT_TAU,
            index: 0,
        }
    }
}

impl UrlState for SoftmaxState {
    fn owns(key: &str) -> bool {
        [LOGITS_KEY, TAU_KEY, INDEX_KEY].contains(&key)
    }

    /// Every value that cannot be used keeps its default, with a notice. Never panics.
    fn from_pairs(pairs: &Pairs) -> (Self, Vec<Notice>) {
        let mut read = Reader::new(pairs);
        let mut state = SoftmaxState::default();
        read.read(LOGITS_KEY, &mut state.logits, |text| {
            parse_logits(text).map_err(|why| format!("{why}; showing the default logits"))
        });
        read.read(TAU_KEY, &mut state.tau, |text| {
            parse_tau(text).map_err(|why| format!("{why}; using τ = {DEFAULT_TAU}"))
        });
        let n = state.logits.len();
        read.read(INDEX_KEY, &mut state.index, |text| {
            match text.trim().parse() {
                Ok(i) if i < n => Ok(i),
                _ => Err(format!("it must be 0 to {}; plotting output 0", n - 1)),
            }
        });
        (state, read.notices)
    }

    fn to_pairs(&self) -> Vec<(String, String)> {
        vec![
            (LOGITS_KEY.to_string(), format_logits(&self.logits)),
            (TAU_KEY.to_string(), format_number(self.tau)),
            (INDEX_KEY.to_string(), self.index.to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::codec::literal::pairs;

    #[track_caller]
    fn check(query: &[(&str, &str)], want: &SoftmaxState, notice_keys: &[&str]) {
        let (state, notices) = SoftmaxState::from_pairs(&pairs(query));
        assert_eq!(&state, want, "{query:?}");
        let keys: Vec<&str> = notices.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, notice_keys, "{notices:?}");
    }

    #[test]
    fn parses_logits_from_the_address_bar() {
        assert_eq!(parse_logits("1.5,-0.3,2"), Ok(vec![1.5, -0.3, 2.0]));
        assert_eq!(parse_logits(" 1 , 2 "), Ok(vec![1.0, 2.0]));
        for bad in [
            "",
            "1",
            "1,x",
            "1,NaN",
            "1,inf",
            "1,2,3,4,5,6,7,8,9",
            "1,1e9",
            "1,,2",
        ] {
            assert!(parse_logits(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn refuses_a_temperature_that_is_not_positive() {
        assert_eq!(parse_tau("0.5"), Ok(0.5));
        for bad in ["0", "-1", "-0", "abc", "NaN", "1e-9", "1e9"] {
            assert!(parse_tau(bad).is_err(), "{bad:?}");
        }
        assert!(parse_tau("0").is_err_and(|m| m.contains("greater than 0")));
    }

    #[test]
    fn round_trips_through_the_address_bar() {
        for state in [
            SoftmaxState::default(),
            SoftmaxState {
                logits: vec![1.5, -0.3, 2.0, 0.1 + 0.2],
                tau: 0.05,
                index: 3,
            },
            SoftmaxState {
                logits: vec![
                    -MAX_ABS_LOGIT,
                    MAX_ABS_LOGIT,
                    0.0,
                    1e-300,
                    5.0,
                    6.0,
                    7.0,
                    8.0,
                ],
                tau: TAU_RANGE.1,
                index: 7,
            },
            SoftmaxState {
                logits: vec![0.0, -0.0],
                tau: TAU_RANGE.0,
                index: 1,
            },
        ] {
            let (again, notices) = SoftmaxState::from_pairs(&state.to_pairs());
            assert_eq!(again, state);
            assert!(notices.is_empty(), "{notices:?}");
            for (key, _) in state.to_pairs() {
                assert!(SoftmaxState::owns(&key), "{key}");
            }
        }
        assert!(!SoftmaxState::owns("view") && !SoftmaxState::owns("fn"));
    }

    #[test]
    fn reads_the_links_that_work_today() {
        check(&[], &SoftmaxState::default(), &[]);
        check(
            &[("view", "softmax"), ("logits", "1,2,3"), ("tau", "2")],
            &SoftmaxState {
                logits: vec![1.0, 2.0, 3.0],
                tau: 2.0,
                index: 0,
            },
            &[],
        );
        check(
            &[("logits", " 1 , -2.5 "), ("tau", " 0.5 "), ("i", " 1 ")],
            &SoftmaxState {
                logits: vec![1.0, -2.5],
                tau: 0.5,
                index: 1,
            },
            &[],
        );
        // The first of repeated keys counts, as `URLSearchParams.get` has it.
        check(
            &[("tau", "3"), ("tau", "x")],
            &SoftmaxState {
                tau: 3.0,
                ..SoftmaxState::default()
            },
            &[],
        );
    }

    #[test]
    fn bad_values_give_a_notice_and_keep_the_default() {
        check(
            &[("logits", "1,abc,<img src=x>"), ("tau", "-1")],
            &SoftmaxState::default(),
            &["logits", "tau"],
        );
        check(
            &[("logits", "1,2,3,4,5,6,7,8,9"), ("tau", "0")],
            &SoftmaxState::default(),
            &["logits", "tau"],
        );
        check(&[("tau", "NaN")], &SoftmaxState::default(), &["tau"]);
        // The index must name one of the logits in the address (here the default three).
        check(&[("i", "3")], &SoftmaxState::default(), &["i"]);
        check(&[("i", "-1")], &SoftmaxState::default(), &["i"]);
        check(
            &[("logits", "1,2,3,4"), ("i", "3")],
            &SoftmaxState {
                logits: vec![1.0, 2.0, 3.0, 4.0],
                index: 3,
                ..SoftmaxState::default()
            },
            &[],
        );
        let (_, notices) = SoftmaxState::from_pairs(&pairs(&[("tau", "0")]));
        assert!(notices[0].message.contains("tau=“0”"), "{notices:?}");
        assert!(notices[0].message.contains("greater than 0"), "{notices:?}");
        let (_, notices) = SoftmaxState::from_pairs(&pairs(&[("i", "9")]));
        assert!(notices[0].message.contains("0 to 2"), "{notices:?}");
    }
}
