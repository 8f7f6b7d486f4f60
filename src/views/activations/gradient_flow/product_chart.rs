//! The panel's product chart: the expected gradient product (E|f′|)^L against the depth L, log
//! scale, one line per function, a dashed line at the chosen L and a line at 10⁰ (the gradient
//! passes unchanged); with its legend and text alternative. The screen and the exports (SVG, PNG,
//! CSV) draw with one painter.

use crate::chart::backend::Backend;
use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::gradient_flow::{FlowSettings, MAX_LAYERS};
use nnfunc::plot::{axis_range, format_significant, nice_ticks, safe_value, tick_step, AxisRange};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::series::DashedLineSeries;
use web_sys::HtmlCanvasElement;

use super::{FlowFunction, FlowRows};
use crate::chart::canvas::fit_to_layout;
use crate::chart::export::{read_untracked, register_figure, Csv, Figure, Size, Surface};
use crate::chart::format::decade_label;
use crate::chart::line_chart::{draw_colored_lines, TickedAxis};
use crate::chart::style::{self, css_rgb, rgb};
use crate::perf::measured;
use crate::theme::{use_environment, ChartTheme, Rgb};

/// The CSS size the chart falls back to without layout.
const FALLBACK: (u32, u32) = (640, 320);

/// Polylines of (x, y) points.
type Polylines = Vec<Vec<(f64, f64)>>;

/// Draw the chart on `canvas`, sized for the screen.
fn draw_products(
    canvas: &HtmlCanvasElement,
    rows: &[(Rgb, Vec<f64>)],
    layers: u32,
    theme: &ChartTheme,
) -> Result<(), String> {
    let size = fit_to_layout(canvas, FALLBACK);
    let root = Backend::canvas(canvas)?.into_drawing_area();
    paint_products(&root, size.css.0, size.dpr, rows, layers, theme)?;
    root.present().map_err(|e| e.to_string())
}

/// log10 of each positive, finite product against its depth, split into polylines where it is 0
/// (−∞ on a log scale).
fn log_lines(products: &[f64]) -> Polylines {
    let mut lines = vec![];
    let mut current = vec![];
    for (i, p) in products.iter().enumerate() {
        let depth = (i + 1) as f64;
        match safe_value(p.log10()) {
            Some(l) => current.push((depth, l)),
            None if current.is_empty() => {}
            None => lines.push(std::mem::take(&mut current)),
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// The chart on any plotters backend, laid out for a CSS width `css_width` at `scale` backend
/// pixels per CSS pixel: the screen and the exports draw with this one function.
fn paint_products<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_width: u32,
    scale: f64,
    rows: &[(Rgb, Vec<f64>)],
    layers: u32,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    let lines: Vec<(Rgb, Polylines)> = rows
        .iter()
        .map(|(color, products)| (*color, log_lines(products)))
        .collect();
    let x = AxisRange::new(1.0, f64::from(MAX_LAYERS));
    let y = axis_range(
        lines
            .iter()
            .flat_map(|(_, ls)| ls.iter().flatten().map(|(_, l)| *l))
            .chain([0.0, -1.0]),
        0.06,
    );
    // Whole decades when they fit; coarser round steps for very wide ranges.
    let mut y_ticks = nice_ticks(y, 8);
    if tick_step(&y_ticks).is_some_and(|s| s < 1.0) {
        y_ticks = (y.min.ceil() as i64..=y.max.floor() as i64)
            .map(|k| k as f64)
            .collect();
    }

    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let font_size = if css_width < 480 { 11.0 } else { 13.0 };
    let mut chart = ChartBuilder::on(root)
        .margin(px(12.0) as i32)
        .x_label_area_size(px(font_size * 2.4) as i32)
        .y_label_area_size(px(font_size * 4.0) as i32)
        .build_cartesian_2d(
            TickedAxis::nice(x, if css_width < 480 { 6 } else { 10 }),
            TickedAxis::with_label(y, y_ticks, decade_label),
        )
        .map_err(|e| e.to_string())?;
    style::mesh(&mut chart.configure_mesh(), theme, scale, font_size, 4.0)
        .draw()
        .map_err(|e| e.to_string())?;
    let strong = ShapeStyle {
        color: rgb(theme.axis).mix(0.8),
        ..style::stroke(theme.axis, px(1.5))
    };
    chart
        .draw_series(LineSeries::new([(x.min, 0.0), (x.max, 0.0)], strong))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(DashedLineSeries::new(
            [(f64::from(layers), y.min), (f64::from(layers), y.max)],
            px(5.0) as i32,
            px(4.0) as i32,
            strong,
        ))
        .map_err(|e| e.to_string())?;
    draw_colored_lines(&mut chart, &lines, px(2.0) as u32)
}

/// The chart as the export buttons see it.
struct FlowFigure {
    rows: Memo<Result<FlowRows, String>>,
    layers: Memo<u32>,
}

impl FlowFigure {
    fn series(&self) -> Result<Vec<(String, Rgb, Vec<f64>)>, String> {
        read_untracked(&self.rows, |rows| {
            rows.as_ref()
                .map(|rows| {
                    rows.iter()
                        .map(|(f, s)| (f.label.clone(), f.color, s.product_by_depth.clone()))
                        .collect()
                })
                .map_err(Clone::clone)
        })
    }
}

impl Figure for FlowFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        let rows: Vec<(Rgb, Vec<f64>)> = self
            .series()?
            .into_iter()
            .map(|(_, color, products)| (color, products))
            .collect();
        let layers = self.layers.try_get_untracked().unwrap_or(1);
        paint_products(to.root, to.css.0, to.scale, &rows, layers, &to.theme)
    }

    /// One row per depth L: each function's (E|f′|)^L.
    fn csv(&self) -> Result<String, String> {
        let series = self.series()?;
        let mut header = vec!["depth L".to_owned()];
        header.extend(
            series
                .iter()
                .map(|(label, _, _)| format!("{label} (E|f'|)^L")),
        );
        let mut csv = Csv::new(header);
        let depth = series.iter().map(|(_, _, p)| p.len()).max().unwrap_or(0);
        for i in 0..depth {
            let mut row = vec![Some((i + 1) as f64)];
            row.extend(series.iter().map(|(_, _, p)| p.get(i).copied()));
            csv.push(row);
        }
        Ok(csv.text())
    }
}

