//! The family plots: curves (solid or dashed), vertical markers with labels, dots and bars on a
//! HiDPI canvas: the mesh by plotters, cached on an offscreen canvas while the axes hold, the rest
//! with the 2D context. Everything arrives finite (samples from `nnfunc::plot::sample`, ranges from
//! `AxisRange`); each redraw is timed as `draw:loss`.

use crate::chart::backend::Backend;
use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::plot::{nice_ticks, tick_label, tick_step, AxisRange, PALETTE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::canvas::{context_2d, use_css_size, AxesLayer, Frame, Timer};
use crate::chart::canvas::fit;
use crate::chart::export::{
    clip_polyline, read_untracked, register_figure, Csv, Figure, Size, Surface,
};
use crate::chart::function_plot::dashed;
use crate::chart::heatmap::PlotArea;
use crate::chart::style;
use crate::theme::{use_environment, ChartTheme, Rgb};

/// The colour of the `index`-th loss (Okabe–Ito, readable on both themes).
pub fn loss_color(index: usize, dark: bool) -> Rgb {
    const LIGHT: [usize; 6] = [0, 3, 2, 1, 4, 6];
    const DARK: [usize; 6] = [5, 1, 2, 3, 4, 6];
    PALETTE[(if dark { DARK } else { LIGHT })[index % 6]]
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The series' name in the CSV export (e.g. `huber loss`).
    pub name: String,
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
    /// The bar's name in the CSV export.
    pub name: String,
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

/// What a family plot's mesh depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct MeshKey {
    width: u32,
    height: u32,
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    x_label: String,
    y_label: String,
    x_names: Vec<(f64, String)>,
    theme: ChartTheme,
}

fn font_size(css_w: u32) -> f64 {
    if css_w < 420 {
        11.0
    } else {
        13.0
    }
}

/// How many x labels the mesh asks plotters for: one per nice tick, or room for every named bar.
fn x_label_count(plot: &Plot, css_w: u32) -> usize {
    if plot.x_names.is_empty() {
        nice_ticks(plot.x, if css_w < 420 { 5 } else { 9 })
            .len()
            .max(2)
    } else {
        plot.x_names.len() * 2 + 1
    }
}

/// The x values plotters puts a label at (a named bar shows its name only if it stands on one).
#[cfg(test)]
pub fn x_tick_values(plot: &Plot, css_w: u32) -> Vec<f64> {
    use plotters::coord::ranged1d::Ranged;
    use plotters::coord::types::RangedCoordf64;
    RangedCoordf64::from(plot.x.to_range()).key_points(x_label_count(plot, css_w))
}

/// The mesh (background, grid, ticks, labels) with plotters on `root`, laid out for a CSS width
/// `css_w` at `scale` backend pixels per CSS pixel; returns the plotting area.
fn draw_mesh<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_w: u32,
    scale: f64,
    plot: &Plot,
    theme: &ChartTheme,
) -> Result<Frame, String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    root.fill(&style::rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let font_size = font_size(css_w);
    let (x, y) = (plot.x, plot.y);
    let x_ticks = nice_ticks(x, if css_w < 420 { 5 } else { 9 });
    let y_ticks = nice_ticks(y, 6);
    let (x_step, y_step) = (
        tick_step(&x_ticks).unwrap_or(x.width()),
        tick_step(&y_ticks).unwrap_or(y.width()),
    );
    let mut chart = ChartBuilder::on(root)
        .margin(px(10.0) as i32)
        .x_label_area_size(px(font_size * 3.4) as i32)
        .y_label_area_size(px(font_size * 4.6) as i32)
        .build_cartesian_2d(x.to_range(), y.to_range())
        .map_err(|e| e.to_string())?;
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
    style::mesh(&mut mesh, theme, scale, font_size, 4.0)
        .axis_desc_style(style::font(theme, px(font_size)))
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_formatter)
        .y_label_formatter(&y_formatter)
        .y_labels(y_ticks.len().max(2))
        .x_labels(x_label_count(plot, css_w))
        .x_desc(plot.x_label.as_str())
        .y_desc(plot.y_label.as_str());
    if !names.is_empty() {
        mesh.disable_x_mesh();
    }
    mesh.draw().map_err(|e| e.to_string())?;
    let (x_px, y_px) = chart.plotting_area().get_pixel_range();
    Ok(Frame {
        left: f64::from(x_px.start),
        top: f64::from(y_px.start),
        right: f64::from(x_px.end),
        bottom: f64::from(y_px.end),
        x,
        y,
    })
}

