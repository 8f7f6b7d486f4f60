//! Sequences: `ctc_loss` on a small example — an alphabet of the blank and a, b, c, a typed
//! target, T time steps whose logits come from a preset and a temperature — with its alignment
//! lattice (`ctc_lattice`), the loss under the page's reduction, −log p(target) and the gradient
//! PyTorch returns on every log-probability (a heatmap, and its numbers in a table below). Every number comes from `nnfunc::ctc::example`
//! (the loss through `loss::evaluate`); the whole example is in the address bar.

use std::sync::Arc;

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::ctc::example::{
    self, class_name, min_steps, parse_target, Evaluation, Preset, CLASSES, MAX_STEPS, TEMPERATURE,
};
use nnfunc::plot::format_significant;
use nnfunc::Params;

use super::ctc_lattice::{
    figure_classes, grad_chart, lattice_chart, CtcHeatmap, CtcLattice, LATTICE_CLASS,
};
use super::state::{CtcExample, LossState, LossStore};
use super::{event_number, in_words, readout, NotesGrid, DRAW_LOSS};
use crate::chart::heatmap;
use crate::components::{ParamControl, Select};
use crate::theme::ChartTheme;

/// The example evaluated under the page's parameters, or why not.
pub fn evaluate(params: &Params, ex: &CtcExample) -> Result<Evaluation, String> {
    let letters = parse_target(&ex.target)?;
    example::evaluate(params, &letters, ex.steps, ex.preset, ex.temperature)
}

/// The blank's class index under the page's parameters (0 to 3).
fn blank_class(params: &Params) -> usize {
    params.int("blank").unwrap_or(0).clamp(0, 3) as usize
}

/// Why no alignment fits, if none does: the target needs more time steps than there are.
fn too_short(ex: &CtcExample) -> Option<String> {
    let letters = parse_target(&ex.target).ok()?;
    let need = min_steps(&letters);
    (need > ex.steps).then(|| {
        format!(
            "“{}” needs at least {need} time steps (one per letter, and a blank between equal neighbours): no alignment fits in {}, so p(target) = 0 and the loss is infinite — zero_infinity makes it 0 with a zero gradient.",
            ex.target, ex.steps
        )
    })
}

