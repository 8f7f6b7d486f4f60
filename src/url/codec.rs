//! View state in the address bar, as plain functions (no browser): the one trait every view's
//! state implements, the one notice type, and the one spelling of numbers, booleans and parameter
//! keys. Natively tested; the browser side (reading the address bar, the debounced write) is the
//! parent module.

use std::fmt;

use nnfunc::catalogue::{ParamKind, ParamSpec};
use nnfunc::Value;

/// The query pairs of an address, in order, percent-decoded.
pub type Pairs = [(String, String)];

/// Something in the address bar that could not be used, and what is shown instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The query key it is about.
    pub key: String,
    pub message: String,
}

/// How many characters of a refused value a notice quotes (a pasted page is not echoed back).
const SHOWN_VALUE_CHARS: usize = 40;

impl Notice {
    pub fn new(key: &str, message: impl Into<String>) -> Notice {
        Notice {
            key: key.to_string(),
            message: message.into(),
        }
    }

    /// `Ignored <key>=“<value>” from the address bar: <why>.`: the one wording of a refused value;
    /// a long value is cut short and control characters are written as escapes.
    pub fn ignored(key: &str, value: &str, why: impl fmt::Display) -> Notice {
        let mut shown: String = value
            .chars()
            .take(SHOWN_VALUE_CHARS)
            .flat_map(|c| {
                let escape = c.is_control().then(|| c.escape_default());
                escape
                    .into_iter()
                    .flatten()
                    .chain((!c.is_control()).then_some(c))
            })
            .collect();
        if value.chars().count() > SHOWN_VALUE_CHARS {
            shown.push('…');
        }
        Notice::new(
            key,
            format!("Ignored {key}=“{shown}” from the address bar: {why}."),
        )
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A view's state as the address bar holds it. The URL is a projection of the state: parsing
/// what `to_pairs` wrote gives the same state back, and anything unusable becomes a [`Notice`] and
/// a safe value, never a panic.
pub trait UrlState: Sized + Clone + PartialEq + 'static {
    /// Whether `key` belongs to this state (written by `to_pairs`, or an older spelling of such a
    /// key): the view's owned keys that `to_pairs` no longer writes are removed from the address.
    fn owns(key: &str) -> bool;
    /// The state `pairs` describe (defaults where they say nothing), with what could not be used.
    fn from_pairs(pairs: &Pairs) -> (Self, Vec<Notice>);
    /// The pairs that reproduce this state.
    fn to_pairs(&self) -> Vec<(String, String)>;
}

/// Reads keys off the query pairs one after another, collecting a notice for every value it
/// refuses: the one way a view's `from_pairs` takes a value.
pub struct Reader<'a> {
    pub pairs: &'a Pairs,
    pub notices: Vec<Notice>,
}

