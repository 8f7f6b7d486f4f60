//! The Activation explorer's state as plain data, and its [`UrlState`]: query-string pairs become
//! that state (`from_pairs`) and back (`to_pairs`). Pure: no browser, natively tested.
//!
//! URL keys (all other keys are ignored here, and kept in the address bar for other views):
//! - `fn=elu,celu,softplus` — the shown functions (catalogue names), in order;
//! - `<function>.<parameter>=<value>` — e.g. `elu.alpha=0.5`, for every parameter of a shown function;
//! - `deriv=1|0` — draw f′ (dashed);
//! - `xmin`, `xmax` — the visible x range;
//! - `sat=1` — shade saturation zones (absent: off);
//! - `cmp=1` — overlay GELU's other form (exact ↔ tanh) and its largest difference (absent: off).
//!
//! Invalid values fall back to their default with a [`Notice`]; nothing here can panic.

use nnfunc::catalogue::{self, FnId, ParamKind};
use nnfunc::plot::AxisRange;
use nnfunc::{FnSpec, Params};

use crate::url::{first, format_bool, parse_bool, Notice, Pairs, UrlState};
pub use crate::url::{format_number, param_key};

pub use crate::elementwise::FUNCTIONS_KEY;
/// Keys of the query string.
pub const DERIVATIVE_KEY: &str = "deriv";
pub const X_MIN_KEY: &str = "xmin";
pub const X_MAX_KEY: &str = "xmax";
pub const SATURATION_KEY: &str = "sat";
pub const COMPARE_KEY: &str = "cmp";

/// At most this many functions at once: one colour each from the 8-colour Okabe–Ito palette.
pub const MAX_SHOWN: usize = 8;
/// What the view shows without `fn=`.
pub const DEFAULT_FUNCTIONS: [FnId; 3] = [FnId::Sigmoid, FnId::Tanh, FnId::Relu];
/// The x range without `xmin`/`xmax`, and after "reset view".
pub const DEFAULT_X: (f64, f64) = (-5.0, 5.0);
/// Zooming stops at this width (finer than any kink a student would look at)…
pub const MIN_X_WIDTH: f64 = 1e-3;
/// …and panning or zooming out at ±this.
pub const X_LIMIT: f64 = 1e4;

pub use crate::elementwise::{elementwise, functions, is_elementwise, GROUPS};
pub use crate::url::codec::{format_param_value as url_value, parse_param_value as parse_value};

/// Everything the explorer's controls set.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivationState {
    /// The shown functions, in order, each elementwise, no two the same, at most [`MAX_SHOWN`],
    /// with parameters that [`Activation::from_params`] accepts.
    pub functions: Vec<Params>,
    pub show_derivative: bool,
    pub x: AxisRange,
    pub shade_saturation: bool,
    pub compare_gelu: bool,
}

impl Default for ActivationState {
    fn default() -> Self {
        ActivationState {
            functions: DEFAULT_FUNCTIONS
                .iter()
                .map(|id| Params::defaults(id.spec()))
                .collect(),
            show_derivative: true,
            x: default_x(),
            shade_saturation: false,
            compare_gelu: false,
        }
    }
}

pub fn default_x() -> AxisRange {
    AxisRange::new(DEFAULT_X.0, DEFAULT_X.1)
}

impl UrlState for ActivationState {
    /// Whether the explorer writes `key` (so a stale one, e.g. of a function no longer shown, is
    /// removed).
    fn owns(key: &str) -> bool {
        [
            FUNCTIONS_KEY,
            DERIVATIVE_KEY,
            X_MIN_KEY,
            X_MAX_KEY,
            SATURATION_KEY,
            COMPARE_KEY,
        ]
        .contains(&key)
            || crate::elementwise::is_param_key(key)
    }

