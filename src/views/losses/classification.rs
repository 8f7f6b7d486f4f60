//! Classification: `cross_entropy` on editable logits and `nll_loss` on the same numbers read as
//! log-probabilities, for 2–8 classes; a class-index or soft (probability) target, optional class
//! weights and `label_smoothing`. The loss and its gradient on every input as bars, and the loss
//! against the true-class logit with the others fixed. Every number comes from `loss::evaluate`
//! through `loss_views::classification`. Below, `multi_margin_loss` on the same logits, target and
//! weights (`multi_margin`), `multilabel_soft_margin_loss` on the same logits with a label per
//! class (`multilabel`), `multilabel_margin_loss` on the same logits with its own label set
//! (`multilabel_margin`), and each sample of a small batch with and without label
//! smoothing and class weights (`class_batch`).

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::{classification, ClassTarget};
use nnfunc::Params;

use super::chart::{Plot, PlotCanvas};
use super::class_batch;
use super::class_plots::{bars_plot, curve_plot, inputs_text, list, with_weights};
use super::pytorch::live;
use super::state::{LossState, LossStore};
use super::{event_number, NotesGrid, ReadoutRow};
use crate::components::{Checkbox, ParamControl};
use crate::theme::use_environment;
use crate::torch::script::{live_list, live_number};

const MIN_CLASSES: usize = 2;
use super::state::MAX_CLASSES;
/// The largest |value| a logit, probability or weight box takes.
const LIMIT: f64 = 1000.0;
/// The target class the view opens with.
const START_CLASS: usize = live::CLASS.1 as usize;