/// The chart's text alternative, with the numbers at the chosen L.
fn label(settings: &FlowSettings, rows: &Result<FlowRows, String>) -> String {
    let n4 = |v: f64| format_significant(v, 4);
    let head = format!(
        "Expected gradient product (E|f′|) to the power L for L from 1 to 50, log scale, one \
         line per function, for pre-activations from N({}, {}²) (seed {}); the dashed line \
         marks L = {}",
        n4(settings.mean),
        n4(settings.std_dev),
        settings.seed,
        settings.layers
    );
    match rows {
        Ok(rows) if !rows.is_empty() => format!(
            "{head}, where: {}.",
            rows.iter()
                .map(|(f, stats)| format!("{} {}", f.label, n4(stats.gradient_product)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ok(_) => format!("{head}."),
        Err(message) => format!("{head}. {message}"),
    }
}

/// The chart (test id `flow-plot`, registered for export), its legend and a note on reading it.
#[component]
pub(super) fn ProductChart(
    functions: Signal<Vec<FlowFunction>>,
    settings: RwSignal<FlowSettings>,
    rows: Memo<Result<FlowRows, String>>,
    layers: Memo<u32>,
) -> impl IntoView {
    let environment = use_environment();
    let plot_ref = NodeRef::<leptos::html::Canvas>::new();
    let size = Size::Canvas(plot_ref, FALLBACK);
    register_figure(
        "flow-plot",
        size,
        environment.dark,
        FlowFigure { rows, layers },
    );
    let plot_label = Signal::derive(move || settings.with(|s| rows.with(|r| label(s, r))));
    let (plot_error, set_plot_error) = signal(None::<String>);
    effect(move || {
        let theme = ChartTheme::new(environment.dark.get());
        environment.viewport.track();
        let depth = layers.get();
        let Some(canvas) = plot_ref.get() else {
            return;
        };
        let result = rows.with(|rows| {
            let series: Vec<(Rgb, Vec<f64>)> = match rows {
                Ok(rows) => rows
                    .iter()
                    .map(|(f, s)| (f.color, s.product_by_depth.clone()))
                    .collect(),
                Err(_) => vec![],
            };
            measured("draw:flow", || {
                draw_products(&canvas, &series, depth, &theme)
            })
        });
        if let Err(message) = &result {
            crate::dom::warn(&format!("drawing the gradient plot failed: {message}"));
        }
        set_plot_error.set(result.err());
    });
    let legend = move || {
        functions
            .get()
            .into_iter()
            .map(|f| {
                view! {
                    <li>
                        <span class="flow-swatch" aria-hidden="true" style:background=css_rgb(f.color)></span>
                        {f.label}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <h3>"Gradient product (E|f′|)" <sup>"L"</sup> " against the number of layers L (log scale)"</h3>
        <div class="chart flow-chart">
            <canvas node_ref=plot_ref data-testid="flow-plot" role="img"
                aria-label=plot_label></canvas>
            {move || plot_error.get().map(|e| view! { <p class="chart-message" role="status">{e}</p> })}
        </div>
        <ul class="legend">{legend}</ul>
        <p class="muted flow-note">
            "Lines below 10⁰ vanish with depth, above it they explode; a function missing from the plot has a product of 0 (every unit dead). "
            "Real networks also multiply by weights, which initialisations such as He or Glorot scale to keep the product near 1."
        </p>
    }
}
