//! A view's state as a runnable PyTorch script, and the lines it prints ("What it prints"),
//! computed here by the core crate. Pure text, natively tested.
//!
//! A view writes its script with a [`Writer`]: code lines, comments, and [`Writer::print`], which
//! adds both the `print(...)` call and the line it must print (`name = value`, floats as Python's
//! `repr`, tensors as lists), so that the two never drift apart. Every number in the code is
//! written with [`py`], which Python parses to the same `f64` the page holds.

use std::future::Future;
use std::pin::Pin;

use super::python_float;
use crate::url::codec::{format_number, parse_number};

/// A script on its way: a view's script code is fetched the first time the panel needs it.
pub type Pending = Pin<Box<dyn Future<Output = Script>>>;

/// A script and what it prints, line by line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    /// A file name for "Download .py", e.g. `activations.py`.
    pub file_name: String,
    pub code: String,
    /// One `name = value` line per printed value.
    pub expected: String,
    /// A note shown above the expectation (the training lab's, whose numbers cannot match).
    pub caveat: Option<String>,
}

/// What a view's script is made from: its query pairs (the address bar) and the values it shows
/// that the address does not keep (a crosshair's position).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScriptInput {
    pub query: Vec<(String, String)>,
    pub live: Vec<(String, String)>,
}

impl ScriptInput {
    /// The last value of `key` among the live values.
    pub fn live(&self, key: &str) -> Option<&str> {
        self.live
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A live number (finite), as [`live_number`] wrote it.
    pub fn number(&self, key: &str) -> Option<f64> {
        self.live(key)
            .and_then(parse_number)
            .filter(|v| v.is_finite())
    }

    /// A live list of finite numbers, as [`live_list`] wrote it.
    pub fn list(&self, key: &str) -> Option<Vec<f64>> {
        let text = self.live(key)?;
        if text.is_empty() {
            return Some(Vec::new());
        }
        text.split(',')
            .map(|v| parse_number(v).filter(|v| v.is_finite()))
            .collect()
    }
}

/// A number on screen as a live value (in the address bar's spelling, which reads back exactly).
pub fn live_number(key: &str, v: f64) -> (String, String) {
    (key.to_string(), format_number(v))
}

/// A list of numbers on screen as a live value.
pub fn live_list(key: &str, values: &[f64]) -> (String, String) {
    let items: Vec<String> = values.iter().map(|v| format_number(*v)).collect();
    (key.to_string(), items.join(","))
}

/// A printed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Printed {
    Int(i64),
    Float(f64),
    List(Vec<f64>),
    Matrix(Vec<Vec<f64>>),
}

impl Printed {
    /// As Python prints it: `repr` of a float, `tolist()` of a tensor.
    pub fn python(&self) -> String {
        let list = |values: &[f64]| {
            let items: Vec<String> = values.iter().map(|v| printed_float(*v)).collect();
            format!("[{}]", items.join(", "))
        };
        match self {
            Printed::Int(v) => v.to_string(),
            Printed::Float(v) => printed_float(*v),
            Printed::List(values) => list(values),
            Printed::Matrix(rows) => {
                let rows: Vec<String> = rows.iter().map(|r| list(r)).collect();
                format!("[{}]", rows.join(", "))
            }
        }
    }
}

/// A float as `print` shows it: `repr`, with `nan`, `inf` and `-inf` bare.
fn printed_float(v: f64) -> String {
    match v {
        v if v.is_nan() => "nan".into(),
        f64::INFINITY => "inf".into(),
        f64::NEG_INFINITY => "-inf".into(),
        v => python_float(v),
    }
}

/// A float as a Python literal that parses to exactly `v`.
pub fn py(v: f64) -> String {
    python_float(v)
}

/// A list of floats as Python writes it.
pub fn py_list(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| python_float(*v)).collect();
    format!("[{}]", items.join(", "))
}

/// Comments wrap at this many characters, so that the script reads in a narrow panel.
pub const COMMENT_WIDTH: usize = 64;

/// Builds a script and its expected output together.
#[derive(Debug, Default)]
pub struct Writer {
    code: String,
    expected: String,
}

