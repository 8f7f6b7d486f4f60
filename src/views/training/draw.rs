//! The training lab's figures: per network a fitted curve over the data, a decision map under the
//! points or a reconstructed image (one RGBA buffer handed to the raster sink: on screen one
//! `putImageData` scaled with `drawImage`, in an SVG one embedded PNG); the loss curves of all
//! networks on a log scale and the dead-unit fractions. Every figure is painted by one function
//! generic over plotters' backends, for the screen and the exports (ranges from `nnfunc::plot`).

use crate::chart::backend::Backend;
use crate::url::UrlState;
use nnfunc::plot::{axis_range, nice_ticks, safe_value, tick_step, AxisRange, PALETTE};
use nnfunc::train::data::curve_inputs;
use nnfunc::train::session::{CURVE_POINTS, IMAGE_SIDE, MAP_SIDE};
use nnfunc::train::{Dataset, DecisionMap, TaskKind};
use plotters::coord::Shift;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::chart::canvas::{css_size, fit, fit_to_layout, Fitted};
use crate::chart::export::{context_2d, draw_raster, PixelRect, Raster, RasterSink};
use crate::chart::format::decade_label;
use crate::chart::line_chart::{draw_colored_lines, ColoredLines, TickedAxis};
use crate::chart::series_color;
use crate::chart::style::{mesh, rgb, stroke};
use crate::dom::device_pixel_ratio;
use crate::theme::{ChartTheme, Rgb};

/// The colour of class `k` on a decision map (Okabe–Ito; distinct from each other in both themes).
pub fn class_color(k: usize, dark: bool) -> Rgb {
    const LIGHT: [usize; 3] = [0, 1, 2];
    const DARK: [usize; 3] = [5, 1, 2];
    let order = if dark { DARK } else { LIGHT };
    PALETTE[order[k % order.len()]]
}

/// A square canvas (its CSS width decides both sides) with one backing pixel per device pixel.
fn fit_square(canvas: &HtmlCanvasElement) -> Fitted {
    let (side, _) = css_size(canvas, FIT_FALLBACK);
    fit(canvas, (side, side), device_pixel_ratio())
}

/// Network `i`'s figure as the worker evaluated it (see [`paint_network`]) on its canvas: a
/// fitted curve at the size layout gives it, a decision map or an image square.
pub fn draw_network(
    canvas: &HtmlCanvasElement,
    data: &Dataset,
    figure: &[f64],
    i: usize,
    dark: bool,
    theme: &ChartTheme,
) -> Result<(), String> {
    let fitted = match data.task.kind() {
        TaskKind::Regression => fit_to_layout(canvas, FIT_FALLBACK),
        TaskKind::Classification | TaskKind::Image => fit_square(canvas),
    };
    on_screen(canvas, |root, sink| {
        paint_network(root, fitted.dpr, data, figure, i, dark, theme, sink)
    })
}

/// Network `i`'s figure on any plotters backend at `scale` backend pixels per CSS pixel (the
/// screen and the exports): its fitted curve ([`paint_fit`]) over [`curve_inputs`], its decision
/// map ([`paint_decision_map`]) or its reconstruction ([`paint_grey_image`]).
#[allow(clippy::too_many_arguments)]
pub fn paint_network<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    data: &Dataset,
    figure: &[f64],
    i: usize,
    dark: bool,
    theme: &ChartTheme,
    raster: &mut RasterSink,
) -> Result<(), String> {
    match data.task.kind() {
        TaskKind::Regression => {
            let curve: Vec<(f64, f64)> = curve_inputs(CURVE_POINTS)
                .into_iter()
                .zip(figure.iter().copied())
                .collect();
            paint_fit(root, scale, data, &curve, series_color(i, dark), theme)
        }
        TaskKind::Classification => {
            let map = DecisionMap::from_probabilities(
                MAP_SIDE,
                MAP_SIDE,
                data.target_dim,
                figure.to_vec(),
            );
            paint_decision_map(root, scale, &map, data, dark, theme, raster)
        }
        TaskKind::Image => paint_grey_image(root, figure, IMAGE_SIDE, raster),
    }
}

