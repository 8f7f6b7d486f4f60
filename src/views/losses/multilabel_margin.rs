//! Multi-label margin: `multilabel_margin_loss` (the multi-label hinge) on the family's logits with
//! its own target, typed as PyTorch takes it: the labels' class indices in order (a repeat counts
//! its pairs twice), then −1 to the row's end. The target row as PyTorch reads it, the loss and its
//! gradient on every logit as bars and in a read-out. Every number comes from `loss::evaluate`
//! through `loss_views::multilabel_margin`; the labels are in the address bar
//! (`multilabel_margin_loss.target`).

use leptos::prelude::*;
use nnfunc::loss_views::{multilabel_margin, multilabel_margin_row};
use nnfunc::Params;

use super::chart::PlotCanvas;
use super::class_plots::list;
use super::multilabel::{finite_bars, LossGradTable};
use super::state::parse_margin_target;
use crate::theme::use_environment;

/// The loss, its gradient on each logit and the target row for the ordered `labels`, or why
/// PyTorch would refuse them (a label that is not one of the logits' classes).
pub fn multilabel_margin_at(
    params: &Params,
    logits: &[f64],
    labels: &[usize],
) -> Result<(f64, Vec<f64>, Vec<f64>), String> {
    let row = multilabel_margin_row(labels, logits.len())?;
    let (loss, grad) = multilabel_margin(params, logits, &row)?;
    Ok((loss, grad, row))
}

/// A target row as PyTorch prints an int64 tensor: `[[1, 2, -1]]`.
pub fn target_text(row: &[f64]) -> String {
    let items: Vec<String> = row.iter().map(|&v| format!("{}", v as i64)).collect();
    format!("[[{}]]", items.join(", "))
}

/// Labels as the box shows them: `2, 0`.
fn labels_text(labels: &[usize]) -> String {
    labels
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The box for the ordered labels: what is typed stays; a list that is not whole class indices
/// of the current logits is refused with a message and the panel keeps its labels.
#[component]
fn TargetBox(labels: RwSignal<Vec<usize>>, count: Signal<usize>) -> impl IntoView {
    let typed = RwSignal::new(labels.with_untracked(|l| labels_text(l)));
    let problem = RwSignal::new(None::<String>);
    let on_input = move |ev: web_sys::Event| {
        let text = crate::dom::target_value(&ev).unwrap_or_default();
        typed.set(text.clone());
        let c = count.get_untracked();
        let checked =
            parse_margin_target(&text).and_then(|l| multilabel_margin_row(&l, c).map(|_| l));
        match checked {
            Ok(l) => {
                problem.set(None);
                labels.set(l);
            }
            Err(message) => problem.set(Some(format!(
                "{message}; the panel keeps [{}].",
                labels.with_untracked(|l| labels_text(l))
            ))),
        }
    };
    view! {
        <label class="loss-field">
            <span>{move || format!("labels, in order (classes 0 to {})", count.get().saturating_sub(1))}</span>
            <input type="text" name="margin-target" data-testid="multilabel-margin-labels" maxlength="40"
                autocomplete="off" spellcheck="false" inputmode="numeric"
                aria-invalid=move || problem.with(Option::is_some).to_string()
                prop:value=move || typed.get() on:input=on_input />
        </label>
        {move || problem.get().map(|text| view! { <p class="hint" role="alert" data-testid="multilabel-margin-problem">{text}</p> })}
    }
}

/// The multi-label margin loss's target box, its target row, bars and read-outs; `logits` are
/// the family's, `labels` the ordered class indices (the store's, in the address bar).
#[component]
pub fn MultilabelMarginPanel(
    params: RwSignal<Params>,
    logits: RwSignal<Vec<f64>>,
    labels: RwSignal<Vec<usize>>,
) -> impl IntoView {
    let dark = use_environment().dark;
    let value = Memo::new(move |_| {
        params.with(|p| logits.with(|x| labels.with(|y| multilabel_margin_at(p, x, y))))
    });
    let pair = Memo::new(move |_| value.get().map(|(loss, grad, _)| (loss, grad)));
    let count = Signal::derive(move || logits.with(Vec::len));
    let row = move || {
        value
            .get()
            .map_or_else(|message| message, |v| target_text(&v.2))
    };
    let plot = Signal::derive(move || finite_bars(pair.get(), dark.get()));
    let label = Signal::derive(move || {
        let call = params.with(crate::torch::torch_call);
        let inputs = format!(
            "logits [{}], labels in order [{}]",
            list(&logits.get()),
            labels.with(|l| labels_text(l))
        );
        match value.get() {
            Ok((loss, grad, row)) => format!(
                "Bars: multilabel_margin_loss ({call}) of {inputs}, target {}: loss {}, and its gradient on every logit [{}].",
                target_text(&row),
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
                <legend>"Multi-label margin: the same logits, its own target"</legend>
                <TargetBox labels=labels count=count />
            </fieldset>
            <p class="hint">"target, as PyTorch reads it (int64): "
                <code data-testid="multilabel-margin-target">{row}</code>
            </p>
            <LossGradTable loss="multilabel_margin_loss" value=pair />
            <p class="hint">"PyTorch reads the labels' indices in order and stops at the first −1 (the row has one slot per class; −1 fills the rest). Order does not change the loss; a repeated label counts its pairs again. Each label j and non-label i closer than 1 (x_j − x_i < 1) cost 1 − (x_j − x_i), over C: the gradient lifts the label by 1/C and lowers the non-label by 1/C, per pair."</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnfunc::catalogue::FnId;

    #[test]
    fn the_ordered_labels_become_the_target_row() {
        let params = Params::defaults(FnId::MultilabelMarginLoss.spec());
        let at = |labels: &[usize]| multilabel_margin_at(&params, &[2.0, 1.0, 0.1], labels);
        let (loss, grad, row) = at(&[1, 2]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(target_text(&row), "[[1, 2, -1]]");
        assert_eq!(loss, (2.0 + (1.0 - 0.1 + 2.0)) / 3.0);
        assert_eq!(grad, [2.0 / 3.0, -1.0 / 3.0, -1.0 / 3.0]);
        let (_, _, row) = at(&[2, 0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(target_text(&row), "[[2, 0, -1]]");
        assert_eq!(
            target_text(&at(&[]).map(|v| v.2).unwrap_or_default()),
            "[[-1, -1, -1]]"
        );
        // Class 3 of three logits: refused, with the classes there are.
        assert!(at(&[3]).is_err_and(|e| e.contains("0 to 2")));
        assert_eq!(labels_text(&[2, 0, 2]), "2, 0, 2");
    }
}
