//! Each sample of a small batch under `cross_entropy` four ways: plain, with the page's
//! `label_smoothing`, with its class weights, and with both (the page's call); each sample's loss,
//! its gradient on its logits under the page's call, and the batch's mean. With weights 'mean'
//! divides by the sum of the samples' class weights, not by their number. The batch: a confident
//! right sample, an unsure one, a confidently wrong one, and the page's own logits and class.

use leptos::prelude::*;
use nnfunc::loss_views::{batch_reduction, class_batch, BatchLoss};
use nnfunc::params::Value;
use nnfunc::plot::format_significant;
use nnfunc::Params;

use super::class_plots::{list, with_weights};
use super::readout;
use crate::torch::script::py_list;
use crate::torch::{loss_call, Printed, Writer};

/// How far above the rest a confident sample's chosen logit is.
const CONFIDENT: f64 = 4.0;

/// The batch for `c` classes: (name, logits, target class) per sample.
fn samples(logits: &[f64], class: usize) -> Vec<(&'static str, Vec<f64>, usize)> {
    let c = logits.len();
    let one_hot = |k: usize| {
        (0..c)
            .map(|j| if j == k { CONFIDENT } else { 0.0 })
            .collect()
    };
    vec![
        ("confident, right", one_hot(0), 0),
        ("unsure", vec![0.0; c], 1 % c.max(1)),
        ("confident, wrong", one_hot(1 % c.max(1)), 0),
        (
            "your logits",
            logits.to_vec(),
            class.min(c.saturating_sub(1)),
        ),
    ]
}

/// The four calls: (header, params), from the page's call `ce` (label smoothing and weights).
fn settings(ce: &Params, weights: Option<&[f64]>) -> Vec<(String, Result<Params, String>)> {
    let smoothing = ce.real("label_smoothing");
    let mut plain = ce.clone();
    let _ = plain.set("label_smoothing", Value::Real(0.0));
    let weight_header = match weights {
        Some(w) => format!("weight = [{}]", list(w)),
        None => "weight: none set".into(),
    };
    vec![
        ("plain".into(), with_weights(&plain, None)),
        (
            format!("label_smoothing = {}", format_significant(smoothing, 4)),
            with_weights(ce, None),
        ),
        (weight_header, with_weights(&plain, weights)),
        ("both (the page's call)".into(), with_weights(ce, weights)),
    ]
}

