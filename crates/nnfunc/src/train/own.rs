//! The student's own data set: points drawn on the page, typed or read from a CSV file, for the two
//! own tasks ([`Task::OwnCurve`]: x ↦ y, [`Task::OwnPoints`]: (x₁, x₂) ↦ class). The points travel
//! in the [`LabConfig`](super::LabConfig) (and so through the worker's wire format); they are
//! checked here, where every task's data is: finite, inside [−[`OWN_LIMIT`], [`OWN_LIMIT`]], a
//! class below [`OWN_CLASSES`], at most [`MAX_OWN_POINTS`] of them.

use super::data::{Dataset, Task, TaskKind};

/// At most this many points (a drawn set has tens; a CSV file may bring more).
pub const MAX_OWN_POINTS: usize = 1000;
/// At least this many points: a curve needs two, and so does a decision.
pub const MIN_OWN_POINTS: usize = 2;
/// Every coordinate (and a curve's y) lies in [−`OWN_LIMIT`, `OWN_LIMIT`], as the built-in tasks'.
pub const OWN_LIMIT: f64 = 1.0;
/// The classes of [`Task::OwnPoints`] (0, 1, 2): the network always has this many outputs.
pub const OWN_CLASSES: usize = 3;

/// One point: `(x, y)` of a curve (class 0), or `(x₁, x₂)` and its class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OwnPoint {
    pub x: f64,
    pub y: f64,
    pub class: usize,
}

impl OwnPoint {
    pub const fn new(x: f64, y: f64, class: usize) -> OwnPoint {
        OwnPoint { x, y, class }
    }
}

/// The points an own task starts with: a few, so that the lab trains before anything is drawn.
pub fn starter(task: Task) -> Vec<OwnPoint> {
    match task {
        Task::OwnCurve => [
            (-0.9, -0.6),
            (-0.6, 0.1),
            (-0.3, 0.5),
            (0.0, 0.2),
            (0.3, -0.4),
            (0.6, -0.2),
            (0.9, 0.7),
        ]
        .into_iter()
        .map(|(x, y)| OwnPoint::new(x, y, 0))
        .collect(),
        Task::OwnPoints => [
            (-0.6, 0.5, 0),
            (-0.4, 0.7, 0),
            (-0.7, 0.3, 0),
            (-0.5, 0.4, 0),
            (0.5, 0.5, 1),
            (0.7, 0.4, 1),
            (0.4, 0.7, 1),
            (0.6, 0.6, 1),
            (0.0, -0.6, 2),
            (-0.2, -0.5, 2),
            (0.2, -0.7, 2),
            (0.1, -0.4, 2),
        ]
        .into_iter()
        .map(|(x, y, class)| OwnPoint::new(x, y, class))
        .collect(),
        Task::Sine
        | Task::Step
        | Task::Sawtooth
        | Task::Noisy
        | Task::Spirals
        | Task::Circles
        | Task::Xor
        | Task::Blobs
        | Task::Image => Vec::new(),
    }
}

/// Why `value` cannot be a coordinate, if it cannot.
pub fn check_value(value: f64) -> Result<f64, String> {
    if !value.is_finite() {
        Err(format!("{value} is not a finite number"))
    } else if value.abs() > OWN_LIMIT {
        Err(format!("{value} is outside [−{OWN_LIMIT}, {OWN_LIMIT}]"))
    } else {
        Ok(value)
    }
}

/// Why `points` cannot be `task`'s data, if they cannot (the first problem found).
pub fn check(task: Task, points: &[OwnPoint]) -> Result<(), String> {
    if !(MIN_OWN_POINTS..=MAX_OWN_POINTS).contains(&points.len()) {
        return Err(format!(
            "your data set needs {MIN_OWN_POINTS} to {MAX_OWN_POINTS} points (it has {})",
            points.len()
        ));
    }
    let classes = if task.kind() == TaskKind::Classification {
        OWN_CLASSES
    } else {
        1
    };
    for (i, p) in points.iter().enumerate() {
        check_value(p.x)
            .and_then(|_| check_value(p.y))
            .map_err(|why| format!("point {}: {why}", i + 1))?;
        if p.class >= classes {
            return Err(format!("point {}: there is no class {}", i + 1, p.class));
        }
    }
    Ok(())
}

/// `points` as `task`'s data set (no check: see [`check`]; a class past the last counts as the last).
pub fn dataset(task: Task, points: &[OwnPoint]) -> Dataset {
    let len = points.len();
    match task.kind() {
        TaskKind::Classification => {
            let labels: Vec<usize> = points
                .iter()
                .map(|p| p.class.min(OWN_CLASSES - 1))
                .collect();
            let mut targets = vec![0.0; len * OWN_CLASSES];
            for (row, &c) in targets.chunks_exact_mut(OWN_CLASSES).zip(&labels) {
                row[c] = 1.0;
            }
            Dataset {
                task,
                inputs: points.iter().flat_map(|p| [p.x, p.y]).collect(),
                targets,
                labels,
                len,
                input_dim: 2,
                target_dim: OWN_CLASSES,
                image_size: 0,
            }
        }
        TaskKind::Regression | TaskKind::Image => Dataset {
            task,
            inputs: points.iter().map(|p| p.x).collect(),
            targets: points.iter().map(|p| p.y).collect(),
            labels: Vec::new(),
            len,
            input_dim: 1,
            target_dim: 1,
            image_size: 0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starters_are_valid_and_others_have_none() {
        for task in Task::ALL {
            let points = starter(task);
            assert_eq!(task.is_own(), !points.is_empty(), "{task:?}");
            if task.is_own() {
                assert_eq!(check(task, &points), Ok(()));
            }
        }
    }

    #[test]
    fn bad_points_are_named() {
        let ok = OwnPoint::new(0.5, -0.5, 1);
        let cases: [(Task, Vec<OwnPoint>, &str); 5] = [
            (
                Task::OwnPoints,
                vec![ok],
                "needs 2 to 1000 points (it has 1)",
            ),
            (
                Task::OwnPoints,
                vec![ok, OwnPoint::new(f64::NAN, 0.0, 0)],
                "point 2: NaN is not a finite number",
            ),
            (
                Task::OwnCurve,
                vec![ok, OwnPoint::new(0.0, 1.5, 0)],
                "point 1: there is no class 1",
            ),
            (
                Task::OwnPoints,
                vec![OwnPoint::new(0.0, 1.5, 0), ok],
                "point 1: 1.5 is outside [−1, 1]",
            ),
            (
                Task::OwnPoints,
                vec![ok, OwnPoint::new(0.0, 0.0, 3)],
                "point 2: there is no class 3",
            ),
        ];
        for (task, points, want) in cases {
            let why = check(task, &points).expect_err("refused");
            assert!(why.contains(want), "{why} lacks {want}");
        }
    }

    #[test]
    fn the_data_set_holds_the_points() {
        let points = [OwnPoint::new(0.25, -0.5, 2), OwnPoint::new(-1.0, 1.0, 0)];
        let data = dataset(Task::OwnPoints, &points);
        assert_eq!(data.inputs, [0.25, -0.5, -1.0, 1.0]);
        assert_eq!(data.labels, [2, 0]);
        assert_eq!(data.targets, [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
        let data = dataset(Task::OwnCurve, &points);
        assert_eq!(
            (data.inputs, data.targets),
            (vec![0.25, -1.0], vec![-0.5, 1.0])
        );
    }
}
