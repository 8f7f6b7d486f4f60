//! The outputs figure: softmax, softmin and log_softmax of x/τ as bars, one panel each (in a row,
//! or stacked on narrow screens), each with a Σ bar that stacks the outputs (for log_softmax their
//! exponentials) to show that they make 1. One painter for the screen and the exports.

use crate::chart::backend::Backend;
use leptos::prelude::*;
use nnfunc::activation::SoftmaxKind;
use nnfunc::plot::{axis_range, format_significant, safe_value, AxisRange};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use super::figures::snapshot;
use super::model::{logit_color, outputs, subscript_name, Outputs, KINDS};
use super::state::SoftmaxState;
use super::table::OutputTable;
use super::Live;
use crate::chart::canvas::fit_to_layout;
use crate::chart::export::{Csv, Figure, Surface};
use crate::chart::line_chart::TickedAxis;
use crate::chart::style::{self, rgb};
use crate::theme::ChartTheme;

/// The card with the outputs figure and the table of the same numbers.
#[component]
pub fn OutputsPanel(live: Live, canvas: NodeRef<leptos::html::Canvas>) -> impl IntoView {
    view! {
        <div class="card softmax-outputs">
            <h2>"softmax, softmin and log_softmax of x/τ"</h2>
            <div class="chart">
                <canvas node_ref=canvas class="softmax-bars" data-testid="softmax-bars" role="img"
                    aria-label=label(live)></canvas>
            </div>
            <div class="softmax-table-wrap"><OutputTable results=live.results /></div>
        </div>
    }
}

/// The figure's text alternative: what is drawn, with the numbers, following every change.
fn label(live: Live) -> Signal<String> {
    Signal::derive(move || {
        let list = |v: &[f64]| {
            v.iter()
                .map(|x| format_significant(*x, 4))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let head = format!(
            "Bars of softmax, softmin and log_softmax of x/τ for logits x = [{}] and τ = {}, each \
             with a stacked bar of the outputs (for log_softmax their exponentials) that reaches 1.",
            live.logits.with(|l| list(l)),
            format_significant(live.tau.get(), 4)
        );
        live.results.with(|r| match r {
            Ok(out) => format!(
                "{head} softmax = [{}]; softmin = [{}]; log_softmax = [{}].",
                list(&out.softmax),
                list(&out.softmin),
                list(&out.log_softmax)
            ),
            Err(message) => format!("{head} {message}"),
        })
    })
}

/// Draw the outputs on the screen's canvas: three panels in a row when there is room, else one
/// above the other.
pub fn draw(
    canvas: &HtmlCanvasElement,
    outputs: &Outputs,
    dark: bool,
    theme: &ChartTheme,
) -> Result<(), String> {
    let wide = canvas.client_width() >= 640 || canvas.client_width() == 0;
    let css_height = if wide { 300 } else { 3 * 230 };
    let style = web_sys::HtmlElement::style(canvas);
    let _ = style.set_property("height", &format!("{css_height}px"));
    let size = fit_to_layout(canvas, (960, css_height));
    let root = Backend::canvas(canvas)?.into_drawing_area();
    paint(&root, size.css.0, size.dpr, wide, outputs, dark, theme)?;
    root.present().map_err(|e| e.to_string())
}

/// The figure on any plotters backend, laid out for a CSS width `css_width` at `scale` backend
/// pixels per CSS pixel, panels in a row if `wide`.
fn paint<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_width: u32,
    scale: f64,
    wide: bool,
    outputs: &Outputs,
    dark: bool,
    theme: &ChartTheme,
) -> Result<(), String> {
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let panels = root.split_evenly(if wide { (1, 3) } else { (3, 1) });
    let look = Look {
        scale,
        font_size: if css_width < 480 { 11.0 } else { 12.0 },
        dark,
        theme,
    };
    for (panel, (kind, _, name)) in panels.iter().zip(KINDS) {
        paint_panel(panel, name, kind, outputs.of(kind), &look)?;
    }
    Ok(())
}

/// What every panel is drawn with.
struct Look<'t> {
    scale: f64,
    font_size: f64,
    dark: bool,
    theme: &'t ChartTheme,
}

impl Look<'_> {
    /// A length in CSS pixels as backend pixels (at least 1).
    fn px(&self, css: f64) -> f64 {
        (css * self.scale).round().max(1.0)
    }

    /// Text of `size` CSS pixels anchored at its centre and `v`ertical side.
    fn text(&self, size: f64, v: VPos) -> TextStyle<'static> {
        style::font(self.theme, self.px(size)).pos(Pos::new(HPos::Center, v))
    }
}

