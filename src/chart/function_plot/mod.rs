//! An interactive plot of curves over x on two stacked HiDPI canvases.
//!
//! The lower canvas holds what changes with the data (grid, labels, bands, markers, curves): plotters
//! draws the mesh (cached on an off-screen canvas) and then the rest ([`paint`]'s `draw_content`,
//! the same functions the SVG and PNG exports use; dashes are cut by [`dashed`]). The upper canvas
//! holds only the crosshair, so a pointer move redraws a line and a few dots,
//! never the curves. The upper canvas also takes the input: wheel or pinch to zoom about the pointer,
//! drag to pan, arrow keys to move the crosshair (Shift: pan), `+`/`-` to zoom.
//!
//! Everything arrives finite and padded (ranges from `nnfunc::plot`); pointer positions map back to x
//! through [`AxisRange::value_at`], the inverse of the projection used to draw.
//!
//! `paint` draws (mesh cache, curves, crosshair), `gestures` turns pointer, wheel and key input
//! into a new x range or crosshair position.

mod gestures;
mod paint;

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::plot::AxisRange;
use plotters::prelude::*;
use std::sync::Arc;

use super::canvas::use_css_size;
use super::export::{read_untracked, register_figure, Csv, Figure, Size, Surface};
use crate::theme::{use_environment, ChartTheme, Rgb};
use gestures::Gestures;
pub use paint::{dashed, draw, paint, MeshCache};

/// Polylines from `nnfunc::plot::sample`: split at gaps, every point finite.
pub type Lines = Vec<Vec<(f64, f64)>>;

/// How a curve is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
    Dotted,
}

/// One curve. The polylines are shared (`Arc`), so assembling a plot never copies samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub lines: Arc<Lines>,
    pub color: Rgb,
    pub stroke: Stroke,
    /// Line width in CSS pixels.
    pub width: f64,
}

/// An x interval shaded across the plot's height (e.g. where a function saturates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub from: f64,
    pub to: f64,
    pub color: Rgb,
}

/// A labelled vertical line at `x` (e.g. where softplus switches to the identity).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub color: Rgb,
    pub label: String,
}

/// Everything the lower canvas shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotData {
    pub x: AxisRange,
    pub y: AxisRange,
    pub bands: Vec<Band>,
    pub curves: Vec<Curve>,
    pub markers: Vec<Marker>,
}

/// Where the plotting area was drawn, in CSS pixels of the canvas, and which ranges it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x: AxisRange,
    pub y: AxisRange,
}

impl Frame {
    /// The x value under a CSS-pixel position (`None` outside the plotting area's columns).
    pub fn x_at(&self, css_x: f64) -> Option<f64> {
        if css_x < self.left || css_x > self.right {
            return None;
        }
        self.x.value_at(css_x, self.left, self.right)
    }

    pub(crate) fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// A dot of the crosshair: the value of one curve at the crosshair's x.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrosshairPoint {
    pub y: f64,
    pub color: Rgb,
}

/// The CSS size used when the canvas has no layout yet (hidden, or not attached).
const FALLBACK_CSS_SIZE: (u32, u32) = (800, 450);

/// The plot as the export buttons see it: the same data, drawn by [`paint`].
struct PlotFigure {
    data: Signal<PlotData>,
    csv: Option<Callback<(), Result<String, String>>>,
}

impl Figure for PlotFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        read_untracked(&self.data, |data| {
            paint(to.root, to.css, to.scale, data, &to.theme)
        })
    }

    fn csv(&self) -> Result<String, String> {
        if let Some(csv) = self.csv {
            return csv
                .try_run(())
                .unwrap_or_else(|| Err("the plot was removed".into()));
        }
        read_untracked(&self.data, |data| {
            let mut csv = Csv::new(vec!["curve".into(), "x".into(), "y".into()]);
            for (index, curve) in data.curves.iter().enumerate() {
                for &(x, y) in curve.lines.iter().flatten() {
                    csv.push(vec![Some(index as f64), Some(x), Some(y)]);
                }
            }
            Ok(csv.text())
        })
    }
}

/// How long after a redraw with new axes the off-screen grid is redrawn (see [`MeshCache`]).
const MESH_REFRESH_DELAY: std::time::Duration = std::time::Duration::from_millis(40);

