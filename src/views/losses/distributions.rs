//! Distributions: `kl_div` of two editable distributions over a few categories. The input is entered
//! as probabilities q (PyTorch's `input` is log q, converted here), the target as probabilities p or,
//! with `log_target`, as log-probabilities. The value under every reduction in one table, through
//! `loss_views::kl` (so through `loss::evaluate`).
//! Below, the likelihood losses of a predicted distribution: `poisson_nll_loss` (`poisson`) and
//! `gaussian_nll_loss` (`gaussian`), each in a panel of its own.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::kl;
use nnfunc::plot::AxisRange;
use nnfunc::Params;

use super::chart::{loss_color, Plot, PlotCanvas, Rect};
use super::pytorch::live;
use super::state::{LossState, LossStore};
use super::{event_number, readout, NotesGrid};
use crate::components::ParamControl;
use crate::theme::use_environment;
use crate::torch::script::{live_list, live_number};

const REDUCTIONS: [&str; 4] = ["none", "batchmean", "mean", "sum"];

/// `kl_div` under `reduction`: the per-element losses for none, one value otherwise.
fn kl_under(
    params: &Params,
    reduction: &'static str,
    q: &[f64],
    p: &[f64],
) -> Result<Vec<f64>, String> {
    let mut params = params.clone();
    params
        .set_choice("reduction", reduction)
        .map_err(|e| e.to_string())?;
    let input: Vec<f64> = q.iter().map(|v| v.ln()).collect();
    let target: Vec<f64> = if params.bool("log_target") {
        p.iter().map(|v| v.ln()).collect()
    } else {
        p.to_vec()
    };
    kl(&params, &input, &target).map(|r| r.0)
}

fn format_values(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| nnfunc::plot::format_significant(*v, 6))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The family's figure: the input distribution `q` and the target distribution `p` as bars, side
/// by side for each category.
fn kl_plot(q: &[f64], p: &[f64], dark: bool) -> Plot {
    let mut rects = Vec::new();
    for (i, (qi, pi)) in q.iter().zip(p).enumerate() {
        let x = i as f64;
        rects.push(Rect {
            name: format!("input q[{i}]"),
            from: (x - 0.38, 0.0),
            to: (x - 0.02, *qi),
            color: loss_color(0, dark),
        });
        rects.push(Rect {
            name: format!("target p[{i}]"),
            from: (x + 0.02, 0.0),
            to: (x + 0.38, *pi),
            color: loss_color(1, dark),
        });
    }
    Plot {
        x: AxisRange::new(-0.6, q.len() as f64 - 0.4),
        y: AxisRange::new(0.0, 1.0),
        x_label: "category: input q (left), target p (right)".into(),
        y_label: "probability".into(),
        rects,
        x_names: (0..q.len()).map(|i| (i as f64, format!("{i}"))).collect(),
        ..Plot::default()
    }
}

