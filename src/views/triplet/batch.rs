//! Batch training: its controls (the mining strategy and the seed of the batch), its read-outs and
//! the chart of the mean loss and the violating fraction over the steps.

use leptos::prelude::*;
use nnfunc::plot::{extent, AxisRange, PALETTE};
use nnfunc::triplet::{BatchStats, Mining, Point};

use super::model::{readout, Model};
use crate::chart::line_chart::{LineChart, Series, SeriesStyle};
use crate::components::Select;
use crate::dom::target_value;
use crate::theme::ChartTheme;

/// Mean loss and active fraction over the steps.
pub fn stats_chart(history: &[BatchStats], theme: &ChartTheme) -> LineChart {
    let loss: Vec<Point> = history
        .iter()
        .enumerate()
        .map(|(k, s)| (k as f64, s.mean_loss))
        .filter(|p| p.1.is_finite())
        .collect();
    let active: Vec<Point> = history
        .iter()
        .enumerate()
        .map(|(k, s)| (k as f64, s.active_fraction))
        .collect();
    let y = match extent(loss.iter().chain(&active).map(|p| p.1)) {
        Some((lo, hi)) => AxisRange::new(lo.min(0.0), hi.max(1.0)).padded(0.05),
        None => AxisRange::new(0.0, 1.0),
    };
    LineChart {
        x: AxisRange::new(0.0, (history.len().max(2) - 1) as f64),
        y,
        series: vec![
            Series {
                lines: vec![loss],
                color: theme.primary,
                style: SeriesStyle::Solid,
            },
            Series {
                lines: vec![active],
                color: PALETTE[1],
                style: SeriesStyle::Dashed,
            },
        ],
    }
}

/// The mining strategy and the batch's seed (a new seed starts a new batch).
#[component]
pub fn BatchFields(model: Model) -> impl IntoView {
    let Model { mining, seed, .. } = model;
    view! {
        <label class="triplet-field">
            <span>"mining"</span>
            <Select name="mining" test_id="mining" options=Mining::ALL.to_vec()
                key=|m| m.key().into()
                text=|m| match m {
                    Mining::All => "all triplets",
                    Mining::Hard => "hard (hardest p and n per anchor)",
                    Mining::SemiHard => "semi-hard (δ₊ < δ₋ < δ₊ + margin)",
                }.into()
                value=mining on_pick=move |m| mining.set(m) />
        </label>
        <label class="triplet-field">
            <span>"seed"</span>
            <input type="number" name="seed" min="0" step="1" data-testid="seed"
                prop:value=move || seed.get().to_string()
                on:change=move |ev| {
                    if let Some(v) = target_value(&ev).and_then(|t| t.trim().parse::<u64>().ok()) {
                        seed.set(v);
                        model.reset();
                    }
                } />
        </label>
    }
}

/// The batch's rows of the read-out table.
#[component]
pub fn BatchReadouts(stats: BatchStats, history: RwSignal<Vec<BatchStats>>) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">"batch: mean loss (all triplets)"</th>
            <td data-testid="readout-batch-loss">{readout(stats.mean_loss)}</td>
        </tr>
        <tr>
            <th scope="row">"batch: triplets violating the margin"</th>
            <td data-testid="readout-batch-active">{format!("{:.1} %", 100.0 * stats.active_fraction)}</td>
        </tr>
        <tr>
            <th scope="row">"batch: mined triplets / steps"</th>
            <td data-testid="readout-batch-mined">{move || format!("{} / {}", stats.mined, history.get().len().saturating_sub(1))}</td>
        </tr>
    }
}

/// The training chart's card (drawn by the view's drawing effect).
#[component]
pub fn BatchChart(canvas: NodeRef<leptos::html::Canvas>) -> impl IntoView {
    view! {
        <figure class="card">
            <canvas node_ref=canvas data-testid="batch-stats" role="img"
                aria-label="Mean loss and fraction of triplets violating the margin over the training steps"></canvas>
            <figcaption>
                "Over the steps: mean loss over all triplets (blue) and the fraction violating the margin (orange, dashed)."
            </figcaption>
        </figure>
    }
}
