//! The student's own points in the address bar (`data=`): each coordinate, kept to 3 decimals in
//! [−1, 1], is a whole number of thousandths 0..=2000 from −1, written as two characters of the
//! URL-safe base-64 alphabet; a point of the plane adds its class as a digit. A drawn set of 60
//! points takes 300 characters. Beyond [`MAX_LINK_CHARS`] the link does not hold the points (the
//! page says so and offers the CSV file instead).

use nnfunc::train::own::{OWN_CLASSES, OWN_LIMIT};
use nnfunc::train::{OwnPoint, Task, TaskKind};

/// The longest `data=` value a link holds: 300 points of the plane, 375 of a curve.
pub const MAX_LINK_CHARS: usize = 1500;
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Thousandths from −1 to 1.
const STEPS: i64 = 2000;

/// `value` kept to the 3 decimals the link holds (and clamped to the limit).
pub fn round3(value: f64) -> f64 {
    (value.clamp(-OWN_LIMIT, OWN_LIMIT) * 1000.0).round() / 1000.0
}

/// Characters per point of `task`'s kind.
fn point_chars(task: Task) -> usize {
    match task.kind() {
        TaskKind::Classification => 5,
        TaskKind::Regression | TaskKind::Image => 4,
    }
}

/// The points as the link's text, or `None` when it would be longer than [`MAX_LINK_CHARS`].
pub fn encode(task: Task, points: &[OwnPoint]) -> Option<String> {
    if points.len() * point_chars(task) > MAX_LINK_CHARS {
        return None;
    }
    let mut out = String::with_capacity(points.len() * point_chars(task));
    for p in points {
        for v in [p.x, p.y] {
            let k = ((round3(v) * 1000.0).round() as i64 + 1000).clamp(0, STEPS) as usize;
            out.push(char::from(ALPHABET[k / 64]));
            out.push(char::from(ALPHABET[k % 64]));
        }
        if task.kind() == TaskKind::Classification {
            out.push(char::from(b'0' + p.class.min(OWN_CLASSES - 1) as u8));
        }
    }
    Some(out)
}

fn digit(c: u8) -> Option<i64> {
    ALPHABET.iter().position(|&a| a == c).map(|k| k as i64)
}

/// The inverse of [`encode`], or why the text is not a set of points.
pub fn decode(task: Task, text: &str) -> Result<Vec<OwnPoint>, String> {
    let size = point_chars(task);
    let bytes = text.as_bytes();
    if bytes.len() > MAX_LINK_CHARS {
        return Err(format!(
            "a link holds at most {MAX_LINK_CHARS} characters of points"
        ));
    }
    if !bytes.len().is_multiple_of(size) {
        return Err(format!(
            "it is cut short (each point takes {size} characters)"
        ));
    }
    let coordinate = |pair: &[u8]| -> Option<f64> {
        let k = digit(pair[0])? * 64 + digit(pair[1])?;
        (k <= STEPS).then(|| (k - 1000) as f64 / 1000.0)
    };
    bytes
        .chunks_exact(size)
        .enumerate()
        .map(|(i, chunk)| {
            let bad = || format!("point {} is not one the page writes", i + 1);
            let x = coordinate(&chunk[0..2]).ok_or_else(bad)?;
            let y = coordinate(&chunk[2..4]).ok_or_else(bad)?;
            let class = match chunk.get(4) {
                None => 0,
                Some(c) if (b'0'..b'0' + OWN_CLASSES as u8).contains(c) => usize::from(c - b'0'),
                Some(_) => return Err(bad()),
            };
            Ok(OwnPoint::new(x, y, class))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_round_trip_at_three_decimals() {
        let points = vec![
            OwnPoint::new(-1.0, 1.0, 2),
            OwnPoint::new(0.0, -0.0, 0),
            OwnPoint::new(0.123, -0.999, 1),
        ];
        let text = encode(Task::OwnPoints, &points).expect("fits");
        assert_eq!(text, "AAfQ2PoPo0RjAB1");
        assert_eq!(decode(Task::OwnPoints, &text), Ok(points.clone()));
        let curve: Vec<OwnPoint> = points.iter().map(|p| OwnPoint { class: 0, ..*p }).collect();
        let text = encode(Task::OwnCurve, &curve).expect("fits");
        assert_eq!(text.len(), 12);
        assert_eq!(decode(Task::OwnCurve, &text), Ok(curve));
    }

    #[test]
    fn refuses_what_the_page_does_not_write() {
        for (text, why) in [
            ("AAfQ", "cut short"),
            ("AAfQ3", "point 1 is not"),
            ("AAfQ0__AA0", "point 2 is not"),
            ("A💥", "point 1 is not"),
        ] {
            let err = decode(Task::OwnPoints, text).expect_err(text);
            assert!(err.contains(why), "{text}: {err}");
        }
        assert!(decode(Task::OwnPoints, &"AAAA0".repeat(301)).is_err());
        assert_eq!(decode(Task::OwnPoints, ""), Ok(Vec::new()));
    }

    #[test]
    fn a_set_too_large_for_a_link_is_not_written() {
        let point = OwnPoint::new(0.5, 0.5, 1);
        assert!(encode(Task::OwnPoints, &vec![point; 300]).is_some());
        assert!(encode(Task::OwnPoints, &vec![point; 301]).is_none());
        assert!(encode(Task::OwnCurve, &vec![point; 375]).is_some());
    }

    proptest::proptest! {
        #[test]
        fn any_text_decodes_or_is_refused_and_decoded_points_re_encode(text in "[A-Za-z0-9_\\-]{0,40}|\\PC{0,20}") {
            for task in [Task::OwnPoints, Task::OwnCurve] {
                if let Ok(points) = decode(task, &text) {
                    proptest::prop_assert!(points.iter().all(|p| p.x.abs() <= 1.0 && p.y.abs() <= 1.0));
                    proptest::prop_assert_eq!(encode(task, &points), Some(text.clone()));
                }
            }
        }

        #[test]
        fn rounded_points_round_trip(points in proptest::collection::vec((-1.0f64..=1.0, -1.0f64..=1.0, 0..3usize), 0..300)) {
            let points: Vec<OwnPoint> = points.into_iter().map(|(x, y, c)| OwnPoint::new(round3(x), round3(y), c)).collect();
            let text = encode(Task::OwnPoints, &points).expect("fits");
            proptest::prop_assert_eq!(decode(Task::OwnPoints, &text), Ok(points));
        }
    }
}
