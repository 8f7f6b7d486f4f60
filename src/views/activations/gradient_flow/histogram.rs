//! The panel's histograms: the outputs f(x) of one layer, one small chart per function, bars in its
//! colour; y is the share of units per bin.

use crate::chart::backend::Backend;
use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::gradient_flow::Histogram;
use nnfunc::plot::{nice_ticks, tick_label, AxisRange};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{FlowFunction, FlowRows};
use crate::chart::canvas::fit_to_layout;
use crate::chart::line_chart::TickedAxis;
use crate::chart::style::{self, rgb};
use crate::perf::measured;
use crate::theme::{use_environment, ChartTheme, Rgb};

/// The CSS size a histogram falls back to without layout.
const FALLBACK: (u32, u32) = (260, 150);

/// Draw the histogram of one function on `canvas`.
fn draw_histogram(
    canvas: &HtmlCanvasElement,
    histogram: &Histogram,
    color: Rgb,
    theme: &ChartTheme,
) -> Result<(), String> {
    let size = fit_to_layout(canvas, FALLBACK);
    let px = |css: f64| size.px(css);
    let backend = Backend::canvas(canvas)?;
    let root = backend.into_drawing_area();
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let total = histogram.counts.iter().sum::<usize>().max(1) as f64;
    let top = (histogram.max_count() as f64 / total).max(0.01) * 1.08;
    let y = AxisRange::new(0.0, top);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(6.0) as i32)
        .x_label_area_size(px(22.0) as i32)
        .y_label_area_size(px(38.0) as i32)
        .build_cartesian_2d(
            TickedAxis::nice(histogram.range, 4),
            TickedAxis::with_label(y, nice_ticks(y, 3), |v, step| {
                format!("{} %", tick_label(v * 100.0, step * 100.0))
            }),
        )
        .map_err(|e| e.to_string())?;
    style::mesh(&mut chart.configure_mesh(), theme, size.dpr, 11.0, 3.0)
        .draw()
        .map_err(|e| e.to_string())?;
    let fill = rgb(color).mix(0.85).filled();
    chart
        .draw_series(
            histogram
                .counts
                .iter()
                .enumerate()
                .filter(|(_, count)| **count > 0)
                .map(|(i, count)| {
                    let x0 = histogram.bin_start(i);
                    let x1 = x0 + histogram.bin_width();
                    Rectangle::new([(x0, 0.0), (x1, *count as f64 / total)], fill)
                }),
        )
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}

/// One histogram per function, in order.
#[component]
pub(super) fn FlowHistograms(
    functions: Signal<Vec<FlowFunction>>,
    rows: Memo<Result<FlowRows, String>>,
) -> impl IntoView {
    let histograms = move || {
        functions
            .get()
            .into_iter()
            .map(|f| view! { <FlowHistogram function=f rows=rows /> })
            .collect_view()
    };
    view! { <div class="flow-histograms">{histograms}</div> }
}

/// The output histogram of one function.
#[component]
fn FlowHistogram(function: FlowFunction, rows: Memo<Result<FlowRows, String>>) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let label = function.label.clone();
    let color = function.color;
    effect(move || {
        let theme = ChartTheme::new(environment.dark.get());
        environment.viewport.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let histogram = rows.with(|rows| {
            rows.as_ref().ok().and_then(|rows| {
                rows.iter()
                    .find(|(f, _)| f.label == label)
                    .map(|(_, s)| s.histogram.clone())
            })
        });
        let Some(histogram) = histogram else {
            return;
        };
        if let Err(message) = measured("draw:flow", || {
            draw_histogram(&canvas, &histogram, color, &theme)
        }) {
            crate::dom::warn(&format!("drawing a histogram failed: {message}"));
        }
    });
    view! {
        <figure class="flow-histogram">
            <canvas node_ref=canvas_ref role="img"
                aria-label=format!("Histogram of the outputs of {}", function.label)></canvas>
            <figcaption>{function.label.clone()}</figcaption>
        </figure>
    }
}
