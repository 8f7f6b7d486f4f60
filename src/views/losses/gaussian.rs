//! Gaussian NLL: `gaussian_nll_loss` of a predicted mean x and variance var for a target y, drawn
//! twice: against x (a parabola whose width is var) with the gradient on x, and against var (least
//! at var = (x − y)², flat below eps where the clamp holds it) with the gradient on var, which
//! PyTorch still passes below eps. Read-outs of the loss and its three gradients. Every number comes
//! from `loss::evaluate` through `elementwise_at`.

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
/// The sliders' ranges: the mean x and the target y share one, var has its own.
pub const MEAN_RANGE: (f64, f64) = (-4.0, 4.0);
pub const VAR_RANGE: (f64, f64) = (0.0, 4.0);

/// The marked point: mean, target, variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marked {
    pub x: f64,
    pub y: f64,
    pub var: f64,
}

/// The loss and its gradients on the input, the target and var.
pub fn gaussian_at(params: &Params, m: Marked) -> Result<(f64, [f64; 3]), String> {
    elementwise_at(params, &[("input", m.x), ("target", m.y), ("var", m.var)])
        .map(|(l, g)| (l, [g[0], g[1], g[2]]))
}

/// The loss (solid) and one gradient (dashed) as `along` moves the marked point: along x
/// (`var_axis` false) or along var.
fn gaussian_plot(params: &Params, m: Marked, var_axis: bool, dark: bool) -> Plot {
    let ((lo, hi), at, grad) = if var_axis {
        (VAR_RANGE, m.var, 2)
    } else {
        (MEAN_RANGE, m.x, 0)
    };
    let moved = |v: f64| {
        if var_axis {
            Marked { var: v, ..m }
        } else {
            Marked { x: v, ..m }
        }
    };
    let color = loss_color(if var_axis { 1 } else { 0 }, dark);
    let mut plot = Plot {
        x: AxisRange::new(lo, hi),
        y: AxisRange::new(-3.0, 6.0),
        x_label: if var_axis {
            "var"
        } else {
            "input x (the mean)"
        }
        .into(),
        y_label: format!(
            "loss (solid), ∂loss/∂{} (dashed)",
            if var_axis { "var" } else { "x" }
        ),
        vlines: vec![VLine {
            x: at,
            color: ChartTheme::new(dark).axis,
            label: String::new(),
        }],
        ..Plot::default()
    };
    for (dashed, name) in [(false, "loss"), (true, "gradient")] {
        let f = |v: f64| {
            gaussian_at(params, moved(v))
                .map_or(f64::NAN, |(l, g)| if dashed { g[grad] } else { l })
        };
        for points in sample(f, lo, hi, SAMPLES) {
            plot.lines.push(Line {
                name: name.into(),
                points,
                color,
                dashed,
            });
        }
    }
    if let Ok((l, g)) = gaussian_at(params, m) {
        plot.dots.extend([((at, l), color), ((at, g[grad]), color)]);
    }
    plot
}

/// A slider of the marked point.
#[component]
fn MarkedSlider(
    label: &'static str,
    name: &'static str,
    range: (f64, f64),
    value: RwSignal<f64>,
) -> impl IntoView {
    view! {
        <label class="loss-field">
            <span>{label}</span>
            <input type="range" name=name min=range.0 max=range.1 step="0.01"
                prop:value=move || value.get().to_string()
                on:input=move |ev| if let Some(v) = event_number(&ev) { value.set(v.clamp(range.0, range.1)) } />
            <output>{move || format_significant(value.get(), 4)}</output>
        </label>
    }
}

/// The Gaussian NLL's two figures, the marked mean, target and variance (shared with the PyTorch
/// panel by the family), `full` and `eps`, and the read-outs.
#[component]
pub fn GaussianPanel(
    params: RwSignal<Params>,
    x: RwSignal<f64>,
    y: RwSignal<f64>,
    var: RwSignal<f64>,
) -> impl IntoView {
    let dark = use_environment().dark;
    let marked = move || Marked {
        x: x.get(),
        y: y.get(),
        var: var.get(),
    };
    let value = Memo::new(move |_| params.with(|p| gaussian_at(p, marked())));
    let plot = move |var_axis: bool| {
        Signal::derive(
            move || Ok(params.with(|p| gaussian_plot(p, marked(), var_axis, dark.get()))),
        )
    };
    let label = move |var_axis: bool| {
        Signal::derive(move || {
            let m = marked();
            params.with(|p| {
                plot_label(
                    if var_axis {
                        "gaussian_nll_loss against var, with its gradient on var"
                    } else {
                        "gaussian_nll_loss against its input, with its gradient"
                    },
                    p,
                    &format!(
                        "x = {}, y = {}, var = {}",
                        format_significant(m.x, 4),
                        format_significant(m.y, 4),
                        format_significant(m.var, 4)
                    ),
                    value
                        .get()
                        .map(|(l, g)| (l, g[if var_axis { 2 } else { 0 }])),
                )
            })
        })
    };
    let cell = move |i: usize| move || readout(value.get().map(|(l, g)| [l, g[0], g[1], g[2]][i]));
    let options = ["full", "eps"]
        .into_iter()
        .filter_map(|name| FnId::GaussianNllLoss.spec().param(name))
        .map(|s| view! { <ParamControl param=s params=params /> })
        .collect_view();
    view! {
        <div class="loss-main">
            <PlotCanvas plot=plot(false) test_id="plot-gaussian" label=label(false) />
            <PlotCanvas plot=plot(true) test_id="plot-gaussian-var" label=label(true) />
        </div>
        <div class="loss-side">
            <fieldset class="loss-controls">
                <legend>"Gaussian NLL: a mean and a variance"</legend>
                <MarkedSlider label="input x (the mean)" name="gaussian-x" range=MEAN_RANGE value=x />
                <MarkedSlider label="target y" name="gaussian-y" range=MEAN_RANGE value=y />
                <MarkedSlider label="var" name="gaussian-var" range=VAR_RANGE value=var />
                {options}
            </fieldset>
            <table class="readout">
                <caption><code>"gaussian_nll_loss"</code>", float64, as PyTorch"</caption>
                <thead><tr><th scope="col">"quantity"</th><th scope="col">"value"</th></tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">"loss"</th>
                        <td data-testid="readout-loss" data-loss="gaussian_nll_loss"
                            data-value=move || value.get().map_or(String::new(), |v| v.0.to_string())>{cell(0)}</td>
                    </tr>
                    <tr><th scope="row">"∂/∂x"</th><td data-testid="readout-grad" data-loss="gaussian_nll_loss">{cell(1)}</td></tr>
                    <tr><th scope="row">"∂/∂y"</th><td data-testid="readout-grad-target" data-loss="gaussian_nll_loss">{cell(2)}</td></tr>
                    <tr><th scope="row">"∂/∂var"</th><td data-testid="readout-grad-var" data-loss="gaussian_nll_loss">{cell(3)}</td></tr>
                </tbody>
            </table>
            <p class="hint">"For a fixed error x − y the loss is least at var = (x − y)²: the network learns to report its own error. Below eps the clamp holds the loss flat, yet PyTorch's gradient on var is taken at eps and is not 0."</p>
        </div>
    }
}
