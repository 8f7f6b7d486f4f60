//! The lab's controls: which loss's landscape (with its colour swatch) and the log scale, the
//! smooth L1 and Huber parameters, gradient descent (step size, Step/Play/Reset and where it is),
//! and the point presets.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::landscape::line_loss;
use nnfunc::loss_views::{Preset, LR_RANGE, MAX_POINTS, REGRESSION_LOSSES};
use nnfunc::plot::format_significant;

use super::model::Lab;
use super::readout::LossSwatch;
use crate::components::{Checkbox, ParamControl};
use crate::views::losses::event_number;

/// Every control of the lab, one fieldset each.
#[component]
pub fn LabControls(lab: Lab) -> impl IntoView {
    view! {
        <div class="lab-controls">
            <LossPicker lab=lab />
            <Parameters lab=lab />
            <DescentControls lab=lab />
            <PointPresets lab=lab />
            <super::own_points::OwnPoints lab=lab />
        </div>
    }
}

/// The loss whose landscape is shown, and the log colour scale.
#[component]
fn LossPicker(lab: Lab) -> impl IntoView {
    let radios = REGRESSION_LOSSES
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let id = *id;
            view! {
                <label class="lab-radio">
                    <input type="radio" name="lab" value=id.spec().name
                        data-testid=format!("lab-loss-{}", id.spec().name)
                        prop:checked=move || lab.lab_loss.get() == id
                        on:change=move |_| lab.select(id) />
                    <LossSwatch index=i />
                    {id.spec().display}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="loss-controls">
            <legend>"Landscape of"</legend>
            {radios}
            <Checkbox class="lab-radio" name="log" test_id="log-scale" checked=lab.log
                on_toggle=move |on| lab.log.set(on)>
                "log colour scale"
            </Checkbox>
        </fieldset>
    }
}

/// Smooth L1's β and Huber's δ (shared with the regression family).
#[component]
fn Parameters(lab: Lab) -> impl IntoView {
    let smooth = lab.store.params(FnId::SmoothL1Loss);
    let huber = lab.store.params(FnId::HuberLoss);
    let beta_spec = FnId::SmoothL1Loss.spec().param("beta");
    let delta_spec = FnId::HuberLoss.spec().param("delta");
    view! {
        <fieldset class="loss-controls">
            <legend>"Parameters"</legend>
            {beta_spec.map(|p| view! { <ParamControl param=p params=smooth /> })}
            {delta_spec.map(|p| view! { <ParamControl param=p params=huber /> })}
        </fieldset>
    }
}

/// Gradient descent: the step size, Step / Play / Reset, and where descent is.
#[component]
fn DescentControls(lab: Lab) -> impl IntoView {
    let status = move || {
        let (w, b) = lab.current.get()?;
        let loss = lab.points.with(|p| line_loss(p, lab.kind.get(), w, b).0);
        Some(format!(
            "step {}: w = {}, b = {}, loss = {}",
            lab.path.with(|p| p.len().saturating_sub(1)),
            format_significant(w, 5),
            format_significant(b, 5),
            format_significant(loss, 6)
        ))
    };
    view! {
        <fieldset class="loss-controls">
            <legend>"Gradient descent"</legend>
            <label class="loss-field">
                <span>"step size (learning rate)"</span>
                <input type="range" name="lr" min=LR_RANGE.0 max=LR_RANGE.1 step=LR_RANGE.2
                    prop:value=move || lab.lr.get().to_string()
                    on:input=move |ev| if let Some(v) = event_number(&ev).filter(|v| *v > 0.0) { lab.lr.set(v.min(LR_RANGE.1)) } />
                <output>{move || format_significant(lab.lr.get(), 3)}</output>
            </label>
            <div class="lab-buttons">
                <button type="button" data-testid="descent-step" on:click=move |_| lab.step()>"Step"</button>
                <button type="button" data-testid="descent-play" aria-pressed=move || lab.playing.get().to_string()
                    on:click=move |_| lab.toggle_play()>
                    {move || if lab.playing.get() { "Pause" } else { "Play" }}
                </button>
                <button type="button" data-testid="descent-reset" on:click=move |_| lab.reset()>"Reset"</button>
            </div>
            <p class="hint" role="status" data-testid="descent-status">{status}</p>
        </fieldset>
    }
}

/// The point presets and the count of points.
#[component]
fn PointPresets(lab: Lab) -> impl IntoView {
    let presets = Preset::ALL
        .into_iter()
        .map(|p| {
            view! {
                <button type="button" data-testid=format!("preset-{}", p.key())
                    on:click=move |_| lab.set_points(p.points())>
                    {p.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <fieldset class="loss-controls">
            <legend>"Points"</legend>
            <div class="lab-buttons">{presets}</div>
            <p class="hint">{move || format!("{} points (at most {MAX_POINTS})", lab.points.with(Vec::len))}</p>
        </fieldset>
    }
}
