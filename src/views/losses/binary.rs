//! Binary: `binary_cross_entropy` against the probability p and `binary_cross_entropy_with_logits`
//! against the logit z, each with its gradient, for a target y in [0, 1], `weight` and `pos_weight`;
//! and `soft_margin_loss` against z for the same label written as ±1 (2y − 1), which gives the same
//! numbers as the logits loss where both are finite.
//! Every number (curves and read-outs) comes from `loss::evaluate` through `binary_at`, so PyTorch's
//! clamp of each log at −100 shows at p → 0 and p → 1.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::binary_at;

use super::pytorch::live;
use crate::torch::script::live_number;
use nnfunc::plot::{format_significant, sample, AxisRange};
use nnfunc::Params;

use super::chart::{loss_color, Line, Plot, PlotCanvas, VLine};
use super::state::{LossState, LossStore};
use super::{event_number, plot_label, NotesGrid, ReadoutRow};
use crate::components::ParamControl;
use crate::theme::{use_environment, ChartTheme};

const SAMPLES: usize = 401;
const LOSS_MAX: f64 = 8.0;
const LOGIT_RANGE: (f64, f64) = (-8.0, 8.0);

/// Loss (solid) and gradient (dashed) of `f` over `x`, with the probe marked.
fn curves(
    f: impl Fn(f64) -> Result<(f64, f64), String>,
    x: AxisRange,
    probe: f64,
    color: crate::theme::Rgb,
    axis: crate::theme::Rgb,
    x_label: &str,
) -> Plot {
    let keep = |v: f64| {
        if (-LOSS_MAX - 0.5..=LOSS_MAX + 0.5).contains(&v) {
            v
        } else {
            f64::NAN
        }
    };
    let mut lines = Vec::new();
    for (dashed, pick) in [(false, 0usize), (true, 1usize)] {
        let f = &f;
        let g = move |t: f64| match f(t) {
            Ok((l, d)) => keep(if pick == 0 { l } else { d }),
            Err(_) => f64::NAN,
        };
        for points in sample(g, x.min, x.max, SAMPLES) {
            lines.push(Line {
                name: if dashed { "gradient" } else { "loss" }.into(),
                points,
                color,
                dashed,
            });
        }
    }
    let dots = match f(probe) {
        Ok((l, d)) => vec![((probe, l), color), ((probe, d), color)],
        Err(_) => Vec::new(),
    };
    Plot {
        x,
        y: AxisRange::new(-LOSS_MAX, LOSS_MAX),
        x_label: x_label.into(),
        y_label: "loss (solid), ∂loss/∂input (dashed)".into(),
        lines,
        vlines: vec![VLine {
            x: probe,
            color: axis,
            label: String::new(),
        }],
        dots,
        ..Plot::default()
    }
}

/// The target a loss of this family takes for the label y in [0, 1]: soft_margin_loss's labels are
/// −1 and 1, so it gets 2y − 1.
pub fn target_of(params: &Params, y: f64) -> f64 {
    if params.spec.id == FnId::SoftMarginLoss {
        2.0 * y - 1.0
    } else {
        y
    }
}

/// The family's `i`-th figure: the loss `params` and its gradient against the probability p (the
/// first) or the logit z (the others), for the label `y` in [0, 1], with `input` marked.
fn loss_plot(i: usize, params: &Params, y: f64, input: f64, dark: bool) -> Plot {
    let y = target_of(params, y);
    let (x, axis) = if i == 0 {
        (AxisRange::new(0.0, 1.0), "probability p")
    } else {
        (AxisRange::new(LOGIT_RANGE.0, LOGIT_RANGE.1), "logit z")
    };
    let (color, theme) = (loss_color(i, dark), ChartTheme::new(dark));
    curves(
        move |v| binary_at(params, v, y),
        x,
        input,
        color,
        theme.axis,
        axis,
    )
}