impl<'a> Reader<'a> {
    pub fn new(pairs: &'a Pairs) -> Reader<'a> {
        Reader {
            pairs,
            notices: Vec::new(),
        }
    }

    /// `key`'s value through `parse`, or `default` when it is absent or refused (`Err(why)`: why,
    /// and what is used instead, for the notice).
    pub fn value<T, E: fmt::Display>(
        &mut self,
        key: &str,
        default: T,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> T {
        let Some(text) = first(self.pairs, key) else {
            return default;
        };
        parse(text).unwrap_or_else(|why| {
            self.notices.push(Notice::ignored(key, text, why));
            default
        })
    }

    /// `*slot = parse(text)` for `key`'s value, if it has one; a refused value leaves `slot`.
    pub fn read<T, E: fmt::Display>(
        &mut self,
        key: &str,
        slot: &mut T,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) {
        let Some(text) = first(self.pairs, key) else {
            return;
        };
        match parse(text) {
            Ok(value) => *slot = value,
            Err(why) => self.notices.push(Notice::ignored(key, text, why)),
        }
    }
}

/// The first value of `key` (as `URLSearchParams.get` does).
pub fn first<'a>(pairs: &'a Pairs, key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A number as the address bar (and a number box) shows it: the shortest text that parses back to
/// the same `f64` (0.3, not 0.30000000000000004; 0 for −0).
pub fn format_number(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// A number from its text, exactly as Rust's `f64::from_str` reads it (`1.5`, `-2e-3`, `.5`,
/// `1.`, `inf`, `NaN`, in any case); `None` for anything else, spaces included.
///
/// In the browser the digits go to JavaScript's `parseFloat`, which is correctly rounded too and
/// reads every string of this grammar the same way: that keeps Rust's decimal-conversion tables
/// (about 12 KB gzip) out of every page's download. Natively, and in the browser tests that
/// compare the two, it is Rust's own parser.
pub fn parse_number(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let negative = text.starts_with('-');
    let special = |word: &str| unsigned.eq_ignore_ascii_case(word);
    if special("inf") || special("infinity") {
        return Some(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if special("nan") {
        return Some(f64::NAN);
    }
    is_decimal(unsigned).then(|| decimal_to_f64(text))?
}

/// Digits with at most one point (at least one digit), then an optional exponent (`e`, an
/// optional sign, at least one digit): the grammar Rust and JavaScript agree on.
fn is_decimal(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let whole = digits(0);
    let mut at = whole;
    let mut fraction = 0;
    if bytes.get(at) == Some(&b'.') {
        fraction = digits(at + 1);
        at += 1 + fraction;
    }
    if whole + fraction == 0 {
        return false;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits(at);
        if exponent == 0 {
            return false;
        }
        at += exponent;
    }
    at == bytes.len()
}

/// A checked decimal (with its sign) as the nearest `f64`.
#[cfg(target_arch = "wasm32")]
fn decimal_to_f64(text: &str) -> Option<f64> {
    Some(js_sys::Number::parse_float(text))
}

#[cfg(not(target_arch = "wasm32"))]
fn decimal_to_f64(text: &str) -> Option<f64> {
    text.parse().ok()
}

/// A boolean as the address bar shows it.
pub const fn format_bool(b: bool) -> &'static str {
    if b {
        "1"
    } else {
        "0"
    }
}

/// A boolean from the address bar: `1`/`0`, and the other spellings people (and older links)
/// use: `true`/`false`, `yes`/`no`, `on`/`off`, in any case. `None` for anything else.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// A function's parameter as a query key and control name: `<function>.<param>`.
pub fn param_key(function: &str, param: &ParamSpec) -> String {
    format!("{function}.{}", param.name)
}

/// A parameter value from its text (URL or number box); `None` if it is not one.
pub fn parse_param_value(kind: ParamKind, text: &str) -> Option<Value> {
    let text = text.trim();
    match kind {
        ParamKind::Real { .. } | ParamKind::Tensor { .. } => parse_number(text)
            .filter(|v| v.is_finite())
            .map(Value::Real),
        ParamKind::Int { .. } if text == "none" => Some(Value::Int(None)),
        ParamKind::Int { .. } => text.parse::<i64>().ok().map(|v| Value::Int(Some(v))),
        ParamKind::Bool { .. } => parse_bool(text).map(Value::Bool),
        ParamKind::Choice { .. } => None,
    }
}

/// A parameter value as the address bar shows it (`None`: cannot be written, e.g. a vector weight).
pub fn format_param_value(value: &Value) -> Option<String> {
    match value {
        Value::Real(v) => Some(format_number(*v)),
        Value::Int(Some(v)) => Some(v.to_string()),
        Value::Int(None) | Value::Tensor(None) => Some("none".into()),
        Value::Bool(b) => Some(format_bool(*b).into()),
        Value::Choice(c) => Some((*c).to_string()),
        Value::Tensor(Some(t)) if t.numel() == 1 => t.data.first().map(|v| format_number(*v)),
        Value::Tensor(Some(_)) => None,
    }
}

/// Query pairs written as literals, for the codecs' tests.
#[cfg(test)]
pub mod literal {
    /// Owned pairs from borrowed ones.
    pub fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|&(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    /// The pairs of `a=1&b&c=x` as written (no percent-decoding; a key without `=` has "").
    pub fn query(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (p.to_owned(), String::new()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_value_is_quoted_short_and_without_control_characters() {
        let n = Notice::ignored("tau", "abc", "it must be positive");
        assert_eq!(n.key, "tau");
        assert_eq!(
            n.message,
            "Ignored tau=“abc” from the address bar: it must be positive."
        );
        let long = "x".repeat(500);
        let n = Notice::ignored("fn", &long, "no such function");
        assert!(
            n.message.contains(&format!("fn=“{}…”", "x".repeat(40))),
            "{n}"
        );
        let n = Notice::ignored("i", "1\n2\u{7}", "not a number");
        assert!(n.message.contains("i=“1\\n2\\u{7}”"), "{n}");
    }

    #[test]
    fn numbers_parse_as_rust_reads_them() {
        for text in [
            "1",
            "-1",
            "+1",
            "1.5",
            ".5",
            "-.5",
            "1.",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "1.e5",
            "007",
            "-0",
            "1e400",
            "-1e400",
            "1e-400",
            "2.2250738585072011e-308",
            "4.9e-324",
            "9007199254740993",
            "0.1000000000000000055511151231257827021181583404541015625",
            "inf",
            "-inf",
            "+Infinity",
            "INF",
        ] {
            let want: f64 = text.parse().unwrap_or(f64::NAN);
            let got = parse_number(text);
            assert_eq!(got.map(f64::to_bits), Some(want.to_bits()), "{text}");
        }
        assert!(parse_number("NaN").is_some_and(f64::is_nan));
        assert!(parse_number("-nan").is_some_and(f64::is_nan));
        for text in [
            "",
            " 1",
            "1 ",
            ".",
            "-",
            "+",
            "e5",
            "1e",
            "1e+",
            "1..2",
            "1.2.3",
            "--1",
            "+-1",
            "0x10",
            "1_000",
            "∞",
            "١",
            "infinit",
            "nana",
            "1,5",
            "Infinity1",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
            assert!(text.parse::<f64>().is_err(), "Rust reads {text:?}");
        }
    }

    #[test]
    fn numbers_round_trip_in_their_shortest_form() {
        for v in [
            0.3,
            1e-300,
            -2.5,
            1e21,
            f64::MIN_POSITIVE,
            0.1 + 0.2,
            12345.678,
        ] {
            let text = format_number(v);
            assert_eq!(text.parse::<f64>(), Ok(v), "{text}");
        }
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(0.5), "0.5");
    }

    #[test]
    fn booleans_have_one_spelling_and_parse_the_old_ones() {
        for b in [true, false] {
            assert_eq!(parse_bool(format_bool(b)), Some(b));
        }
        for (text, want) in [
            ("true", Some(true)),
            ("TRUE", Some(true)),
            (" 1 ", Some(true)),
            ("yes", Some(true)),
            ("on", Some(true)),
            ("false", Some(false)),
            ("0", Some(false)),
            ("off", Some(false)),
            ("2", None),
            ("", None),
            ("1; drop", None),
        ] {
            assert_eq!(parse_bool(text), want, "{text:?}");
        }
    }

    #[test]
    fn first_takes_the_first_value() {
        let pairs = [
            ("a".to_string(), "1".to_string()),
            ("a".to_string(), "2".to_string()),
        ];
        assert_eq!(first(&pairs, "a"), Some("1"));
        assert_eq!(first(&pairs, "b"), None);
    }
}