impl Writer {
    /// The header every script shares: what it shows, and float64 everywhere.
    pub fn new(title: &str) -> Writer {
        let mut w = Writer::default();
        w.comment(title);
        w.comment(
            "Written by the Activation & Loss Explorer. Needs only PyTorch (the CPU build is \
             enough); the lines it prints are under \"What it prints\" in the page.",
        );
        w.line("import torch");
        w.line("import torch.nn.functional as F");
        w.blank();
        w.comment("Every tensor is float64, as on the page.");
        w.line("torch.set_default_dtype(torch.float64)");
        w
    }

    /// What the address bar asked for that the page could not use, as the page says it.
    pub fn notices(&mut self, notices: &[crate::url::Notice]) {
        for notice in notices {
            self.comment(&format!("Not used: {}", notice.message));
        }
    }

    pub fn line(&mut self, code: &str) {
        self.code.push_str(code);
        self.code.push('\n');
    }

    pub fn blank(&mut self) {
        self.code.push('\n');
    }

    /// `# text`, each line of `text` wrapped at [`COMMENT_WIDTH`] characters (between words).
    pub fn comment(&mut self, text: &str) {
        for line in text.lines() {
            let mut current = String::new();
            for word in line.split(' ') {
                let width = current.chars().count() + 1 + word.chars().count();
                if !current.is_empty() && width > COMMENT_WIDTH {
                    self.code.push_str(&format!("# {current}\n"));
                    current.clear();
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
            self.code.push_str(&format!("# {current}\n"));
        }
    }

    /// `name = torch.tensor(literal, requires_grad=True)`, a leaf autograd differentiates for,
    /// with `# note` after it unless `note` is empty. `literal` is formatted from `args`.
    pub fn leaf(&mut self, name: &str, literal: &str, note: &str) {
        let note = if note.is_empty() {
            String::new()
        } else {
            format!("  # {note}")
        };
        self.line(&format!(
            "{name} = torch.tensor({literal}, requires_grad=True){note}"
        ));
    }

    /// `print("name =", expr)`, which must print `name = value`. `expr` is Python that evaluates
    /// to a float (`y.item()`) or a list (`y.tolist()`).
    pub fn print(&mut self, name: &str, expr: &str, value: Printed) {
        self.code.push_str(&format!(
            "print({}, {expr})\n",
            py_str(&format!("{name} ="))
        ));
        self.expected
            .push_str(&format!("{name} = {}\n", value.python()));
    }

    /// A line the page expects without a `print` of its own in the script (the training lab's
    /// numbers, which the script prints in its loop).
    pub fn expect_line(&mut self, name: &str, value: Printed) {
        self.expected
            .push_str(&format!("{name} = {}\n", value.python()));
    }

    pub fn finish(self, file_name: &str) -> Script {
        Script {
            file_name: file_name.to_string(),
            code: self.code,
            expected: self.expected,
            caveat: None,
        }
    }
}

/// A Python string literal for `text` (double quotes, escaped).
pub fn py_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_writes_the_call_and_the_line_it_prints() {
        let mut w = Writer::new("A test");
        w.line("y = torch.tensor([1.0, 0.5])");
        w.print("y", "y.tolist()", Printed::List(vec![1.0, 0.5]));
        w.print("s", "y.sum().item()", Printed::Float(1.5));
        w.print("m", "[[1e-05]]", Printed::Matrix(vec![vec![1e-5]]));
        w.print(
            "n",
            "[nan, inf]",
            Printed::List(vec![f64::NAN, f64::INFINITY]),
        );
        let script = w.finish("test.py");
        assert!(script.code.contains("print(\"y =\", y.tolist())\n"));
        assert_eq!(
            script.expected,
            "y = [1.0, 0.5]\ns = 1.5\nm = [[1e-05]]\nn = [nan, inf]\n"
        );
        assert!(script
            .code
            .contains("torch.set_default_dtype(torch.float64)"));
    }

    #[test]
    fn comments_wrap_between_words() {
        let mut w = Writer::default();
        w.comment(&"word ".repeat(40));
        w.comment("one\ntwo");
        let code = w.finish("x.py").code;
        assert!(code
            .lines()
            .all(|l| l.starts_with("# ") && l.chars().count() <= COMMENT_WIDTH + 2));
        assert!(code.ends_with("# one\n# two\n"));
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(py_str(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