/// Grey levels in [0, 1] (`side × side`, row 0 at the top) as an image filling the canvas, its
/// pixels kept sharp.
pub fn draw_grey_image(
    canvas: &HtmlCanvasElement,
    grey: &[f64],
    side: usize,
) -> Result<(), String> {
    fit_square(canvas);
    on_screen(canvas, |root, sink| {
        paint_grey_image(root, grey, side, sink)
    })
}

/// `paint` on the canvas through plotters, its raster layer drawn with `drawImage`.
fn on_screen(
    canvas: &HtmlCanvasElement,
    paint: impl FnOnce(&DrawingArea<Backend, Shift>, &mut RasterSink) -> Result<(), String>,
) -> Result<(), String> {
    let ctx = context_2d(canvas)?;
    let root = Backend::canvas(canvas)?.into_drawing_area();
    let mut sink = |raster: Raster<'_>, rect: PixelRect| draw_raster(&ctx, raster, rect);
    paint(&root, &mut sink)?;
    root.present().map_err(|e| e.to_string())
}

/// The decision map's cells as RGBA: each pixel the colour of its most probable class, blended
/// with the background by its confidence (uniform = background, certain = 85 % class colour).
pub fn decision_rgba(map: &DecisionMap, dark: bool, theme: &ChartTheme) -> Vec<u8> {
    let chance = 1.0 / map.classes.max(1) as f64;
    let (br, bg, bb) = theme.background;
    let mut rgba = Vec::with_capacity(4 * map.width * map.height);
    for (class, confidence) in map.class.iter().zip(&map.confidence) {
        let strength = if chance < 1.0 {
            ((confidence - chance) / (1.0 - chance)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let alpha = 0.12 + 0.73 * strength;
        let (r, g, b) = class_color(*class, dark);
        let mix = |c: u8, back: u8| {
            (f64::from(back) + alpha * (f64::from(c) - f64::from(back))).round() as u8
        };
        rgba.extend_from_slice(&[mix(r, br), mix(g, bg), mix(b, bb), 255]);
    }
    rgba
}

/// Class probabilities as colour ([`decision_rgba`]) on any plotters backend at `scale` backend
/// pixels per CSS pixel, the cells to `raster`; the data points on top, coloured by class with a
/// ring in the background colour.
pub fn paint_decision_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    map: &DecisionMap,
    data: &Dataset,
    dark: bool,
    theme: &ChartTheme,
    raster: &mut RasterSink,
) -> Result<(), String> {
    let (width, height) = root.dim_in_pixel();
    let (w, h) = (f64::from(width), f64::from(height));
    let rgba = decision_rgba(map, dark, theme);
    raster(
        Raster {
            rgba: &rgba,
            width: map.width as u32,
            height: map.height as u32,
        },
        (0.0, 0.0, w, h),
    )?;
    let radius = (2.6 * scale).round().max(1.0) as i32;
    let ring = stroke(theme.background, scale);
    for i in 0..data.len {
        let (Some(x), Some(y)) = (data.input(i).first(), data.input(i).get(1)) else {
            continue;
        };
        let class = data.labels.get(i).copied().unwrap_or(0);
        let center = (
            (((x + 1.0) / 2.0).clamp(0.0, 1.0) * w).round() as i32,
            (((1.0 - y) / 2.0).clamp(0.0, 1.0) * h).round() as i32,
        );
        root.draw(&Circle::new(
            center,
            radius,
            rgb(class_color(class, dark)).filled(),
        ))
        .map_err(|e| e.to_string())?;
        root.draw(&Circle::new(center, radius, ring))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// [`draw_grey_image`] on any plotters backend: the image, enlarged by whole pixels to at least
/// the area's size, goes to `raster` (so smoothing cannot blur its pixels).
pub fn paint_grey_image<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    grey: &[f64],
    side: usize,
    raster: &mut RasterSink,
) -> Result<(), String> {
    if side == 0 || grey.len() < side * side {
        return Err("no image to draw".into());
    }
    let (width, height) = root.dim_in_pixel();
    let k = (width.max(height) as usize).div_ceil(side).clamp(1, 16);
    let big = side * k;
    let mut rgba = Vec::with_capacity(4 * big * big);
    for row in 0..big {
        for col in 0..big {
            let v = grey[(row / k) * side + col / k];
            let level = (safe_value(v).unwrap_or(0.0).clamp(0.0, 1.0) * 255.0).round() as u8;
            rgba.extend_from_slice(&[level, level, level, 255]);
        }
    }
    raster(
        Raster {
            rgba: &rgba,
            width: big as u32,
            height: big as u32,
        },
        (0.0, 0.0, f64::from(width), f64::from(height)),
    )
}

/// The CSS size of a fitted-curve panel before layout.
pub const FIT_FALLBACK: (u32, u32) = (240, 240);
/// The CSS size of a step chart (losses, dead units) before layout.
pub const STEP_CHART_FALLBACK: (u32, u32) = (640, 260);

/// The data of a 1D regression task as dots and one network's fitted curve over x ∈ [−1, 1], on
/// any plotters backend at `scale` backend pixels per CSS pixel (the screen and the exports).
pub fn paint_fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    data: &Dataset,
    curve: &[(f64, f64)],
    color: Rgb,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    let x = AxisRange::new(-1.0, 1.0).padded(0.03);
    // The data decides the range: an early, wild fit is clipped to it, not the other way round.
    let y = axis_range(data.targets.iter().copied(), 0.25);
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let font_size = 11.0;
    let mut chart = ChartBuilder::on(root)
        .margin(px(6.0) as i32)
        .x_label_area_size(px(font_size * 2.0) as i32)
        .y_label_area_size(px(font_size * 3.2) as i32)
        .build_cartesian_2d(TickedAxis::nice(x, 5), TickedAxis::nice(y, 5))
        .map_err(|e| e.to_string())?;
    mesh(&mut chart.configure_mesh(), theme, scale, font_size, 3.0)
        .draw()
        .map_err(|e| e.to_string())?;
    let clipped = curve
        .iter()
        .map(|&(cx, cy)| (cx, safe_value(cy).unwrap_or(0.0).clamp(y.min, y.max)));
    chart
        .draw_series(LineSeries::new(clipped, stroke(color, px(2.5))))
        .map_err(|e| e.to_string())?;
    // The data on top of the fit, translucent, so both stay visible.
    let dot = rgb(theme.text).mix(0.55).filled();
    chart
        .draw_series((0..data.len).filter_map(|i| {
            let (x, y) = (*data.input(i).first()?, *data.target(i).first()?);
            Some(Circle::new((x, y), px(2.0) as i32, dot))
        }))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// One series of a step plot: its colour and (step, value) points.
pub struct StepSeries<'a> {
    pub color: Rgb,
    pub points: &'a [(u64, f64)],
}

/// What a step chart draws: the x range, the y axis and each series' polylines.
pub struct StepChart {
    x: AxisRange,
    y_axis: TickedAxis,
    lines: Vec<ColoredLines>,
}

/// One series per entry of `histories`, in the networks' colours.
pub fn step_series<'a>(
    histories: impl IntoIterator<Item = &'a [(u64, f64)]>,
    dark: bool,
) -> Vec<StepSeries<'a>> {
    histories
        .into_iter()
        .enumerate()
        .map(|(i, points)| StepSeries {
            color: series_color(i, dark),
            points,
        })
        .collect()
}

