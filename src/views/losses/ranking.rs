//! Ranking & embedding: `margin_ranking_loss` over the (x1, x2) plane as two heatmaps (y = +1 and
//! y = −1) with the current pair marked, and `cosine_embedding_loss` of two 2D vectors (typed or
//! placed by pointer), their angle, y = ±1 and the margin. Every value comes from `loss::evaluate`
//! through `loss_views::margin_ranking` and `loss_views::cosine_embedding`.

use std::sync::Arc;

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::{cosine_embedding, margin_ranking};
use nnfunc::plot::{to_rgba, viridis, AxisRange, ColorScale, Grid};
use nnfunc::Params;

use super::chart::{loss_color, Line, Plot, PlotCanvas};
use super::pytorch::live;
use super::state::{LossState, LossStore};
use super::{event_number, readout, NotesGrid, DRAW_LOSS};
use crate::chart::heatmap::{self, register_heatmap, HeatmapChart, Overlay};
use crate::components::ParamControl;
use crate::theme::{use_environment, ChartTheme};
use crate::torch::script::{live_list, live_number};

/// Cells per side of the margin-ranking heatmaps.
const CELLS: usize = 128;
const SCORE_RANGE: (f64, f64) = (-3.0, 3.0);
const VECTOR_RANGE: (f64, f64) = (-2.0, 2.0);
/// The vectors x1 and x2 of cosine_embedding_loss the view starts with.
const START_VECTORS: ((f64, f64), (f64, f64)) =
    ((live::A.1[0], live::A.1[1]), (live::B.1[0], live::B.1[1]));

/// The cosine-embedding figure: the vectors `a` (x1) and `b` (x2) as arrows from the origin.
fn cosine_plot(a: (f64, f64), b: (f64, f64), dark: bool) -> Plot {
    let range = AxisRange::new(VECTOR_RANGE.0, VECTOR_RANGE.1);
    let line = |p: (f64, f64), i: usize| Line {
        name: if i == 0 { "x1" } else { "x2" }.into(),
        points: vec![(0.0, 0.0), p],
        color: loss_color(i, dark),
        dashed: false,
    };
    Plot {
        x: range,
        y: range,
        x_label: "component 1 (press or drag to move the nearer vector)".into(),
        y_label: "component 2".into(),
        lines: vec![line(a, 0), line(b, 1)],
        dots: vec![(a, loss_color(0, dark)), (b, loss_color(1, dark))],
        ..Plot::default()
    }
}

/// The margin ranking loss over the score plane for target `y`.
fn ranking_chart(params: &Params, y: f64) -> HeatmapChart {
    let range = AxisRange::new(SCORE_RANGE.0, SCORE_RANGE.1);
    let grid = Grid::evaluate(
        |x1, x2| margin_ranking(params, x1, x2, y).map_or(f64::NAN, |r| r.0),
        range,
        range,
        CELLS,
        CELLS,
    );
    let scale = ColorScale::linear(grid.values.iter().copied());
    let rgba = to_rgba(&grid, &scale, viridis);
    HeatmapChart {
        grid,
        rgba,
        cell_pixels: 1,
        scale,
        palette: viridis,
        x_label: "x1".into(),
        y_label: "x2".into(),
        x_names: Vec::new(),
        y_names: Vec::new(),
        overlays: Vec::new(),
    }
}