#[component]
pub fn SequenceFamily(store: LossStore) -> impl IntoView {
    let params = store.params(FnId::CtcLoss);
    let ctc = store.ctc;
    let blank = move || params.with(blank_class);
    let evaluation = Memo::new(move |_| params.with(|p| ctc.with(|ex| evaluate(p, ex))));
    let posterior = Signal::derive(move || ctc.with(|ex| ex.posterior));
    let chart = Memo::new_with_compare(
        move |_| {
            evaluation.with(|e| {
                e.as_ref()
                    .map(|e| Arc::new(lattice_chart(e, blank(), posterior.get())))
                    .map_err(Clone::clone)
            })
        },
        |_, _| true,
    );
    let gradient = Memo::new_with_compare(
        move |_| {
            evaluation.with(|e| {
                e.as_ref()
                    .map(|e| Arc::new(grad_chart(e, blank())))
                    .map_err(Clone::clone)
            })
        },
        |_, _| true,
    );
    let gradient_label = Signal::derive(move || match evaluation.get() {
        Ok(e) => {
            let largest = e.grad.iter().fold(0.0f64, |m, g| m.max(g.abs()));
            format!(
                "PyTorch's gradient of the loss on log_probs: a row per class, a column per time step; blue below zero, red above, the largest size {}.",
                in_words(largest, 3)
            )
        }
        Err(message) => format!("The gradient on log_probs: {message}"),
    });
    let label = Signal::derive(move || {
        let ex = ctc.get();
        match evaluation.get() {
            Ok(e) => format!(
                "The CTC lattice of the target {} over {} time steps (logits {}, temperature {}): {} per cell; −log p(target) = {}.",
                ex.target,
                ex.steps,
                ex.preset.label(),
                format_significant(ex.temperature, 4),
                if ex.posterior { "the share of alignments" } else { "log α" },
                in_words(e.lattice.nll, 6)
            ),
            Err(message) => format!("The CTC lattice: {message}"),
        }
    });
    let pick = move |f: fn(&Evaluation) -> f64| move || readout(evaluation.get().map(|e| f(&e)));
    let reduction = move || params.with(|p| p.choice("reduction"));
    view! {
        <div class="loss-family" data-testid="family-panel-sequences">
        <div class="loss-main">
            <CtcLattice chart=chart posterior=posterior label=label />
            <h3 class="ctc-heading">"∂loss/∂log_probs, as PyTorch's autograd returns it"</h3>
            <CtcHeatmap chart=gradient test_id="plot-ctc-grad" value="gradient" class="ctc-gradient" label=gradient_label />
            <p class="hint">"Blue: raising that log-probability lowers the loss (the label is used there more than the model predicts); red: it raises the loss. White: zero."</p>
        </div>
        <div class="loss-side">
            <CtcControls store=store />
            {move || ctc.with(too_short).map(|text| view! { <p class="hint" role="status" data-testid="ctc-impossible">{text}</p> })}
            <table class="readout">
                <caption><code>"ctc_loss"</code>", float64, as PyTorch"</caption>
                <thead><tr><th scope="col">"quantity"</th><th scope="col">"value"</th></tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">"loss, reduction='" {reduction} "'"</th>
                        <td data-testid="readout-loss" data-loss="ctc_loss"
                            data-value=move || evaluation.get().map_or(String::new(), |e| e.loss.to_string())>{pick(|e| e.loss)}</td>
                    </tr>
                    <tr>
                        <th scope="row">"−log p(target | input)"</th>
                        <td data-testid="readout-nll" data-value=move || evaluation.get().map_or(String::new(), |e| e.lattice.nll.to_string())>{pick(|e| e.lattice.nll)}</td>
                    </tr>
                    <tr><th scope="row">"p(target | input)"</th><td data-testid="readout-p">{pick(|e| (-e.lattice.nll).exp())}</td></tr>
                </tbody>
            </table>
            <p class="hint">"'mean' divides the loss by the target's length; the gradient is PyTorch's on log_probs: exp(log_probs) minus the share of alignments using each label at each step."</p>
        </div>
        <GradTable evaluation=evaluation blank=Signal::derive(blank) />
        <NotesGrid ids=&[FnId::CtcLoss] />
        </div>
    }
}

