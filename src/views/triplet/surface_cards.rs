//! The cards of the two loss surfaces over (δ₊, δ₋) (and, for a batch, the training chart), with
//! their text alternatives and their export registrations.

use leptos::prelude::*;

use super::batch::BatchChart;
use super::draw::{Canvases, Drawn};
use super::model::{n4, Derived, Model};
use super::state::Mode;
use crate::chart::heatmap::register_heatmap;
use crate::theme::use_environment;

#[component]
pub fn SurfaceCards(
    model: Model,
    derived: Derived,
    canvases: Canvases,
    drawn: Drawn,
) -> impl IntoView {
    let dark = use_environment().dark;
    let card = |margin: bool, caption: &'static str| {
        let (test_id, surface, shown, canvas) = if margin {
            (
                "surface-margin",
                derived.margin_surface,
                drawn.margin_overlays,
                canvases.margin,
            )
        } else {
            (
                "surface-ratio",
                derived.ratio_surface,
                drawn.ratio_overlays,
                canvases.ratio,
            )
        };
        let source = move || Some((surface.try_get_untracked()?.chart, shown.try_get_value()?));
        register_heatmap(test_id, canvas, dark, "loss", source);
        view! {
            <figure class="card">
                <canvas node_ref=canvas data-testid=test_id role="img"
                    aria-label=surface_label(model, derived, margin)></canvas>
                <figcaption>{caption}</figcaption>
            </figure>
        }
    };
    let mode = model.mode;
    view! {
        <div class="triplet-surfaces">
            {card(true, "(b) margin loss max(0, margin + δ₊ − δ₋) over (δ₊, δ₋). Orange line: δ₋ = δ₊ + margin; above it the loss and its gradient are exactly 0. Orange dot: the current triplet.")}
            {card(false, "(d) ratio loss = 2σ(δ₊ − δ₋)²: it depends only on δ₊ − δ₋ (straight contours) and is never exactly 0; its push 4σ²(1 − σ) fades for very good and for very badly violated triplets (try “|gradient|”).")}
            {move || (mode.get() == Mode::Batch).then(|| view! { <BatchChart canvas=canvases.stats /> })}
        </div>
    }
}

/// A surface's text alternative (the margin loss's or the ratio loss's), with the current numbers.
fn surface_label(model: Model, derived: Derived, margin: bool) -> Signal<String> {
    let Model { config, d_max, .. } = model;
    let evaluation = derived.evaluation;
    let name = if margin {
        "Triplet margin loss"
    } else {
        "Ratio loss"
    };
    Signal::derive(move || {
        let position = match evaluation.get() {
            Ok(e) if margin => format!(
                "marked: the current triplet at δ₊ = {}, δ₋ = {}, loss {}",
                n4(e.d_pos),
                n4(e.d_neg),
                n4(e.margin_loss)
            ),
            Ok(e) => format!(
                "marked: the current triplet at δ₊ = {}, δ₋ = {}, loss {}",
                n4(e.ratio_d_pos),
                n4(e.ratio_d_neg),
                n4(e.ratio_loss)
            ),
            Err(message) => message,
        };
        let margin_text = if margin {
            format!(", margin {}", n4(config.with(|c| c.margin)))
        } else {
            String::new()
        };
        format!(
            "{name} over (δ₊, δ₋) from 0 to {}{margin_text}, with contour lines; {position}",
            n4(d_max.get())
        )
    })
}
