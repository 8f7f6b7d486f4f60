//! The Triplet view: Figure 1 of Balntas et al. (BMVC 2016) brought to life. Drag an anchor, a
//! positive and a negative on a plane and watch the triplet margin loss and the ratio loss, their
//! gradients on the points, and the two loss surfaces over (δ₊, δ₋); step or play gradient descent;
//! or train a batch of labelled points under a mining strategy.
//!
//! - `state` — the settings and their address-bar codec.
//! - `model` — the settings as signals, Step and Play, the derived memos.
//! - `plane` — the embedding plane (2D context); `scene` — its scene for screen and export.
//! - `plane_card` — the plane's card: canvas, draggable handles, legend.
//! - `controls` — the settings panel and the Step/Play/Reset buttons.
//! - `readouts` — the values table.
//! - `surfaces` — the two heatmaps, prepared once per (loss, margin, D, shading);
//!   `surface_cards` — their cards.
//! - `distance_card` — `triplet_margin_with_distance_loss` on the same triplet, with its distance
//!   function (pairwise or cosine); `distance_map` — its loss as the anchor moves over the plane.
//! - `batch` — batch training: mining and seed, its read-outs and its chart.
//! - `draw` — the one drawing effect over every canvas.

mod batch;
mod controls;
mod distance_card;
mod distance_map;
mod draw;
mod model;
mod plane;
mod plane_card;
pub mod pytorch;
mod readouts;
mod scene;
pub mod state;
mod surface_cards;
mod surfaces;

use leptos::prelude::*;

use crate::components::{Intro, Notices};
use crate::theme::use_environment;
use crate::torch::script::{live_list, live_number};
use crate::url;
use crate::views::{Control, Page, ViewSpec};
use controls::{RunButtons, SettingsFields};
use draw::{draw_effect, Canvases, Drawn};
use model::{Derived, Model};
use plane_card::PlaneCard;
use readouts::Readouts;
use state::{Mode, Settings, NORM_KEY};
use surface_cards::SurfaceCards;

pub use draw::{DRAW_MEASURE, PLANE_MEASURE, SURFACES_MEASURE};

crate::views::lazy_mount!(triplet, TripletView);
crate::views::lazy_script!(triplet, pytorch::script);
crate::views::lazy_first_plot!(first_triplet, async { scene::draw_first_plot() });

/// The triplet view in the registry.
pub const SPEC: ViewSpec = ViewSpec {
    key: "triplet",
    label: "Triplet",
    mount,
    pytorch,
    first_plot: Some(first_plot),
    owns: <Settings as url::UrlState>::owns,
    pages: &[
        Page::new("triplet", "?view=triplet", "plane").with_control(Control {
            selector: r#"select[name="triplet_margin_loss.p"]"#,
            value: "1",
            key: NORM_KEY,
            want: "1",
        }),
    ],
};

#[component]
pub fn TripletView() -> impl IntoView {
    let (initial, notices) = url::read::<Settings>();
    let model = Model::new(initial);
    share_batch(model);
    let derived = Derived::new(model);
    let canvases = Canvases::new();
    let drawn = Drawn::new();
    // A memo: the address bar is written only when a setting really changed.
    let settings = Memo::new(move |_| model.settings());
    url::sync(move || settings.get());
    draw_effect(model, derived, canvases, drawn, use_environment());

    view! {
        <section class="view triplet-view" data-testid="view-triplet">
            <h2>"Triplet margin loss and ratio loss"</h2>
            <Intro summary="About this figure" class="triplet-intro">
                <p>
                    "Figure 1 of Balntas et al. (BMVC 2016), live: the margin ranking loss pushes the negative "
                    <b>"n"</b>
                    " outside the ball of radius δ₊ + margin around the anchor "
                    <b>"a"</b>
                    " and pulls the positive "
                    <b>"p"</b>
                    " in; the ratio loss forces δ₊ to be much smaller than δ₋. Drag the points (or focus one and use the arrow keys, Shift for larger steps)."
                </p>
            </Intro>
            <Notices notices />
            <div class="triplet-top">
                <PlaneCard model derived canvas=canvases.plane drawn />
                <div class="card triplet-side">
                    <SettingsFields model />
                    <RunButtons model />
                    <Readouts model derived />
                </div>
            </div>
            <SurfaceCards model derived canvases drawn />
            {move || (model.mode.get() == Mode::Single).then(|| view! { <distance_card::DistanceCard model derived canvas=canvases.distance /> })}
        </section>
    }
}

/// Batch mode's step and points, for the PyTorch panel.
fn share_batch(model: Model) {
    crate::components::pytorch::share_live(move || {
        if model.mode.get() != Mode::Batch {
            return Vec::new();
        }
        let step = model.history.with(|h| h.len().saturating_sub(1));
        let points: Vec<f64> = model
            .batch
            .with(|b| b.points.iter().flat_map(|p| [p.0, p.1]).collect());
        vec![
            live_number(pytorch::STEP, step as f64),
            live_list(pytorch::BATCH_POINTS, &points),
        ]
    });
}
