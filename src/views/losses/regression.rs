//! Regression: MSE, L1, smooth L1 (β) and Huber (δ) and their gradients against the residual
//! x − y, overlaid, with the switch points ±β and ±δ marked and a probe residual read out through
//! `loss::evaluate`.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::{regression_at, regression_kind, REGRESSION_LOSSES};
use nnfunc::plot::{format_significant, sample, AxisRange};
use nnfunc::Params;

use super::chart::{loss_color, Line, Plot, PlotCanvas, VLine};
use super::pytorch::live;
use super::state::{LossState, LossStore};
use super::{event_number, NotesGrid, ReadoutRow};
use crate::components::ParamControl;
use crate::theme::use_environment;
use crate::torch::script::live_number;

const X_RANGE: (f64, f64) = (-4.0, 4.0);
const Y_RANGE: (f64, f64) = (-3.0, 6.0);
const SAMPLES: usize = 801;

#[component]
pub fn RegressionFamily(store: LossStore) -> impl IntoView {
    let environment = use_environment();
    let residual = RwSignal::new(live::RESIDUAL.1);
    crate::components::pytorch::share_live(move || {
        vec![live_number(live::RESIDUAL.0, residual.get())]
    });
    let smooth = store.params(FnId::SmoothL1Loss);
    let huber = store.params(FnId::HuberLoss);

    let plot = Signal::derive(move || {
        let params = |id: FnId| store.params(id).get();
        regression_plot(params, residual.get(), environment.dark.get())
    });

    // The plot's text alternative, with the parameters and the read-out at the marked residual.
    let label = Signal::derive(move || {
        let d = residual.get();
        let n4 = |v: f64| format_significant(v, 4);
        let at: Vec<String> = REGRESSION_LOSSES
            .iter()
            .map(|id| {
                let value = store.params(*id).with(|p| regression_at(p, d));
                match value {
                    Ok((l, g)) => format!("{} {}, gradient {}", id.spec().name, n4(l), n4(g)),
                    Err(_) => format!("{} —", id.spec().name),
                }
            })
            .collect();
        format!(
            "MSE, L1, smooth L1 (β = {}) and Huber (δ = {}) loss (solid) and their gradients \
             (dashed) against the residual d = x − y from {} to {}. At the marked d = {}: {}.",
            n4(smooth.with(|p| p.real("beta"))),
            n4(huber.with(|p| p.real("delta"))),
            X_RANGE.0,
            X_RANGE.1,
            n4(d),
            at.join("; ")
        )
    });

    let rows = REGRESSION_LOSSES
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let params = store.params(*id);
            let name = id.spec().name;
            let value = move || params.with(|p| regression_at(p, residual.get()));
            view! {
                <ReadoutRow name value=Signal::derive(move || value().map(|v| v.0))
                    grad=Signal::derive(move || value().map(|v| v.1))>
                    <span class="swatch" style:background=move || nnfunc::plot::hex(loss_color(i, environment.dark.get()))></span>
                </ReadoutRow>
            }
        })
        .collect_view();
    let beta_spec = FnId::SmoothL1Loss.spec().param("beta");
    let delta_spec = FnId::HuberLoss.spec().param("delta");

    view! {
        <div class="loss-family" data-testid="family-panel-regression">
            <div class="loss-main">
                <PlotCanvas
                    plot=plot
                    test_id="plot-loss"
                    label=label
                />
                <p class="legend">
                    {REGRESSION_LOSSES.iter().enumerate().map(|(i, id)| view! {
                        <span class="legend-item">
                            <span class="swatch" style:background=move || nnfunc::plot::hex(loss_color(i, environment.dark.get()))></span>
                            {id.spec().display}
                        </span>
                    }).collect_view()}
                    " — solid: loss; dashed: gradient. Dashed verticals: the switch points ±β (smooth L1) and ±δ (Huber)."
                </p>
            </div>
            <div class="loss-side">
                <fieldset class="loss-controls">
                    <legend>"Parameters"</legend>
                    {beta_spec.map(|p| view! { <ParamControl param=p params=smooth /> })}
                    {delta_spec.map(|p| view! { <ParamControl param=p params=huber /> })}
                    <label class="loss-field">
                        <span>"residual d = x − y"</span>
                        <input type="range" name="residual" min=X_RANGE.0 max=X_RANGE.1 step="0.01"
                            prop:value=move || residual.get().to_string()
                            on:input=move |ev| if let Some(v) = event_number(&ev) { residual.set(v) } />
                        <output>{move || format_significant(residual.get(), 4)}</output>
                    </label>
                </fieldset>
                <table class="readout">
                    <caption>{move || format!("At d = {} (float64, as PyTorch)", format_significant(residual.get(), 6))}</caption>
                    <thead><tr><th scope="col">"loss"</th><th scope="col">"value"</th><th scope="col">"∂/∂x"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="hint">
                    "One residual, so reduction='mean' and 'sum' give the same number here; over a batch, mean divides by N. Far from 0, MSE's gradient grows with the residual (outliers dominate), L1's stays ±1, Huber's stays ±δ."
                </p>
            </div>
            <NotesGrid ids=&REGRESSION_LOSSES />
        </div>
    }
}

