//! What the selected loss does to each point at its best line: a bar per point (at the point's x,
//! aligned with the scatter) of its pull on the line, −∂ℓᵢ/∂b ÷ n (up when positive), and a table
//! of each point's residual, loss, share of the loss, gradient terms and weight ψ(r)/r. Under MSE
//! an outlier's bar towers over the rest; under L1 every bar has the same height; Huber and smooth
//! L1 cap it. At the best line of MSE, Huber and smooth L1 the pulls balance (they sum to zero);
//! L1's best line sits on a kink, where PyTorch's gradient (sign(0) = 0 for the points on the line)
//! need not be zero.

use leptos::prelude::*;
use nnfunc::landscape::{PointInfluence, ON_THE_LINE};
use nnfunc::plot::{format_significant, AxisRange};

use super::model::Lab;
use crate::theme::{use_environment, Rgb};
use crate::views::losses::chart::{loss_color, Plot, PlotCanvas, Rect};

/// Half a bar's width, as a fraction of the x range.
const HALF_BAR: f64 = 1.0 / 150.0;

/// A point's pull on the line's intercept: −∂L/∂b's term from it (positive pulls the line up).
fn pull(i: &PointInfluence) -> f64 {
    -i.grad_b
}

/// The bar chart: one bar per point at its x.
fn pulls_plot(
    points: &[(f64, f64)],
    influence: &[PointInfluence],
    x: AxisRange,
    color: Rgb,
) -> Plot {
    let largest = influence
        .iter()
        .map(|i| pull(i).abs())
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let top = if largest > 0.0 { largest * 1.15 } else { 1.0 };
    let half = x.width() * HALF_BAR;
    let rects = points
        .iter()
        .zip(influence)
        .enumerate()
        .map(|(k, (&(px, _), i))| Rect {
            name: format!("point {}", k + 1),
            from: (px - half, 0.0),
            to: (px + half, pull(i)),
            color,
        })
        .collect();
    Plot {
        x,
        y: AxisRange::new(-top, top),
        x_label: "x".into(),
        y_label: "pull on b".into(),
        rects,
        ..Plot::default()
    }
}

/// The bar chart's text alternative: the strongest pull and the sum.
fn pulls_label(points: &[(f64, f64)], influence: &[PointInfluence], name: &str) -> String {
    let strongest = points
        .iter()
        .zip(influence)
        .enumerate()
        .max_by(|a, b| pull(a.1 .1).abs().total_cmp(&pull(b.1 .1).abs()));
    let Some((k, (&(x, y), i))) = strongest else {
        return format!("No best line under {name}: no pulls to show.");
    };
    let sum: f64 = influence.iter().map(pull).sum();
    format!(
        "Each point's pull on the best line's intercept under {name} (−∂ℓᵢ/∂b ÷ n), a bar at the \
         point's x. Strongest: point {} at ({}, {}) with {}. The pulls sum to {} (zero at a minimum \
         where the loss is smooth).",
        k + 1,
        format_significant(x, 4),
        format_significant(y, 4),
        format_significant(pull(i), 4),
        format_significant(sum, 3)
    )
}

/// The bars under the scatter.
#[component]
pub fn PullChart(lab: Lab) -> impl IntoView {
    let dark = use_environment().dark;
    let plot = Signal::derive(move || {
        let x = lab.scatter_range.get().0;
        let color = loss_color(lab.selected.get(), dark.get());
        Ok(lab
            .points
            .with(|p| lab.influence.with(|inf| pulls_plot(p, inf, x, color))))
    });
    let label = Signal::derive(move || {
        lab.points.with(|p| {
            lab.influence
                .with(|inf| pulls_label(p, inf, lab.selected_name()))
        })
    });
    view! {
        <div class="lab-pulls">
            <PlotCanvas plot=plot test_id="plot-pulls" label=label
                measure=crate::views::losses::DRAW_LANDSCAPE />
        </div>
    }
}

/// A number as JavaScript's `Number()` reads it back (`Infinity`, not Rust's `inf`).
fn js_number(v: f64) -> String {
    if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        v.to_string()
    }
}

/// A weight as the table shows it (∞ on the line under L1).
fn weight_text(i: &PointInfluence) -> String {
    if i.weight.is_infinite() {
        "∞ (on the line)".into()
    } else {
        format_significant(i.weight, 4)
    }
}

/// Each point's numbers, in a `<details>` whose rows are built only while it is open.
#[component]
pub fn PointTable(lab: Lab) -> impl IntoView {
    let open = RwSignal::new(false);
    let n4 = |v: f64| format_significant(v, 4);
    let rows = move || {
        if !open.get() {
            return Vec::new();
        }
        lab.points.with(|p| {
            lab.influence.with(|inf| {
                p.iter()
                    .zip(inf)
                    .enumerate()
                    .map(|(k, (&(x, y), i))| {
                        let share = i
                            .share
                            .map_or("—".into(), |s| format!("{:.1} %", s * 100.0));
                        let residual = if i.residual.abs() < ON_THE_LINE {
                            0.0
                        } else {
                            i.residual
                        };
                        view! {
                            <tr data-testid="pull-row">
                                <th scope="row">{k + 1}</th>
                                <td>{n4(x)}</td>
                                <td>{n4(y)}</td>
                                <td>{n4(residual)}</td>
                                <td>{n4(i.loss)}</td>
                                <td>{share}</td>
                                <td>{n4(i.grad_w)}</td>
                                <td>{n4(i.grad_b)}</td>
                                <td data-weight=js_number(i.weight)>{weight_text(i)}</td>
                            </tr>
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <details class="lab-points" data-testid="pulls-table"
            on:toggle=move |ev| open.set(crate::dom::details_open(&ev))>
            <summary>{move || format!("Each point under {} at its best line", lab.selected_name())}</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Each point's numbers">
                <table class="readout">
                    <thead>
                        <tr>
                            <th scope="col">"point"</th>
                            <th scope="col">"x"</th>
                            <th scope="col">"y"</th>
                            <th scope="col">"residual r"</th>
                            <th scope="col">"loss ℓ(r)"</th>
                            <th scope="col">"share"</th>
                            <th scope="col">"∂ℓ/∂w ÷ n"</th>
                            <th scope="col">"∂ℓ/∂b ÷ n"</th>
                            <th scope="col">"weight ψ(r)/r"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="hint">"r = w·x + b − y, the line's value minus the point's (PyTorch's input − target). ψ = dℓ/dr; the weight ψ(r)/r is how strongly the point pulls per unit of distance: 2 for MSE (ℓ = r²), 1 for Huber inside δ and δ/|r| outside, 1/β and 1/|r| for smooth L1, 1/|r| for L1. The gradient terms sum to the gradient of the mean loss: zero at the best line, except for L1, whose best line sits on a kink (PyTorch's sign(0) = 0)."</p>
        </details>
    }
}
