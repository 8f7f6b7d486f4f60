//! The CTC alignment lattice as a heatmap: time steps across, the blank-interleaved target l′ down
//! (its labels on the axis), each cell coloured by log α (the forward variable) or by the log of
//! the share of the target's alignments passing through it; cells no alignment reaches (−∞) are
//! grey. Drawn through the chart kit's heatmap (one RGBA buffer, viridis, a colour bar) and
//! exported as any heatmap is.

use std::sync::Arc;

use leptos::prelude::*;
use nnfunc::ctc::example::{class_name, grid, Evaluation};
use nnfunc::plot::{blocks, to_rgba, viridis, ColorScale};

use super::DRAW_LOSS;
use crate::chart::heatmap::{self, register_heatmap, HeatmapChart};
use crate::theme::{use_environment, ChartTheme};

/// Raster pixels per lattice cell a side: cells stay crisp squares when stretched.
const CELL_PIXELS: u32 = 16;

/// The lattice of `evaluation` as a heatmap chart (log α, or the log posterior share).
pub fn lattice_chart(evaluation: &Evaluation, blank: usize, posterior: bool) -> HeatmapChart {
    let lattice = &evaluation.lattice;
    let grid = grid(lattice, &evaluation.log_probs, posterior);
    let scale = ColorScale::linear(grid.values.iter().copied().filter(|v| v.is_finite()));
    let rgba = blocks(
        &to_rgba(&grid, &scale, viridis),
        grid.nx,
        CELL_PIXELS as usize,
    );
    // Bottom row first: the last extended label.
    let y_names = lattice
        .extended
        .iter()
        .rev()
        .map(|&c| class_name(c, blank))
        .collect();
    HeatmapChart {
        grid,
        rgba,
        cell_pixels: CELL_PIXELS,
        scale,
        palette: viridis,
        x_label: "time step t".into(),
        y_label: "extended target l′ (read down)".into(),
        y_names,
        overlays: Vec::new(),
    }
}

/// The lattice's canvas, redrawn (as `draw:loss`) when the chart or the theme changes; `label`
/// is its text alternative.
#[component]
pub fn CtcLattice(
    chart: Memo<Result<Arc<HeatmapChart>, String>>,
    posterior: Signal<bool>,
    label: Signal<String>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let error = RwSignal::new(None::<String>);
    let source = move || Some((chart.try_get_untracked()?.ok()?, Vec::new()));
    register_heatmap(
        "plot-ctc-lattice",
        canvas_ref,
        environment.dark,
        "log value",
        source,
    );
    Effect::new(move |_| {
        let dark = environment.dark.get();
        environment.viewport.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let theme = ChartTheme::new(dark);
        let result = chart.with(|c| match c {
            Ok(c) => super::canvas::Timer::new(DRAW_LOSS)
                .whole(|| heatmap::draw(&canvas, c, &theme))
                .map(|_| ()),
            Err(message) => Err(message.clone()),
        });
        let message = result.err();
        if error.get_untracked() != message {
            error.set(message);
        }
    });
    let what = move || {
        if posterior.get() {
            "Colour: ln of the share of alignments through each cell (0 = all of them)."
        } else {
            "Colour: ln α, the log-probability of all paths that reach the cell."
        }
    };
    view! {
        <div class="chart loss-chart loss-heatmap ctc-lattice">
            <canvas node_ref=canvas_ref data-testid="plot-ctc-lattice" role="img" aria-label=move || label.get()></canvas>
            {move || error.get().map(|text| view! { <p class="chart-message" role="status">{text}</p> })}
        </div>
        <p class="hint">{what} " Grey: −∞, no alignment of the target reaches the cell."</p>
    }
}
