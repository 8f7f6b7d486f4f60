//! Rows of numbers as text: typed, pasted or from a CSV file (comma, semicolon or tab between the
//! columns, or spaces; quoted fields; a header line; `#` comments), read line by line with
//! `csv-core`. Every line that gives no row is named with the reason, and the rest are kept. The
//! landscape lab's points and the training lab's own data set both read their text here.

use csv_core::{ReadFieldResult, Reader, ReaderBuilder};

use crate::dom::{event_file, read_text};
use crate::url::codec::{format_number, parse_number};

/// Files (and texts) larger than this are refused before they are read.
pub const MAX_FILE_BYTES: f64 = 1_000_000.0;
/// At most this many lines are named; the rest are counted.
pub const MAX_MESSAGES: usize = 6;
/// A number is never longer than this; a longer field is not one.
const MAX_FIELD: usize = 64;

/// What a table's rows are: how many columns a row reads (more are ignored, and said so), what
/// they are called, how many rows are kept and what keeps them.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub columns: usize,
    /// The columns in words: "x and y".
    pub names: &'static str,
    /// What a row is: "point".
    pub row: &'static str,
    pub max_rows: usize,
    /// What holds the rows: "The lab".
    pub holder: &'static str,
}

/// What reading a text gave: the rows (in its order, at most `max_rows`) and what the student
/// should know about the lines that gave none.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows<T> {
    pub rows: Vec<T>,
    pub messages: Vec<String>,
}

impl<T> Default for Rows<T> {
    fn default() -> Self {
        Rows {
            rows: Vec::new(),
            messages: Vec::new(),
        }
    }
}

/// The column separator of a line: a comma, semicolon or tab if it has one, else spaces.
fn delimiter(line: &str) -> Option<u8> {
    [b'\t', b';', b',']
        .into_iter()
        .find(|d| line.as_bytes().contains(d))
}

/// A line's fields (trimmed), through `csv-core` for a delimited line (`readers` holds one reader
/// per delimiter, built once); `None` for a field too long to be a number.
fn fields(line: &str, readers: &mut Vec<(u8, Reader)>) -> Vec<Option<String>> {
    let Some(d) = delimiter(line) else {
        return line
            .split_whitespace()
            .map(|f| Some(f.to_owned()))
            .collect();
    };
    let at = match readers.iter().position(|(k, _)| *k == d) {
        Some(at) => at,
        None => {
            readers.push((d, ReaderBuilder::new().delimiter(d).build()));
            readers.len() - 1
        }
    };
    let reader = &mut readers[at].1;
    reader.reset();
    let mut input = line.as_bytes();
    let mut out = Vec::new();
    let mut buf = [0u8; MAX_FIELD];
    let mut field: Option<Vec<u8>> = Some(Vec::new());
    loop {
        let (result, read, wrote) = reader.read_field(input, &mut buf);
        input = &input[read..];
        if let Some(f) = field.as_mut() {
            f.extend_from_slice(&buf[..wrote]);
            if f.len() > MAX_FIELD {
                field = None;
            }
        }
        match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => continue,
            ReadFieldResult::Field { record_end } => {
                let text = field.take().and_then(|f| String::from_utf8(f).ok());
                out.push(text.map(|t| t.trim().to_owned()));
                field = Some(Vec::new());
                if record_end {
                    return out;
                }
            }
            ReadFieldResult::End => return out,
        }
    }
}

/// A field as a number within ±`limit`, or why it is not one.
pub fn number(field: &Option<String>, limit: f64) -> Result<f64, String> {
    let Some(text) = field else {
        return Err("a field is too long to be a number".into());
    };
    match parse_number(text) {
        None if text.is_empty() => Err("a column is empty".into()),
        None if text.contains(',') => Err(format!(
            "“{text}” is not a number (write decimals with a point)"
        )),
        None => Err(format!("“{text}” is not a number")),
        Some(v) if !v.is_finite() => Err(format!("{text} is not a finite number")),
        Some(v) if v.abs() > limit => Err(format!("{text} is outside ±{}", format_number(limit))),
        Some(v) => Ok(v),
    }
}

/// A small count as a word.
fn in_words(n: usize) -> String {
    match n {
        1 => "one".into(),
        2 => "two".into(),
        3 => "three".into(),
        n => n.to_string(),
    }
}

/// Read `text`: a row from each line through `row` (given the shape's first columns), blank lines
/// and `#` comments skipped, a first line without numbers taken as a header.
pub fn read_rows<T>(
    text: &str,
    shape: &Shape,
    row: impl Fn(&[Option<String>]) -> Result<T, String>,
) -> Rows<T> {
    let mut parsed = Rows::default();
    if text.len() as f64 > MAX_FILE_BYTES {
        parsed.messages.push(format!(
            "The text is {:.1} MB; the lab reads up to {} MB.",
            text.len() as f64 / 1e6,
            MAX_FILE_BYTES / 1e6
        ));
        return parsed;
    }
    let mut readers = Vec::new();
    let (mut unread, mut extra_columns, mut over) = (0usize, false, 0usize);
    let mut first = true;
    let columns = in_words(shape.columns);
    let too_few = || format!("needs {columns} numbers, {}", shape.names);
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields = fields(line, &mut readers);
        let was_first = std::mem::replace(&mut first, false);
        let result = if fields.len() >= shape.columns {
            extra_columns |= fields.len() > shape.columns;
            row(&fields[..shape.columns])
        } else {
            // The first field that is not a number says more than "too few".
            fields
                .iter()
                .try_for_each(|f| number(f, f64::INFINITY).map(|_| ()))
                .and_then(|()| Err(too_few()))
        };
        match result {
            Ok(_) if parsed.rows.len() >= shape.max_rows => over += 1,
            Ok(r) => parsed.rows.push(r),
            Err(_) if was_first && fields.iter().flatten().all(|f| parse_number(f).is_none()) => {}
            Err(why) if parsed.messages.len() < MAX_MESSAGES => {
                parsed.messages.push(format!("Line {}: {why}.", i + 1));
            }
            Err(_) => unread += 1,
        }
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if unread > 0 {
        parsed.messages.push(format!(
            "{unread} more line{} gave no {}.",
            plural(unread),
            shape.row
        ));
    }
    if extra_columns {
        parsed.messages.push(format!(
            "Only the first {columns} columns are read, as {}.",
            shape.names
        ));
    }
    if over > 0 {
        let max = shape.max_rows;
        parsed.messages.push(format!(
            "{} holds {max} {}s: the first {max} are kept, {over} more left out.",
            shape.holder, shape.row
        ));
    }
    parsed
}

/// The text of a file picked (`<input type=file>`'s change) or dropped (a drop event) to `done`
/// with its name, or why it cannot be read (too large: [`MAX_FILE_BYTES`]). Nothing for an event
/// without a file.
pub fn load_file(ev: web_sys::Event, done: impl Fn(&str, Result<String, String>) + 'static) {
    let Some(file) = event_file(&ev) else {
        return;
    };
    ev.prevent_default();
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        let why = format!(
            "it is {:.1} MB; the lab reads files up to {} MB",
            file.size() / 1e6,
            MAX_FILE_BYTES / 1e6
        );
        done(&name, Err(why));
        return;
    }
    read_text(&file, move |result| done(&name, result));
}
