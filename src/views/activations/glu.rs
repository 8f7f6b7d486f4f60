//! GLU's own small panel: `F.glu` is not element-wise (it splits its input in halves a and b along
//! dim and returns a·σ(b), half the size), so the overlay plot cannot draw it. Here one pair
//! (a, b), a 1-d input of size 2 as PyTorch takes it, gives the output and both gradients, computed
//! by `nnfunc::activation::glu` (the same code the fixtures check against PyTorch), and a plot of
//! the output and both gradients over the gate b for the chosen a, the chosen b under the
//! crosshair (the chart kit's `FunctionPlot`, exported as `plot-glu`). The pair is the panel's own
//! and is not kept in the address bar.

use std::sync::Arc;

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::activation::glu;
use nnfunc::catalogue::FnId;
use nnfunc::plot::{extent, format_significant, hex, sample, AxisRange};
use nnfunc::Tensor;

use super::state::{MIN_X_WIDTH, X_LIMIT};
use crate::chart::function_plot::{CrosshairPoint, Lines};
use crate::chart::{series_color, Curve, FunctionPlot, PlotData, Stroke};
use crate::theme::use_environment;

/// The gate's range the plot opens on.
const B_RANGE: (f64, f64) = (-6.0, 6.0);
/// Samples per curve.
const SAMPLES: usize = 401;
/// Which of [`glu_of_pair`]'s values a curve shows.
type Pick = fn((f64, f64, f64)) -> f64;
/// The plot's curves, in drawing order: (name, value, stroke).
const CURVES: [(&str, Pick, Stroke); 3] = [
    ("a·σ(b)", |v| v.0, Stroke::Solid),
    ("∂/∂a = σ(b)", |v| v.1, Stroke::Dashed),
    ("∂/∂b = a·σ(b)(1 − σ(b))", |v| v.2, Stroke::Dotted),
];

/// GLU of the input [a, b]: (a·σ(b), ∂/∂a, ∂/∂b), or PyTorch's refusal.
pub fn glu_of_pair(a: f64, b: f64) -> Result<(f64, f64, f64), String> {
    let input = Tensor::new(vec![2], vec![a, b]).map_err(|e| e.to_string())?;
    let ones = Tensor::full(&[1], 1.0);
    let r = glu(-1, &input, &ones).map_err(|e| e.to_string())?;
    match (&r.output.data[..], &r.grad_input.data[..]) {
        (&[out], &[da, db]) => Ok((out, da, db)),
        _ => Err("glu gave an unexpected shape".into()),
    }
}

/// The output and both gradients of GLU over the gate b in `x` for the value `a`, as plot-safe
/// polylines in the order of [`CURVES`] (gaps where PyTorch's function gives no finite value).
pub fn glu_lines(a: f64, x: AxisRange) -> Vec<Lines> {
    CURVES
        .iter()
        .map(|(_, pick, _)| {
            let at = |b: f64| glu_of_pair(a, b).map_or(f64::NAN, *pick);
            sample(at, x.min, x.max, SAMPLES)
        })
        .collect()
}

/// What the plot draws for `a` over `x`: the three curves and a y range around them (always
/// showing 0, where σ(b) starts).
fn plot_data(a: f64, x: AxisRange, dark: bool) -> PlotData {
    let curves: Vec<Curve> = glu_lines(a, x)
        .into_iter()
        .zip(CURVES)
        .enumerate()
        .map(|(index, (lines, (_, _, stroke)))| Curve {
            lines: Arc::new(lines),
            color: series_color(index, dark),
            stroke,
            width: if stroke == Stroke::Solid { 2.25 } else { 2.0 },
        })
        .collect();
    let ys = curves
        .iter()
        .flat_map(|c| c.lines.iter().flatten().map(|(_, y)| *y))
        .chain([0.0]);
    let y = extent(ys).map_or(AxisRange::DEFAULT, |(lo, hi)| {
        AxisRange::new(lo, hi).padded(0.06)
    });
    PlotData {
        x,
        y,
        bands: Vec::new(),
        curves,
        markers: Vec::new(),
    }
}

