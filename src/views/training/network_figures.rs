//! Each network's figure, side by side: its fitted curve over the data (regression), its decision
//! map under the data (classification) or its reconstruction beside the target (image), captioned
//! with its batch loss. The canvases are drawn by the lab's redraw.

use leptos::prelude::*;

use nnfunc::train::{Task, TaskKind, MAX_NETWORKS};

use super::redraw::Canvases;
use super::trainer::{loss_text, Summary};
use crate::chart::series_color;
use crate::chart::style::css_rgb;
use crate::theme::use_environment;

#[component]
pub fn NetworkFigures(
    task: Memo<Task>,
    summary: Memo<Summary>,
    canvases: Canvases,
) -> impl IntoView {
    let kind = move || task.get().kind();
    let heading = move || {
        let what = match kind() {
            TaskKind::Regression => "fitted curves over the data",
            TaskKind::Classification => "decision maps under the data",
            TaskKind::Image => "reconstructions of the image",
        };
        format!("{} — {what}", task.get().label())
    };
    let figures = (0..MAX_NETWORKS)
        .map(|i| view! { <NetworkFigure i=i task=task summary=summary canvas=canvases.networks[i] /> })
        .collect_view();
    view! {
        <h2>{heading}</h2>
        <div class="train-panels" class:train-panels-wide=move || kind() == TaskKind::Regression>
            <figure class="train-panel" hidden=move || kind() != TaskKind::Image>
                <canvas node_ref=canvases.target data-testid="fig-target" role="img"
                    aria-label="The target image: 64 by 64 grey pixels with sharp edges and fine detail"></canvas>
                <figcaption>"Target image"</figcaption>
            </figure>
            {figures}
        </div>
    }
}

/// Network `i`'s figure (hidden while there is no such network).
#[component]
fn NetworkFigure(
    i: usize,
    task: Memo<Task>,
    summary: Memo<Summary>,
    canvas: NodeRef<leptos::html::Canvas>,
) -> impl IntoView {
    let environment = use_environment();
    let present = move || summary.with(|s| i < s.networks.len());
    let caption = move || {
        summary.with(|s| {
            s.networks.get(i).map_or_else(String::new, |n| {
                let diverged = n
                    .diverged_at
                    .map_or_else(String::new, |at| format!(" — diverged at step {at}"));
                format!("{}: loss {}{diverged}", n.display, loss_text(n.batch_loss))
            })
        })
    };
    let describe = move || {
        let Summary { steps, networks } = summary.get();
        let task = task.get();
        networks.get(i).map_or_else(String::new, |n| {
            let what = match task.kind() {
                TaskKind::Regression => "its fitted curve over the data points",
                TaskKind::Classification => "its decision map (colour: most probable class, strength: confidence) under the data points",
                TaskKind::Image => "its reconstruction of the image",
            };
            format!(
                "Network {} with {} on {} after {steps} steps: {what}; batch loss {}.",
                i + 1,
                n.display,
                task.label(),
                loss_text(n.batch_loss)
            )
        })
    };
    let color = move || css_rgb(series_color(i, environment.dark.get()));
    view! {
        <figure class="train-panel" hidden=move || !present()>
            <canvas node_ref=canvas data-testid=format!("fig-{i}") role="img" aria-label=describe></canvas>
            <figcaption><span class="train-swatch" style:background=color></span>{caption}</figcaption>
        </figure>
    }
}
