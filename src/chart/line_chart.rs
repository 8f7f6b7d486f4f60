//! A line chart of several series on a HiDPI canvas.

use crate::chart::backend::Backend;
use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::plot::{nice_ticks, tick_label, tick_step, AxisRange};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::series::DashedLineSeries;
use web_sys::HtmlCanvasElement;

use super::style::{self, rgb};
use crate::theme::{use_environment, ChartTheme, Rgb};

/// How a series is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesStyle {
    Solid,
    Dashed,
}

/// One curve: polylines from `nnfunc::plot::sample` (already split at gaps and finite).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub lines: Vec<Vec<(f64, f64)>>,
    pub color: Rgb,
    pub style: SeriesStyle,
}

/// Everything a line chart draws. Ranges come from `nnfunc::plot` and are safe for plotters.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub x: AxisRange,
    pub y: AxisRange,
    pub series: Vec<Series>,
}

/// A linear f64 axis whose ticks are given (from `nnfunc::plot::nice_ticks`), labelled by a
/// function (value, tick step) → text, `nnfunc::plot::tick_label` by default. plotters' own f64
/// ticks cannot be replaced while keeping its formatter. Shared by every plotters chart of the app.
#[derive(Clone)]
pub(crate) struct TickedAxis {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
    step: f64,
    label: fn(f64, f64) -> String,
}

impl TickedAxis {
    pub(crate) fn new(range: AxisRange, ticks: Vec<f64>) -> TickedAxis {
        TickedAxis::with_label(range, ticks, tick_label)
    }

    pub(crate) fn with_label(
        range: AxisRange,
        ticks: Vec<f64>,
        label: fn(f64, f64) -> String,
    ) -> TickedAxis {
        let step = tick_step(&ticks).unwrap_or(range.width());
        TickedAxis {
            linear: range.to_range().into(),
            ticks,
            step,
            label,
        }
    }

    /// Round ticks from `nnfunc::plot::nice_ticks`, labelled by `tick_label`.
    pub(crate) fn nice(range: AxisRange, max_ticks: usize) -> TickedAxis {
        TickedAxis::new(range, nice_ticks(range, max_ticks))
    }
}

impl Ranged for TickedAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Only bold grid lines, at the ticks; no light ones in between.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.linear.range()
    }
}

impl ValueFormatter<f64> for TickedAxis {
    fn format(value: &f64) -> String {
        tick_label(*value, f64::NAN)
    }

    fn format_ext(&self, value: &f64) -> String {
        (self.label)(*value, self.step)
    }
}

/// The CSS size used when the canvas has no layout yet (hidden, or not attached).
const FALLBACK_CSS_SIZE: (u32, u32) = (640, 400);

/// Draw `chart` on `canvas`, sized for the device pixel ratio. Errors are messages for the page.
pub fn draw(
    canvas: &HtmlCanvasElement,
    chart: &LineChart,
    theme: &ChartTheme,
) -> Result<(), String> {
    let fitted = super::canvas::fit_to_layout(canvas, FALLBACK_CSS_SIZE);
    let root = Backend::canvas(canvas)?.into_drawing_area();
    paint(&root, fitted.css, fitted.dpr, chart, theme)?;
    root.present().map_err(|e| e.to_string())
}

/// The CSS size of a line chart's canvas, as layout last left it (a fallback without layout).
pub fn css_size(canvas: &HtmlCanvasElement) -> (u32, u32) {
    super::canvas::css_size(canvas, FALLBACK_CSS_SIZE)
}