/// Everything above the mesh — the zero line, bars, labelled vertical lines, curves and dots —
/// drawn by plotters on `root` in the plotting area `area`. The screen draws it over the cached
/// mesh, the exports after [`draw_mesh`]: one drawing function for both.
fn draw_content<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &Frame,
    css_w: u32,
    scale: f64,
    plot: &Plot,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    let at = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    let color = |c: Rgb, alpha: f64| style::rgb(c).mix(alpha);
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let bounds = (area.left, area.right, area.top, area.bottom);
    let path = |points: &[(f64, f64)]| points.iter().map(|p| at(*p)).collect::<Vec<_>>();
    let (x, y) = (plot.x, plot.y);
    if y.contains(0.0) {
        let y0 = area.sy(0.0);
        let style = color(theme.axis, 0.7).stroke_width(px(1.0) as u32);
        root.draw(&PathElement::new(
            vec![at((area.left, y0)), at((area.right, y0))],
            style,
        ))
        .map_err(fail)?;
    }
    for r in &plot.rects {
        let clamp_x = |v: f64| area.sx(v).clamp(area.left, area.right);
        let clamp_y = |v: f64| area.sy(v).clamp(area.top, area.bottom);
        let (x0, x1) = (clamp_x(r.from.0), clamp_x(r.to.0));
        let (y0, y1) = (clamp_y(r.from.1), clamp_y(r.to.1));
        root.draw(&Rectangle::new(
            [at((x0.min(x1), y0.min(y1))), at((x0.max(x1), y0.max(y1)))],
            color(r.color, 0.85).filled(),
        ))
        .map_err(fail)?;
    }
    let font_size = font_size(css_w);
    for v in plot.vlines.iter().filter(|v| x.contains(v.x)) {
        let x_at = area.sx(v.x);
        let style = color(v.color, 0.8).stroke_width(px(1.0) as u32);
        for piece in dashed(&[(x_at, area.top), (x_at, area.bottom)], px(3.0), px(3.0)) {
            root.draw(&PathElement::new(path(&piece), style))
                .map_err(fail)?;
        }
        if !v.label.is_empty() {
            let font = crate::chart::style::sans_serif(px(font_size - 1.0))
                .color(&color(v.color, 1.0))
                .pos(Pos::new(HPos::Left, VPos::Top));
            root.draw(&Text::new(
                v.label.clone(),
                at((x_at + px(2.0), area.top + px(2.0))),
                font,
            ))
            .map_err(fail)?;
        }
    }
    for line in &plot.lines {
        let style = color(line.color, 1.0).stroke_width(px(2.0) as u32);
        // Non-finite points are gaps.
        let runs = line
            .points
            .split(|(a, b)| !(a.is_finite() && b.is_finite()))
            .filter(|run| !run.is_empty());
        for run in runs {
            let pixels: Vec<(f64, f64)> =
                run.iter().map(|&(a, b)| (area.sx(a), area.sy(b))).collect();
            for piece in clip_polyline(&pixels, bounds) {
                let pieces = if line.dashed {
                    dashed(&piece, px(6.0), px(4.0))
                } else {
                    vec![piece]
                };
                for piece in pieces {
                    root.draw(&PathElement::new(path(&piece), style))
                        .map_err(fail)?;
                }
            }
        }
    }
    for (p, c) in plot
        .dots
        .iter()
        .filter(|(p, _)| x.contains(p.0) && y.contains(p.1))
    {
        root.draw(&Circle::new(
            at((area.sx(p.0), area.sy(p.1))),
            px(4.0) as i32,
            color(*c, 1.0).filled(),
        ))
        .map_err(fail)?;
    }
    Ok(())
}

