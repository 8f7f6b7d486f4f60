//! Multi-class margin: `multi_margin_loss` (the SVM's multi-class hinge) on the family's logits,
//! target class and class weights, with its p and margin; the loss and its gradient on every logit
//! as bars and in a read-out. Every number comes from `loss::evaluate` through
//! `loss_views::classification`.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::{classification, ClassTarget};
use nnfunc::Params;

use super::chart::PlotCanvas;
use super::class_plots::{list, with_weights};
use super::multilabel::LossGradTable;
use crate::components::ParamControl;
use crate::theme::use_environment;

/// The loss and its gradient on each logit; class probabilities are refused (PyTorch takes class
/// indices only).
pub fn multi_margin_at(
    params: &Params,
    logits: &[f64],
    target: &ClassTarget,
    weights: Option<&[f64]>,
) -> Result<(f64, Vec<f64>), String> {
    match target {
        ClassTarget::Index(_) => classification(&with_weights(params, weights)?, logits, target),
        ClassTarget::Probabilities(_) => {
            Err("multi_margin_loss takes class indices only".to_string())
        }
    }
}

/// The multi-class margin loss's bars, its p and margin, and its read-outs, on the family's logits,
/// target and class weights.
#[component]
pub fn MultiMarginPanel(
    params: RwSignal<Params>,
    logits: RwSignal<Vec<f64>>,
    #[prop(into)] target: Signal<ClassTarget>,
    #[prop(into)] weights: Signal<Option<Vec<f64>>>,
) -> impl IntoView {
    let dark = use_environment().dark;
    let value = Memo::new(move |_| {
        let w = weights.get();
        params.with(|p| logits.with(|x| multi_margin_at(p, x, &target.get(), w.as_deref())))
    });
    let plot = Signal::derive(move || super::multilabel::finite_bars(value.get(), dark.get()));
    let label = Signal::derive(move || {
        let call = params.with(crate::torch::torch_call);
        let inputs = match target.get() {
            ClassTarget::Index(k) => format!("logits [{}], target class {k}", list(&logits.get())),
            ClassTarget::Probabilities(_) => format!("logits [{}]", list(&logits.get())),
        };
        match value.get() {
            Ok((loss, grad)) => format!(
                "Bars: multi_margin_loss ({call}) of {inputs}: loss {}, and its gradient on every logit [{}].",
                nnfunc::plot::format_significant(loss, 6),
                list(&grad)
            ),
            Err(message) => format!("multi_margin_loss of {inputs}: {message}"),
        }
    });
    let options = ["p", "margin"]
        .into_iter()
        .filter_map(|name| FnId::MultiMarginLoss.spec().param(name))
        .map(|s| view! { <ParamControl param=s params=params /> })
        .collect_view();
    view! {
        <div class="loss-main">
            <PlotCanvas plot=plot test_id="plot-multi-margin" label=label />
        </div>
        <div class="loss-side">
            <fieldset class="loss-controls">
                <legend>"Multi-class margin: the same logits, target and class weights"</legend>
                {options}
            </fieldset>
            <LossGradTable loss="multi_margin_loss" value=value />
            <p class="hint">"Every other class whose logit comes within the margin of the true class's pushes it up and itself down, by 1/C each (p = 1); once the true class leads by the margin everywhere the loss and its gradient are exactly 0."</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_indices_only_and_the_family_weights() {
        let params = Params::defaults(FnId::MultiMarginLoss.spec());
        let logits = [2.0, 3.0, 0.1];
        let (loss, grad) = multi_margin_at(&params, &logits, &ClassTarget::Index(2), None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loss, ((1.0 - 0.1 + 2.0) + (1.0 - 0.1 + 3.0)) / 3.0);
        assert_eq!(grad, [1.0 / 3.0, 1.0 / 3.0, -2.0 / 3.0]);
        let weighted = multi_margin_at(
            &params,
            &logits,
            &ClassTarget::Index(2),
            Some(&[1.0, 1.0, 0.5]),
        );
        assert_eq!(weighted.map(|v| v.0), Ok(loss * 0.5));
        let soft = ClassTarget::Probabilities(vec![0.2, 0.3, 0.5]);
        assert!(multi_margin_at(&params, &logits, &soft, None).is_err());
    }
}