#[component]
pub fn BinaryFamily(store: LossStore) -> impl IntoView {
    let environment = use_environment();
    let bce = store.params(FnId::BinaryCrossEntropy);
    let logits = store.params(FnId::BinaryCrossEntropyWithLogits);
    let soft = store.params(FnId::SoftMarginLoss);
    let target = RwSignal::new(live::TARGET.1);
    let p = RwSignal::new(live::PROBABILITY.1);
    let z = RwSignal::new(live::LOGIT.1);
    crate::components::pytorch::share_live(move || {
        vec![
            live_number(live::TARGET.0, target.get()),
            live_number(live::PROBABILITY.0, p.get()),
            live_number(live::LOGIT.0, z.get()),
        ]
    });

    // Each loss's plot over its input (the `i`-th colour), marked at the input's value.
    let plot = move |i: usize, params: RwSignal<Params>, input: RwSignal<f64>| {
        Signal::derive(move || {
            let dark = environment.dark.get();
            params.with(|params| Ok(loss_plot(i, params, target.get(), input.get(), dark)))
        })
    };
    let bce_plot = plot(0, bce, p);
    let logits_plot = plot(1, logits, z);
    let margin_plot = plot(2, soft, z);
    let label = move |what: &'static str,
                      symbol: &'static str,
                      params: RwSignal<Params>,
                      input: RwSignal<f64>| {
        Signal::derive(move || {
            let (v, y) = (input.get(), params.with(|p| target_of(p, target.get())));
            let at = format!(
                "{symbol} = {}, y = {}",
                format_significant(v, 4),
                format_significant(y, 4)
            );
            params.with(|params| plot_label(what, params, &at, binary_at(params, v, y)))
        })
    };
    let bce_value = move || bce.with(|params| binary_at(params, p.get(), target.get()));
    let logits_value = move || logits.with(|params| binary_at(params, z.get(), target.get()));
    let soft_value =
        move || soft.with(|params| binary_at(params, z.get(), target_of(params, target.get())));
    let slider = |label: &'static str,
                  name: &'static str,
                  (min, max, step): (f64, f64, f64),
                  value: RwSignal<f64>| {
        view! {
            <label class="loss-field">
                <span>{label}</span>
                <input type="range" name=name min=min max=max step=step
                    prop:value=move || value.get().to_string()
                    on:input=move |ev| if let Some(v) = event_number(&ev) { value.set(v.clamp(min, max)) } />
                <output>{move || format_significant(value.get(), 4)}</output>
            </label>
        }
    };
    let weight = |id: FnId, name: &str| id.spec().param(name);

    view! {
        <div class="loss-family" data-testid="family-panel-binary">
            <div class="loss-main">
                <PlotCanvas plot=bce_plot test_id="plot-bce"
                    label=label("binary_cross_entropy and its gradient against the probability p", "p", bce, p) />
                <PlotCanvas plot=logits_plot test_id="plot-bce-logits"
                    label=label("binary_cross_entropy_with_logits and its gradient against the logit z", "z", logits, z) />
                <PlotCanvas plot=margin_plot test_id="plot-soft-margin"
                    label=label("soft_margin_loss and its gradient against the logit z, target 2y − 1", "z", soft, z) />
            </div>
            <div class="loss-side">
                <fieldset class="loss-controls">
                    <legend>"Inputs"</legend>
                    {slider("target y (soft margin: 2y − 1)", "target", (0.0, 1.0, 0.01), target)}
                    {slider("probability p (binary_cross_entropy)", "probability", (0.0, 1.0, 0.001), p)}
                    {slider("logit z (with logits)", "logit", (LOGIT_RANGE.0, LOGIT_RANGE.1, 0.01), z)}
                </fieldset>
                <fieldset class="loss-controls">
                    <legend>"Parameters"</legend>
                    {weight(FnId::BinaryCrossEntropy, "weight").map(|s| view! { <ParamControl param=s params=bce /> })}
                    {weight(FnId::BinaryCrossEntropyWithLogits, "weight").map(|s| view! { <ParamControl param=s params=logits /> })}
                    {weight(FnId::BinaryCrossEntropyWithLogits, "pos_weight").map(|s| view! { <ParamControl param=s params=logits /> })}
                </fieldset>
                <table class="readout">
                    <caption>"float64, as PyTorch"</caption>
                    <thead><tr><th scope="col">"loss"</th><th scope="col">"value"</th><th scope="col">"∂/∂input"</th></tr></thead>
                    <tbody>
                        <ReadoutRow name="binary_cross_entropy"
                            value=Signal::derive(move || bce_value().map(|v| v.0))
                            grad=Signal::derive(move || bce_value().map(|v| v.1)) />
                        <ReadoutRow name="binary_cross_entropy_with_logits"
                            value=Signal::derive(move || logits_value().map(|v| v.0))
                            grad=Signal::derive(move || logits_value().map(|v| v.1)) />
                        <ReadoutRow name="soft_margin_loss"
                            value=Signal::derive(move || soft_value().map(|v| v.0))
                            grad=Signal::derive(move || soft_value().map(|v| v.1)) />
                    </tbody>
                </table>
                <p class="hint" data-testid="bce-clamp">
                    "PyTorch clamps each log at −100: at p = 0 with y = 1 (or p = 1 with y = 0) binary_cross_entropy gives 100·weight, not ∞, and its gradient stays finite. Move p to 0 and read it off."
                </p>
                <p class="hint advice" data-testid="bce-advice">
                    "Advice: feed logits to binary_cross_entropy_with_logits (nn.BCEWithLogitsLoss) instead of sigmoid + binary_cross_entropy: it is computed in one numerically stable step, never hits the clamp, and its gradient σ(z) − y never vanishes for a confidently wrong prediction."
                </p>
            </div>
            <NotesGrid ids=&[FnId::BinaryCrossEntropy, FnId::BinaryCrossEntropyWithLogits, FnId::SoftMarginLoss] />
        </div>
    }
}

/// The figure from the address, before the app has arrived ([`crate::first_plot`]):
/// binary_cross_entropy against p.
pub(super) fn first_plot(state: &LossState) {
    let params = state.params_or_default(FnId::BinaryCrossEntropy);
    super::first::loss_chart(|dark| {
        Ok(loss_plot(
            0,
            &params,
            live::TARGET.1,
            live::PROBABILITY.1,
            dark,
        ))
    });
}
