//! The view's two figures on screen and in the exports: one effect redraws both canvases when
//! anything they show changes (measured as `draw:softmax`), and both are registered for the export
//! buttons, which read the same state untracked.

use leptos::prelude::*;

use super::bars::{self, BarsFigure};
use super::curve::{self, CurveFigure};
use super::state::SoftmaxState;
use super::Live;
use crate::chart::export::{canvas_css_size, chart_theme, register_figure};
use crate::chart::line_chart;
use crate::perf::measured;
use crate::theme::{use_environment, ChartTheme};

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
    let state = |canvas| FigureState {
        live,
        dark: environment.dark,
        canvas,
    };
    register_figure("softmax-bars", BarsFigure(state(bars_ref)));
    register_figure("softmax-curve", CurveFigure(state(curve_ref)));
    Effect::new(move |_| {
        let dark = environment.dark.get();
        environment.viewport.track();
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

/// What a figure reads for the export buttons: the view's state, its scheme and its canvas.
#[derive(Clone, Copy)]
pub struct FigureState {
    live: Live,
    dark: ReadSignal<bool>,
    canvas: NodeRef<leptos::html::Canvas>,
}

impl FigureState {
    pub fn css_size(&self, fallback: (u32, u32)) -> (u32, u32) {
        canvas_css_size(self.canvas, fallback)
    }

    /// The state now (an error once the view was removed).
    pub fn read(&self) -> Result<SoftmaxState, String> {
        self.live
            .try_snapshot()
            .ok_or_else(|| "the view was removed".to_owned())
    }

    /// Whether the page is dark, and the chart colours for that.
    pub fn theme(&self) -> (bool, ChartTheme) {
        (
            self.dark.try_get_untracked().unwrap_or(false),
            chart_theme(self.dark),
        )
    }
}