/// One function's panel: its title, a bar per logit with its value and name, and the Σ bar.
fn paint_panel<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    name: &str,
    kind: SoftmaxKind,
    values: &[f64],
    look: &Look,
) -> Result<(), String> {
    let (theme, font_size) = (look.theme, look.font_size);
    let px = |css: f64| look.px(css);
    let log = kind == SoftmaxKind::LogSoftmax;
    let n = values.len();
    let y = if log {
        axis_range(values.iter().copied().chain([0.0, 1.0]), 0.08)
    } else {
        AxisRange::new(0.0, 1.0).padded(0.06)
    };
    let x = AxisRange::new(-0.6, n as f64 + 0.9);
    let plot_area = draw_title(panel, name, px(font_size + 2.0), theme)?;
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(px(8.0) as i32)
        .x_label_area_size(px(font_size * 2.0) as i32)
        .y_label_area_size(px(font_size * 3.6) as i32)
        .build_cartesian_2d(
            TickedAxis::with_label(x, vec![], |_, _| String::new()),
            TickedAxis::nice(y, 5),
        )
        .map_err(|e| e.to_string())?;
    style::mesh(
        &mut chart.configure_mesh(),
        theme,
        look.scale,
        font_size,
        3.0,
    )
    .draw()
    .map_err(|e| e.to_string())?;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    if y.contains(0.0) {
        chart
            .draw_series(LineSeries::new(
                [(x.min, 0.0), (x.max, 0.0)],
                style::stroke(theme.axis, px(1.0)),
            ))
            .map_err(err)?;
    }
    let below = look.text(font_size, VPos::Top);
    let value_above = look.text(font_size - 1.0, VPos::Bottom);
    let value_below = look.text(font_size - 1.0, VPos::Top);
    let half = 0.36;
    for (i, v) in values.iter().enumerate() {
        let Some(v) = safe_value(*v) else {
            continue;
        };
        let cx = i as f64;
        let fill = rgb(logit_color(i, look.dark)).filled();
        chart
            .draw_series([Rectangle::new([(cx - half, 0.0), (cx + half, v)], fill)])
            .map_err(err)?;
        // The value at the bar's end, and the logit's name under the panel.
        let text = if log {
            format!("{v:.2}")
        } else {
            format!("{v:.3}")
        };
        let (anchor, dy) = if v >= 0.0 {
            (value_above.clone(), -px(2.0) as i32)
        } else {
            (value_below.clone(), px(2.0) as i32)
        };
        chart
            .draw_series([EmptyElement::at((cx, v)) + Text::new(text, (0, dy), anchor)])
            .map_err(err)?;
        chart
            .draw_series([EmptyElement::at((cx, y.min))
                + Text::new(subscript_name("x", i), (0, px(4.0) as i32), below.clone())])
            .map_err(err)?;
    }
    // Σ: the probabilities stacked, reaching 1.
    let sx = n as f64 + 0.15;
    let mut bottom = 0.0;
    for (i, v) in values.iter().enumerate() {
        let share = if log { v.exp() } else { *v };
        let Some(share) = safe_value(share) else {
            continue;
        };
        let top = (bottom + share).min(y.max);
        chart
            .draw_series([Rectangle::new(
                [(sx - half, bottom.max(y.min)), (sx + half, top)],
                rgb(logit_color(i, look.dark)).mix(0.75).filled(),
            )])
            .map_err(err)?;
        bottom = top;
    }
    let sum_label = if log { "Σeˣ" } else { "Σ" };
    chart
        .draw_series([EmptyElement::at((sx, y.min))
            + Text::new(sum_label, (0, px(4.0) as i32), below.clone())])
        .map_err(err)?;
    if y.contains(1.0) {
        chart
            .draw_series(LineSeries::new(
                [(sx - half - 0.1, 1.0), (sx + half + 0.1, 1.0)],
                style::stroke(theme.text, px(1.5)),
            ))
            .map_err(err)?;
    }
    Ok(())
}

/// A panel's title, centred at the top, and the area left below it. Like plotters' `caption`,
/// but sized from the font size: `caption` measures the text with a `<span style=…>` in the page,
/// which a strict CSP (`style-src 'self'`) blocks, and forces a layout per draw.
fn draw_title<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    title: &str,
    font_px: f64,
    theme: &ChartTheme,
) -> Result<DrawingArea<DB, Shift>, String> {
    let text_height = (font_px * 1.2).round() as i32;
    let padding = (text_height / 2).min(5);
    let (width, _) = panel.dim_in_pixel();
    let style = style::font(theme, font_px).pos(Pos::new(HPos::Center, VPos::Top));
    panel
        .draw_text(title, &style, (width as i32 / 2, padding))
        .map_err(|e| e.to_string())?;
    Ok(panel.split_vertically(text_height + 2 * padding).1)
}

/// The bars for the exports: softmax, softmin and log_softmax of every logit.
pub struct BarsFigure(pub Live);

impl Figure for BarsFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        let state = snapshot(self.0)?;
        let out = outputs(&state.logits, state.tau)?;
        let (css_w, _) = to.css;
        paint(
            to.root,
            css_w,
            to.scale,
            css_w >= 640,
            &out,
            to.dark,
            &to.theme,
        )
    }

    /// One row per logit: its index, value, and the three outputs (τ in the header).
    fn csv(&self) -> Result<String, String> {
        let SoftmaxState { logits, tau, .. } = snapshot(self.0)?;
        let out = outputs(&logits, tau)?;
        let mut header = vec!["i".to_owned(), "logit x_i".to_owned()];
        header.extend(
            KINDS
                .iter()
                .map(|(_, _, name)| format!("{name}(x/tau) tau={tau}")),
        );
        let mut csv = Csv::new(header);
        for (i, x) in logits.iter().enumerate() {
            let mut row = vec![Some(i as f64), Some(*x)];
            row.extend(
                KINDS
                    .iter()
                    .map(|(kind, _, _)| out.of(*kind).get(i).copied()),
            );
            csv.push(row);
        }
        Ok(csv.text())
    }
}
