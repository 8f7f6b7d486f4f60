//! The student's own points as text: one `x, y` per line, typed, pasted or from a CSV file
//! (comma, semicolon or tab between the columns, or spaces; quoted fields; a header line). Read
//! with `csv-core`; every line that gives no point is named with the reason, and the rest are kept.

use csv_core::{ReadFieldResult, Reader, ReaderBuilder};
use nnfunc::loss_views::{MAX_POINTS, POINT_LIMIT};

use crate::url::codec::{format_number, parse_number};

/// Files larger than this are refused before they are read (60 points fit in far less).
pub const MAX_FILE_BYTES: f64 = 1_000_000.0;
/// At most this many lines are named; the rest are counted.
const MAX_MESSAGES: usize = 6;
/// A number is never longer than this; a longer field is not one.
const MAX_FIELD: usize = 64;

/// What reading a text gave: the points (in its order, at most `MAX_POINTS`) and what the student
/// should know about the lines that gave none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub points: Vec<(f64, f64)>,
    pub messages: Vec<String>,
}

/// The points as the text box shows them: `x, y` per line.
pub fn points_text(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|&(x, y)| format!("{}, {}\n", format_number(x), format_number(y)))
        .collect()
}

/// The column separator of a line: a comma, semicolon or tab if it has one, else spaces.
fn delimiter(line: &str) -> Option<u8> {
    [b'\t', b';', b',']
        .into_iter()
        .find(|d| line.as_bytes().contains(d))
}

/// A line's fields (trimmed), through `csv-core` for a delimited line; `None` for a field too long
/// to be a number.
fn fields(line: &str) -> Vec<Option<String>> {
    let Some(d) = delimiter(line) else {
        return line
            .split_whitespace()
            .map(|f| Some(f.to_owned()))
            .collect();
    };
    let mut reader: Reader = ReaderBuilder::new().delimiter(d).build();
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

/// Why a field is not a coordinate, or the coordinate.
fn coordinate(field: &Option<String>) -> Result<f64, String> {
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
        Some(v) if v.abs() > POINT_LIMIT => {
            Err(format!("{text} is outside ±{}", format_number(POINT_LIMIT)))
        }
        Some(v) => Ok(v),
    }
}

/// Read `text`: a point from each line with two numbers (more columns: the first two count), blank
/// lines and `#` comments skipped, a first line without numbers taken as a header.
pub fn parse_points(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let (mut unread, mut extra_columns, mut over) = (0usize, false, 0usize);
    let mut first = true;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields = fields(line);
        let was_first = std::mem::replace(&mut first, false);
        let point = match fields.as_slice() {
            [x, y, rest @ ..] => {
                extra_columns |= !rest.is_empty();
                coordinate(x).and_then(|x| coordinate(y).map(|y| (x, y)))
            }
            [x] => coordinate(x).and_then(|_| Err("needs two numbers, x and y".to_string())),
            [] => Err("needs two numbers, x and y".to_string()),
        };
        match point {
            Ok(_) if parsed.points.len() >= MAX_POINTS => over += 1,
            Ok(p) => parsed.points.push(p),
            Err(_) if was_first && fields.iter().flatten().all(|f| parse_number(f).is_none()) => {}
            Err(why) if parsed.messages.len() < MAX_MESSAGES => {
                parsed.messages.push(format!("Line {}: {why}.", i + 1));
            }
            Err(_) => unread += 1,
        }
    }
    if unread > 0 {
        parsed.messages.push(format!(
            "{unread} more line{} gave no point.",
            if unread == 1 { "" } else { "s" }
        ));
    }
    if extra_columns {
        parsed
            .messages
            .push("Only the first two columns are read, as x and y.".into());
    }
    if over > 0 {
        parsed.messages.push(format!(
            "The lab holds {MAX_POINTS} points: the first {MAX_POINTS} are kept, {over} more left out."
        ));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_separator_and_names_each_bad_line() {
        let text =
            "x,y\n1, 2\n# a comment\n\n3;4.5\n5\t-6\n7 8\n\"9\",\"10\"\nabc, 1\n2,3,4\n1,5e9\n";
        let parsed = parse_points(text);
        assert_eq!(
            parsed.points,
            vec![
                (1.0, 2.0),
                (3.0, 4.5),
                (5.0, -6.0),
                (7.0, 8.0),
                (9.0, 10.0),
                (2.0, 3.0)
            ]
        );
        assert_eq!(
            parsed.messages,
            vec![
                "Line 9: “abc” is not a number.",
                "Line 11: 5e9 is outside ±1000.",
                "Only the first two columns are read, as x and y.",
            ]
        );
    }

    #[test]
    fn says_why_a_line_gives_no_point() {
        let parsed = parse_points("1\n1,5;2\nnan 1\n1 inf\n,\n\"unterminated, 3\n");
        assert!(parsed.points.is_empty());
        assert_eq!(parsed.messages.len(), 6, "{:?}", parsed.messages);
        assert_eq!(parsed.messages[0], "Line 1: needs two numbers, x and y.");
        assert_eq!(
            parsed.messages[1],
            "Line 2: “1,5” is not a number (write decimals with a point)."
        );
        assert_eq!(parsed.messages[2], "Line 3: nan is not a finite number.");
        assert_eq!(parsed.messages[3], "Line 4: inf is not a finite number.");
    }

    #[test]
    fn keeps_at_most_the_labs_points_and_counts_the_rest() {
        let text: String = (0..75).map(|i| format!("{i}, {}\n", i * 2)).collect();
        let parsed = parse_points(&text);
        assert_eq!(parsed.points.len(), MAX_POINTS);
        assert_eq!(parsed.messages.len(), 1);
        assert!(parsed.messages[0].contains("15 more"));
        let bad: String = (0..20).map(|i| format!("x{i}\n")).collect();
        let parsed = parse_points(&format!("1 2\n{bad}"));
        assert_eq!(parsed.messages.len(), MAX_MESSAGES + 1);
        assert_eq!(
            parsed.messages[MAX_MESSAGES],
            "14 more lines gave no point."
        );
    }

    #[test]
    fn the_text_of_points_reads_back_as_the_same_points() {
        let points = vec![(0.1, -2.5), (1000.0, -1000.0), (0.0, 3.0)];
        assert_eq!(parse_points(&points_text(&points)).points, points);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_keeps_a_point_outside_the_limits(text in "\\PC{0,200}") {
            let parsed = parse_points(&text);
            proptest::prop_assert!(parsed.points.len() <= MAX_POINTS);
            proptest::prop_assert!(parsed.messages.len() <= MAX_MESSAGES + 3);
            for (x, y) in parsed.points {
                proptest::prop_assert!(x.abs() <= POINT_LIMIT && y.abs() <= POINT_LIMIT);
            }
        }

        #[test]
        fn reads_any_points_it_wrote(points in proptest::collection::vec(
            (-1000.0f64..1000.0, -1000.0f64..1000.0), 0..60)) {
            proptest::prop_assert_eq!(parse_points(&points_text(&points)).points, points);
        }
    }
}
