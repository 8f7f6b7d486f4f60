//! Multi-label: `multilabel_soft_margin_loss` on the family's logits with a yes-or-no label per
//! class (several classes may be on at once), its optional weight; the loss and its gradient on
//! every logit as bars and in a read-out. Every number comes from `loss::evaluate` through
//! `loss_views::classification` (the labels as a target row of 0s and 1s).

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::{classification, ClassTarget};
use nnfunc::Params;

use super::chart::{Plot, PlotCanvas};
use super::class_plots::{bars_plot, list};
use super::{readout, readout_list};
use crate::components::{Checkbox, ParamControl};
use crate::theme::use_environment;

/// The labels a panel starts with: every other class on.
pub fn default_labels(count: usize) -> Vec<f64> {
    (0..count)
        .map(|i| if i % 2 == 0 { 1.0 } else { 0.0 })
        .collect()
}

/// The bars of the loss and its gradient on every logit, or why there are none: the chart is only
/// ever given finite bars (a weight near the largest float64 overflows the loss).
pub fn finite_bars(value: Result<(f64, Vec<f64>), String>, dark: bool) -> Result<Plot, String> {
    let (loss, grad) = value?;
    if !loss.is_finite() || grad.iter().any(|g| !g.is_finite()) {
        return Err("The loss or a gradient overflows float64 here: no bars to draw.".into());
    }
    Ok(bars_plot(loss, &grad, dark))
}

/// The loss and its gradient on each logit, for the first `logits.len()` labels.
pub fn multilabel_at(
    params: &Params,
    logits: &[f64],
    labels: &[f64],
) -> Result<(f64, Vec<f64>), String> {
    let target = labels.iter().take(logits.len()).copied().collect();
    classification(params, logits, &ClassTarget::Probabilities(target))
}

/// The multi-label soft margin loss's bars, its labels and weight, and its read-outs; `logits`
/// are the family's, `labels` one 0 or 1 per possible class (shared with the PyTorch panel by the
/// family).
#[component]
pub fn MultilabelPanel(
    params: RwSignal<Params>,
    logits: RwSignal<Vec<f64>>,
    labels: RwSignal<Vec<f64>>,
) -> impl IntoView {
    let dark = use_environment().dark;
    let value = Memo::new(move |_| {
        params.with(|p| logits.with(|x| labels.with(|y| multilabel_at(p, x, y))))
    });
    let plot = Signal::derive(move || finite_bars(value.get(), dark.get()));
    let label = Signal::derive(move || {
        let call = params.with(crate::torch::torch_call);
        let (x, y) = (logits.get(), labels.get());
        let inputs = format!(
            "logits [{}], labels [{}]",
            list(&x),
            list(&y[..x.len().min(y.len())])
        );
        match value.get() {
            Ok((loss, grad)) => format!(
                "Bars: multilabel_soft_margin_loss ({call}) of {inputs}: loss {}, and its gradient on every logit [{}].",
                nnfunc::plot::format_significant(loss, 6),
                list(&grad)
            ),
            Err(message) => format!("multilabel_soft_margin_loss of {inputs}: {message}"),
        }
    });
    let weight = FnId::MultilabelSoftMarginLoss.spec().param("weight");
    view! {
        <div class="loss-main">
            <PlotCanvas plot=plot test_id="plot-multilabel" label=label />
        </div>
        <div class="loss-side">
            <fieldset class="loss-controls">
                <legend>"Multi-label: the same logits, a label per class"</legend>
                <LabelBoxes count=Signal::derive(move || logits.with(Vec::len)) labels=labels name="label" text="on" />
                {weight.map(|s| view! { <ParamControl param=s params=params /> })}
            </fieldset>
            <LossGradTable loss="multilabel_soft_margin_loss" value=value />
            <p class="hint">"Each class is its own yes-or-no question: the gradient on logit c is (σ(x_c) − y_c)/C, so every class is pushed on its own and the logits need not compete as in cross_entropy."</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_only_of_finite_values() {
        assert!(finite_bars(Ok((0.5, vec![0.1, -0.2])), false).is_ok());
        assert!(finite_bars(Ok((f64::INFINITY, vec![0.1])), false).is_err());
        assert!(finite_bars(Ok((0.5, vec![f64::NAN])), true).is_err());
        assert!(finite_bars(Err("refused".into()), false).is_err());
    }

    #[test]
    fn the_labels_follow_the_logits() {
        let params = Params::defaults(FnId::MultilabelSoftMarginLoss.spec());
        let labels = default_labels(8);
        assert_eq!(labels[..3], [1.0, 0.0, 1.0]);
        let (loss, grad) =
            multilabel_at(&params, &[2.0, 1.0, 0.1], &labels).unwrap_or_else(|e| panic!("{e}"));
        let softplus = |v: f64| v.exp().ln_1p();
        let want = (softplus(-2.0) + softplus(1.0) + softplus(-0.1)) / 3.0;
        assert!((loss - want).abs() < 1e-15, "{loss} vs {want}");
        assert_eq!(grad.len(), 3);
    }
}

/// The read-out of a loss over the page's logits: its value and its gradient on every logit
/// (test ids `readout-loss`, `readout-grad`, with `data-loss`).
#[component]
pub fn LossGradTable(
    loss: &'static str,
    value: Memo<Result<(f64, Vec<f64>), String>>,
) -> impl IntoView {
    view! {
        <table class="readout">
            <caption><code>{loss}</code>", float64, as PyTorch"</caption>
            <thead><tr><th scope="col">"quantity"</th><th scope="col">"value"</th></tr></thead>
            <tbody>
                <tr>
                    <th scope="row">"loss"</th>
                    <td data-testid="readout-loss" data-loss=loss
                        data-value=move || value.get().map_or(String::new(), |v| v.0.to_string())>
                        {move || readout(value.get().map(|v| v.0))}
                    </td>
                </tr>
                <tr>
                    <th scope="row">"∂/∂logits"</th>
                    <td data-testid="readout-grad" data-loss=loss>
                        {move || readout_list(value.get().map(|v| v.1))}
                    </td>
                </tr>
            </tbody>
        </table>
    }
}

/// A checkbox per class (`<name>-<i>`, "class i <text>"), setting its entry of `labels` to 1 or 0.
#[component]
pub fn LabelBoxes(
    count: Signal<usize>,
    labels: RwSignal<Vec<f64>>,
    name: &'static str,
    text: &'static str,
) -> impl IntoView {
    move || {
        (0..count.get())
            .map(|i| {
                let checked = Signal::derive(move || labels.with(|l| l.get(i) == Some(&1.0)));
                let toggle = move |on: bool| {
                    labels.update(|l| {
                        if let Some(slot) = l.get_mut(i) {
                            *slot = if on { 1.0 } else { 0.0 };
                        }
                    })
                };
                view! {
                    <Checkbox class="loss-field class-field" name=format!("{name}-{i}") checked=checked on_toggle=toggle>
                        <span>{format!("class {i} {text}")}</span>
                    </Checkbox>
                }
            })
            .collect_view()
    }
}
