//! The curve figure: softmax output i of x/τ against logit i with the other logits fixed, the
//! current point marked, and the select that chooses i.

use leptos::prelude::*;
use nnfunc::activation::SoftmaxKind;
use nnfunc::plot::{format_significant, safe_value, sample, AxisRange};
use plotters::prelude::*;

use super::figures::snapshot;
use super::model::{apply, curve_range, subscript_name};
use super::state::SoftmaxState;
use super::Live;
use crate::chart::export::{Csv, Figure, Surface};
use crate::chart::line_chart;
use crate::chart::{LineChart, Series, SeriesStyle};
use crate::dom::target_value;
use crate::theme::ChartTheme;

/// The card with the output select, the curve and why it could not be drawn (`draw_error`).
#[component]
pub fn CurvePanel(
    live: Live,
    canvas: NodeRef<leptos::html::Canvas>,
    draw_error: ReadSignal<Option<String>>,
) -> impl IntoView {
    let (count, index) = (live.count, live.index);
    let options = move || {
        (0..count.get())
            .map(|i| {
                view! {
                    <option value=i.to_string() selected=move || index.get() == i>
                        {format!("output {i} (logit {})", subscript_name("x", i))}
                    </option>
                }
            })
            .collect_view()
    };
    let on_change = move |ev: web_sys::Event| {
        if let Some(i) = target_value(&ev).and_then(|t| t.parse::<usize>().ok()) {
            if i < count.get_untracked() {
                index.set(i);
            }
        }
    };
    view! {
        <div class="card softmax-curve">
            <h2>"One output against its logit"</h2>
            <div class="field">
                <label for="softmax-index">"Output"</label>
                <select id="softmax-index" name="i" data-testid="softmax-index" on:change=on_change>
                    {options}
                </select>
            </div>
            <div class="chart">
                <canvas node_ref=canvas data-testid="softmax-curve" role="img"
                    aria-label=label(live)></canvas>
            </div>
            <p class="muted">
                {move || format!("softmax(x/τ){} as {} moves, the other logits fixed. Dashed: the current value.", subscript_name("", index.get()), subscript_name("x", index.get()))}
            </p>
            {move || draw_error.get().map(|e| view! { <p class="chart-message" role="status">{e}</p> })}
        </div>
    }
}

/// The figure's text alternative: the plotted output and the marked point.
fn label(live: Live) -> Signal<String> {
    Signal::derive(move || {
        let i = live.index.get();
        let now = live.results.with(|r| {
            r.as_ref()
                .ok()
                .and_then(|out| out.softmax.get(i).copied())
                .map_or_else(|| "—".to_string(), |v| format_significant(v, 4))
        });
        let x = live.logits.with(|l| l.get(i).copied().unwrap_or(0.0));
        format!(
            "softmax output {i} of x/τ as logit {i} varies, the other logits fixed; marked: logit \
             {i} = {}, output {now}",
            format_significant(x, 4)
        )
    })
}

/// softmax(x/τ)ᵢ against xᵢ with the other logits fixed, with the current point marked.
pub fn chart(logits: &[f64], tau: f64, index: usize, theme: &ChartTheme) -> LineChart {
    let x = curve_range(logits);
    let at = |t: f64| {
        let mut moved = logits.to_vec();
        if let Some(slot) = moved.get_mut(index) {
            *slot = t;
        }
        apply(SoftmaxKind::Softmax, &moved, tau)
            .ok()
            .and_then(|out| out.get(index).copied())
            .unwrap_or(f64::NAN)
    };
    let y = AxisRange::new(0.0, 1.0).padded(0.05);
    let mut series = vec![Series {
        lines: sample(at, x.min, x.max, 801),
        color: theme.primary,
        style: SeriesStyle::Solid,
    }];
    let current_x = logits.get(index).copied().unwrap_or(0.0);
    if let Some(current_y) = safe_value(at(current_x)) {
        let guide = |points: Vec<(f64, f64)>| Series {
            lines: vec![points],
            color: theme.secondary,
            style: SeriesStyle::Dashed,
        };
        series.push(guide(vec![(current_x, y.min), (current_x, current_y)]));
        series.push(guide(vec![(x.min, current_y), (current_x, current_y)]));
        // A small diamond at the point (in data units, sized relative to the axes).
        let (dx, dy) = (x.width() * 0.012, y.width() * 0.03);
        series.push(Series {
            lines: vec![vec![
                (current_x - dx, current_y),
                (current_x, current_y + dy),
                (current_x + dx, current_y),
                (current_x, current_y - dy),
                (current_x - dx, current_y),
            ]],
            color: theme.secondary,
            style: SeriesStyle::Solid,
        });
    }
    LineChart { x, y, series }
}

/// The curve for the exports.
pub struct CurveFigure(pub Live);

impl CurveFigure {
    fn chart(&self, theme: &ChartTheme) -> Result<(LineChart, f64, usize), String> {
        let SoftmaxState { logits, tau, index } = snapshot(self.0)?;
        Ok((chart(&logits, tau, index, theme), tau, index))
    }
}

impl Figure for CurveFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        let (chart, _, _) = self.chart(&to.theme)?;
        line_chart::paint(to.root, to.css, to.scale, &chart, &to.theme)
    }

    /// The sampled curve: x_i and softmax(x/τ)_i, the other logits fixed.
    fn csv(&self) -> Result<String, String> {
        let (chart, tau, index) = self.chart(&ChartTheme::new(false))?;
        let mut csv = Csv::new(vec![
            format!("x_{index}"),
            format!("softmax(x/tau)_{index} tau={tau}"),
        ]);
        for &(x, y) in chart
            .series
            .first()
            .iter()
            .flat_map(|s| s.lines.iter().flatten())
        {
            csv.push(vec![Some(x), Some(y)]);
        }
        Ok(csv.text())
    }
}
