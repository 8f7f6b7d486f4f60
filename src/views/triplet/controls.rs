//! The settings panel: mode, trained loss, the margin loss's parameters (margin, p, eps, swap),
//! the learning rate, the surfaces' extent and shading, the batch's fields; then Step, Play and
//! Reset with the status line.

use leptos::prelude::*;
use nnfunc::plot::format_significant;
use nnfunc::triplet::{Norm, Shading, TripletLoss};

use super::batch::BatchFields;
use super::model::Model;
use super::state::{margin_key, real_slider, Mode, D_RANGE, LR_RANGE};
use crate::components::{Checkbox, Select};
use crate::dom::target_value;
use crate::url::format_number;

/// A finite number from an input's value.
fn number(ev: &web_sys::Event) -> Option<f64> {
    target_value(ev)
        .and_then(|t| crate::url::parse_number(t.trim()))
        .filter(|v| v.is_finite())
}

/// Every setting, in one fieldset.
#[component]
pub fn SettingsFields(model: Model) -> impl IntoView {
    let Model { mode, .. } = model;
    view! {
        <fieldset class="triplet-controls">
            <legend>"Settings"</legend>
            <label class="triplet-field">
                <span>"mode"</span>
                <Select name="mode" test_id="mode" options=Mode::ALL.to_vec() value=mode
                    key=|m| m.key().into()
                    text=|m| match m { Mode::Single => "one triplet", Mode::Batch => "a batch (4 classes)" }.into()
                    on_pick=move |m| {
                        model.stop_playing();
                        mode.set(m);
                    } />
            </label>
            <LossFields model />
            <RateAndSurfaceFields model />
            {move || (mode.get() == Mode::Batch).then(|| view! { <BatchFields model /> })}
        </fieldset>
    }
}

/// The trained loss and the margin loss's parameters.
#[component]
fn LossFields(model: Model) -> impl IntoView {
    let config = model.config;
    let (margin_min, margin_max, margin_step) = real_slider("margin");
    let (eps_min, eps_max, _) = real_slider("eps");
    view! {
        <label class="triplet-field">
            <span>"trained loss"</span>
            <Select name="loss" test_id="loss" options=TripletLoss::ALL.to_vec()
                key=|l| l.key().into() text=|l| l.id().spec().display.into()
                value=Signal::derive(move || config.get().loss)
                on_pick=move |l| config.update(|c| c.loss = l) />
        </label>
        <label class="triplet-field">
            <span>"margin"</span>
            <input type="range" name=margin_key("margin") min=margin_min max=margin_max step=margin_step
                prop:value=move || format_number(config.get().margin)
                on:input=move |ev| {
                    if let Some(v) = number(&ev).filter(|v| *v > 0.0) {
                        config.update(|c| c.margin = v);
                    }
                } />
            <output>{move || format_significant(config.get().margin, 4)}</output>
        </label>
        <label class="triplet-field">
            <span>"p (norm)"</span>
            <Select name=margin_key("p") options=Norm::ALL.to_vec() key=|n| n.key().into()
                text=|n| {
                    let p = if n == Norm::Infinity { "∞" } else { n.key() };
                    format!("{p} ({})", n.ball_shape())
                }
                value=Signal::derive(move || config.get().norm)
                on_pick=move |n| config.update(|c| c.norm = n) />
        </label>
        <label class="triplet-field">
            <span>"eps"</span>
            <input type="range" name=margin_key("eps") min=eps_min max=eps_max step="any"
                prop:value=move || format_number(config.get().eps)
                on:input=move |ev| {
                    if let Some(v) = number(&ev) {
                        config.update(|c| c.eps = v);
                    }
                } />
            <output>{move || format_significant(config.get().eps, 3)}</output>
        </label>
        <Checkbox class="triplet-field triplet-check" name=margin_key("swap")
            checked=Signal::derive(move || config.get().swap)
            on_toggle=move |on| config.update(|c| c.swap = on)>
            <span>"swap (use min(d(a, n), d(p, n)))"</span>
        </Checkbox>
    }
}

/// The learning rate and what the surfaces cover and show.
#[component]
fn RateAndSurfaceFields(model: Model) -> impl IntoView {
    let Model {
        lr, d_max, shading, ..
    } = model;
    view! {
        <label class="triplet-field">
            <span>"learning rate"</span>
            <input type="range" name="lr" min=LR_RANGE.0 max=LR_RANGE.1 step=LR_RANGE.2
                prop:value=move || format_number(lr.get())
                on:input=move |ev| {
                    if let Some(v) = number(&ev).filter(|v| *v > 0.0) {
                        lr.set(v);
                    }
                } />
            <output>{move || format_significant(lr.get(), 3)}</output>
        </label>
        <label class="triplet-field">
            <span>"surfaces up to D"</span>
            <input type="range" name="D" min=D_RANGE.0 max=D_RANGE.1 step=D_RANGE.2
                prop:value=move || format_number(d_max.get())
                on:input=move |ev| {
                    if let Some(v) = number(&ev) {
                        d_max.set(v.clamp(D_RANGE.0, D_RANGE.1));
                    }
                } />
            <output>{move || format_significant(d_max.get(), 3)}</output>
        </label>
        <label class="triplet-field">
            <span>"surfaces show"</span>
            <Select name="shade" options=Shading::ALL.to_vec() key=|s| s.key().into()
                text=|s| match s { Shading::Value => "the loss", Shading::GradientMagnitude => "|gradient| over (δ₊, δ₋)" }.into()
                value=shading on_pick=move |s| shading.set(s) />
        </label>
    }
}

/// Step, Play/Pause and Reset (Clear trail / New start), and what Play last did.
#[component]
pub fn RunButtons(model: Model) -> impl IntoView {
    let Model {
        mode,
        playing,
        status,
        ..
    } = model;
    view! {
        <div class="triplet-buttons">
            <button type="button" data-testid="step" on:click=move |_| model.step_once()>"Step"</button>
            <button type="button" data-testid="play" aria-pressed=move || playing.get().to_string()
                on:click=move |_| model.toggle_play()>
                {move || if playing.get() { "Pause" } else { "Play" }}
            </button>
            <button type="button" data-testid="reset" on:click=move |_| model.reset()>
                {move || match mode.get() { Mode::Single => "Clear trail", Mode::Batch => "New start" }}
            </button>
        </div>
        <p class="triplet-status" role="status" data-testid="play-status">{move || status.get()}</p>
    }
}