/// The family's figure: each loss (solid) and its slope (dashed) against the residual, the switch
/// points ±β and ±δ, and the read-out's residual `d` marked; `params` gives a loss's parameters
/// (tracked, for the view; from the address, for the first plot).
fn regression_plot(params: impl Fn(FnId) -> Params, d: f64, dark: bool) -> Result<Plot, String> {
    let mut lines = Vec::new();
    let mut dots = Vec::new();
    for (i, id) in REGRESSION_LOSSES.iter().enumerate() {
        let loss = params(*id);
        let Some(kind) = regression_kind(&loss) else {
            continue;
        };
        let color = loss_color(i, dark);
        for (dashed, pick) in [(false, 0usize), (true, 1usize)] {
            let f = move |x: f64| {
                let (l, s) = kind.loss_and_slope(x);
                let v = if pick == 0 { l } else { s };
                // Off the chart: a gap, not a line along the edge.
                if (Y_RANGE.0 - 0.5..=Y_RANGE.1 + 0.5).contains(&v) {
                    v
                } else {
                    f64::NAN
                }
            };
            for points in sample(f, X_RANGE.0, X_RANGE.1, SAMPLES) {
                lines.push(Line {
                    name: format!(
                        "{} {}",
                        loss.spec.name,
                        if dashed { "slope" } else { "loss" }
                    ),
                    points,
                    color,
                    dashed,
                });
            }
        }
        if let Ok((l, g)) = regression_at(&loss, d) {
            dots.push(((d, l), color));
            dots.push(((d, g), color));
        }
    }
    let beta = params(FnId::SmoothL1Loss).real("beta");
    let delta = params(FnId::HuberLoss).real("delta");
    let mut vlines = Vec::new();
    for sign in [-1.0, 1.0] {
        if beta > 0.0 {
            vlines.push(VLine {
                x: sign * beta,
                color: loss_color(2, dark),
                label: if sign > 0.0 {
                    "β".into()
                } else {
                    "−β".into()
                },
            });
        }
        vlines.push(VLine {
            x: sign * delta,
            color: loss_color(3, dark),
            label: if sign > 0.0 {
                "δ".into()
            } else {
                "−δ".into()
            },
        });
    }
    vlines.push(VLine {
        x: d,
        color: crate::theme::ChartTheme::new(dark).axis,
        label: String::new(),
    });
    Ok(Plot {
        x: AxisRange::new(X_RANGE.0, X_RANGE.1),
        y: AxisRange::new(Y_RANGE.0, Y_RANGE.1),
        x_label: "residual d = x − y".into(),
        y_label: "loss (solid), ∂loss/∂x (dashed)".into(),
        lines,
        vlines,
        dots,
        ..Plot::default()
    })
}

/// The figure from the address, before the app has arrived ([`crate::first_plot`]).
pub(super) fn first_plot(state: &LossState) {
    super::first::loss_chart(|dark| {
        regression_plot(|id| state.params_or_default(id), live::RESIDUAL.1, dark)
    });
}