/// The interactive plot. The curves redraw when `data`, the colour scheme or the viewport changes;
/// the crosshair redraws on its own canvas when `probe` or `crosshair` changes.
#[component]
pub fn FunctionPlot(
    #[prop(into)] data: Signal<PlotData>,
    /// The visible x range; zooming and panning write it (the owner recomputes `data`).
    x_range: RwSignal<AxisRange>,
    /// The crosshair's x (written by pointer moves and arrow keys).
    probe: RwSignal<Option<f64>>,
    /// The dots at the crosshair's x.
    #[prop(into)]
    crosshair: Signal<Vec<CrosshairPoint>>,
    /// Zooming and panning keep the view at least this wide…
    min_width: f64,
    /// …and inside ±this.
    limit: f64,
    /// The `data-testid` of the lower canvas.
    test_id: &'static str,
    /// The `performance.measure` name of each redraw.
    measure: &'static str,
    /// What the plot shows, for screen readers.
    #[prop(into)]
    label: Signal<String>,
    /// The plot's data as CSV for the export (default: one `curve,x,y` row per drawn point).
    #[prop(optional)]
    csv: Option<Callback<(), Result<String, String>>>,
) -> impl IntoView {
    let plot_ref = NodeRef::<leptos::html::Canvas>::new();
    let overlay_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let frame = RwSignal::new(None::<Frame>);
    // The canvas's CSS size, kept current by a ResizeObserver (callbacks run right after layout).
    let size = use_css_size(plot_ref);
    let shown = Size::Observed(size, FALLBACK_CSS_SIZE);
    register_figure(test_id, shown, environment.dark, PlotFigure { data, csv });
    let draw_error = draw_effect(plot_ref, size, data, frame, measure);

    effect(move || {
        let dark = environment.dark.get();
        let (Some(canvas), Some(frame)) = (overlay_ref.get(), frame.get()) else {
            return;
        };
        let css = size.get().unwrap_or(FALLBACK_CSS_SIZE);
        crosshair.with(|points| {
            paint::draw_crosshair(
                &canvas,
                css,
                &frame,
                probe.get(),
                points,
                &ChartTheme::new(dark),
            );
        });
    });

    let gestures = Gestures::new(overlay_ref, frame, x_range, probe, (min_width, limit));
    let message = move || {
        draw_error
            .get()
            .map(|text| view! { <p class="chart-message" role="status">{text}</p> })
    };

    view! {
        <div class="chart function-plot">
            <div class="plot-stack">
                <canvas node_ref=plot_ref data-testid=test_id role="img" aria-label=move || label.get()></canvas>
                <canvas
                    node_ref=overlay_ref
                    class="plot-overlay"
                    data-testid=format!("{test_id}-overlay")
                    tabindex="0"
                    aria-label="Crosshair: arrow keys move it, Shift+arrows pan, + and − zoom; the read-out below lists the values"
                    on:pointerdown=move |ev| gestures.pointer_down(ev)
                    on:pointermove=move |ev| gestures.pointer_move(ev)
                    on:pointerup=move |ev| gestures.pointer_end(ev)
                    on:pointercancel=move |ev| gestures.pointer_end(ev)
                    on:wheel=move |ev| gestures.wheel(ev)
                    on:keydown=move |ev| gestures.key(ev)
                ></canvas>
            </div>
            {message}
        </div>
    }
}

/// The effect that redraws the curves (timed as `measure`) whenever the data, the colour scheme,
/// the viewport or the canvas's size change, and refreshes the mesh cache after a pause; returns
/// the last drawing error, for the page.
fn draw_effect(
    plot_ref: NodeRef<leptos::html::Canvas>,
    size: ReadSignal<Option<(u32, u32)>>,
    data: Signal<PlotData>,
    frame: RwSignal<Option<Frame>>,
    measure: &'static str,
) -> ReadSignal<Option<String>> {
    let environment = use_environment();
    let mesh_cache = StoredValue::new_local(MeshCache::new());
    // A refresh of the mesh cache waits for a pause this long (none while the axes keep moving).
    let refresh_pending = StoredValue::new(false);
    let (draw_error, set_draw_error) = signal(None::<String>);
    effect(move || {
        let dark = environment.dark.get();
        environment.viewport.track();
        let Some(canvas) = plot_ref.get() else {
            return;
        };
        let css = size.get().unwrap_or(FALLBACK_CSS_SIZE);
        let theme = ChartTheme::new(dark);
        let result = crate::perf::measured(measure, || {
            mesh_cache
                .try_update_value(|cache| data.with(|data| draw(&canvas, css, data, &theme, cache)))
                .unwrap_or_else(|| Err("the plot was removed".into()))
        });
        if mesh_cache.try_with_value(MeshCache::stale) == Some(true) && !refresh_pending.get_value()
        {
            refresh_pending.set_value(true);
            set_timeout(
                move || {
                    refresh_pending.try_set_value(false);
                    if let Some(Err(message)) = mesh_cache.try_update_value(MeshCache::refresh) {
                        crate::dom::warn(&format!("caching the plot's grid failed: {message}"));
                    }
                },
                MESH_REFRESH_DELAY,
            );
        }
        match result {
            Ok(drawn) => {
                if frame.get_untracked() != Some(drawn) {
                    frame.set(Some(drawn));
                }
                if draw_error.get_untracked().is_some() {
                    set_draw_error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the plot failed: {message}"));
                set_draw_error.set(Some(message));
            }
        }
    });
    draw_error
}