/// Draw `chart` on any plotters backend, laid out for the CSS size `css` at `scale` backend
/// pixels per CSS pixel: [`draw`] (the screen) and the exports both draw with this function.
pub fn paint<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (css_w, css_h): (u32, u32),
    scale: f64,
    chart: &LineChart,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;

    let font_size = if css_w < 480 { 11.0 } else { 13.0 };
    let mut builder = ChartBuilder::on(root);
    builder
        .margin(px(12.0) as i32)
        .x_label_area_size(px(font_size * 2.4) as i32)
        .y_label_area_size(px(font_size * 4.0) as i32);
    // Round 1-2-5 ticks from nnfunc, labelled with as many decimals as their step needs.
    let x_ticks = nice_ticks(chart.x, if css_w < 480 { 6 } else { 11 });
    let y_ticks = nice_ticks(chart.y, if css_h < 260 { 5 } else { 8 });
    let mut plot = builder
        .build_cartesian_2d(
            TickedAxis::new(chart.x, x_ticks),
            TickedAxis::new(chart.y, y_ticks),
        )
        .map_err(|e| e.to_string())?;

    style::mesh(&mut plot.configure_mesh(), theme, scale, font_size, 4.0)
        .draw()
        .map_err(|e| e.to_string())?;

    // The axes through the origin, when in view, a little stronger than the grid.
    let origin_style = ShapeStyle {
        color: rgb(theme.axis).mix(0.7),
        filled: false,
        stroke_width: px(1.0) as u32,
    };
    if chart.y.contains(0.0) {
        plot.draw_series(LineSeries::new(
            [(chart.x.min, 0.0), (chart.x.max, 0.0)],
            origin_style,
        ))
        .map_err(|e| e.to_string())?;
    }
    if chart.x.contains(0.0) {
        plot.draw_series(LineSeries::new(
            [(0.0, chart.y.min), (0.0, chart.y.max)],
            origin_style,
        ))
        .map_err(|e| e.to_string())?;
    }

    for series in &chart.series {
        let style = ShapeStyle {
            color: rgb(series.color).to_rgba(),
            filled: false,
            stroke_width: px(2.0) as u32,
        };
        for line in &series.lines {
            let points = line.iter().copied();
            match series.style {
                SeriesStyle::Solid => plot.draw_series(LineSeries::new(points, style)),
                SeriesStyle::Dashed => plot.draw_series(DashedLineSeries::new(
                    points,
                    px(6.0) as i32,
                    px(4.0) as i32,
                    style,
                )),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Polylines of one colour (finite points, split at gaps).
pub(crate) type ColoredLines = (Rgb, Vec<Vec<(f64, f64)>>);

/// Stroke each colour's polylines as solid lines `width` backend pixels wide (the gradient-flow
/// and training charts' series; their log scales are applied to the data before).
pub(crate) fn draw_colored_lines<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<TickedAxis, TickedAxis>>,
    lines: &[ColoredLines],
    width: u32,
) -> Result<(), String> {
    for ((r, g, b), polylines) in lines {
        let style = style::stroke((*r, *g, *b), f64::from(width));
        for line in polylines {
            chart
                .draw_series(LineSeries::new(line.iter().copied(), style))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// A canvas that redraws `chart` whenever it, the colour scheme or the viewport changes.
///
/// Drawing errors replace nothing: they show as a message under the canvas and in the console.
#[component]
pub fn LineChartCanvas(
    /// The chart, or a message to show instead (e.g. invalid parameters).
    #[prop(into)]
    chart: Signal<Result<LineChart, String>>,
    /// The `data-testid` of the canvas.
    test_id: &'static str,
    /// What the chart shows, for screen readers.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let (draw_error, set_draw_error) = signal(None::<String>);

    effect(move || {
        let dark = environment.dark.get();
        environment.viewport.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let theme = ChartTheme::new(dark);
        let result = chart.with(|chart| match chart {
            Ok(chart) => draw(&canvas, chart, &theme),
            // Keep the axes: an empty chart over the default range, and the message below it.
            Err(_) => draw(
                &canvas,
                &LineChart {
                    x: AxisRange::new(-5.0, 5.0),
                    y: AxisRange::DEFAULT,
                    series: vec![],
                },
                &theme,
            ),
        });
        if let Err(message) = &result {
            crate::dom::warn(&format!("drawing the chart failed: {message}"));
        }
        set_draw_error.set(result.err());
    });

    let message = move || {
        let problem = chart
            .with(|c| c.as_ref().err().cloned())
            .or_else(|| draw_error.get());
        problem.map(|text| view! { <p class="chart-message" role="status">{text}</p> })
    };

    view! {
        <div class="chart">
            <canvas node_ref=canvas_ref data-testid=test_id role="img" aria-label=move || label.get()></canvas>
            {message}
        </div>
    }
}
