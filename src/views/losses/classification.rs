//! Classification: `cross_entropy` on editable logits and `nll_loss` on the same numbers read as
//! log-probabilities, for 2–8 classes; a class-index or soft (probability) target, optional class
//! weights and `label_smoothing`. The loss and its gradient on every input as bars, and the loss
//! against the true-class logit with the others fixed. Every number comes from `loss::evaluate`
//! through `loss_views::classification`.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::{classification, ClassTarget};
use nnfunc::plot::{sample, AxisRange};
use nnfunc::tensor::Tensor;
use nnfunc::{Params, Value};

use super::chart::{loss_color, Line, Plot, PlotCanvas, Rect, VLine};
use super::state::LossStore;
use super::{event_number, readout, LossNotes};
use crate::components::ParamControl;
use crate::theme::{use_environment, ChartTheme};

const MIN_CLASSES: usize = 2;
const MAX_CLASSES: usize = 8;
const LOGIT_RANGE: (f64, f64) = (-8.0, 8.0);
/// The largest |value| a logit, probability or weight box takes.
const LIMIT: f64 = 1000.0;
const SAMPLES: usize = 321;

/// The parameters with the user's class weights (one per class) if they are on.
fn with_weights(params: &Params, weights: Option<&[f64]>) -> Result<Params, String> {
    let mut params = params.clone();
    let value = weights.map(|w| Tensor::vector(w.to_vec()));
    params
        .set("weight", Value::Tensor(value))
        .map_err(|e| e.to_string())?;
    Ok(params)
}

/// The bars of one value per class, centred on the class index.
fn bars(values: &[f64], color: crate::theme::Rgb) -> Vec<Rect> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| Rect {
            name: format!("dloss/dx{i}"),
            from: (i as f64 - 0.35, 0.0_f64.min(*v)),
            to: (i as f64 + 0.35, 0.0_f64.max(*v)),
            color,
        })
        .collect()
}

