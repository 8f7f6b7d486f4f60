//! The view's two figures on screen and in the exports: one effect redraws both canvases when
//! anything they show changes (measured as `draw:softmax`), and both are registered for the export
//! buttons, which read the same state untracked. The outputs figure is also the view's first plot.

use crate::effect::effect;
use leptos::prelude::*;

use super::bars::{self, BarsFigure};
use super::curve::{self, CurveFigure};
use super::state::SoftmaxState;
use super::Live;
use crate::chart::canvas::use_css_size;
use crate::chart::export::{register_figure, Size};
use crate::chart::line_chart;
use crate::perf::measured;
use crate::theme::{use_environment, ChartTheme};
use crate::url::UrlState;

/// The name of the performance measure around each redraw.
const DRAW_MEASURE: &str = "draw:softmax";

/// Draw the outputs on `bars_ref` and the curve on `curve_ref` whenever they change, and register
/// both for export. What went wrong in the last drawing (shown under the curve) comes back.
pub fn draw(
    live: Live,
    bars_ref: NodeRef<leptos::html::Canvas>,
    curve_ref: NodeRef<leptos::html::Canvas>,
) -> ReadSignal<Option<String>> {
    let environment = use_environment();
    let (draw_error, set_draw_error) = signal(None::<String>);
    let dark = environment.dark;
    register_figure(
        "softmax-bars",
        Size::Canvas(bars_ref, (960, 300)),
        dark,
        BarsFigure(live),
    );
    let curve_size = Size::Canvas(curve_ref, (640, 400));
    register_figure("softmax-curve", curve_size, dark, CurveFigure(live));
    // The layout can resize the figures without the window (a lesson's text beside the view).
    let (bars_size, curve_box) = (use_css_size(bars_ref), use_css_size(curve_ref));
    effect(move || {
        let dark = environment.dark.get();
        environment.viewport.track();
        bars_size.track();
        curve_box.track();
        let theme = ChartTheme::new(dark);
        let (Some(bars_canvas), Some(curve_canvas)) = (bars_ref.get(), curve_ref.get()) else {
            return;
        };
        let tau = live.tau.get();
        let index = live.index.get();
        let result = measured(DRAW_MEASURE, || {
            live.results.with(|r| match r {
                Ok(out) => bars::draw(&bars_canvas, out, dark, &theme),
                Err(e) => Err(e.clone()),
            })?;
            let chart = live.logits.with(|l| curve::chart(l, tau, index, &theme));
            line_chart::draw(&curve_canvas, &chart, &theme)
        });
        if let Err(message) = &result {
            crate::dom::warn(&format!("drawing the softmax view failed: {message}"));
        }
        set_draw_error.set(result.err());
    });
    draw_error
}

/// The state for the export buttons, read untracked (an error once the view was removed).
pub fn snapshot(live: Live) -> Result<SoftmaxState, String> {
    live.try_snapshot()
        .ok_or_else(|| "the view was removed".to_owned())
}

/// The outputs figure from the address, before the app has arrived ([`crate::first_plot`]).
pub fn draw_first_plot() {
    crate::first_plot::draw_on_canvas("chart", "softmax-bars", DRAW_MEASURE, |canvas, _, dark| {
        let (state, _) = SoftmaxState::from_pairs(&crate::url::pairs());
        let outputs = super::model::outputs(&state.logits, state.tau)?;
        bars::draw(canvas, &outputs, dark, &ChartTheme::new(dark))
    });
}