    /// Typed state from the query string's pairs (already percent-decoded), with a notice for
    /// every value that could not be used. Unknown keys are ignored.
    fn from_pairs(pairs: &Pairs) -> (ActivationState, Vec<Notice>) {
        let mut notices = Vec::new();
        let default = ActivationState::default();

        let mut shown: Vec<&'static FnSpec> = Vec::new();
        if let Some(list) = first(pairs, FUNCTIONS_KEY) {
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                match catalogue::find(name) {
                    Some(spec) if !is_elementwise(spec) => notices.push(Notice::new(
                        FUNCTIONS_KEY,
                        format!(
                            "{} is not an elementwise activation (see the Softmax or Losses view); not shown.",
                            spec.display
                        ),
                    )),
                    Some(spec) if shown.iter().any(|s| s.id == spec.id) => notices.push(Notice::new(
                        FUNCTIONS_KEY,
                        format!("{} is listed more than once; shown once.", spec.display),
                    )),
                    Some(_) if shown.len() >= MAX_SHOWN => {
                        notices.push(Notice::new(
                            FUNCTIONS_KEY,
                            format!("At most {MAX_SHOWN} functions at once; {name} is not shown."),
                        ));
                    }
                    Some(spec) => shown.push(spec),
                    None => notices.push(Notice::new(
                        FUNCTIONS_KEY,
                        format!("There is no activation called “{name}”."),
                    )),
                }
            }
            if shown.is_empty() {
                notices.push(Notice::new(
                    FUNCTIONS_KEY,
                    "No function from the address bar can be shown; showing the defaults.",
                ));
            }
        }
        let functions = if shown.is_empty() {
            default.functions.clone()
        } else {
            shown
                .into_iter()
                .map(|spec| params_from_pairs(spec, pairs, &mut notices))
                .collect()
        };

        let mut flag =
            |key: &str, default: bool| match first(pairs, key).map(|t| (t, parse_bool(t))) {
                None => default,
                Some((_, Some(b))) => b,
                Some((other, None)) => {
                    let why = format!("expected 1 or 0; using {}", u8::from(default));
                    notices.push(Notice::ignored(key, other, why));
                    default
                }
            };
        let show_derivative = flag(DERIVATIVE_KEY, default.show_derivative);
        let shade_saturation = flag(SATURATION_KEY, default.shade_saturation);
        let compare_gelu = flag(COMPARE_KEY, default.compare_gelu);
        let x = x_range_from_pairs(pairs, &mut notices);

        let state = ActivationState {
            functions,
            show_derivative,
            x,
            shade_saturation,
            compare_gelu,
        };
        (state, notices)
    }

    /// The query pairs that reproduce the state (booleans as `1`/`0`; the saturation and GELU
    /// toggles only when on).
    fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = crate::elementwise::to_pairs(&self.functions);
        let bit = |b: bool| format_bool(b).to_string();
        pairs.push((DERIVATIVE_KEY.into(), bit(self.show_derivative)));
        pairs.push((X_MIN_KEY.into(), format_number(self.x.min)));
        pairs.push((X_MAX_KEY.into(), format_number(self.x.max)));
        if self.shade_saturation {
            pairs.push((SATURATION_KEY.into(), bit(true)));
        }
        if self.compare_gelu {
            pairs.push((COMPARE_KEY.into(), bit(true)));
        }
        pairs
    }
}

/// The parameters of `spec` from `<name>.<param>` keys; bad values keep their default.
fn params_from_pairs(spec: &'static FnSpec, pairs: &Pairs, notices: &mut Vec<Notice>) -> Params {
    let mut params = Params::defaults(spec);
    for param in spec.params {
        let key = param_key(spec.name, param);
        let Some(text) = first(pairs, &key) else {
            continue;
        };
        let result = match param.kind {
            ParamKind::Choice { .. } => params
                .set_choice(param.name, text)
                .map_err(|e| e.to_string()),
            kind => match parse_value(kind, text) {
                Some(value) => params.set(param.name, value).map_err(|e| e.to_string()),
                None => Err(format!("“{text}” is not a valid value for {}", param.label)),
            },
        };
        if let Err(message) = result {
            notices.push(Notice::ignored(
                &key,
                text,
                format!("{message}; using the default"),
            ));
        }
    }
    // Combinations PyTorch refuses (hardtanh min_val > max_val, rrelu lower > upper).
    if let Err(message) = elementwise(&params) {
        notices.push(Notice::new(
            spec.name,
            format!(
                "Ignored the parameters of {} from the address bar ({message}); using the defaults.",
                spec.display
            ),
        ));
        params = Params::defaults(spec);
    }
    params
}