#[component]
pub fn DistributionFamily(store: LossStore) -> impl IntoView {
    let environment = use_environment();
    let params = store.params(FnId::KlDiv);
    let q = RwSignal::new(live::Q.1.to_vec());
    let p = RwSignal::new(live::P.1.to_vec());
    let poisson = (
        RwSignal::new(live::POISSON_X.1),
        RwSignal::new(live::POISSON_Y.1),
    );
    let gaussian = (
        RwSignal::new(live::GAUSSIAN_X.1),
        RwSignal::new(live::GAUSSIAN_Y.1),
        RwSignal::new(live::GAUSSIAN_VAR.1),
    );
    share_inputs(q, p, poisson, gaussian);
    let log_target = move || params.with(|p| p.bool("log_target"));

    // The plot's text alternative: both distributions and the true KL (batchmean).
    let label = Signal::derive(move || {
        let kl = params.with(|params| q.with(|q| p.with(|p| kl_under(params, "batchmean", q, p))));
        format!(
            "The input distribution q = [{}] and the target distribution p = [{}], as bars; \
             kl_div(log q, {}, reduction='batchmean') = {}.",
            q.with(|v| format_values(v)),
            p.with(|v| format_values(v)),
            if log_target() {
                "log p, log_target=True"
            } else {
                "p"
            },
            match kl {
                Ok(v) => v.first().map_or("—".into(), |x| readout(Ok(*x))),
                Err(message) => message,
            }
        )
    });

    let plot = Signal::derive(move || {
        let dark = environment.dark.get();
        q.with(|q| p.with(|p| Ok(kl_plot(q, p, dark))))
    });

    // q must be > 0 (the input is log q; KL(p‖q) is infinite where q = 0 < p), p may be 0.
    let inputs = move |values: RwSignal<Vec<f64>>,
                       prefix: &'static str,
                       label: &'static str,
                       log: bool| {
        let error = RwSignal::new(None::<String>);
        let lowest_open = !log;
        let fields = (0..values.with_untracked(Vec::len))
            .map(|i| {
                let shown = move || {
                    values.with(|v| {
                        v.get(i).map_or(String::new(), |x| {
                            if log && log_target() {
                                x.ln().to_string()
                            } else {
                                x.to_string()
                            }
                        })
                    })
                };
                view! {
                    <label class="loss-field class-field">
                        <span>{move || if log && log_target() { format!("log {label}{i}") } else { format!("{label}{i}") }}</span>
                        <input type="number" step="0.05" name=format!("{prefix}-{i}")
                            data-testid=format!("{prefix}-{i}")
                            prop:value=shown
                            on:change=move |ev| {
                                let prob = event_number(&ev).map(|x| if log && log_target() { x.exp() } else { x });
                                let ok = prob.filter(|p| {
                                    *p <= 1.0 && if lowest_open { *p > 0.0 } else { *p >= 0.0 }
                                });
                                if let Some(prob) = ok {
                                    error.set(None);
                                    values.update(|v| if let Some(slot) = v.get_mut(i) { *slot = prob });
                                } else {
                                    error.set(Some(if lowest_open {
                                        format!("{label}{i} must be a probability in (0, 1]: KL(p‖q) is infinite where q = 0 and p > 0.")
                                    } else {
                                        format!("{label}{i} must be a probability in [0, 1].")
                                    }));
                                    values.notify();
                                }
                            } />
                    </label>
                }
            })
            .collect_view();
        view! {
            {fields}
            {move || error.get().map(|message| view! {
                <p class="param-error" role="alert" data-testid=format!("{prefix}-error")>{message}</p>
            })}
        }
    };
    let sums = move |values: RwSignal<Vec<f64>>| {
        move || {
            format!(
                "sum = {}",
                nnfunc::plot::format_significant(values.with(|v| v.iter().sum::<f64>()), 6)
            )
        }
    };
    let rows = REDUCTIONS
        .into_iter()
        .map(|reduction| {
            let value = Memo::new(move |_| {
                params.with(|params| q.with(|q| p.with(|p| kl_under(params, reduction, q, p))))
            });
            view! {
                <tr>
                    <th scope="row"><code>{reduction}</code></th>
                    <td data-testid="readout-loss" data-loss="kl_div" data-reduction=reduction
                        data-value=move || value.get().map_or(String::new(), |v| {
                            v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
                        })>
                        {move || match value.get() {
                            Ok(v) if v.len() == 1 => readout(Ok(v[0])),
                            Ok(v) => format_values(&v),
                            Err(e) => readout(Err(e)),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="loss-family" data-testid="family-panel-distributions">
            <div class="loss-main">
                <PlotCanvas plot=plot test_id="plot-kl" label=label />
            </div>
            <div class="loss-side">
                <fieldset class="loss-controls">
                    <legend>"Input q (passed as log q)"</legend>
                    {inputs(q, "q", "q", false)}
                    <p class="hint">{sums(q)}</p>
                </fieldset>
                <fieldset class="loss-controls">
                    <legend>"Target p"</legend>
                    {inputs(p, "p", "p", true)}
                    <p class="hint">{sums(p)}</p>
                    {FnId::KlDiv.spec().param("log_target").map(|s| view! { <ParamControl param=s params=params /> })}
                </fieldset>
                <table class="readout">
                    <caption>"kl_div(log q, p), float64, as PyTorch (a batch of one sample)"</caption>
                    <thead><tr><th scope="col">"reduction"</th><th scope="col">"value"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="hint advice" data-testid="kl-batchmean-note">
                    "batchmean is the true KL divergence; mean divides by every element and is not."
                </p>
            </div>
            <super::poisson::PoissonPanel params=store.params(FnId::PoissonNllLoss) x=poisson.0 y=poisson.1 />
            <super::gaussian::GaussianPanel params=store.params(FnId::GaussianNllLoss) x=gaussian.0 y=gaussian.1 var=gaussian.2 />
            <NotesGrid ids=&[FnId::KlDiv, FnId::PoissonNllLoss, FnId::GaussianNllLoss] />
        </div>
    }
}

/// The values on screen the PyTorch panel needs: both distributions, the Poisson NLL's marked input
/// (the script keeps it inside its range, as the panel does) and count, the Gaussian NLL's marked
/// mean, target and variance.
fn share_inputs(
    q: RwSignal<Vec<f64>>,
    p: RwSignal<Vec<f64>>,
    (poisson_x, poisson_y): (RwSignal<f64>, RwSignal<f64>),
    (gaussian_x, gaussian_y, gaussian_var): (RwSignal<f64>, RwSignal<f64>, RwSignal<f64>),
) {
    crate::components::pytorch::share_live(move || {
        vec![
            live_list(live::Q.0, &q.get()),
            live_list(live::P.0, &p.get()),
            live_number(live::POISSON_X.0, poisson_x.get()),
            live_number(live::POISSON_Y.0, poisson_y.get()),
            live_number(live::GAUSSIAN_X.0, gaussian_x.get()),
            live_number(live::GAUSSIAN_Y.0, gaussian_y.get()),
            live_number(live::GAUSSIAN_VAR.0, gaussian_var.get()),
        ]
    });
}

/// The figure from the address, before the app has arrived ([`crate::first_plot`]): the
/// distributions the view starts with (the address holds no distribution, and the bars do not
/// depend on kl_div's parameters).
pub(super) fn first_plot(_state: &LossState) {
    super::first::loss_chart(|dark| Ok(kl_plot(&live::Q.1, &live::P.1, dark)));
}
