//! The robust-regression lab's math: a line y = w·x + b fitted to points under a regression loss,
//! its loss landscape over (w, b), its minimiser, and gradient descent on it.
//!
//! The loss is the mean over the points of `Regression::loss_and_slope(w·xᵢ + b − yᵢ)`, i.e. what
//! `nn.MSELoss()`, `nn.L1Loss()`, `nn.SmoothL1Loss(beta)` and `nn.HuberLoss(delta)` give with their
//! default reduction `mean`.

use crate::loss::Regression;
use crate::plot::{AxisRange, Grid};

/// The loss of the line (w, b) and its gradient (∂L/∂w, ∂L/∂b); NaN for no points.
pub fn line_loss(points: &[(f64, f64)], kind: Regression, w: f64, b: f64) -> (f64, f64, f64) {
    let n = points.len() as f64;
    let (mut l, mut gw, mut gb) = (0.0, 0.0, 0.0);
    for &(x, y) in points {
        let (li, slope) = kind.loss_and_slope(w * x + b - y);
        l += li;
        gw += slope * x;
        gb += slope;
    }
    (l / n, gw / n, gb / n)
}

/// The loss landscape over `w × b` on an `nx × ny` grid. MSE uses the closed form
/// L = mean((w·x + b − y)²) expanded in sufficient statistics, so it costs O(1) per cell.
pub fn landscape(
    points: &[(f64, f64)],
    kind: Regression,
    w: AxisRange,
    b: AxisRange,
    nx: usize,
    ny: usize,
) -> Grid {
    if points.is_empty() {
        return Grid::evaluate(|_, _| f64::NAN, w, b, nx, ny);
    }
    if kind == Regression::Mse {
        let n = points.len() as f64;
        let (mut sx, mut sy, mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(x, y) in points {
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
        }
        let (sx, sy, sxx, sxy, syy) = (sx / n, sy / n, sxx / n, sxy / n, syy / n);
        return Grid::evaluate(
            |w, b| w * w * sxx + 2.0 * w * b * sx + b * b - 2.0 * w * sxy - 2.0 * b * sy + syy,
            w,
            b,
            nx,
            ny,
        );
    }
    Grid::evaluate(|w, b| line_loss(points, kind, w, b).0, w, b, nx, ny)
}

/// The (w, b) that minimises the loss: least squares for MSE; for L1 the best line through two of
/// the points (an L1 optimum always passes through two points); for Huber and smooth L1 iteratively
/// reweighted least squares from the least-squares fit. `None` for fewer than two distinct x.
pub fn minimiser(points: &[(f64, f64)], kind: Regression) -> Option<(f64, f64)> {
    let ls = weighted_least_squares(points, &vec![1.0; points.len()])?;
    match kind {
        Regression::Mse => Some(ls),
        Regression::L1 | Regression::SmoothL1 { beta: 0.0 } => {
            let mut best: Option<(f64, (f64, f64))> = None;
            for (i, &(x1, y1)) in points.iter().enumerate() {
                for &(x2, y2) in &points[i + 1..] {
                    if x1 == x2 {
                        continue;
                    }
                    let w = (y2 - y1) / (x2 - x1);
                    let b = y1 - w * x1;
                    let l = line_loss(points, kind, w, b).0;
                    if best.is_none_or(|(bl, _)| l < bl) {
                        best = Some((l, (w, b)));
                    }
                }
            }
            best.map(|(_, wb)| wb)
        }
        Regression::SmoothL1 { beta: delta } | Regression::Huber { delta } => {
            let mut wb = ls;
            for _ in 0..200 {
                let weights: Vec<f64> = points
                    .iter()
                    .map(|&(x, y)| {
                        let r = (wb.0 * x + wb.1 - y).abs();
                        if r <= delta {
                            1.0
                        } else {
                            delta / r
                        }
                    })
                    .collect();
                let next = weighted_least_squares(points, &weights)?;
                let done = (next.0 - wb.0).abs() + (next.1 - wb.1).abs()
                    < 1e-13 * (1.0 + wb.0.abs() + wb.1.abs());
                wb = next;
                if done {
                    break;
                }
            }
            Some(wb)
        }
    }
}

fn weighted_least_squares(points: &[(f64, f64)], weights: &[f64]) -> Option<(f64, f64)> {
    let (mut s, mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (&(x, y), &k) in points.iter().zip(weights) {
        s += k;
        sx += k * x;
        sy += k * y;
        sxx += k * x * x;
        sxy += k * x * y;
    }
    let det = s * sxx - sx * sx;
    let singular = det.is_nan() || det.abs() <= 1e-12 * (s * sxx).abs().max(1e-300);
    if singular {
        return None;
    }
    let w = (s * sxy - sx * sy) / det;
    Some((w, (sy - w * sx) / s))
}

/// `steps` steps of gradient descent from `start` with learning rate `lr`; the path includes the
/// start. Stops early if the position stops being finite.
pub fn gradient_descent(
    points: &[(f64, f64)],
    kind: Regression,
    start: (f64, f64),
    lr: f64,
    steps: usize,
) -> Vec<(f64, f64)> {
    let mut path = vec![start];
    let (mut w, mut b) = start;
    for _ in 0..steps {
        let (_, gw, gb) = line_loss(points, kind, w, b);
        let (nw, nb) = (w - lr * gw, b - lr * gb);
        if !(nw.is_finite() && nb.is_finite()) {
            break;
        }
        (w, b) = (nw, nb);
        path.push((w, b));
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points_with_outlier() -> Vec<(f64, f64)> {
        let mut p: Vec<(f64, f64)> = (0..10).map(|i| (i as f64, 2.0 * i as f64 + 1.0)).collect();
        p.push((9.0, -30.0));
        p
    }

    #[test]
    fn mse_closed_form_equals_the_direct_sum() {
        let p = points_with_outlier();
        let r = AxisRange::new(-3.0, 5.0);
        let fast = landscape(&p, Regression::Mse, r, r, 17, 13);
        for j in 0..13 {
            for i in 0..17 {
                let direct = line_loss(&p, Regression::Mse, fast.x_at(i), fast.y_at(j)).0;
                let v = fast.get(i, j).unwrap_or(f64::NAN);
                assert!(
                    (v - direct).abs() < 1e-9 * (1.0 + direct),
                    "{v} vs {direct}"
                );
            }
        }
    }

    #[test]
    fn l1_and_huber_ignore_the_outlier_mse_does_not() {
        let p = points_with_outlier();
        let (w_l1, b_l1) = minimiser(&p, Regression::L1).unwrap_or((f64::NAN, f64::NAN));
        assert!(
            (w_l1 - 2.0).abs() < 1e-9 && (b_l1 - 1.0).abs() < 1e-9,
            "{w_l1} {b_l1}"
        );
        let (w_mse, _) = minimiser(&p, Regression::Mse).unwrap_or((f64::NAN, f64::NAN));
        assert!(
            (w_mse - 2.0).abs() > 0.5,
            "MSE is dragged by the outlier: {w_mse}"
        );
        let (w_h, _) =
            minimiser(&p, Regression::Huber { delta: 1.0 }).unwrap_or((f64::NAN, f64::NAN));
        assert!(
            (w_h - 2.0).abs() < (w_mse - 2.0).abs() / 4.0,
            "Huber: {w_h}"
        );
    }

    #[test]
    fn minimisers_are_stationary_and_descent_approaches_them() {
        let p = points_with_outlier();
        for kind in [
            Regression::Mse,
            Regression::Huber { delta: 1.5 },
            Regression::SmoothL1 { beta: 0.7 },
        ] {
            let (w, b) = minimiser(&p, kind).unwrap_or((f64::NAN, f64::NAN));
            let (_, gw, gb) = line_loss(&p, kind, w, b);
            assert!(
                gw.abs() < 1e-6 && gb.abs() < 1e-6,
                "{kind:?}: gradient ({gw}, {gb}) at the minimiser"
            );
            let path = gradient_descent(&p, kind, (0.0, 0.0), 0.01, 20_000);
            let end = path.last().copied().unwrap_or((f64::NAN, f64::NAN));
            let (l_end, l_min) = (
                line_loss(&p, kind, end.0, end.1).0,
                line_loss(&p, kind, w, b).0,
            );
            assert!(
                l_end - l_min < 1e-3 * (1.0 + l_min),
                "{kind:?}: {l_end} vs {l_min}"
            );
        }
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        assert!(minimiser(&[], Regression::Mse).is_none());
        assert!(minimiser(&[(1.0, 2.0), (1.0, 3.0)], Regression::L1).is_none());
        let r = AxisRange::new(0.0, 1.0);
        assert!(landscape(&[], Regression::L1, r, r, 4, 4)
            .values
            .iter()
            .all(|v| v.is_nan()));
        let path = gradient_descent(
            &[(0.0, 0.0), (1e200, 1e200)],
            Regression::Mse,
            (1e200, 0.0),
            1e10,
            10,
        );
        assert!(path.iter().all(|(w, b)| w.is_finite() && b.is_finite()));
    }
}
