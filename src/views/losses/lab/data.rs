//! The student's own points as text: one `x, y` per line, typed, pasted or from a CSV file, read
//! by the app's one reader of number tables (`csv_text`).

use nnfunc::loss_views::{MAX_POINTS, POINT_LIMIT};

use crate::csv_text::{number, read_rows, Rows, Shape};
use crate::url::codec::format_number;

/// What reading a text gave: the points and the lines that gave none.
pub type Parsed = Rows<(f64, f64)>;

/// The lab's table: two columns, at most its points.
const SHAPE: Shape = Shape {
    columns: 2,
    names: "x and y",
    row: "point",
    max_rows: MAX_POINTS,
    holder: "The lab",
};

/// The points as the text box shows them: `x, y` per line.
pub fn points_text(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|&(x, y)| format!("{}, {}\n", format_number(x), format_number(y)))
        .collect()
}

/// Read `text`: a point from each line with two numbers within ±[`POINT_LIMIT`].
pub fn parse_points(text: &str) -> Parsed {
    read_rows(text, &SHAPE, |f| {
        Ok((number(&f[0], POINT_LIMIT)?, number(&f[1], POINT_LIMIT)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_text::MAX_MESSAGES;

    #[test]
    fn reads_every_separator_and_names_each_bad_line() {
        let text =
            "x,y\n1, 2\n# a comment\n\n3;4.5\n5\t-6\n7 8\n\"9\",\"10\"\nabc, 1\n2,3,4\n1,5e9\n";
        let parsed = parse_points(text);
        assert_eq!(
            parsed.rows,
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
        assert!(parsed.rows.is_empty());
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
        assert_eq!(parsed.rows.len(), MAX_POINTS);
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
        assert_eq!(parse_points(&points_text(&points)).rows, points);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_keeps_a_point_outside_the_limits(text in "\\PC{0,200}") {
            let parsed = parse_points(&text);
            proptest::prop_assert!(parsed.rows.len() <= MAX_POINTS);
            proptest::prop_assert!(parsed.messages.len() <= MAX_MESSAGES + 3);
            for (x, y) in parsed.rows {
                proptest::prop_assert!(x.abs() <= POINT_LIMIT && y.abs() <= POINT_LIMIT);
            }
        }

        #[test]
        fn reads_any_points_it_wrote(points in proptest::collection::vec(
            (-1000.0f64..1000.0, -1000.0f64..1000.0), 0..60)) {
            proptest::prop_assert_eq!(parse_points(&points_text(&points)).rows, points);
        }
    }
}
