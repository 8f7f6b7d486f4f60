//! The family plots: curves (solid or dashed), vertical markers with labels, dots and bars on a
//! HiDPI canvas with plotters. Everything arrives finite (samples from `nnfunc::plot::sample`,
//! ranges from `AxisRange`); each redraw is timed as `draw:loss`.

use leptos::prelude::*;
use nnfunc::plot::{nice_ticks, tick_label, tick_step, AxisRange, PALETTE};
use plotters::prelude::*;
use plotters::series::DashedLineSeries;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::chart::heatmap::PlotArea;
use crate::theme::{use_environment, ChartTheme, Rgb};

/// The colour of the `index`-th loss (Okabe–Ito, readable on both themes).
pub fn loss_color(index: usize, dark: bool) -> Rgb {
    const LIGHT: [usize; 6] = [0, 3, 2, 1, 4, 6];
    const DARK: [usize; 6] = [5, 1, 2, 3, 4, 6];
    PALETTE[(if dark { DARK } else { LIGHT })[index % 6]]
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub points: Vec<(f64, f64)>,
    pub color: Rgb,
    pub dashed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VLine {
    pub x: f64,
    pub color: Rgb,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub color: Rgb,
}

/// Everything a family plot shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plot {
    pub x: AxisRange,
    pub y: AxisRange,
    pub x_label: String,
    pub y_label: String,
    pub rects: Vec<Rect>,
    pub lines: Vec<Line>,
    pub vlines: Vec<VLine>,
    /// Filled dots (e.g. the probe's value on each curve).
    pub dots: Vec<((f64, f64), Rgb)>,
    /// Tick labels for x instead of numbers (bar charts): (x, label).
    pub x_names: Vec<(f64, String)>,
}

const FALLBACK_CSS_SIZE: (u32, u32) = (640, 360);

/// Draw `plot` on `canvas` for the device pixel ratio; where the plotting area is, in CSS pixels.
pub fn draw(
    canvas: &HtmlCanvasElement,
    plot: &Plot,
    theme: &ChartTheme,
) -> Result<PlotArea, String> {
    let dpr = crate::dom::device_pixel_ratio();
    let (css_w, css_h) = match (canvas.client_width(), canvas.client_height()) {
        (w, h) if w > 0 && h > 0 => (w as u32, h as u32),
        _ => FALLBACK_CSS_SIZE,
    };
    let backing = |css: u32| ((f64::from(css) * dpr).round() as u32).clamp(1, 8192);
    let (width, height) = (backing(css_w), backing(css_h));
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    let px = |css: f64| (css * dpr).round().max(1.0);
    let rgb = |(r, g, b): Rgb| RGBColor(r, g, b);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("this browser gave no 2D canvas context")?;
    let root = backend.into_drawing_area();
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let font_size = if css_w < 420 { 11.0 } else { 13.0 };
    let font = ("sans-serif", px(font_size))
        .into_font()
        .color(&rgb(theme.text));
    let (x, y) = (plot.x, plot.y);
    let x_ticks = nice_ticks(x, if css_w < 420 { 5 } else { 9 });
    let y_ticks = nice_ticks(y, 6);
    let (x_step, y_step) = (
        tick_step(&x_ticks).unwrap_or(x.width()),
        tick_step(&y_ticks).unwrap_or(y.width()),
    );
    let mut chart = ChartBuilder::on(&root)
        .margin(px(10.0) as i32)
        .x_label_area_size(px(font_size * 3.4) as i32)
        .y_label_area_size(px(font_size * 4.6) as i32)
        .build_cartesian_2d(x.to_range(), y.to_range())
        .map_err(|e| e.to_string())?;
    let thin = |c: Rgb| ShapeStyle {
        color: rgb(c).to_rgba(),
        filled: false,
        stroke_width: px(1.0) as u32,
    };
    let names = &plot.x_names;
    let x_formatter = |v: &f64| {
        if names.is_empty() {
            tick_label(*v, x_step)
        } else {
            names
                .iter()
                .find(|(at, _)| (at - v).abs() < 1e-9)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        }
    };
    let y_formatter = |v: &f64| tick_label(*v, y_step);
    let mut mesh = chart.configure_mesh();
    mesh.label_style(font.clone())
        .axis_desc_style(font.clone())
        .axis_style(thin(theme.axis))
        .bold_line_style(thin(theme.grid))
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_formatter)
        .y_label_formatter(&y_formatter)
        .y_labels(y_ticks.len().max(2))
        .x_desc(plot.x_label.as_str())
        .y_desc(plot.y_label.as_str())
        .set_all_tick_mark_size(px(4.0) as u32);
    if names.is_empty() {
        mesh.x_labels(x_ticks.len().max(2));
    } else {
        mesh.x_labels(names.len() * 2 + 1).disable_x_mesh();
    }
    mesh.draw().map_err(|e| e.to_string())?;

    let origin = ShapeStyle {
        color: rgb(theme.axis).mix(0.7),
        filled: false,
        stroke_width: px(1.0) as u32,
    };
    if y.contains(0.0) {
        chart
            .draw_series(LineSeries::new([(x.min, 0.0), (x.max, 0.0)], origin))
            .map_err(|e| e.to_string())?;
    }
    chart
        .draw_series(
            plot.rects
                .iter()
                .map(|r| Rectangle::new([r.from, r.to], rgb(r.color).mix(0.85).filled())),
        )
        .map_err(|e| e.to_string())?;
    for v in &plot.vlines {
        if !x.contains(v.x) {
            continue;
        }
        let style = ShapeStyle {
            color: rgb(v.color).mix(0.8),
            filled: false,
            stroke_width: px(1.0) as u32,
        };
        chart
            .draw_series(DashedLineSeries::new(
                [(v.x, y.min), (v.x, y.max)],
                px(3.0) as i32,
                px(3.0) as i32,
                style,
            ))
            .map_err(|e| e.to_string())?;
        if !v.label.is_empty() {
            let small = ("sans-serif", px(font_size - 1.0))
                .into_font()
                .color(&rgb(v.color));
            chart
                .draw_series([Text::new(
                    v.label.clone(),
                    (v.x, y.max - y.width() * 0.02),
                    small,
                )])
                .map_err(|e| e.to_string())?;
        }
    }
    for line in &plot.lines {
        let style = ShapeStyle {
            color: rgb(line.color).to_rgba(),
            filled: false,
            stroke_width: px(2.0) as u32,
        };
        let points = line
            .points
            .iter()
            .copied()
            .filter(|p| p.0.is_finite() && p.1.is_finite());
        if line.dashed {
            chart.draw_series(DashedLineSeries::new(
                points,
                px(6.0) as i32,
                px(4.0) as i32,
                style,
            ))
        } else {
            chart.draw_series(LineSeries::new(points, style))
        }
        .map_err(|e| e.to_string())?;
    }
    chart
        .draw_series(
            plot.dots
                .iter()
                .filter(|(p, _)| x.contains(p.0) && y.contains(p.1))
                .map(|(p, c)| Circle::new(*p, px(4.0) as i32, rgb(*c).filled())),
        )
        .map_err(|e| e.to_string())?;
    let (x_px, y_px) = chart.plotting_area().get_pixel_range();
    root.present().map_err(|e| e.to_string())?;
    Ok(PlotArea {
        left: f64::from(x_px.start) / dpr,
        top: f64::from(y_px.start) / dpr,
        width: f64::from(x_px.end - x_px.start) / dpr,
        height: f64::from(y_px.end - y_px.start) / dpr,
        x,
        y,
    })
}