/// A heatmap canvas with the current point marked, redrawn (as `draw:loss`) when either changes.
#[component]
fn RankingHeatmap(
    chart: Memo<Arc<HeatmapChart>>,
    at: Signal<(f64, f64)>,
    test_id: &'static str,
    /// The text alternative (follows the state).
    label: Signal<String>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let error = RwSignal::new(None::<String>);
    let marker = move |at: (f64, f64)| Overlay::Marker {
        at,
        color: (230, 60, 60),
        radius_css: 6.0,
    };
    let source = move || {
        let marker = marker(at.try_get_untracked()?);
        Some((chart.try_get_untracked()?, vec![marker]))
    };
    register_heatmap(test_id, canvas_ref, environment.dark, "loss", source);
    effect(move || {
        let dark = environment.dark.get();
        environment.viewport.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let marker = [marker(at.get())];
        let theme = ChartTheme::new(dark);
        let result = super::canvas::Timer::new(DRAW_LOSS)
            .whole(|| chart.with(|c| heatmap::draw_with(&canvas, c, &marker, &theme)));
        match result {
            Ok(_) => {
                if error.get_untracked().is_some() {
                    error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the heatmap failed: {message}"));
                error.set(Some(message));
            }
        }
    });
    view! {
        <div class="chart loss-chart loss-heatmap">
            <canvas node_ref=canvas_ref data-testid=test_id role="img" aria-label=move || label.get()></canvas>
            {move || error.get().map(|text| view! { <p class="chart-message" role="status">{text}</p> })}
        </div>
    }
}

#[component]
pub fn RankingFamily(store: LossStore) -> impl IntoView {
    let environment = use_environment();
    let ranking = store.params(FnId::MarginRankingLoss);
    let cosine = store.params(FnId::CosineEmbeddingLoss);
    let x1 = RwSignal::new(live::X1.1);
    let x2 = RwSignal::new(live::X2.1);
    let a = RwSignal::new(START_VECTORS.0);
    let b = RwSignal::new(START_VECTORS.1);
    let cosine_y = RwSignal::new(live::COSINE_TARGET.1);
    let hinge = store.params(FnId::HingeEmbeddingLoss);
    let hinge_x = RwSignal::new(live::HINGE_X.1);
    share_inputs(x1, x2, a, b, cosine_y, hinge_x);

    // No `PartialEq` on the chart: every margin change is a new chart.
    let chart_pos = Memo::new_with_compare(
        move |_| Arc::new(ranking.with(|p| ranking_chart(p, 1.0))),
        |_, _| true,
    );
    let chart_neg = Memo::new_with_compare(
        move |_| Arc::new(ranking.with(|p| ranking_chart(p, -1.0))),
        |_, _| true,
    );
    let at = Signal::derive(move || (x1.get(), x2.get()));
    let ranking_value =
        move |y: f64| ranking.with(|p| margin_ranking(p, x1.get(), x2.get(), y).map(|r| r.0));
    let cosine_value =
        Memo::new(move |_| cosine.with(|p| cosine_embedding(p, a.get(), b.get(), cosine_y.get())));
    let angle = move || {
        let (a, b) = (a.get(), b.get());
        let degrees = (b.1.atan2(b.0) - a.1.atan2(a.0)).to_degrees();
        let degrees = (degrees + 540.0).rem_euclid(360.0) - 180.0;
        nnfunc::plot::format_significant(degrees.abs(), 6)
    };

    // The figures' text alternatives, with the marked inputs and their losses.
    let n4 = |v: f64| nnfunc::plot::format_significant(v, 4);
    let ranking_label = move |y: f64| {
        let call = ranking.with(crate::torch::torch_call);
        format!(
            "Heatmap of margin_ranking_loss ({call}) over (x1, x2) for y = {}; marked: x1 = {}, \
             x2 = {}, loss {}.",
            if y > 0.0 { "+1" } else { "−1" },
            n4(x1.get()),
            n4(x2.get()),
            readout(ranking_value(y))
        )
    };
    let cosine_label = Signal::derive(move || {
        let call = cosine.with(crate::torch::torch_call);
        let ((a0, a1), (b0, b1)) = (a.get(), b.get());
        format!(
            "The two vectors of cosine_embedding_loss ({call}): x1 = ({}, {}), x2 = ({}, {}), \
             angle {}°, y = {}; loss {}.",
            n4(a0),
            n4(a1),
            n4(b0),
            n4(b1),
            angle(),
            n4(cosine_y.get()),
            readout(cosine_value.get().map(|r| r.loss))
        )
    });

    let vectors_plot =
        Signal::derive(move || Ok(cosine_plot(a.get(), b.get(), environment.dark.get())));
    let on_vectors = Callback::new(move |(x, y): (f64, f64)| {
        let d = |p: (f64, f64)| (p.0 - x).powi(2) + (p.1 - y).powi(2);
        if d(a.get_untracked()) <= d(b.get_untracked()) {
            a.set((x, y));
        } else {
            b.set((x, y));
        }
    });

    let score = |label: &'static str, name: &'static str, value: RwSignal<f64>| {
        view! {
            <label class="loss-field">
                <span>{label}</span>
                <input type="number" step="0.1" name=name data-testid=name
                    prop:value=move || value.get().to_string()
                    on:change=move |ev| if let Some(v) = event_number(&ev) { value.set(v) } />
            </label>
        }
    };
    let component = |label: &'static str,
                     name: &'static str,
                     vector: RwSignal<(f64, f64)>,
                     second: bool| {
        view! {
            <label class="loss-field class-field">
                <span>{label}</span>
                <input type="number" step="0.1" name=name data-testid=name
                    prop:value=move || { let v = vector.get(); if second { v.1 } else { v.0 }.to_string() }
                    on:change=move |ev| if let Some(x) = event_number(&ev) {
                        vector.update(|v| if second { v.1 = x } else { v.0 = x });
                    } />
            </label>
        }
    };
    let margin = |id: FnId| id.spec().param("margin");
    let ranking_row = move |y: f64, label: &'static str| {
        view! {
            <tr>
                <th scope="row"><code>"margin_ranking_loss"</code>" " {label}</th>
                <td data-testid="readout-loss" data-loss="margin_ranking_loss" data-y=y.to_string()
                    data-value=move || ranking_value(y).map_or(String::new(), |v| v.to_string())>
                    {move || readout(ranking_value(y))}
                </td>
            </tr>
        }
    };

    view! {
        <div class="loss-family" data-testid="family-panel-ranking">
            <div class="loss-main">
                <PlotCanvas plot=vectors_plot test_id="plot-cosine" on_pointer=on_vectors
                    label=cosine_label />
            </div>
            <div class="loss-side">
                <fieldset class="loss-controls">
                    <legend>"Cosine embedding: vectors"</legend>
                    {component("x1 (1)", "cosine-a-0", a, false)}
                    {component("x1 (2)", "cosine-a-1", a, true)}
                    {component("x2 (1)", "cosine-b-0", b, false)}
                    {component("x2 (2)", "cosine-b-1", b, true)}
                    <label class="loss-field">
                        <span>"target y"</span>
                        <select name="cosine-y" data-testid="cosine-y"
                            on:change=move |ev| if let Some(v) = crate::dom::target_value(&ev).and_then(|t| crate::url::parse_number(&t)) { cosine_y.set(v) }>
                            <option value="1" selected=move || cosine_y.get() == 1.0>"+1 (similar)"</option>
                            <option value="-1" selected=move || cosine_y.get() == -1.0>"−1 (dissimilar)"</option>
                        </select>
                    </label>
                    {margin(FnId::CosineEmbeddingLoss).map(|s| view! { <ParamControl param=s params=cosine /> })}
                </fieldset>
                <table class="readout">
                    <caption>"float64, as PyTorch"</caption>
                    <thead><tr><th scope="col">"loss"</th><th scope="col">"value"</th></tr></thead>
                    <tbody>
                        {ranking_row(1.0, "y = +1")}
                        {ranking_row(-1.0, "y = −1")}
                        <tr>
                            <th scope="row"><code>"cosine_embedding_loss"</code></th>
                            <td data-testid="readout-loss" data-loss="cosine_embedding_loss"
                                data-value=move || cosine_value.get().map_or(String::new(), |r| r.loss.to_string())>
                                {move || readout(cosine_value.get().map(|r| r.loss))}
                            </td>
                        </tr>
                        <tr>
                            <th scope="row">"angle between x1 and x2"</th>
                            <td data-testid="cosine-angle">{move || format!("{}°", angle())}</td>
                        </tr>
                    </tbody>
                </table>
            </div>
            <div class="loss-main loss-heatmaps">
                <RankingHeatmap chart=chart_pos at=at test_id="ranking-heatmap-pos"
                    label=Signal::derive(move || ranking_label(1.0)) />
                <RankingHeatmap chart=chart_neg at=at test_id="ranking-heatmap-neg"
                    label=Signal::derive(move || ranking_label(-1.0)) />
            </div>
            <div class="loss-side">
                <fieldset class="loss-controls">
                    <legend>"Margin ranking: scores"</legend>
                    {score("x1", "ranking-x1", x1)}
                    {score("x2", "ranking-x2", x2)}
                    {margin(FnId::MarginRankingLoss).map(|s| view! { <ParamControl param=s params=ranking /> })}
                </fieldset>
                <p class="hint">"The first heatmap is y = +1 (x1 should rank above x2), the second y = −1. The loss is zero beyond the diagonal band shifted by the margin; the red dot is (x1, x2)."</p>
            </div>
            <super::hinge::HingePanel params=hinge x=hinge_x />
            <NotesGrid ids=&[FnId::MarginRankingLoss, FnId::CosineEmbeddingLoss, FnId::HingeEmbeddingLoss] />
        </div>
    }
}

/// The marked inputs, for the PyTorch panel's script.
fn share_inputs(
    x1: RwSignal<f64>,
    x2: RwSignal<f64>,
    a: RwSignal<(f64, f64)>,
    b: RwSignal<(f64, f64)>,
    cosine_y: RwSignal<f64>,
    hinge_x: RwSignal<f64>,
) {
    crate::components::pytorch::share_live(move || {
        let ((a0, a1), (b0, b1)) = (a.get(), b.get());
        vec![
            live_number(live::X1.0, x1.get()),
            live_number(live::X2.0, x2.get()),
            live_list(live::A.0, &[a0, a1]),
            live_list(live::B.0, &[b0, b1]),
            live_number(live::COSINE_TARGET.0, cosine_y.get()),
            live_number(live::HINGE_X.0, hinge_x.get()),
        ]
    });
}

/// The figure from the address, before the app has arrived ([`crate::first_plot`]): the vectors
/// the view starts with (the address holds no vector).
pub(super) fn first_plot(_state: &LossState) {
    super::first::loss_chart(|dark| Ok(cosine_plot(START_VECTORS.0, START_VECTORS.1, dark)));
}