/// The example's inputs: the target, T, the logits' preset and temperature, the loss's
/// parameters and which map the lattice shows.
#[component]
fn CtcControls(store: LossStore) -> impl IntoView {
    let params = store.params(FnId::CtcLoss);
    let ctc = store.ctc;
    let typed = RwSignal::new(ctc.get_untracked().target);
    let problem = RwSignal::new(None::<String>);
    let on_target = move |ev: web_sys::Event| {
        let text = crate::dom::target_value(&ev).unwrap_or_default();
        typed.set(text.clone());
        match parse_target(&text) {
            Ok(_) => {
                problem.set(None);
                ctc.update(|ex| ex.target = text.trim().to_ascii_lowercase());
            }
            Err(message) => problem.set(Some(format!(
                "{message}; the lattice keeps “{}”.",
                ctc.with_untracked(|ex| ex.target.clone())
            ))),
        }
    };
    let options = ["blank", "reduction", "zero_infinity"]
        .into_iter()
        .filter_map(|name| FnId::CtcLoss.spec().param(name))
        .map(|s| view! { <ParamControl param=s params=params /> })
        .collect_view();
    view! {
        <fieldset class="loss-controls">
            <legend>"CTC: a target and T steps of logits over ∅, a, b, c"</legend>
            <label class="loss-field">
                <span>"target (a, b, c)"</span>
                <input type="text" name="ctc-target" maxlength="12" autocomplete="off" spellcheck="false"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    prop:value=move || typed.get() on:input=on_target />
            </label>
            {move || problem.get().map(|text| view! { <p class="hint" role="alert" data-testid="ctc-target-problem">{text}</p> })}
            <label class="loss-field">
                <span>"time steps T"</span>
                <input type="range" name="ctc-steps" min="1" max=MAX_STEPS step="1"
                    prop:value=move || ctc.with(|ex| ex.steps.to_string())
                    on:input=move |ev| if let Some(v) = event_number(&ev) { ctc.update(|ex| ex.steps = (v as usize).clamp(1, MAX_STEPS)) } />
                <output>{move || ctc.with(|ex| ex.steps)}</output>
            </label>
            <label class="loss-field">
                <span>"logits"</span>
                <Select name="ctc-preset" test_id="ctc-preset" options=Preset::ALL.to_vec()
                    key=|p| p.key().into() text=|p| p.label().into()
                    value=Signal::derive(move || ctc.with(|ex| ex.preset))
                    on_pick=move |p| ctc.update(|ex| ex.preset = p) />
            </label>
            <label class="loss-field">
                <span>"temperature"</span>
                <input type="range" name="ctc-temperature" min=TEMPERATURE.0 max=TEMPERATURE.1 step="0.1"
                    prop:value=move || ctc.with(|ex| ex.temperature.to_string())
                    on:input=move |ev| if let Some(v) = event_number(&ev) { ctc.update(|ex| ex.temperature = v.clamp(TEMPERATURE.0, TEMPERATURE.1)) } />
                <output>{move || ctc.with(|ex| format_significant(ex.temperature, 3))}</output>
            </label>
            <label class="loss-field">
                <span>"lattice shows"</span>
                <Select name="ctc-map" test_id="ctc-map" options=vec![false, true]
                    key=|p| if p { "posterior" } else { "alpha" }.into()
                    text=|p| if p { "share of alignments (α·β / p)" } else { "forward variable log α" }.into()
                    value=posterior_signal(ctc) on_pick=move |p| ctc.update(|ex| ex.posterior = p) />
            </label>
            {options}
        </fieldset>
    }
}

fn posterior_signal(ctc: RwSignal<CtcExample>) -> Signal<bool> {
    Signal::derive(move || ctc.with(|ex| ex.posterior))
}

/// The gradient PyTorch returns on log_probs as numbers (what the heatmap shows, to read or for
/// a screen reader): a row per time step, a column per class, closed at first.
#[component]
fn GradTable(evaluation: Memo<Result<Evaluation, String>>, blank: Signal<usize>) -> impl IntoView {
    let head = move || {
        (0..CLASSES)
            .map(|c| view! { <th scope="col">{class_name(c, blank.get())}</th> })
            .collect_view()
    };
    let rows = move || {
        let Ok(e) = evaluation.get() else {
            return Vec::new();
        };
        e.grad
            .chunks(CLASSES)
            .enumerate()
            .map(|(t, row)| {
                let cells = row
                    .iter()
                    .map(|g| view! { <td>{in_words(*g, 3)}</td> })
                    .collect_view();
                view! { <tr><th scope="row">{t}</th>{cells}</tr> }
            })
            .collect()
    };
    view! {
        <details class="ctc-grad">
            <summary>"The gradient as numbers"</summary>
            <div class="ctc-grad-table" tabindex="0" role="region" aria-label="Gradient on log_probs">
                <table class="readout" data-testid="ctc-grad">
                    <caption>"∂loss/∂log_probs, as PyTorch's autograd returns it"</caption>
                    <thead><tr><th scope="col">"t"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

/// The lattice from the address, before the app has arrived ([`crate::first_plot`]), drawn as
/// [`CtcHeatmap`] draws it.
pub(super) fn first_plot(state: &LossState) {
    let classes = figure_classes(LATTICE_CLASS);
    crate::first_plot::draw_on_canvas(&classes, "", DRAW_LOSS, |canvas, _, dark| {
        let params = state.params_or_default(FnId::CtcLoss);
        let evaluation = evaluate(&params, &state.ctc)?;
        let chart = lattice_chart(&evaluation, blank_class(&params), state.ctc.posterior);
        heatmap::draw(canvas, &chart, &ChartTheme::new(dark)).map(|_| ())
    });
}
