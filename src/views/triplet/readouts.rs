//! The read-out table: the losses and distances of the triplet as PyTorch computes them (float64),
//! or the batch's statistics.

use leptos::prelude::*;
use nnfunc::plot::format_significant;
use nnfunc::triplet::Evaluation;

use super::batch::BatchReadouts;
use super::model::{readout, Derived, Model};
use super::state::Mode;

#[component]
pub fn Readouts(model: Model, derived: Derived) -> impl IntoView {
    let Model { mode, history, .. } = model;
    let Derived {
        evaluation, stats, ..
    } = derived;
    view! {
        <div class="readout-wrap">
        <table class="readout triplet-readout">
            <caption>"Values (float64, as PyTorch)"</caption>
            <tbody>
                {move || (mode.get() == Mode::Single).then(|| view! { <SingleReadouts model derived /> })}
                {move || stats.get().map(|stats| view! { <BatchReadouts stats history /> })}
            </tbody>
        </table>
        </div>
        {move || evaluation.get().err().map(|m| view! { <p class="chart-message" role="status">{m}</p> })}
    }
}

/// One triplet's rows.
#[component]
fn SingleReadouts(model: Model, derived: Derived) -> impl IntoView {
    let config = model.config;
    let evaluation = derived.evaluation;
    let eval_text = move |f: fn(&Evaluation) -> f64| {
        move || match evaluation.get() {
            Ok(e) => readout(f(&e)),
            Err(_) => "—".into(),
        }
    };
    view! {
        <tr>
            <th scope="row">"triplet_margin_loss"</th>
            <td data-testid="readout-triplet">{eval_text(|e| e.margin_loss)}</td>
        </tr>
        <tr>
            <th scope="row">"ratio_loss"</th>
            <td data-testid="readout-ratio">{eval_text(|e| e.ratio_loss)}</td>
        </tr>
        <tr>
            <th scope="row">"δ₊ = ‖a − p + eps‖"<sub>"p"</sub></th>
            <td data-testid="readout-dpos">{eval_text(|e| e.d_pos)}</td>
        </tr>
        <tr>
            <th scope="row">"d(a, n) = ‖a − n + eps‖"<sub>"p"</sub></th>
            <td data-testid="readout-dneg">{eval_text(|e| e.d_anchor_negative)}</td>
        </tr>
        {move || config.get().swap.then(|| view! {
            <tr>
                <th scope="row">"d(p, n) = ‖p − n + eps‖"<sub>"p"</sub></th>
                <td data-testid="readout-dpn">{eval_text(|e| e.d_positive_negative)}</td>
            </tr>
        })}
        <tr>
            <th scope="row">"δ₋ the margin loss used"</th>
            <td data-testid="readout-dneg-used">
                {move || match evaluation.get() {
                    Ok(e) if e.swapped => "d(p, n) (swapped: p is nearer to n)",
                    Ok(_) if config.get().swap => "d(a, n) (no swap needed)",
                    Ok(_) => "d(a, n)",
                    Err(_) => "—",
                }}
            </td>
        </tr>
        <tr>
            <th scope="row">"ratio loss's δ₊, δ₋ (L2, no eps)"</th>
            <td data-testid="readout-ratio-distances">
                {move || match evaluation.get() {
                    Ok(e) => format!("{}, {}", format_significant(e.ratio_d_pos, 6), format_significant(e.ratio_d_neg, 6)),
                    Err(_) => "—".into(),
                }}
            </td>
        </tr>
    }
}
