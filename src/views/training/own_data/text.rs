//! The own data set as text: `x1, x2, class` per line for points in the plane, `x, y` for a curve,
//! read by the app's one reader of number tables (`csv_text`); the same text is the CSV file the
//! page offers (with a header line). Pure, natively tested.

use nnfunc::train::own::{MAX_OWN_POINTS, OWN_CLASSES, OWN_LIMIT};
use nnfunc::train::{OwnPoint, Task, TaskKind};

use crate::csv_text::{number, read_rows, Rows, Shape};
use crate::url::codec::format_number;

use super::super::state::own::round3;

/// The table of `task`'s data: its columns and the lab's limit.
fn shape(task: Task) -> Shape {
    let (columns, names) = match task.kind() {
        TaskKind::Classification => (3, "x1, x2 and class"),
        TaskKind::Regression | TaskKind::Image => (2, "x and y"),
    };
    Shape {
        columns,
        names,
        row: "point",
        max_rows: MAX_OWN_POINTS,
        holder: "The lab",
    }
}

/// The header line of the CSV file.
fn header(task: Task) -> &'static str {
    match task.kind() {
        TaskKind::Classification => "x1,x2,class",
        TaskKind::Regression | TaskKind::Image => "x,y",
    }
}

/// A class: a whole number below [`OWN_CLASSES`].
fn class(field: &Option<String>) -> Result<usize, String> {
    let last = OWN_CLASSES - 1;
    match number(field, f64::INFINITY) {
        Ok(v) if v.fract() == 0.0 && (0.0..=last as f64).contains(&v) => Ok(v as usize),
        Ok(v) => Err(format!(
            "the class {} is not a whole number from 0 to {last}",
            format_number(v)
        )),
        Err(why) => Err(why),
    }
}

/// Read `text` as `task`'s points, each coordinate kept to 3 decimals (as the link keeps them).
pub fn parse_own(task: Task, text: &str) -> Rows<OwnPoint> {
    let coordinate = |f: &Option<String>| number(f, OWN_LIMIT).map(round3);
    read_rows(text, &shape(task), |f| {
        let (x, y) = (coordinate(&f[0])?, coordinate(&f[1])?);
        let class = match f.get(2) {
            Some(c) => class(c)?,
            None => 0,
        };
        Ok(OwnPoint::new(x, y, class))
    })
}

/// The points as a CSV file: the header, then [`own_text`] (the Save button and the figure
/// export write it).
pub fn own_csv(task: Task, points: &[OwnPoint]) -> String {
    format!("{}\n{}", header(task), own_text(task, points))
}

/// The points as text, one per line (what the text box shows; with the header, the CSV file).
pub fn own_text(task: Task, points: &[OwnPoint]) -> String {
    let classes = task.kind() == TaskKind::Classification;
    points
        .iter()
        .map(|p| {
            let (x, y) = (format_number(p.x), format_number(p.y));
            if classes {
                format!("{x}, {y}, {}\n", p.class)
            } else {
                format!("{x}, {y}\n")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_points_of_the_plane_and_names_each_bad_line() {
        let text = "x1,x2,class\n0.5, -0.25, 1\n0.1;0.2;2\n# mine\n0.3 0.4 0\n\
                    1.5, 0, 0\n0, 0, 3\n0, 0, 1.5\nnan, 0, 1\n0.12345, 1, 0, 9\n0, 1\n";
        let rows = parse_own(Task::OwnPoints, text);
        assert_eq!(
            rows.rows,
            vec![
                OwnPoint::new(0.5, -0.25, 1),
                OwnPoint::new(0.1, 0.2, 2),
                OwnPoint::new(0.3, 0.4, 0),
                OwnPoint::new(0.123, 1.0, 0),
            ]
        );
        assert_eq!(
            rows.messages,
            vec![
                "Line 6: 1.5 is outside ±1.",
                "Line 7: the class 3 is not a whole number from 0 to 2.",
                "Line 8: the class 1.5 is not a whole number from 0 to 2.",
                "Line 9: nan is not a finite number.",
                "Line 11: needs three numbers, x1, x2 and class.",
                "Only the first three columns are read, as x1, x2 and class.",
            ]
        );
    }

    #[test]
    fn reads_a_curve() {
        let rows = parse_own(Task::OwnCurve, "x,y\n-1, 0.5\n0.25 -0.75\n2, 0\n");
        assert_eq!(
            rows.rows,
            vec![OwnPoint::new(-1.0, 0.5, 0), OwnPoint::new(0.25, -0.75, 0)]
        );
        assert_eq!(rows.messages, vec!["Line 4: 2 is outside ±1."]);
    }

    #[test]
    fn garbage_empty_and_huge_texts_give_messages_not_panics() {
        assert_eq!(parse_own(Task::OwnPoints, ""), Rows::default());
        // Just under the limit (read, each bad line counted; the first is a header), and 10 MB
        // (refused unread).
        let garbage = "\u{0}\u{ffff}💥,,;;\t\"\n".repeat(60_000);
        let rows = parse_own(Task::OwnPoints, &garbage);
        assert!(rows.rows.is_empty());
        assert!(rows.messages.len() <= crate::csv_text::MAX_MESSAGES + 3);
        assert_eq!(
            rows.messages.last().map(String::as_str),
            Some("59993 more lines gave no point.")
        );
        let rows = parse_own(Task::OwnPoints, &"x".repeat(10_000_000));
        assert_eq!(
            rows.messages,
            ["The text is 10.0 MB; the lab reads up to 1 MB."]
        );
        let many: String = (0..1200).map(|i| format!("0, 0, {}\n", i % 3)).collect();
        let rows = parse_own(Task::OwnPoints, &many);
        assert_eq!(rows.rows.len(), MAX_OWN_POINTS);
        assert_eq!(
            rows.messages,
            vec!["The lab holds 1000 points: the first 1000 are kept, 200 more left out."]
        );
    }

    proptest::proptest! {
        #[test]
        fn the_text_reads_back_as_the_same_points(points in proptest::collection::vec(
            (-1.0f64..=1.0, -1.0f64..=1.0, 0..3usize), 0..50)) {
            let points: Vec<OwnPoint> = points
                .into_iter()
                .map(|(x, y, c)| OwnPoint::new(round3(x), round3(y), c))
                .collect();
            let csv = own_csv(Task::OwnPoints, &points);
            proptest::prop_assert_eq!(parse_own(Task::OwnPoints, &csv).rows, points);
        }

        #[test]
        fn any_text_keeps_only_points_within_the_limits(text in "\\PC{0,300}") {
            for task in [Task::OwnPoints, Task::OwnCurve] {
                let rows = parse_own(task, &text);
                proptest::prop_assert!(nnfunc::train::own::check(task, &rows.rows).is_ok() || rows.rows.len() < 2);
            }
        }
    }
}