/// Steps 0 to the last one of any series (at least 10).
fn steps_range(series: &[StepSeries<'_>]) -> AxisRange {
    let last_step = series
        .iter()
        .filter_map(|s| s.points.last().map(|p| p.0 as f64))
        .fold(10.0, f64::max);
    AxisRange::new(0.0, last_step)
}

/// The loss chart: loss against step for every network, log-scale y (decades labelled 10ⁿ);
/// non-positive or non-finite losses leave gaps.
pub fn losses_chart(series: &[StepSeries<'_>]) -> StepChart {
    let lines: Vec<ColoredLines> = series
        .iter()
        .map(|s| {
            let mut lines = vec![];
            let mut current = vec![];
            for &(step, loss) in s.points {
                match safe_value(loss.log10()) {
                    Some(l) => current.push((step as f64, l)),
                    None if current.is_empty() => {}
                    None => lines.push(std::mem::take(&mut current)),
                }
            }
            if !current.is_empty() {
                lines.push(current);
            }
            (s.color, lines)
        })
        .collect();
    let x = steps_range(series);
    let y = axis_range(
        lines
            .iter()
            .flat_map(|(_, ls)| ls.iter().flatten().map(|p| p.1)),
        0.06,
    );
    let mut y_ticks = nice_ticks(y, 6);
    if tick_step(&y_ticks).is_some_and(|s| s < 1.0) && y.max.floor() - y.min.ceil() >= 1.0 {
        y_ticks = (y.min.ceil() as i64..=y.max.floor() as i64)
            .map(|k| k as f64)
            .collect();
    }
    StepChart {
        x,
        y_axis: TickedAxis::with_label(y, y_ticks, decade_label),
        lines,
    }
}

/// The dead-unit chart: dead-unit fractions (0 to 1) against step for every network.
pub fn dead_chart(series: &[StepSeries<'_>]) -> StepChart {
    let lines: Vec<ColoredLines> = series
        .iter()
        .map(|s| {
            let line: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter_map(|&(step, f)| Some((step as f64, safe_value(f)?)))
                .collect();
            (s.color, vec![line])
        })
        .collect();
    let x = steps_range(series);
    let y = AxisRange::new(0.0, 1.0).padded(0.05);
    StepChart {
        x,
        y_axis: TickedAxis::new(y, vec![0.0, 0.25, 0.5, 0.75, 1.0]),
        lines,
    }
}

/// A step chart ([`losses_chart`], [`dead_chart`]) on its canvas.
pub fn draw_step_chart(
    canvas: &HtmlCanvasElement,
    chart: &StepChart,
    theme: &ChartTheme,
) -> Result<(), String> {
    let size = fit_to_layout(canvas, STEP_CHART_FALLBACK);
    on_screen(canvas, |root, _| {
        paint_step_chart(root, size.css.0, size.dpr, chart, theme)
    })
}

/// A step chart on any plotters backend laid out for `css_width` at `scale` backend pixels per
/// CSS pixel (the screen and the exports).
pub fn paint_step_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_width: u32,
    scale: f64,
    data: &StepChart,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let font_size = if css_width < 480 { 11.0 } else { 12.0 };
    let mut chart = ChartBuilder::on(root)
        .margin(px(10.0) as i32)
        .x_label_area_size(px(font_size * 2.2) as i32)
        .y_label_area_size(px(font_size * 3.8) as i32)
        .build_cartesian_2d(
            TickedAxis::nice(data.x, if css_width < 480 { 4 } else { 8 }),
            data.y_axis.clone(),
        )
        .map_err(|e| e.to_string())?;
    mesh(&mut chart.configure_mesh(), theme, scale, font_size, 3.0)
        .draw()
        .map_err(|e| e.to_string())?;
    draw_colored_lines(&mut chart, &data.lines, px(2.0) as u32)?;
    Ok(())
}

/// The loss chart from the address, before the app has arrived ([`crate::first_plot`]): as the
/// view first draws it, with no steps until the worker reports (none for a configuration it
/// cannot train).
pub fn draw_first_plot() {
    let measure = super::redraw::DRAW_MEASURE;
    crate::first_plot::draw_on_canvas("train-chart", "train-losses", measure, |canvas, _, dark| {
        let (state, _) = super::state::TrainingState::from_pairs(&crate::url::pairs());
        state.config().validate().map_err(|e| e.to_string())?;
        let series = step_series(std::iter::empty(), dark);
        draw_step_chart(canvas, &losses_chart(&series), &ChartTheme::new(dark))
    });
}
