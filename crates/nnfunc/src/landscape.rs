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

/// What one point does to the line (w, b) under a loss: the terms of [`line_loss`] it adds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointInfluence {
    /// r = w·x + b − y (input − target, as PyTorch's losses take them).
    pub residual: f64,
    /// ℓ(r), the point's loss (`reduction='none'`).
    pub loss: f64,
    /// ℓ(r) / Σℓ; `None` when every point's loss is 0.
    pub share: Option<f64>,
    /// The point's terms of the mean loss's gradient: ψ(r)·x / n and ψ(r) / n, ψ = dℓ/dr.
    pub grad_w: f64,
    pub grad_b: f64,
    /// ψ(r)/r: the weight the point has in a weighted least-squares step (how strongly it pulls
    /// the line per unit of distance). At r = 0 the limit: 2 for MSE (ℓ = r²), 1 for Huber, 1/β for
    /// smooth L1, ∞ for L1. Residuals under [`ON_THE_LINE`] count as 0.
    pub weight: f64,
}

/// A residual this small is the rounding of a line through the point (the L1 line passes through
/// two points exactly, but w·x + b − y rounds to ~1e-16).
pub const ON_THE_LINE: f64 = 1e-9;

/// Each point's [`PointInfluence`] on the line (w, b) under `kind`, in the points' order. Their
/// `grad_w` and `grad_b` sum to [`line_loss`]'s gradient.
pub fn point_influence(
    points: &[(f64, f64)],
    kind: Regression,
    w: f64,
    b: f64,
) -> Vec<PointInfluence> {
    let n = points.len() as f64;
    let terms: Vec<(f64, f64, f64)> = points
        .iter()
        .map(|&(x, y)| {
            let r = w * x + b - y;
            let (l, slope) = kind.loss_and_slope(r);
            (r, l, slope)
        })
        .collect();
    let total: f64 = terms.iter().map(|t| t.1).sum();
    points
        .iter()
        .zip(terms)
        .map(|(&(x, _), (r, l, slope))| PointInfluence {
            residual: r,
            loss: l,
            share: (total > 0.0).then(|| l / total),
            grad_w: slope * x / n,
            grad_b: slope / n,
            weight: if r.abs() < ON_THE_LINE {
                weight_at_zero(kind)
            } else {
                slope / r
            },
        })
        .collect()
}

/// lim ψ(r)/r as r → 0.
fn weight_at_zero(kind: Regression) -> f64 {
    match kind {
        Regression::Mse => 2.0,
        Regression::L1 | Regression::SmoothL1 { beta: 0.0 } => f64::INFINITY,
        Regression::SmoothL1 { beta } => 1.0 / beta,
        Regression::Huber { .. } => 1.0,
    }
}

impl PointInfluence {
    /// The weight next to MSE's (ψ/r = 2 everywhere), in [0, 1] for drawing: 1 where the point
    /// pulls as hard per unit of distance as under MSE, or harder (L1 close to the line).
    pub fn weight_vs_mse(&self) -> f64 {
        if self.weight.is_nan() {
            0.0
        } else {
            (self.weight / 2.0).clamp(0.0, 1.0)
        }
    }
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
    // The others: a tight loop per cell (no gradient, no allocation), one loop per loss so that the
    // branch on the kind is outside it. The values are the same sums as `line_loss`'s.
    match kind {
        Regression::Mse => Grid::evaluate(|w, b| mean_of(points, w, b, |d| d * d), w, b, nx, ny),
        Regression::L1 => Grid::evaluate(|w, b| mean_of(points, w, b, f64::abs), w, b, nx, ny),
        Regression::SmoothL1 { beta } => Grid::evaluate(
            |w, b| {
                mean_of(points, w, b, |d| {
                    let z = d.abs();
                    if z < beta {
                        0.5 * z * z / beta
                    } else {
                        z - 0.5 * beta
                    }
                })
            },
            w,
            b,
            nx,
            ny,
        ),
        Regression::Huber { delta } => Grid::evaluate(
            |w, b| {
                mean_of(points, w, b, |d| {
                    let z = d.abs();
                    if z < delta {
                        0.5 * z * z
                    } else {
                        delta * (z - 0.5 * delta)
                    }
                })
            },
            w,
            b,
            nx,
            ny,
        ),
    }
}

