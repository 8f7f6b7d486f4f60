//! The CTC alignment lattice as a heatmap: time steps across, the blank-interleaved target l′ down
//! (its labels on the axis), each cell coloured by log α (the forward variable) or by the log of
//! the share of the target's alignments passing through it; cells no alignment reaches (−∞) are
//! grey. Beside it, PyTorch's gradient on log_probs as a heatmap too: time steps across, the
//! classes down (named as the lattice names them), a diverging map centred on zero. Both are drawn
//! through the chart kit's heatmap (one RGBA buffer, a colour bar) by [`CtcHeatmap`] and exported
//! as any heatmap is.

use std::sync::Arc;

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::ctc::example::{class_name, grad_grid, grid, Evaluation, CLASSES};
use nnfunc::plot::{blocks, diverging, to_rgba, viridis, ColorScale};

use super::DRAW_LOSS;
use crate::chart::heatmap::{self, register_heatmap, HeatmapChart};
use crate::theme::{use_environment, ChartTheme};

/// Raster pixels per lattice cell a side: cells stay crisp squares when stretched.
const CELL_PIXELS: u32 = 16;
/// The lattice figure's own class (the stylesheet sets its canvas's height).
pub const LATTICE_CLASS: &str = "ctc-lattice";

/// The classes of a heatmap's wrapper, `class` its own.
pub fn figure_classes(class: &str) -> String {
    format!("chart loss-chart loss-heatmap {class}")
}

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
        x_names: step_names(lattice.steps),
        y_names,
        overlays: Vec::new(),
    }
}

/// The time steps' names on the x axis: t = 0 … T−1, as PyTorch indexes log_probs' rows.
fn step_names(steps: usize) -> Vec<String> {
    (0..steps).map(|t| t.to_string()).collect()
}

/// PyTorch's gradient on log_probs as a heatmap chart: time across, the classes down (class 0 on
/// top, named as the lattice names them), blue below zero and red above on a scale symmetric
/// about zero.
pub fn grad_chart(evaluation: &Evaluation, blank: usize) -> HeatmapChart {
    let steps = evaluation.grad.len() / CLASSES;
    let grid = grad_grid(&evaluation.grad, steps);
    let scale = ColorScale::symmetric(grid.values.iter().copied());
    let rgba = blocks(
        &to_rgba(&grid, &scale, diverging),
        grid.nx,
        CELL_PIXELS as usize,
    );
    HeatmapChart {
        grid,
        rgba,
        cell_pixels: CELL_PIXELS,
        scale,
        palette: diverging,
        x_label: "time step t".into(),
        y_label: "class".into(),
        x_names: step_names(steps),
        y_names: (0..CLASSES).rev().map(|c| class_name(c, blank)).collect(),
        overlays: Vec::new(),
    }
}

/// One of the family's heatmaps on a canvas (`test_id`), redrawn (as `draw:loss`) when the chart
/// or the theme changes, exported with `value` naming a cell; `label` is its text alternative.
#[component]
pub fn CtcHeatmap(
    chart: Memo<Result<Arc<HeatmapChart>, String>>,
    test_id: &'static str,
    value: &'static str,
    /// The wrapper's class, for the canvas's height.
    class: &'static str,
    label: Signal<String>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let error = RwSignal::new(None::<String>);
    let source = move || Some((chart.try_get_untracked()?.ok()?, Vec::new()));
    register_heatmap(test_id, canvas_ref, environment.dark, value, source);
    effect(move || {
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
    view! {
        <div class=figure_classes(class)>
            <canvas node_ref=canvas_ref data-testid=test_id role="img" aria-label=move || label.get()></canvas>
            {move || error.get().map(|text| view! { <p class="chart-message" role="status">{text}</p> })}
        </div>
    }
}

/// The lattice's heatmap and what its colours mean.
#[component]
pub fn CtcLattice(
    chart: Memo<Result<Arc<HeatmapChart>, String>>,
    posterior: Signal<bool>,
    label: Signal<String>,
) -> impl IntoView {
    let what = move || {
        if posterior.get() {
            "Colour: ln of the share of alignments through each cell (0 = all of them)."
        } else {
            "Colour: ln α, the log-probability of all paths that reach the cell."
        }
    };
    view! {
        <CtcHeatmap chart=chart test_id="plot-ctc-lattice" value="log value" class=LATTICE_CLASS label=label />
        <p class="hint">{what} " Grey: −∞, no alignment of the target reaches the cell."</p>
    }
}