/// Paint the whole plot (mesh and content) on `root`, laid out for `css` at `scale`.
pub fn paint<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css: (u32, u32),
    scale: f64,
    plot: &Plot,
    theme: &ChartTheme,
) -> Result<(), String> {
    let area = draw_mesh(root, css.0, scale, plot, theme)?;
    draw_content(root, &area, css.0, scale, plot, theme)
}

/// The plot's data: one `series,x,y` row per point of each curve, per bar (x at its centre, y
/// its value) and per dot.
pub fn plot_csv(plot: &Plot) -> String {
    let mut csv = Csv::new(vec!["series".into(), "x".into(), "y".into()]);
    for line in &plot.lines {
        for &(x, y) in line
            .points
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
        {
            csv.push_named(&line.name, &[x, y]);
        }
    }
    for r in &plot.rects {
        let value = if r.from.1 == 0.0 { r.to.1 } else { r.from.1 };
        csv.push_named(&r.name, &[(r.from.0 + r.to.0) / 2.0, value]);
    }
    for ((x, y), _) in &plot.dots {
        csv.push_named("point", &[*x, *y]);
    }
    csv.text()
}

/// A family plot as the export buttons see it.
struct PlotFigure(Signal<Result<Plot, String>>);

impl Figure for PlotFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        read_untracked(&self.0, |plot| match plot {
            Ok(plot) => paint(to.root, to.css, to.scale, plot, &to.theme),
            Err(message) => Err(message.clone()),
        })
    }

    fn csv(&self) -> Result<String, String> {
        read_untracked(&self.0, |plot| {
            plot.as_ref().map(plot_csv).map_err(Clone::clone)
        })
    }
}

/// Draw `plot` on `canvas` (CSS size `css`) for the device pixel ratio: the mesh from `cache` (redrawn
/// only when the axes change), everything else with the 2D context. Where the plotting area is, in
/// CSS pixels.
pub fn draw(
    canvas: &HtmlCanvasElement,
    css: (u32, u32),
    plot: &Plot,
    theme: &ChartTheme,
    cache: &mut AxesLayer<MeshKey>,
) -> Result<PlotArea, String> {
    let dpr = crate::dom::device_pixel_ratio();
    let backing = fit(canvas, css, dpr).backing;
    let ctx = context_2d(canvas)?;
    let key = MeshKey {
        width: backing.0,
        height: backing.1,
        dpr,
        x: plot.x,
        y: plot.y,
        x_label: plot.x_label.clone(),
        y_label: plot.y_label.clone(),
        x_names: plot.x_names.clone(),
        theme: *theme,
    };
    let (area, _) = cache.paint(&ctx, backing, key, |layer| {
        let root = Backend::canvas(layer)?.into_drawing_area();
        let area = draw_mesh(&root, css.0, dpr, plot, theme)?;
        root.present().map_err(|e| e.to_string())?;
        Ok((area, None))
    })?;
    ctx.save();
    area.clip(&ctx);
    let drawn = Backend::canvas(canvas).and_then(|backend| {
        draw_content(&backend.into_drawing_area(), &area, css.0, dpr, plot, theme)
    });
    ctx.restore();
    drawn?;
    Ok(area.plot_area(dpr))
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
    let css_size = use_css_size(canvas_ref);
    let mesh = StoredValue::new_local(AxesLayer::<MeshKey>::default());
    let shown = Size::Observed(css_size, FALLBACK_CSS_SIZE);
    register_figure(test_id, shown, environment.dark, PlotFigure(plot));

    effect(move || {
        let dark = environment.dark.get();
        environment.viewport.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let css = css_size.get().unwrap_or(FALLBACK_CSS_SIZE);
        let theme = ChartTheme::new(dark);
        let result = Timer::new(measure).whole(|| {
            let fallback = Plot::default();
            plot.with(|plot| {
                let plot = plot.as_ref().unwrap_or(&fallback);
                mesh.try_update_value(|cache| draw(&canvas, css, plot, &theme, cache))
                    .unwrap_or_else(|| Err("the plot is gone".into()))
            })
        });
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
        callback.run(a.to_data_at(&canvas, ev));
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
