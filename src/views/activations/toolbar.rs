//! The plot's toolbar: the derivative and saturation toggles, the x range and its reset.

use leptos::prelude::*;
use nnfunc::plot::format_significant;

use super::explorer::Explorer;
use super::state::default_x;
use crate::components::Checkbox;

/// Derivative and saturation toggles, the x range and its reset.
#[component]
pub(super) fn PlotToolbar(explorer: Explorer) -> impl IntoView {
    let checkbox = |signal: RwSignal<bool>,
                    name: &'static str,
                    test_id: &'static str,
                    text: &'static str| {
        view! {
            <Checkbox class="checkbox" name test_id checked=signal on_toggle=move |on| signal.set(on)>
                {text}
            </Checkbox>
        }
    };
    let range_text = move || {
        let x = explorer.x.get();
        format!(
            "x from {} to {}",
            format_significant(x.min, 4),
            format_significant(x.max, 4)
        )
    };
    view! {
        <div class="plot-toolbar">
            {checkbox(explorer.show_derivative, "deriv", "deriv-toggle", "f′(x), dashed")}
            {checkbox(explorer.shade_saturation, "sat", "sat-toggle", "shade saturation (|f′| < 0.01)")}
            <span class="x-range muted" data-testid="x-range">{range_text}</span>
            <button
                type="button"
                data-testid="reset-view"
                disabled=move || explorer.x.get() == default_x()
                on:click=move |_| explorer.x.set(default_x())
            >
                "Reset view"
            </button>
        </div>
        <p class="plot-hint muted small">
            "Wheel or pinch to zoom, drag to pan; the crosshair follows the pointer."
        </p>
    }
}