/// A canvas showing `plot`, redrawn (and timed as `measure`) when it, the theme or the viewport
/// changes. Pointer presses and drags report data coordinates to `on_pointer`, if given.
#[component]
pub fn PlotCanvas(
    #[prop(into)] plot: Signal<Result<Plot, String>>,
    test_id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = super::DRAW_LOSS)] measure: &'static str,
    #[prop(optional)] on_pointer: Option<Callback<(f64, f64)>>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let area = RwSignal::new(None::<PlotArea>);
    let draw_error = RwSignal::new(None::<String>);
    let pressed = RwSignal::new(false);
    let start_mark = format!("{measure}:start");

    Effect::new(move |_| {
        let dark = environment.dark.get();
        environment.viewport.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let theme = ChartTheme::new(dark);
        let performance = web_sys::window().and_then(|w| w.performance());
        if let Some(p) = &performance {
            let _ = p.mark(&start_mark);
        }
        let result = plot.with(|plot| match plot {
            Ok(plot) => draw(&canvas, plot, &theme),
            Err(_) => draw(&canvas, &Plot::default(), &theme),
        });
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark(measure, &start_mark);
            p.clear_marks_with_mark_name(&start_mark);
        }
        match result {
            Ok(a) => {
                if area.get_untracked() != Some(a) {
                    area.set(Some(a));
                }
                if draw_error.get_untracked().is_some() {
                    draw_error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the plot failed: {message}"));
                draw_error.set(Some(message));
            }
        }
    });

    let report = move |ev: &web_sys::PointerEvent| {
        let (Some(callback), Some(canvas), Some(a)) =
            (on_pointer, canvas_ref.get_untracked(), area.get_untracked())
        else {
            return;
        };
        let rect = canvas.get_bounding_client_rect();
        callback.run(a.to_data(
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
        ));
    };
    let message = move || {
        plot.with(|p| p.as_ref().err().cloned())
            .or_else(|| draw_error.get())
            .map(|text| view! { <p class="chart-message" role="status">{text}</p> })
    };
    view! {
        <div class="chart loss-chart">
            <canvas
                node_ref=canvas_ref
                data-testid=test_id
                role="img"
                aria-label=move || label.get()
                class:draggable=on_pointer.is_some()
                on:pointerdown=move |ev| {
                    if on_pointer.is_none() {
                        return;
                    }
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                    pressed.set(true);
                    report(&ev);
                }
                on:pointermove=move |ev| {
                    if pressed.get_untracked() {
                        report(&ev);
                    }
                }
                on:pointerup=move |_| pressed.set(false)
                on:pointercancel=move |_| pressed.set(false)
            ></canvas>
            {message}
        </div>
    }
}