#[component]
pub fn ClassificationFamily(store: LossStore) -> impl IntoView {
    let environment = use_environment();
    let ce = store.params(FnId::CrossEntropy);
    let nll = store.params(FnId::NllLoss);
    let logits = RwSignal::new(vec![2.0_f64, 1.0, 0.1]);
    let class = RwSignal::new(0_usize);
    let use_weights = RwSignal::new(false);
    let weights = RwSignal::new(vec![1.0_f64; 3]);
    let soft = RwSignal::new(false);
    let probabilities = RwSignal::new(vec![0.7_f64, 0.2, 0.1]);

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

    let bars_plot = Signal::derive(move || {
        let dark = environment.dark.get();
        let (loss, grad) = ce_value.get()?;
        let n = logits.with(Vec::len);
        let max = grad.iter().fold(loss, |m, g| m.max(g.abs())).max(1.0);
        let mut rects = vec![Rect {
            name: "loss".into(),
            from: (-0.9, 0.0),
            to: (-0.5, loss),
            color: loss_color(2, dark),
        }];
        rects.extend(bars(&grad, loss_color(0, dark)));
        let mut x_names = vec![(-0.7, "loss".to_string())];
        x_names.extend((0..n).map(|i| (i as f64, format!("∂/∂x{i}"))));
        Ok(Plot {
            x: AxisRange::new(-1.2, n as f64 - 0.5),
            y: AxisRange::new(-max * 1.1, max * 1.1),
            x_label: "the loss (leftmost bar), then its gradient on every logit".into(),
            y_label: "value".into(),
            rects,
            x_names,
            ..Plot::default()
        })
    });

    // The plots' text alternatives: the inputs, the PyTorch call and the numbers drawn.
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| nnfunc::plot::format_significant(*x, 4))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let inputs_text = move || {
        let target = match target() {
            ClassTarget::Index(k) => format!("target class {k}"),
            ClassTarget::Probabilities(p) => format!("target probabilities [{}]", list(&p)),
        };
        let weights =
            weight_list().map_or_else(String::new, |w| format!(", class weights [{}]", list(&w)));
        format!("logits [{}], {target}{weights}", logits.with(|l| list(l)))
    };
    let bars_label = Signal::derive(move || {
        let call = ce.with(crate::torch::torch_call);
        match ce_value.get() {
            Ok((loss, grad)) => format!(
                "Bars: cross_entropy ({call}) of {}: loss {}, and its gradient on every logit [{}].",
                inputs_text(),
                nnfunc::plot::format_significant(loss, 6),
                list(&grad)
            ),
            Err(message) => format!("cross_entropy of {}: {message}", inputs_text()),
        }
    });
    let curve_label = Signal::derive(move || {
        format!(
            "cross_entropy against the true-class logit, the other logits fixed, for {}; the \
             current logit is marked.",
            inputs_text()
        )
    });

    let curve_plot = Signal::derive(move || {
        let dark = environment.dark.get();
        let color = loss_color(0, dark);
        let current = logits.get();
        let k = match target() {
            ClassTarget::Index(k) => k,
            ClassTarget::Probabilities(p) => {
                p.iter()
                    .enumerate()
                    .fold(
                        (0, f64::MIN),
                        |best, (i, v)| if *v > best.1 { (i, *v) } else { best },
                    )
                    .0
            }
        };
        let t = target();
        let w = weight_list();
        let params = ce.with(|p| with_weights(p, w.as_deref()))?;
        let at = |z: f64| {
            let mut x = current.clone();
            if let Some(slot) = x.get_mut(k) {
                *slot = z;
            }
            classification(&params, &x, &t).map_or(f64::NAN, |r| r.0)
        };
        let lines: Vec<Line> = sample(at, LOGIT_RANGE.0, LOGIT_RANGE.1, SAMPLES)
            .into_iter()
            .map(|points| Line {
                name: format!("cross_entropy over x{k}"),
                points,
                color,
                dashed: false,
            })
            .collect();
        let top = lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.1))
            .fold(1.0_f64, f64::max)
            .min(20.0);
        let z = current.get(k).copied().unwrap_or(0.0);
        Ok(Plot {
            x: AxisRange::new(LOGIT_RANGE.0, LOGIT_RANGE.1),
            y: AxisRange::new(0.0, top * 1.05),
            x_label: format!("logit x{k} of the true class (others fixed)"),
            y_label: "cross_entropy".into(),
            lines,
            vlines: vec![VLine {
                x: z,
                color: ChartTheme::new(dark).axis,
                label: String::new(),
            }],
            dots: vec![((z, at(z)), color)],
            ..Plot::default()
        })
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
    // Typed values within ±LIMIT are taken (PyTorch takes any finite number; beyond that exp and the
    // label-smoothing sums overflow); others are refused with a message under the boxes.
    let number_list = move |values: RwSignal<Vec<f64>>,
                            prefix: &'static str,
                            label: &'static str,
                            step: f64| {
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
    };
    let spec_param = |id: FnId, name: &str| id.spec().param(name);

    view! {
        <div class="loss-family" data-testid="family-panel-classification">
            <div class="loss-main">
                <PlotCanvas plot=bars_plot test_id="plot-class-bars" label=bars_label />
                <PlotCanvas plot=curve_plot test_id="plot-class-curve" label=curve_label />
            </div>
            <div class="loss-side">
                <fieldset class="loss-controls">
                    <legend>"Logits (log-probabilities for nll_loss)"</legend>
                    {number_list(logits, "logit", "x", 0.1)}
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
                    <label class="loss-field">
                        <input type="checkbox" name="soft-target" data-testid="soft-target"
                            prop:checked=move || soft.get()
                            on:change=move |ev| soft.set(crate::dom::target_checked(&ev).unwrap_or(false)) />
                        <span>"soft target (class probabilities)"</span>
                    </label>
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
                        {number_list(probabilities, "prob", "p", 0.05)}
                        <p class="hint">"cross_entropy takes the probabilities as given (PyTorch does not renormalise them); nll_loss takes class indices only."</p>
                    </Show>
                </fieldset>
                <fieldset class="loss-controls">
                    <legend>"Parameters"</legend>
                    {spec_param(FnId::CrossEntropy, "label_smoothing").map(|s| view! { <ParamControl param=s params=ce /> })}
                    <label class="loss-field">
                        <input type="checkbox" name="class-weights" data-testid="class-weights"
                            prop:checked=move || use_weights.get()
                            on:change=move |ev| use_weights.set(crate::dom::target_checked(&ev).unwrap_or(false)) />
                        <span>"class weights (weight=)"</span>
                    </label>
                    <Show when=move || use_weights.get()>
                        {number_list(weights, "weight", "w", 0.1)}
                    </Show>
                </fieldset>
                <table class="readout">
                    <caption>"float64, as PyTorch"</caption>
                    <thead><tr><th scope="col">"loss"</th><th scope="col">"value"</th></tr></thead>
                    <tbody>
                        <tr>
                            <th scope="row"><code>"cross_entropy"</code></th>
                            <td data-testid="readout-loss" data-loss="cross_entropy"
                                data-value=move || ce_value.get().map_or(String::new(), |v| v.0.to_string())>
                                {move || readout(ce_value.get().map(|v| v.0))}
                            </td>
                        </tr>
                        <tr>
                            <th scope="row"><code>"nll_loss"</code></th>
                            <td data-testid="readout-loss" data-loss="nll_loss"
                                data-value=move || nll_value.get().map_or(String::new(), |v| v.0.to_string())>
                                {move || readout(nll_value.get().map(|v| v.0))}
                            </td>
                        </tr>
                    </tbody>
                </table>
                <p class="hint">"The gradient of cross_entropy on logit j is softmax(x)_j − target_j: it pulls the true class up and every other class down, in proportion to its probability."</p>
            </div>
            <div class="loss-notes-grid">
                <LossNotes spec=FnId::CrossEntropy.spec() />
                <LossNotes spec=FnId::NllLoss.spec() />
            </div>
        </div>
    }
}