/// The plot over b for the panel's a, its crosshair following the panel's b (and the pointer).
#[component]
fn GluPlot(a: RwSignal<f64>, b: RwSignal<f64>) -> impl IntoView {
    let environment = use_environment();
    let x_range = RwSignal::new(AxisRange::new(B_RANGE.0, B_RANGE.1));
    let probe = RwSignal::new(Some(b.get_untracked()));
    effect(move || probe.set(Some(b.get())));
    let data = Memo::new(move |_| plot_data(a.get(), x_range.get(), environment.dark.get()));
    let crosshair = Memo::new(move |_| {
        let Some(Ok(v)) = probe.get().map(|at| glu_of_pair(a.get(), at)) else {
            return Vec::new();
        };
        let dark = environment.dark.get();
        CURVES
            .iter()
            .enumerate()
            .map(|(index, (_, pick, _))| CrosshairPoint {
                y: pick(v),
                color: series_color(index, dark),
            })
            .collect()
    });
    let label = Signal::derive(move || {
        let x = x_range.get();
        format!(
            "Plot of GLU's output a·σ(b) and its gradients ∂/∂a (dashed) and ∂/∂b (dotted) for a = {}, as the gate b goes from {} to {}.",
            format_significant(a.get(), 6),
            format_significant(x.min, 4),
            format_significant(x.max, 4)
        )
    });
    let legend = move || {
        let dark = environment.dark.get();
        CURVES
            .iter()
            .enumerate()
            .map(|(index, (name, _, stroke))| {
                let color = hex(series_color(index, dark));
                let class = match stroke {
                    Stroke::Solid => "swatch",
                    Stroke::Dashed => "swatch swatch-dashed",
                    Stroke::Dotted => "swatch swatch-dotted",
                };
                view! {
                    <li>
                        <span class=class style:border-top-color=color aria-hidden="true"></span>
                        <span>{*name}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="glu-plot">
            <FunctionPlot data=data x_range=x_range probe=probe crosshair=crosshair
                min_width=MIN_X_WIDTH limit=X_LIMIT test_id="plot-glu" measure="draw:activation"
                label=label />
            <ul class="legend" aria-label="Legend of the GLU plot">{legend}</ul>
        </div>
    }
}

/// A number box of the panel (`glu-a`, `glu-b`); values that are not finite numbers are ignored.
#[component]
fn PairField(value: RwSignal<f64>, name: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <label class="loss-field">
            <span>{label}</span>
            <input type="number" step="0.1" name=name data-testid=name
                prop:value=move || value.get().to_string()
                on:change=move |ev| {
                    match crate::dom::target_value(&ev).and_then(|t| crate::url::parse_number(t.trim())) {
                        Some(v) if v.is_finite() => value.set(v),
                        _ => value.notify(),
                    }
                } />
        </label>
    }
}

#[component]
pub fn GluPanel() -> impl IntoView {
    let spec = FnId::Glu.spec();
    let (a, b) = (RwSignal::new(1.5), RwSignal::new(-0.5));
    let value = Memo::new(move |_| glu_of_pair(a.get(), b.get()));
    let cell = move |pick: fn((f64, f64, f64)) -> f64| {
        move || {
            value
                .get()
                .map_or_else(|m| m, |v| format_significant(pick(v), 12))
        }
    };
    view! {
        <section class="card glu-panel" data-testid="glu-panel" aria-labelledby="glu-title">
            <h2 id="glu-title">{spec.display}</h2>
            <math display="block" inner_html=spec.formula></math>
            <p class="hint">"Not element-wise, so the plot above cannot draw it: F.glu splits its input in halves along dim (a first, b second) and returns a·σ(b), half the size. One pair here, input = torch.tensor([a, b])."</p>
            <div class="glu-fields">
                <PairField value=a name="glu-a" label="a (the value)" />
                <PairField value=b name="glu-b" label="b (the gate)" />
            </div>
            <table class="readout">
                <caption><code>"F.glu(torch.tensor([a, b]))"</code>", float64, as PyTorch"</caption>
                <tbody>
                    <tr><th scope="row">"a·σ(b)"</th><td data-testid="glu-output">{cell(|v| v.0)}</td></tr>
                    <tr><th scope="row">"∂/∂a = σ(b)"</th><td data-testid="glu-grad-a">{cell(|v| v.1)}</td></tr>
                    <tr><th scope="row">"∂/∂b = a·σ(b)(1 − σ(b))"</th><td data-testid="glu-grad-b">{cell(|v| v.2)}</td></tr>
                </tbody>
            </table>
            <GluPlot a=a b=b />
            <ul class="notes">{spec.notes.iter().map(|n| view! { <li>{*n}</li> }).collect_view()}</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plots_curves_are_the_pairs_values_and_the_gate_gradient_is_the_slope() {
        let x = AxisRange::new(-6.0, 6.0);
        let lines = glu_lines(-2.0, x);
        assert_eq!(lines.len(), CURVES.len());
        for (curve, (_, pick, _)) in lines.iter().zip(CURVES) {
            assert_eq!(curve.len(), 1, "no gaps");
            assert_eq!(curve[0].len(), SAMPLES);
            for &(b, y) in &curve[0] {
                let v = glu_of_pair(-2.0, b).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(y, pick(v));
            }
        }
        // ∂/∂b is the slope of the output curve (central differences between samples).
        let (out, db) = (&lines[0][0], &lines[2][0]);
        for k in (1..SAMPLES - 1).step_by(40) {
            let slope = (out[k + 1].1 - out[k - 1].1) / (out[k + 1].0 - out[k - 1].0);
            assert!((slope - db[k].1).abs() < 1e-3, "b = {}", out[k].0);
        }
    }

    #[test]
    fn one_pair_and_both_gradients() {
        let s = 1.0 / (1.0 + 0.5f64.exp());
        let (out, da, db) = glu_of_pair(1.5, -0.5).unwrap_or_else(|e| panic!("{e}"));
        assert!((out - 1.5 * s).abs() < 1e-15);
        assert!((da - s).abs() < 1e-15);
        assert!((db - 1.5 * s * (1.0 - s)).abs() < 1e-15);
    }
}
