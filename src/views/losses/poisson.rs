//! Poisson NLL: `poisson_nll_loss` against its input (the log of the predicted rate, or with
//! `log_input` off the rate itself) for a target count y, with the gradient on the input, the
//! marked input on both; read-outs of the loss and its gradients on the input and the target.
//! Every number comes from `loss::evaluate` through `elementwise_at`.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::elementwise_at;
use nnfunc::plot::{format_significant, sample, AxisRange};
use nnfunc::Params;

use super::chart::{loss_color, Line, Plot, PlotCanvas, VLine};
use super::{event_number, plot_label, readout};
use crate::components::ParamControl;
use crate::theme::{use_environment, ChartTheme};

const SAMPLES: usize = 301;
/// The target count's slider.
pub const COUNT_RANGE: (f64, f64) = (0.0, 10.0);

/// The input's range: a log-rate with `log_input`, else a rate (the loss needs x + eps > 0).
pub fn input_range(params: &Params) -> (f64, f64) {
    if params.bool("log_input") {
        (-2.0, 3.0)
    } else {
        (0.0, 8.0)
    }
}

/// The loss and its gradients on the input and the target at (x, y).
pub fn poisson_at(params: &Params, x: f64, y: f64) -> Result<(f64, f64, f64), String> {
    elementwise_at(params, &[("input", x), ("target", y)]).map(|(l, g)| (l, g[0], g[1]))
}

/// The loss (solid) and its gradient on the input (dashed) over the input's range, marked at `at`.
fn poisson_plot(params: &Params, at: f64, y: f64, dark: bool) -> Plot {
    let (lo, hi) = input_range(params);
    let what = if params.bool("log_input") {
        "input x = log λ"
    } else {
        "input x = λ (the rate)"
    };
    let color = loss_color(0, dark);
    let mut plot = Plot {
        x: AxisRange::new(lo, hi),
        y: AxisRange::new(-4.0, 12.0),
        x_label: what.into(),
        y_label: "loss (solid), ∂loss/∂x (dashed)".into(),
        vlines: vec![VLine {
            x: at,
            color: ChartTheme::new(dark).axis,
            label: String::new(),
        }],
        ..Plot::default()
    };
    for (dashed, pick) in [(false, 0usize), (true, 1usize)] {
        let f = |x: f64| poisson_at(params, x, y).map_or(f64::NAN, |v| [v.0, v.1][pick]);
        for points in sample(f, lo, hi, SAMPLES) {
            plot.lines.push(Line {
                name: format!("{} y = {}", if dashed { "gradient" } else { "loss" }, y),
                points,
                color,
                dashed,
            });
        }
    }
    if let Ok((l, d, _)) = poisson_at(params, at, y) {
        plot.dots.extend([((at, l), color), ((at, d), color)]);
    }
    plot
}

/// The Poisson NLL's figure, its input and target sliders, its parameters and read-outs; `x` and
/// `y` are the marked input and the target count (shared with the PyTorch panel by the family),
/// `x` kept inside the input's range by `marked`.
#[component]
pub fn PoissonPanel(params: RwSignal<Params>, x: RwSignal<f64>, y: RwSignal<f64>) -> impl IntoView {
    let dark = use_environment().dark;
    let range = move || params.with(input_range);
    let at = Signal::derive(move || marked(x.get(), range()));
    let value = Memo::new(move |_| params.with(|p| poisson_at(p, at.get(), y.get())));
    let plot =
        Signal::derive(move || Ok(params.with(|p| poisson_plot(p, at.get(), y.get(), dark.get()))));
    let label = Signal::derive(move || {
        params.with(|p| {
            plot_label(
                "poisson_nll_loss against its input, with its gradient",
                p,
                &format!(
                    "x = {}, y = {}",
                    format_significant(at.get(), 4),
                    format_significant(y.get(), 4)
                ),
                value.get().map(|v| (v.0, v.1)),
            )
        })
    });
    let pick = move |i: usize| move || readout(value.get().map(|v| [v.0, v.1, v.2][i]));
    let options = ["log_input", "full", "eps"]
        .into_iter()
        .filter_map(|name| FnId::PoissonNllLoss.spec().param(name))
        .map(|s| view! { <ParamControl param=s params=params /> })
        .collect_view();
    view! {
        <div class="loss-main">
            <PlotCanvas plot=plot test_id="plot-poisson" label=label />
        </div>
        <div class="loss-side">
            <fieldset class="loss-controls">
                <legend>"Poisson NLL: a rate and a count"</legend>
                <label class="loss-field">
                    <span>{move || if params.with(|p| p.bool("log_input")) { "input x = log λ" } else { "input x = λ" }}</span>
                    <input type="range" name="poisson-x" step="0.01"
                        min=move || range().0 max=move || range().1
                        prop:value=move || at.get().to_string()
                        on:input=move |ev| if let Some(v) = event_number(&ev) { x.set(marked(v, range())) } />
                    <output>{move || format_significant(at.get(), 4)}</output>
                </label>
                <label class="loss-field">
                    <span>"target count y"</span>
                    <input type="range" name="poisson-y" min=COUNT_RANGE.0 max=COUNT_RANGE.1 step="1"
                        prop:value=move || y.get().to_string()
                        on:input=move |ev| if let Some(v) = event_number(&ev) { y.set(v.clamp(COUNT_RANGE.0, COUNT_RANGE.1)) } />
                    <output>{move || format_significant(y.get(), 4)}</output>
                </label>
                {options}
            </fieldset>
            <table class="readout">
                <caption><code>"poisson_nll_loss"</code>", float64, as PyTorch"</caption>
                <thead><tr><th scope="col">"quantity"</th><th scope="col">"value"</th></tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">"loss"</th>
                        <td data-testid="readout-loss" data-loss="poisson_nll_loss"
                            data-value=move || value.get().map_or(String::new(), |v| v.0.to_string())>{pick(0)}</td>
                    </tr>
                    <tr><th scope="row">"∂/∂x"</th><td data-testid="readout-grad" data-loss="poisson_nll_loss">{pick(1)}</td></tr>
                    <tr><th scope="row">"∂/∂y"</th><td data-testid="readout-grad-target" data-loss="poisson_nll_loss">{pick(2)}</td></tr>
                </tbody>
            </table>
            <p class="hint">"With log_input the loss e^x − y·x is least at x = log y, where the predicted rate is the count; without it, x − y·log(x + eps) is least at x = y. full adds a constant in x where y is above 1."</p>
        </div>
    }
}

/// `x` inside `range` (a NaN becomes its lower end).
pub fn marked(x: f64, (lo, hi): (f64, f64)) -> f64 {
    if x.is_nan() {
        lo
    } else {
        x.clamp(lo, hi)
    }
}