#[inline(always)]
fn mean_of(points: &[(f64, f64)], w: f64, b: f64, loss: impl Fn(f64) -> f64) -> f64 {
    let mut sum = 0.0;
    for &(x, y) in points {
        sum += loss(w * x + b - y);
    }
    sum / points.len() as f64
}

/// The (w, b) that minimises the loss: least squares for MSE; for L1 see [`l1_minimiser`]; for Huber and smooth L1 iteratively
/// reweighted least squares from the least-squares fit. `None` for fewer than two distinct x.
pub fn minimiser(points: &[(f64, f64)], kind: Regression) -> Option<(f64, f64)> {
    let ls = weighted_least_squares(points, &vec![1.0; points.len()])?;
    match kind {
        Regression::Mse => Some(ls),
        Regression::L1 | Regression::SmoothL1 { beta: 0.0 } => l1_minimiser(points),
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

/// The L1 line: an L1 optimum passes through (at least) two of the points. Through point j, the
/// loss is Σᵢ |xᵢ − xⱼ| · |sᵢ − w| with sᵢ the slope from j to i, minimised by the weighted median of
/// the sᵢ; the best of these n lines is the optimum. O(n² log n) instead of trying all pairs (O(n³)).
fn l1_minimiser(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let mut best: Option<(f64, (f64, f64))> = None;
    let mut slopes: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for &(xj, yj) in points {
        slopes.clear();
        slopes.extend(
            points
                .iter()
                .filter(|(xi, _)| *xi != xj)
                .map(|&(xi, yi)| ((yi - yj) / (xi - xj), (xi - xj).abs())),
        );
        slopes.sort_by(|a, b| a.0.total_cmp(&b.0));
        let half = slopes.iter().map(|s| s.1).sum::<f64>() / 2.0;
        let mut acc = 0.0;
        let Some(&(w, _)) = slopes.iter().find(|s| {
            acc += s.1;
            acc >= half
        }) else {
            continue;
        };
        let b = yj - w * xj;
        let l = line_loss(points, Regression::L1, w, b).0;
        if l.is_finite() && best.is_none_or(|(bl, _)| l < bl) {
            best = Some((l, (w, b)));
        }
    }
    best.map(|(_, wb)| wb)
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
    fn each_points_terms_sum_to_the_gradient_and_weights_follow_psi_over_r() {
        let p = points_with_outlier();
        let kinds = [
            Regression::Mse,
            Regression::L1,
            Regression::SmoothL1 { beta: 0.5 },
            Regression::Huber { delta: 1.5 },
        ];
        for kind in kinds {
            for (w, b) in [(2.0, 1.0), (0.3, -4.0), (-1.0, 7.5)] {
                let (l, gw, gb) = line_loss(&p, kind, w, b);
                let inf = point_influence(&p, kind, w, b);
                let n = p.len() as f64;
                let sum = |f: fn(&PointInfluence) -> f64| inf.iter().map(f).sum::<f64>();
                assert!((sum(|i| i.loss) / n - l).abs() < 1e-12 * (1.0 + l));
                assert!((sum(|i| i.grad_w) - gw).abs() < 1e-12 * (1.0 + gw.abs()));
                assert!((sum(|i| i.grad_b) - gb).abs() < 1e-12 * (1.0 + gb.abs()));
                let shares: f64 = inf.iter().filter_map(|i| i.share).sum();
                assert!((shares - 1.0).abs() < 1e-12, "{kind:?}: {shares}");
                for (i, q) in inf.iter().enumerate() {
                    let r = w * p[i].0 + b - p[i].1;
                    assert_eq!(q.residual, r);
                    if r.abs() >= ON_THE_LINE {
                        assert!((q.weight * r - q.grad_b * n).abs() < 1e-12 * (1.0 + r.abs()));
                    }
                }
            }
        }
    }

    #[test]
    fn weights_are_one_for_huber_inside_delta_and_fall_as_one_over_r_outside() {
        let p = [(0.0, 0.0), (1.0, 0.5), (2.0, 10.0)];
        let inf = point_influence(&p, Regression::Huber { delta: 1.0 }, 0.0, 0.0);
        assert_eq!(inf[0].weight, 1.0, "on the line: the limit");
        assert_eq!(inf[1].weight, 1.0);
        assert_eq!(inf[2].weight, 0.1);
        let l1 = point_influence(&p, Regression::L1, 0.0, 0.0);
        assert_eq!(l1[0].weight, f64::INFINITY);
        assert_eq!(l1[1].weight, 2.0);
        assert_eq!(l1[2].weight, 0.1);
        let vs_mse =
            |inf: &[PointInfluence]| inf.iter().map(|i| i.weight_vs_mse()).collect::<Vec<_>>();
        assert_eq!(vs_mse(&l1), vec![1.0, 1.0, 0.05]);
        let mse = point_influence(&p, Regression::Mse, 0.0, 0.0);
        assert!(mse.iter().all(|i| i.weight == 2.0));
        assert_eq!(vs_mse(&mse), vec![1.0; 3]);
        assert_eq!(vs_mse(&inf), vec![0.5, 0.5, 0.05]);
        let smooth = point_influence(&p, Regression::SmoothL1 { beta: 0.25 }, 0.0, 0.0);
        assert_eq!(smooth[0].weight, 4.0);
        assert_eq!(smooth[1].weight, 2.0);
    }

    #[test]
    fn the_l1_line_through_two_points_gives_them_the_limit_weight() {
        let p = points_with_outlier();
        let (w, b) = minimiser(&p, Regression::L1).unwrap_or((f64::NAN, f64::NAN));
        let inf = point_influence(&p, Regression::L1, w, b);
        let on_line = inf
            .iter()
            .filter(|i| i.residual.abs() < ON_THE_LINE)
            .count();
        assert!(on_line >= 2, "{on_line}");
        let outlier = inf[p.len() - 1].weight_vs_mse();
        assert!(outlier < 0.02, "the outlier's pull vanishes: {outlier}");
        assert!(point_influence(&[], Regression::L1, 0.0, 0.0).is_empty());
        let zero = point_influence(&[(1.0, 1.0)], Regression::Mse, 1.0, 0.0);
        assert_eq!(zero[0].share, None);
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

    /// The old O(n³) search over pairs of points, as the reference.
    fn l1_by_pairs(points: &[(f64, f64)]) -> f64 {
        let mut best = f64::INFINITY;
        for (i, &(x1, y1)) in points.iter().enumerate() {
            for &(x2, y2) in &points[i + 1..] {
                if x1 != x2 {
                    let w = (y2 - y1) / (x2 - x1);
                    best = best.min(line_loss(points, Regression::L1, w, y1 - w * x1).0);
                }
            }
        }
        best
    }

    #[test]
    fn the_l1_minimiser_equals_the_search_over_pairs() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64) * 20.0 - 10.0
        };
        for n in [2, 3, 5, 10, 31, 60] {
            let points: Vec<(f64, f64)> = (0..n).map(|_| (next().round(), next())).collect();
            let Some((w, b)) = minimiser(&points, Regression::L1) else {
                continue;
            };
            let got = line_loss(&points, Regression::L1, w, b).0;
            let want = l1_by_pairs(&points);
            assert!(
                got <= want * (1.0 + 1e-12) + 1e-12,
                "n = {n}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn the_tight_grid_equals_line_loss() {
        let p = points_with_outlier();
        let r = AxisRange::new(-3.0, 5.0);
        for kind in [
            Regression::L1,
            Regression::Huber { delta: 1.5 },
            Regression::SmoothL1 { beta: 0.7 },
        ] {
            let grid = landscape(&p, kind, r, r, 9, 7);
            for j in 0..7 {
                for i in 0..9 {
                    let direct = line_loss(&p, kind, grid.x_at(i), grid.y_at(j)).0;
                    assert_eq!(grid.get(i, j), Some(direct), "{kind:?}");
                }
            }
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
