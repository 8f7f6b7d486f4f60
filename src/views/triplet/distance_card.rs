//! The card of `triplet_margin_with_distance_loss` on the page's triplet, margin and swap: its
//! distance function (PyTorch's default pairwise distance, or the cosine distance
//! 1 − cos(a, x)), the distances, the loss and its gradient on every point, as PyTorch computes
//! them (`nnfunc::triplet::evaluate_with_distance`), and the loss as the anchor moves over the
//! plane (`distance_map`, drawn by the view's drawing effect).

use leptos::prelude::*;
use nnfunc::triplet::{evaluate_with_distance, DistanceEvaluation, DistanceFunction, Point};

use super::distance_map::anchor_overlays;
use super::model::{n4, readout, Derived, Model};
use super::state::DISTANCE_KEY;
use crate::chart::heatmap::register_heatmap;
use crate::components::Select;
use crate::theme::use_environment;

fn pair(p: Point) -> String {
    format!("({}, {})", readout(p.0), readout(p.1))
}

/// What a student reads for each distance.
fn describe(distance: DistanceFunction) -> &'static str {
    match distance {
        DistanceFunction::Pairwise => "pairwise_distance (PyTorch's default: ‖a − x + 1e-6‖₂)",
        DistanceFunction::Cosine => "cosine_distance: 1 − F.cosine_similarity(a, x)",
    }
}

/// The map's text alternative: what it shows and the loss at the anchor.
fn map_label(model: Model, value: Memo<Result<DistanceEvaluation, String>>) -> Signal<String> {
    Signal::derive(move || {
        let name = model.distance.get().key();
        let t = model.triplet.get();
        let at = value
            .get()
            .map_or_else(|m| m, |e| format!("loss {}", n4(e.loss)));
        format!(
            "Heatmap of triplet_margin_with_distance_loss with {name} as the anchor moves over the plane, the positive at {} and the negative at {} fixed, with contour lines; marked: the anchor at {}, {at}.",
            pair(t.positive),
            pair(t.negative),
            pair(t.anchor)
        )
    })
}

/// The loss map's figure: its canvas (drawn by the view's effect) and export registration.
#[component]
fn DistanceMap(
    model: Model,
    derived: Derived,
    canvas: NodeRef<leptos::html::Canvas>,
    label: Signal<String>,
) -> impl IntoView {
    let dark = use_environment().dark;
    let map = derived.distance_map;
    let source = move || {
        let chart = map.try_get_untracked()??.ok()?;
        let anchor = model.triplet.try_with_untracked(|t| t.anchor)?;
        Some((chart, anchor_overlays(anchor, dark.try_get_untracked()?)))
    };
    register_heatmap("plot-distance-map", canvas, dark, "loss", source);
    view! {
        <figure class="triplet-distance-map">
            <canvas node_ref=canvas data-testid="plot-distance-map" role="img" aria-label=move || label.get()></canvas>
            <figcaption>"The loss as the anchor moves over the plane, p and n where they are (the dots in the plane's colours: a, p, n). Dark: loss 0, the anchor close enough to p and far enough from n under this distance."</figcaption>
        </figure>
    }
}

#[component]
pub fn DistanceCard(
    model: Model,
    derived: Derived,
    canvas: NodeRef<leptos::html::Canvas>,
) -> impl IntoView {
    let Model {
        config,
        triplet,
        distance,
        ..
    } = model;
    let value = Memo::new(move |_| {
        evaluate_with_distance(&triplet.get(), &config.get(), distance.get())
            .map_err(|e| e.to_string())
    });
    let cell = move |f: fn(&DistanceEvaluation) -> String| {
        move || value.get().map_or_else(|_| "—".to_string(), |e| f(&e))
    };
    view! {
        <section class="card triplet-distance" data-testid="triplet-distance">
            <h3>"Any distance: triplet_margin_with_distance_loss"</h3>
            <label class="triplet-field">
                <span>"distance_function"</span>
                <Select name=DISTANCE_KEY test_id="distance-function" options=DistanceFunction::ALL.to_vec()
                    key=|d| d.key().into() text=|d| describe(d).into() value=distance
                    on_pick=move |d| distance.set(d) />
            </label>
            <table class="readout triplet-readout">
                <caption>"The same points, margin and swap (float64, as PyTorch)"</caption>
                <tbody>
                    <tr><th scope="row">"loss"</th>
                        <td data-testid="readout-with-distance"
                            data-value=move || value.get().map_or(String::new(), |e| e.loss.to_string())>
                            {cell(|e| readout(e.loss))}</td></tr>
                    <tr><th scope="row">"d(a, p)"</th><td data-testid="readout-distance-pos">{cell(|e| readout(e.d_pos))}</td></tr>
                    <tr><th scope="row">"d(a, n)"</th><td data-testid="readout-distance-neg">{cell(|e| readout(e.d_anchor_negative))}</td></tr>
                    {move || config.get().swap.then(|| view! {
                        <tr><th scope="row">"d(p, n)"</th><td>{cell(|e| {
                            let used = if e.swapped { " (used: swapped)" } else { "" };
                            format!("{}{used}", readout(e.d_positive_negative))
                        })}</td></tr>
                    })}
                    <tr><th scope="row">"∂/∂anchor"</th><td>{cell(|e| pair(e.grad[0]))}</td></tr>
                    <tr><th scope="row">"∂/∂positive"</th><td>{cell(|e| pair(e.grad[1]))}</td></tr>
                    <tr><th scope="row">"∂/∂negative"</th><td>{cell(|e| pair(e.grad[2]))}</td></tr>
                </tbody>
            </table>
            {move || value.get().err().map(|m| view! { <p class="chart-message" role="status">{m}</p> })}
            <DistanceMap model derived canvas label=map_label(model, value) />
            <p class="hint">{move || match distance.get() {
                DistanceFunction::Pairwise => "PyTorch's default distance is triplet_margin_loss's with p = 2 and eps = 1e-6: with those settings above, the loss is the same number.",
                DistanceFunction::Cosine => "The cosine distance sees only directions from the origin: drag a point along its ray and nothing changes; the gradient is perpendicular to each point. It lies in [0, 2], so on surface (b) only the square [0, 2]² is reachable and a margin of 2 or more is never met. A point at the origin has no direction (its norm is clamped at 1e-8, as PyTorch).",
            }}</p>
        </section>
    }
}