/// `xmin`/`xmax`: finite, within ±[`X_LIMIT`], at least [`MIN_X_WIDTH`] apart; else the default.
fn x_range_from_pairs(pairs: &Pairs, notices: &mut Vec<Notice>) -> AxisRange {
    let mut bound = |key: &str, default: f64| -> f64 {
        let Some(text) = first(pairs, key) else {
            return default;
        };
        match crate::url::parse_number(text.trim()) {
            Some(v) if v.is_finite() && v.abs() <= X_LIMIT => v,
            _ => {
                let why =
                    format!("expected a number between −{X_LIMIT} and {X_LIMIT}; using {default}");
                notices.push(Notice::ignored(key, text, why));
                default
            }
        }
    };
    let x_min = bound(X_MIN_KEY, DEFAULT_X.0);
    let x_max = bound(X_MAX_KEY, DEFAULT_X.1);
    if x_max - x_min >= MIN_X_WIDTH {
        AxisRange::new(x_min, x_max)
    } else {
        notices.push(Notice::new(
            X_MIN_KEY,
            format!(
                "Ignored the x range from the address bar: xmin must be less than xmax by at least {MIN_X_WIDTH}; showing {} to {}.",
                DEFAULT_X.0, DEFAULT_X.1
            ),
        ));
        default_x()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::codec::literal::query as pairs;
    use nnfunc::catalogue::Group;
    use nnfunc::Value;

    fn names(state: &ActivationState) -> Vec<&'static str> {
        state.functions.iter().map(|p| p.spec.name).collect()
    }

    /// Parse `query`; check the function names and how many notices came back.
    #[track_caller]
    fn check(query: &str, want_fns: &[&str], want_notices: usize) -> ActivationState {
        let (state, notices) = ActivationState::from_pairs(&pairs(query));
        assert_eq!(names(&state), want_fns, "{query}");
        assert_eq!(notices.len(), want_notices, "{query}: {notices:?}");
        // Whatever came in, the state projects to a query that reads back as the same state.
        let (again, none) = ActivationState::from_pairs(&state.to_pairs());
        assert_eq!(again, state, "{query}: round trip");
        assert!(none.is_empty(), "{query}: {none:?}");
        state
    }

    #[test]
    fn empty_query_is_the_default() {
        let s = check("", &["sigmoid", "tanh", "relu"], 0);
        assert_eq!(s, ActivationState::default());
        assert_eq!(s.x, AxisRange::new(-5.0, 5.0));
        assert!(s.show_derivative && !s.shade_saturation && !s.compare_gelu);
    }

    #[test]
    fn the_issue_example() {
        let s = check(
            "view=activations&fn=elu,celu,softplus&elu.alpha=0.5&deriv=1&xmin=-3&xmax=2&sat=1",
            &["elu", "celu", "softplus"],
            0,
        );
        assert_eq!(s.functions[0].real("alpha"), 0.5);
        assert_eq!(s.functions[1].real("alpha"), 1.0);
        assert_eq!(s.x, AxisRange::new(-3.0, 2.0));
        assert!(s.show_derivative && s.shade_saturation);
    }

    #[test]
    fn functions_unknown_duplicate_softmax_and_too_many() {
        check("fn=elu,nope", &["elu"], 1);
        check("fn=elu,elu,relu", &["elu", "relu"], 1);
        check("fn=softmax,relu", &["relu"], 1);
        check("fn=mse_loss", &["sigmoid", "tanh", "relu"], 2);
        check("fn=", &["sigmoid", "tanh", "relu"], 1);
        check(
            "fn=relu,elu,celu,selu,gelu,silu,mish,tanh,sigmoid",
            &[
                "relu", "elu", "celu", "selu", "gelu", "silu", "mish", "tanh",
            ],
            1,
        );
    }

    #[test]
    fn parameters_outside_the_slider_but_inside_the_domain_are_kept() {
        let s = check("fn=elu&elu.alpha=7.5", &["elu"], 0);
        assert_eq!(s.functions[0].real("alpha"), 7.5);
        let s = check("fn=elu&elu.alpha=-2", &["elu"], 0);
        assert_eq!(s.functions[0].real("alpha"), -2.0);
    }

    #[test]
    fn invalid_parameters_fall_back_with_a_notice() {
        let s = check("fn=celu&celu.alpha=0", &["celu"], 1);
        assert_eq!(s.functions[0].real("alpha"), 1.0);
        let s = check("fn=elu&elu.alpha=abc", &["elu"], 1);
        assert_eq!(s.functions[0].real("alpha"), 1.0);
        check("fn=elu&elu.alpha=NaN", &["elu"], 1);
        check("fn=elu&elu.alpha=inf", &["elu"], 1);
        check("fn=softshrink&softshrink.lambd=-1", &["softshrink"], 1);
        // PyTorch refuses min_val > max_val: both go back to the defaults.
        let s = check(
            "fn=hardtanh&hardtanh.min_val=2&hardtanh.max_val=1",
            &["hardtanh"],
            1,
        );
        assert_eq!(s.functions[0].real("min_val"), -1.0);
        let s = check("fn=gelu&gelu.approximate=tanh", &["gelu"], 0);
        assert_eq!(s.functions[0].choice("approximate"), "tanh");
        check("fn=gelu&gelu.approximate=<b>x</b>", &["gelu"], 1);
    }

    #[test]
    fn unknown_keys_and_keys_of_hidden_functions_are_ignored() {
        let s = check("fn=elu&celu.alpha=2&elu.beta=3&foo=bar&view=x", &["elu"], 0);
        assert_eq!(s.functions[0].real("alpha"), 1.0);
    }

    #[test]
    fn flags_and_x_range() {
        let s = check("deriv=0&sat=true&cmp=1", &["sigmoid", "tanh", "relu"], 0);
        assert!(!s.show_derivative && s.shade_saturation && s.compare_gelu);
        // Booleans are written 1/0; the other spellings of older links still read.
        let s = check(
            "deriv=false&sat=1&cmp=TRUE",
            &["sigmoid", "tanh", "relu"],
            0,
        );
        assert!(!s.show_derivative && s.shade_saturation && s.compare_gelu);
        let s = check("deriv=no&sat=on", &["sigmoid", "tanh", "relu"], 0);
        assert!(!s.show_derivative && s.shade_saturation);
        let written = ActivationState {
            show_derivative: false,
            shade_saturation: true,
            compare_gelu: true,
            ..ActivationState::default()
        }
        .to_pairs();
        for key in [DERIVATIVE_KEY, SATURATION_KEY, COMPARE_KEY] {
            let value = written
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str());
            assert!(matches!(value, Some("0" | "1")), "{key}: {value:?}");
        }
        // A value that is no boolean keeps the default, with a notice about its key.
        for bad in ["deriv=2", "deriv=maybe", "deriv="] {
            let (s, notices) = ActivationState::from_pairs(&pairs(bad));
            assert!(s.show_derivative, "{bad}");
            assert_eq!(notices.len(), 1, "{bad}: {notices:?}");
            assert_eq!(notices[0].key, DERIVATIVE_KEY, "{bad}");
        }
        for bad in [
            "xmin=3&xmax=1",
            "xmin=1&xmax=1",
            "xmin=abc",
            "xmax=1e300",
            "xmin=-inf",
        ] {
            let (s, notices) = ActivationState::from_pairs(&pairs(bad));
            assert_eq!(s.x, default_x(), "{bad}");
            assert!(!notices.is_empty(), "{bad}");
        }
        let s = check("xmin=0.1&xmax=0.1005", &["sigmoid", "tanh", "relu"], 1);
        assert_eq!(s.x, default_x());
        let s = check("xmax=9", &["sigmoid", "tanh", "relu"], 0);
        assert_eq!(s.x, AxisRange::new(-5.0, 9.0));
    }

    #[test]
    fn the_first_value_of_a_repeated_key_wins() {
        let s = check("fn=elu&elu.alpha=2&elu.alpha=3", &["elu"], 0);
        assert_eq!(s.functions[0].real("alpha"), 2.0);
    }

    #[test]
    fn own_keys() {
        for key in [
            "fn",
            "deriv",
            "xmin",
            "xmax",
            "sat",
            "cmp",
            "elu.alpha",
            "softplus.beta",
        ] {
            assert!(ActivationState::owns(key), "{key}");
        }
        for key in ["view", "elu.beta", "softmax.dim", "mse_loss.reduction", "x"] {
            assert!(!ActivationState::owns(key), "{key}");
        }
    }

    #[test]
    fn every_function_round_trips_with_non_default_parameters() {
        for spec in functions() {
            let mut params = Params::defaults(spec);
            for param in spec.params {
                if let ParamKind::Real { max, .. } | ParamKind::Tensor { max, .. } = param.kind {
                    let _ = params.set(param.name, Value::Real(max * 0.7 + 0.013));
                }
            }
            if elementwise(&params).is_err() {
                params = Params::defaults(spec);
            }
            let state = ActivationState {
                functions: vec![params],
                x: AxisRange::new(-0.123456789, 7.1),
                ..ActivationState::default()
            };
            let (again, notices) = ActivationState::from_pairs(&state.to_pairs());
            assert_eq!(again, state, "{}", spec.name);
            assert!(notices.is_empty(), "{}: {notices:?}", spec.name);
        }
    }

    #[test]
    fn menu_has_no_softmax_family_and_the_lecture_first() {
        let all: Vec<_> = functions().collect();
        assert!(all.iter().all(|s| s.group != Group::SoftmaxFamily));
        assert!(all.iter().any(|s| s.id == FnId::Elu));
        let first_more = all.iter().position(|s| s.group == Group::MoreActivation);
        let last_lecture = all
            .iter()
            .rposition(|s| s.group == Group::LectureActivation);
        assert!(last_lecture < first_more);
    }
}