/// The table under the classification family's plots.
#[component]
pub fn SampleTable(
    ce: RwSignal<Params>,
    logits: RwSignal<Vec<f64>>,
    class: RwSignal<usize>,
    #[prop(into)] weights: Signal<Option<Vec<f64>>>,
) -> impl IntoView {
    type Computed = (Vec<String>, Vec<Result<BatchLoss, String>>);
    let computed = Memo::new(move |_| -> Computed {
        let batch = logits.with(|l| samples(l, class.get()));
        let rows: Vec<Vec<f64>> = batch.iter().map(|s| s.1.clone()).collect();
        let targets: Vec<usize> = batch.iter().map(|s| s.2).collect();
        let weights = weights.get();
        ce.with(|p| settings(p, weights.as_deref()))
            .into_iter()
            .map(|(header, params)| {
                (
                    header,
                    params.and_then(|p| class_batch(&p, &rows, &targets)),
                )
            })
            .unzip()
    });
    let headers = move || {
        computed.with(|(h, _)| {
            h.iter()
                .map(|h| view! { <th scope="col">{h.clone()}</th> })
                .collect_view()
        })
    };
    let cell = move |sample: Option<usize>, k: usize| {
        let value = move || {
            computed.with(|(_, r)| match r.get(k) {
                Some(Ok(b)) => {
                    Ok(sample.map_or(b.reduced, |i| b.losses.get(i).copied().unwrap_or(f64::NAN)))
                }
                Some(Err(e)) => Err(e.clone()),
                None => Err(String::new()),
            })
        };
        view! {
            <td data-testid="batch-loss" data-sample=sample.map_or("mean".into(), |i| i.to_string())
                data-setting=k.to_string()
                data-value=move || value().map_or(String::new(), |v| v.to_string())>
                {move || readout(value())}
            </td>
        }
    };
    let rows = move || {
        logits
            .with(|l| samples(l, class.get()))
            .into_iter()
            .enumerate()
            .map(|(i, (name, _, target))| {
                let grad = move || {
                    computed.with(|(_, r)| match r.get(3) {
                        Some(Ok(b)) => b
                            .grads
                            .get(i)
                            .map_or(String::new(), |g| format!("[{}]", list(g))),
                        _ => "—".into(),
                    })
                };
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td>{target}</td>
                        {(0..4).map(|k| cell(Some(i), k)).collect_view()}
                        <td class="batch-grad" data-testid="batch-grad">{grad}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="table-scroll class-batch" tabindex="0" role="region" aria-label="Each sample's loss">
            <table class="readout" data-testid="class-batch">
                <caption>"Each sample of a batch under cross_entropy (the batch row under the page's reduction; 'mean' where it is 'none')"</caption>
                <thead>
                    <tr>
                        <th scope="col">"sample"</th>
                        <th scope="col">"class"</th>
                        {headers}
                        <th scope="col">"∂loss/∂logits (the page's call)"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    <tr class="batch-mean">
                        <th scope="row">"the batch"</th>
                        <td></td>
                        {(0..4).map(|k| cell(None, k)).collect_view()}
                        <td></td>
                    </tr>
                </tbody>
            </table>
            <p class="hint">"Label smoothing takes ε of the target's weight away from the true class and spreads it over all classes: the confident, right sample still pays a loss, and its gradient pushes the winning logit down. Class weights scale each sample's loss by its class's weight, and 'mean' then divides by the sum of those weights, not by the number of samples."</p>
        </div>
    }
}

/// The table as PyTorch code: the batch, and under each of the four calls each sample's loss
/// (reduction='none'), its gradient under the page's call, and the batch's loss as the page reduces it.
pub fn script(w: &mut Writer, ce: &Params, weights: Option<&[f64]>, logits: &[f64], class: usize) {
    let batch = samples(logits, class);
    let rows: Vec<Vec<f64>> = batch.iter().map(|s| s.1.clone()).collect();
    let targets: Vec<usize> = batch.iter().map(|s| s.2).collect();
    w.blank();
    w.comment(&format!(
        "The table of samples: {}, one row each.",
        batch.iter().map(|s| s.0).collect::<Vec<_>>().join("; ")
    ));
    let literal = rows
        .iter()
        .map(|r| py_list(r))
        .collect::<Vec<_>>()
        .join(", ");
    w.leaf(
        "batch",
        &format!("[{literal}]"),
        "one row of logits per sample",
    );
    let classes: Vec<String> = targets.iter().map(usize::to_string).collect();
    w.line(&format!(
        "batch_target = torch.tensor([{}])",
        classes.join(", ")
    ));
    let settings = settings(ce, weights);
    let last = settings.len().saturating_sub(1);
    for (k, (header, params)) in settings.into_iter().enumerate() {
        w.blank();
        w.comment(&header);
        let result = params.and_then(|p| class_batch(&p, &rows, &targets).map(|b| (p, b)));
        let Ok((p, b)) = result else {
            w.comment("The page shows no value here (PyTorch refuses these inputs).");
            continue;
        };
        let mut none = p.clone();
        if none.set_choice("reduction", "none").is_err() {
            continue;
        }
        w.line(&format!(
            "losses = {}",
            loss_call(&none, &["batch", "batch_target"])
        ));
        w.print(
            "each sample's loss",
            "losses.tolist()",
            Printed::List(b.losses.clone()),
        );
        if k == last {
            w.line("(grad,) = torch.autograd.grad(losses.sum(), batch)");
            for (i, g) in b.grads.iter().enumerate() {
                w.print(
                    &format!("d loss[{i}] / d batch[{i}]"),
                    &format!("grad[{i}].tolist()"),
                    Printed::List(g.clone()),
                );
            }
        }
        let Ok(reducing) = batch_reduction(&p) else {
            continue;
        };
        w.line(&format!(
            "loss = {}",
            loss_call(&reducing, &["batch", "batch_target"])
        ));
        w.print("the batch's loss", "loss.item()", Printed::Float(b.reduced));
    }
}
