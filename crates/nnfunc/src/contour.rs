//! Contour lines of a [`Grid`] by marching squares, and evenly spaced contour levels.

use crate::plot::{ColorScale, Grid};

/// A straight piece of a contour line, in data coordinates.
pub type Segment = ((f64, f64), (f64, f64));

/// The segments of the contour `f = level` through the grid's cell centres. Squares with a
/// non-finite corner are skipped; saddles are resolved by the average of the four corners.
pub fn contour_segments(grid: &Grid, level: f64) -> Vec<Segment> {
    let mut out = Vec::new();
    if !level.is_finite() || grid.nx < 2 || grid.ny < 2 {
        return out;
    }
    for j in 0..grid.ny - 1 {
        for i in 0..grid.nx - 1 {
            let (Some(v00), Some(v10), Some(v11), Some(v01)) = (
                grid.get(i, j),
                grid.get(i + 1, j),
                grid.get(i + 1, j + 1),
                grid.get(i, j + 1),
            ) else {
                continue;
            };
            if ![v00, v10, v11, v01].iter().all(|v| v.is_finite()) {
                continue;
            }
            let (x0, x1, y0, y1) = (
                grid.x_at(i),
                grid.x_at(i + 1),
                grid.y_at(j),
                grid.y_at(j + 1),
            );
            // Where the level crosses an edge from (a at p) to (b at q).
            let cross = |a: f64, b: f64, p: (f64, f64), q: (f64, f64)| {
                let t = if b == a {
                    0.5
                } else {
                    ((level - a) / (b - a)).clamp(0.0, 1.0)
                };
                (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
            };
            let bottom = || cross(v00, v10, (x0, y0), (x1, y0));
            let right = || cross(v10, v11, (x1, y0), (x1, y1));
            let top = || cross(v01, v11, (x0, y1), (x1, y1));
            let left = || cross(v00, v01, (x0, y0), (x0, y1));
            let case = (v00 > level) as u8
                | ((v10 > level) as u8) << 1
                | ((v11 > level) as u8) << 2
                | ((v01 > level) as u8) << 3;
            match case {
                0 | 15 => {}
                1 | 14 => out.push((left(), bottom())),
                2 | 13 => out.push((bottom(), right())),
                3 | 12 => out.push((left(), right())),
                4 | 11 => out.push((right(), top())),
                6 | 9 => out.push((bottom(), top())),
                7 | 8 => out.push((left(), top())),
                5 | 10 => {
                    let centre_above = (v00 + v10 + v11 + v01) / 4.0 > level;
                    if (case == 5) == centre_above {
                        out.push((left(), top()));
                        out.push((bottom(), right()));
                    } else {
                        out.push((left(), bottom()));
                        out.push((right(), top()));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// `n` contour levels strictly inside the colour scale's bounds: evenly spaced, or evenly spaced in
/// log10 for a log scale. Empty for a flat or non-finite scale.
pub fn contour_levels(scale: &ColorScale, n: usize) -> Vec<f64> {
    let (lo, hi) = scale.bounds();
    if !(lo.is_finite() && hi.is_finite() && hi > lo) || n == 0 {
        return Vec::new();
    }
    if scale.is_log() && lo > 0.0 {
        let (a, b) = (lo.log10(), hi.log10());
        (1..=n)
            .map(|k| 10f64.powf(a + (b - a) * k as f64 / (n + 1) as f64))
            .collect()
    } else {
        (1..=n)
            .map(|k| lo + (hi - lo) * k as f64 / (n + 1) as f64)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::AxisRange;

    #[test]
    fn a_circle_gives_segments_on_the_circle() {
        let r = AxisRange::new(-2.0, 2.0);
        let grid = Grid::evaluate(|x, y| x * x + y * y, r, r, 101, 101);
        let segments = contour_segments(&grid, 1.0);
        assert!(segments.len() > 50);
        for (p, q) in segments {
            for (x, y) in [p, q] {
                assert!(((x * x + y * y).sqrt() - 1.0).abs() < 0.01, "({x}, {y})");
            }
        }
    }

    #[test]
    fn flat_and_non_finite_grids_give_nothing_and_do_not_panic() {
        let r = AxisRange::new(0.0, 1.0);
        let flat = Grid::evaluate(|_, _| 3.0, r, r, 8, 8);
        assert!(contour_segments(&flat, 3.0).is_empty());
        assert!(contour_levels(&flat.color_scale(false), 5).is_empty());
        let nan = Grid::evaluate(|_, _| f64::NAN, r, r, 8, 8);
        assert!(contour_segments(&nan, 0.0).is_empty());
        assert!(contour_segments(&flat, f64::NAN).is_empty());
        let one = Grid::evaluate(|x, _| x, r, r, 1, 1);
        assert!(contour_segments(&one, 0.5).is_empty());
    }

    #[test]
    fn levels_lie_inside_the_scale() {
        let r = AxisRange::new(0.0, 1.0);
        let grid = Grid::evaluate(|x, y| x + y, r, r, 16, 16);
        let scale = grid.color_scale(false);
        let (lo, hi) = scale.bounds();
        let levels = contour_levels(&scale, 4);
        assert_eq!(levels.len(), 4);
        assert!(levels.iter().all(|l| *l > lo && *l < hi));
    }
}
