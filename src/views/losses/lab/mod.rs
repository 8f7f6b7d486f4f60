//! The robust-regression lab: points on a scatter (drag, click to add, double-click or Delete to
//! remove), the best line under each regression loss, and the selected loss's landscape over (w, b)
//! with contours, every minimiser and an animated gradient descent from a draggable start.
//!
//! - `model` — the lab's state and its edits (one `Copy` handle every panel takes);
//! - `scatter`, `landscape` — the two figures' panels (pointer and keys) and export figures;
//! - `draw` — the one drawing effect of both canvases, timed as `draw:landscape`;
//! - `scatter_draw`, `landscape_draw`, `paint` — their painting, through the chart kit;
//! - `pulls` — what the selected loss does to each point (bars under the scatter, a table);
//! - `controls`, `readout` — the controls and the read-out table;
//! - `own_points`, `data` — the student's own points, typed, pasted or from a CSV file.

mod controls;
mod data;
mod draw;
mod landscape;
mod landscape_draw;
mod model;
mod own_points;
mod paint;
mod pulls;
mod readout;
mod scatter;
mod scatter_draw;

use leptos::prelude::*;
use nnfunc::loss_views::REGRESSION_LOSSES;

use super::pytorch::live;
use super::state::LossStore;
use super::NotesGrid;
use crate::torch::script::live_number;
use controls::LabControls;
pub(super) use draw::first_plot;
use draw::{use_drawing, Canvases};
use landscape::LandscapePanel;
use model::Lab;
use pulls::{PointTable, PullChart};
use readout::FitTable;
use scatter::ScatterPanel;

#[component]
pub fn LandscapeLab(store: LossStore) -> impl IntoView {
    let lab = Lab::new(store);
    crate::components::pytorch::share_live(move || {
        lab.current
            .get()
            .map(|(w, b)| {
                vec![
                    live_number(live::DESCENT_W, w),
                    live_number(live::DESCENT_B, b),
                ]
            })
            .unwrap_or_default()
    });
    let canvases = Canvases::new();
    use_drawing(lab, canvases);
    view! {
        <div class="landscape-lab" data-testid="family-panel-landscape">
            <div class="lab-grid">
                <ScatterPanel lab=lab canvas=canvases.scatter area=canvases.scatter_area>
                    <PullChart lab=lab />
                </ScatterPanel>
                <LandscapePanel lab=lab canvas=canvases.landscape area=canvases.landscape_area />
            </div>
            <p class="hint lab-hint">
                "Fit a line y = w·x + b to the points under each loss (reduction='mean'). Drag a point, click on empty space to add one, double-click a point (or focus it and press Delete) to remove it. Try “a few outliers”: MSE's line is dragged away, L1 and smooth L1 barely move."
            </p>
            {move || canvases.error.get().map(|m| view! { <p class="chart-message" role="status">{m}</p> })}
            <LabControls lab=lab />
            <FitTable lab=lab />
            <PointTable lab=lab />
            <NotesGrid ids=&REGRESSION_LOSSES />
        </div>
    }
}
