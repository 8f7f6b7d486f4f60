//! Multi-label margin: `multilabel_margin_loss` (the multi-label hinge) on the family's logits with
//! its own label set (a checkbox per class); the target row as PyTorch reads it (the labels' class
//! indices, then −1), the loss and its gradient on every logit as bars and in a read-out. Every
//! number comes from `loss::evaluate` through `loss_views::multilabel_margin`.

use leptos::prelude::*;
use nnfunc::loss_views::{multilabel_margin, multilabel_margin_target};
use nnfunc::Params;

use super::chart::PlotCanvas;
use super::class_plots::list;
use super::multilabel::{finite_bars, LossGradTable};
use crate::theme::use_environment;

/// The label set a panel starts with: classes 1 and 2 (on the page's first logits both are below
/// class 0's, so both pairs cost something).
pub fn default_margin_labels(count: usize) -> Vec<f64> {
    (0..count)
        .map(|i| if i == 1 || i == 2 { 1.0 } else { 0.0 })
        .collect()
}

/// The target row for the first `count` classes of `labels` (1 marks a label), as PyTorch takes it.
pub fn target_row(labels: &[f64], count: usize) -> Vec<f64> {
    let marked: Vec<bool> = (0..count).map(|i| labels.get(i) == Some(&1.0)).collect();
    multilabel_margin_target(&marked)
}

/// The loss and its gradient on each logit for the label set `labels` (1 or 0 per class).
pub fn multilabel_margin_at(
    params: &Params,
    logits: &[f64],
    labels: &[f64],
) -> Result<(f64, Vec<f64>), String> {
    multilabel_margin(params, logits, &target_row(labels, logits.len()))
}

/// A target row as PyTorch prints an int64 tensor: `[[1, 2, -1]]`.
pub fn target_text(row: &[f64]) -> String {
    let items: Vec<String> = row.iter().map(|&v| format!("{}", v as i64)).collect();
    format!("[[{}]]", items.join(", "))
}

/// The multi-label margin loss's label checkboxes, its target row, bars and read-outs; `logits`
/// are the family's, `labels` one 0 or 1 per possible class (shared with the PyTorch panel).
#[component]
pub fn MultilabelMarginPanel(
    params: RwSignal<Params>,
    logits: RwSignal<Vec<f64>>,
    labels: RwSignal<Vec<f64>>,
) -> impl IntoView {
    let dark = use_environment().dark;
    let value = Memo::new(move |_| {
        params.with(|p| logits.with(|x| labels.with(|y| multilabel_margin_at(p, x, y))))
    });
    let row = Memo::new(move |_| labels.with(|l| target_row(l, logits.with(Vec::len))));
    let plot = Signal::derive(move || finite_bars(value.get(), dark.get()));
    let label = Signal::derive(move || {
        let call = params.with(crate::torch::torch_call);
        let inputs = format!(
            "logits [{}], target {}",
            list(&logits.get()),
            target_text(&row.get())
        );
        match value.get() {
            Ok((loss, grad)) => format!(
                "Bars: multilabel_margin_loss ({call}) of {inputs}: loss {}, and its gradient on every logit [{}].",
                nnfunc::plot::format_significant(loss, 6),
                list(&grad)
            ),
            Err(message) => format!("multilabel_margin_loss of {inputs}: {message}"),
        }
    });
    view! {
        <div class="loss-main">
            <PlotCanvas plot=plot test_id="plot-multilabel-margin" label=label />
        </div>
        <div class="loss-side">
            <fieldset class="loss-controls">
                <legend>"Multi-label margin: the same logits, its own labels"</legend>
                <super::multilabel::LabelBoxes count=Signal::derive(move || logits.with(Vec::len)) labels=labels name="margin-label" text="a label" />
            </fieldset>
            <p class="hint">"target, as PyTorch reads it (int64): "
                <code data-testid="multilabel-margin-target">{move || target_text(&row.get())}</code>
            </p>
            <LossGradTable loss="multilabel_margin_loss" value=value />
            <p class="hint">"The labels' indices come first and the first −1 ends them. Each label j and non-label i closer than 1 (x_j − x_i < 1) cost 1 − (x_j − x_i), over C: the gradient lifts the label by 1/C and lowers the non-label by 1/C, per pair."</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnfunc::catalogue::FnId;

    #[test]
    fn the_label_set_becomes_the_target_row() {
        let labels = default_margin_labels(8);
        assert_eq!(target_row(&labels, 3), [1.0, 2.0, -1.0]);
        assert_eq!(target_text(&target_row(&labels, 4)), "[[1, 2, -1, -1]]");
        assert_eq!(target_text(&target_row(&[0.0; 3], 3)), "[[-1, -1, -1]]");
        let params = Params::defaults(FnId::MultilabelMarginLoss.spec());
        let (loss, grad) = multilabel_margin_at(&params, &[2.0, 1.0, 0.1], &labels)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loss, (2.0 + (1.0 - 0.1 + 2.0)) / 3.0);
        assert_eq!(grad, [2.0 / 3.0, -1.0 / 3.0, -1.0 / 3.0]);
    }
}