#[component]
pub fn ClassificationFamily(store: LossStore) -> impl IntoView {
    let environment = use_environment();
    let ce = store.params(FnId::CrossEntropy);
    let nll = store.params(FnId::NllLoss);
    let logits = RwSignal::new(live::LOGITS.1.to_vec());
    let class = RwSignal::new(START_CLASS);
    let use_weights = RwSignal::new(false);
    let weights = RwSignal::new(vec![1.0_f64; 3]);
    let soft = RwSignal::new(false);
    let probabilities = RwSignal::new(vec![0.7_f64, 0.2, 0.1]);
    let labels = RwSignal::new(super::multilabel::default_labels(MAX_CLASSES));
    crate::components::pytorch::share_live(move || {
        let n = logits.with(Vec::len);
        let mut values = vec![
            live_list(live::LOGITS.0, &logits.get()),
            live_number(live::CLASS.0, class.get() as f64),
            live_list(live::LABELS, &labels.with(|l| l[..n.min(l.len())].to_vec())),
        ];
        if use_weights.get() {
            values.push(live_list(live::WEIGHTS, &weights.get()));
        }
        if soft.get() {
            values.push(live_list(live::PROBABILITIES, &probabilities.get()));
        }
        values
    });

    let target = move || {
        if soft.get() {
            ClassTarget::Probabilities(probabilities.get())
        } else {
            ClassTarget::Index(class.get())
        }
    };
    let weight_list = move || use_weights.get().then(|| weights.get());
    let evaluate = move |params: RwSignal<Params>, input: &[f64], target: &ClassTarget| {
        let w = weight_list();
        params
            .with(|p| with_weights(p, w.as_deref()))
            .and_then(|p| classification(&p, input, target))
    };
    let ce_value = Memo::new(move |_| evaluate(ce, &logits.get(), &target()));
    let nll_value = Memo::new(move |_| match target() {
        ClassTarget::Index(k) => evaluate(nll, &logits.get(), &ClassTarget::Index(k)),
        ClassTarget::Probabilities(_) => Err("nll_loss takes class indices only".to_string()),
    });

    let bars = Signal::derive(move || {
        let dark = environment.dark.get();
        let (loss, grad) = ce_value.get()?;
        Ok(bars_plot(loss, &grad, dark))
    });

    // The plots' text alternatives: the inputs, the PyTorch call and the numbers drawn.
    let describe_inputs =
        move || logits.with(|l| inputs_text(l, &target(), weight_list().as_deref()));
    let bars_label = Signal::derive(move || {
        let call = ce.with(crate::torch::torch_call);
        match ce_value.get() {
            Ok((loss, grad)) => format!(
                "Bars: cross_entropy ({call}) of {}: loss {}, and its gradient on every logit [{}].",
                describe_inputs(),
                nnfunc::plot::format_significant(loss, 6),
                list(&grad)
            ),
            Err(message) => format!("cross_entropy of {}: {message}", describe_inputs()),
        }
    });
    let curve_label = Signal::derive(move || {
        format!(
            "cross_entropy against the true-class logit, the other logits fixed, for {}; the \
             current logit is marked.",
            describe_inputs()
        )
    });

    let curve = Signal::derive(move || {
        let dark = environment.dark.get();
        let w = weight_list();
        let t = target();
        ce.with(|p| logits.with(|l| class_curve(p, w.as_deref(), l, &t, dark)))
    });

    let resize = move |n: usize| {
        let fit = |v: &mut Vec<f64>, fill: f64| v.resize(n, fill);
        logits.update(|v| fit(v, 0.0));
        weights.update(|v| fit(v, 1.0));
        probabilities.update(|v| fit(v, 0.0));
        if class.get_untracked() >= n {
            class.set(n - 1);
        }
    };
    let count = Memo::new(move |_| logits.with(Vec::len));
    let spec_param = |id: FnId, name: &str| id.spec().param(name);

    view! {
        <div class="loss-family" data-testid="family-panel-classification">
            <div class="loss-main">
                <PlotCanvas plot=curve test_id="plot-class-curve" label=curve_label />
                <PlotCanvas plot=bars test_id="plot-class-bars" label=bars_label />
            </div>
            <div class="loss-side">
                <fieldset class="loss-controls">
                    <legend>"Logits (log-probabilities for nll_loss)"</legend>
                    <NumberList values=logits count=count prefix="logit" label="x" step=0.1 />
                    <div class="class-buttons">
                        <button type="button" data-testid="class-add"
                            disabled=move || { count.get() >= MAX_CLASSES }
                            on:click=move |_| resize((count.get() + 1).min(MAX_CLASSES))>"add a class"</button>
                        <button type="button" data-testid="class-remove"
                            disabled=move || { count.get() <= MIN_CLASSES }
                            on:click=move |_| resize(count.get().saturating_sub(1).max(MIN_CLASSES))>"remove a class"</button>
                    </div>
                </fieldset>
                <fieldset class="loss-controls">
                    <legend>"Target"</legend>
                    <Checkbox class="loss-field" name="soft-target" test_id="soft-target"
                        checked=soft on_toggle=move |on| soft.set(on)>
                        <span>"soft target (class probabilities)"</span>
                    </Checkbox>
                    <Show when=move || !soft.get()>
                        <label class="loss-field">
                            <span>"target class"</span>
                            <select name="target-class" data-testid="target-class"
                                prop:value=move || class.get().to_string()
                                on:change=move |ev| if let Some(k) = crate::dom::target_value(&ev).and_then(|t| t.parse::<usize>().ok()) {
                                    class.set(k.min(count.get() - 1));
                                }>
                                {move || (0..count.get()).map(|i| view! {
                                    <option value=i.to_string() selected=move || class.get() == i>{format!("class {i}")}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    </Show>
                    <Show when=move || soft.get()>
                        <NumberList values=probabilities count=count prefix="prob" label="p" step=0.05 />
                        <p class="hint">"cross_entropy takes the probabilities as given (PyTorch does not renormalise them); nll_loss takes class indices only."</p>
                    </Show>
                </fieldset>
                <fieldset class="loss-controls">
                    <legend>"Parameters"</legend>
                    {spec_param(FnId::CrossEntropy, "label_smoothing").map(|s| view! { <ParamControl param=s params=ce /> })}
                    <Checkbox class="loss-field" name="class-weights" test_id="class-weights"
                        checked=use_weights on_toggle=move |on| use_weights.set(on)>
                        <span>"class weights (weight=)"</span>
                    </Checkbox>
                    <Show when=move || use_weights.get()>
                        <NumberList values=weights count=count prefix="weight" label="w" step=0.1 />
                    </Show>
                </fieldset>
                <table class="readout">
                    <caption>"float64, as PyTorch"</caption>
                    <thead><tr><th scope="col">"loss"</th><th scope="col">"value"</th></tr></thead>
                    <tbody>
                        <ReadoutRow name="cross_entropy" value=Signal::derive(move || ce_value.get().map(|v| v.0)) />
                        <ReadoutRow name="nll_loss" value=Signal::derive(move || nll_value.get().map(|v| v.0)) />
                    </tbody>
                </table>
                <p class="hint">"The gradient of cross_entropy on logit j is softmax(x)_j − target_j: it pulls the true class up and every other class down, in proportion to its probability."</p>
            </div>
            <super::multi_margin::MultiMarginPanel params=store.params(FnId::MultiMarginLoss) logits=logits
                target=Signal::derive(target) weights=Signal::derive(weight_list) />
            <super::multilabel::MultilabelPanel params=store.params(FnId::MultilabelSoftMarginLoss) logits=logits labels=labels />
            <super::multilabel_margin::MultilabelMarginPanel params=store.params(FnId::MultilabelMarginLoss)
                logits=logits labels=store.margin_target />
            <class_batch::SampleTable ce=ce logits=logits class=class weights=Signal::derive(weight_list) />
            <NotesGrid ids=&[FnId::CrossEntropy, FnId::NllLoss, FnId::MultiMarginLoss, FnId::MultilabelSoftMarginLoss, FnId::MultilabelMarginLoss] />
        </div>
    }
}

/// One number box per class (`<prefix>-<i>`). Typed values within ±[`LIMIT`] are taken (PyTorch
/// takes any finite number; beyond that exp and the label-smoothing sums overflow); others are
/// refused with a message under the boxes.
#[component]
fn NumberList(
    values: RwSignal<Vec<f64>>,
    #[prop(into)] count: Signal<usize>,
    prefix: &'static str,
    label: &'static str,
    step: f64,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let fields = move || {
        (0..count.get())
            .map(|i| {
                view! {
                    <label class="loss-field class-field">
                        <span>{format!("{label} {i}")}</span>
                        <input type="number" step=step name=format!("{prefix}-{i}")
                            data-testid=format!("{prefix}-{i}")
                            prop:value=move || values.with(|v| v.get(i).map_or(String::new(), |x| x.to_string()))
                            on:change=move |ev| match event_number(&ev) {
                                Some(x) if x.abs() <= LIMIT => {
                                    error.set(None);
                                    values.update(|v| if let Some(slot) = v.get_mut(i) { *slot = x });
                                }
                                _ => {
                                    error.set(Some(format!(
                                        "{label} {i}: enter a number between −{LIMIT} and {LIMIT} (beyond that exp() overflows); kept {}.",
                                        values.with_untracked(|v| v.get(i).copied().unwrap_or(0.0))
                                    )));
                                    values.notify();
                                }
                            } />
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        {fields}
        {move || error.get().map(|message| view! {
            <p class="param-error" role="alert" data-testid=format!("{prefix}-error")>{message}</p>
        })}
    }
}

/// The family's main figure: `cross_entropy` (`params`, with the class `weights` if they are on)
/// against the true-class logit, the other `logits` fixed.
fn class_curve(
    params: &Params,
    weights: Option<&[f64]>,
    logits: &[f64],
    target: &ClassTarget,
    dark: bool,
) -> Result<Plot, String> {
    let params = with_weights(params, weights)?;
    Ok(curve_plot(&params, logits, target, dark))
}

/// The figure from the address, before the app has arrived ([`crate::first_plot`]): the view's
/// opening logits and class, no class weights.
pub(super) fn first_plot(state: &LossState) {
    super::first::loss_chart(|dark| {
        let params = state.params_or_default(FnId::CrossEntropy);
        let target = ClassTarget::Index(START_CLASS);
        class_curve(&params, None, &live::LOGITS.1, &target, dark)
    });
}
