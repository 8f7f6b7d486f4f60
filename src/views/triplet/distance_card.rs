//! The card of `triplet_margin_with_distance_loss` on the page's triplet, margin and swap: its
//! distance function (PyTorch's default pairwise distance, or the cosine distance
//! 1 − cos(a, x)), the distances, the loss and its gradient on every point, as PyTorch computes
//! them (`nnfunc::triplet::evaluate_with_distance`).

use leptos::prelude::*;
use nnfunc::triplet::{evaluate_with_distance, DistanceEvaluation, DistanceFunction, Point};

use super::model::{readout, Model};
use super::state::DISTANCE_KEY;
use crate::components::Select;

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

#[component]
pub fn DistanceCard(model: Model) -> impl IntoView {
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
            <p class="hint">{move || match distance.get() {
                DistanceFunction::Pairwise => "PyTorch's default distance is triplet_margin_loss's with p = 2 and eps = 1e-6: with those settings above, the loss is the same number.",
                DistanceFunction::Cosine => "The cosine distance sees only directions from the origin: drag a point along its ray and nothing changes; the gradient is perpendicular to each point. It lies in [0, 2], so on surface (b) only the square [0, 2]² is reachable and a margin of 2 or more is never met. A point at the origin has no direction (its norm is clamped at 1e-8, as PyTorch).",
            }}</p>
        </section>
    }
}
