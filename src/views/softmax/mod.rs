//! The Softmax view: 2–8 logits (drag the bars, use the arrow keys or type), a temperature τ, and
//! softmax, softmin and log_softmax of x/τ as PyTorch computes them, with their sums; plus softmax
//! output i against logit i with the other logits fixed.

use leptos::prelude::*;

use crate::views::{Control, Page, ViewSpec};
use nnfunc::activation::{softmax, SoftmaxKind};
use nnfunc::catalogue::FnId;
use nnfunc::plot::{axis_range, format_significant, sample, AxisRange, PALETTE};
use nnfunc::Tensor;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::chart::canvas::fit_to_layout;
use crate::chart::export::{
    canvas_css_size, chart_theme, register_figure, Csv, Figure, RasterSink,
};
use crate::chart::line_chart;
use crate::chart::line_chart::TickedAxis;
use crate::chart::style::rgb;
use crate::chart::{LineChart, Series, SeriesStyle};
use crate::dom::target_value;
use crate::perf::measured;
use crate::theme::{use_environment, ChartTheme, Rgb};
use crate::url::{self, HistoryEntry};

/// The fewest and most logits.
pub const MIN_LOGITS: usize = 2;
pub const MAX_LOGITS: usize = 8;
/// The largest |logit| accepted (x/τ stays far from overflow after the max is subtracted).
pub const MAX_ABS_LOGIT: f64 = 1000.0;
/// The range a bar can be dragged over; typed values beyond it are shown clipped.
pub const DRAG_RANGE: f64 = 10.0;
/// The temperature's slider and the values accepted when typed.
pub const TAU_SLIDER: (f64, f64) = (0.05, 10.0);
pub const TAU_RANGE: (f64, f64) = (0.001, 1000.0);
/// What the view shows without URL state.
pub const DEFAULT_LOGITS: [f64; 3] = [2.0, 1.0, 0.1];
pub const DEFAULT_TAU: f64 = 1.0;

pub const LOGITS_KEY: &str = "logits";
pub const TAU_KEY: &str = "tau";
pub const INDEX_KEY: &str = "i";
/// The name of the performance measure around each redraw.
const DRAW_MEASURE: &str = "draw:softmax";

/// The three functions of the view, in display order.
const KINDS: [(SoftmaxKind, FnId, &str); 3] = [
    (SoftmaxKind::Softmax, FnId::Softmax, "softmax"),
    (SoftmaxKind::Softmin, FnId::Softmin, "softmin"),
    (SoftmaxKind::LogSoftmax, FnId::LogSoftmax, "log_softmax"),
];

// ---------------------------------------------------------------- pure logic

/// Logits from text such as `1.5,-0.3,2`: 2–8 finite numbers within ±[`MAX_ABS_LOGIT`].
pub fn parse_logits(text: &str) -> Result<Vec<f64>, String> {
    let values = text
        .split(',')
        .map(|part| parse_logit(part.trim()))
        .collect::<Result<Vec<f64>, String>>()?;
    if !(MIN_LOGITS..=MAX_LOGITS).contains(&values.len()) {
        return Err(format!(
            "there must be {MIN_LOGITS} to {MAX_LOGITS} logits, not {}",
            values.len()
        ));
    }
    Ok(values)
}

/// One logit from text.
pub fn parse_logit(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= MAX_ABS_LOGIT => Ok(v),
        _ => Err(format!(
            "a logit must be a number between −{MAX_ABS_LOGIT} and {MAX_ABS_LOGIT}"
        )),
    }
}

/// The temperature from text: τ must be greater than 0 (softmax(x/τ) divides by it).
pub fn parse_tau(text: &str) -> Result<f64, String> {
    let (lo, hi) = TAU_RANGE;
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v <= 0.0 => Err(
            "τ must be greater than 0: softmax(x/τ) divides by τ (τ → 0⁺ approaches the arg-max)"
                .into(),
        ),
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        Ok(v) if v.is_finite() => Err(format!("τ must be between {lo} and {hi}")),
        _ => Err("τ must be a number".into()),
    }
}

/// A number as the address bar and the number boxes show it.
pub fn format_number(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// Round a dragged value to 0.01 so the boxes show readable numbers.
fn round_drag(v: f64) -> f64 {
    ((v * 100.0).round() / 100.0).clamp(-DRAG_RANGE, DRAG_RANGE)
}

/// The outputs of the three functions for x/τ.
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    pub softmax: Vec<f64>,
    pub softmin: Vec<f64>,
    pub log_softmax: Vec<f64>,
}

impl Outputs {
    pub fn of(&self, kind: SoftmaxKind) -> &[f64] {
        match kind {
            SoftmaxKind::Softmax => &self.softmax,
            SoftmaxKind::Softmin => &self.softmin,
            SoftmaxKind::LogSoftmax => &self.log_softmax,
        }
    }

    /// Σ softmax, Σ softmin, or Σ exp(log_softmax): each is 1 (up to rounding).
    pub fn total(&self, kind: SoftmaxKind) -> f64 {
        match kind {
            SoftmaxKind::LogSoftmax => self.log_softmax.iter().map(|v| v.exp()).sum(),
            other => self.of(other).iter().sum(),
        }
    }
}

/// One function of x/τ, exactly as `torch.nn.functional` computes it (dim 0 of a vector).
pub fn apply(kind: SoftmaxKind, logits: &[f64], tau: f64) -> Result<Vec<f64>, String> {
    let scaled = Tensor::vector(logits.iter().map(|x| x / tau).collect());
    let grad = Tensor::vector(vec![0.0; logits.len()]);
    softmax(kind, Some(0), &scaled, &grad)
        .map(|r| r.output.data)
        .map_err(|e| e.to_string())
}

/// All three functions of x/τ.
pub fn outputs(logits: &[f64], tau: f64) -> Result<Outputs, String> {
    Ok(Outputs {
        softmax: apply(SoftmaxKind::Softmax, logits, tau)?,
        softmin: apply(SoftmaxKind::Softmin, logits, tau)?,
        log_softmax: apply(SoftmaxKind::LogSoftmax, logits, tau)?,
    })
}

/// The x range of the curve of output `i`: the drag range, widened to hold every logit.
fn curve_range(logits: &[f64]) -> AxisRange {
    let lo = logits.iter().copied().fold(-DRAG_RANGE, f64::min);
    let hi = logits.iter().copied().fold(DRAG_RANGE, f64::max);
    AxisRange::new(lo - 1.0, hi + 1.0)
}

/// The colour of logit `i` (the palette's black becomes the text colour in dark mode).
fn logit_color(i: usize, dark: bool) -> Rgb {
    let c = PALETTE[i % PALETTE.len()];
    if dark && c == (0, 0, 0) {
        (0xe4, 0xe4, 0xe7)
    } else {
        c
    }
}

/// `x₀` … `x₇`.
fn subscript_name(prefix: &str, i: usize) -> String {
    let digits: String = i
        .to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect();
    format!("{prefix}{digits}")
}

/// The view's state from the address bar, and what could not be used (shown as notices).
fn state_from_url() -> (Vec<f64>, f64, usize, Vec<String>) {
    let (logits, tau, index, notices) = parse_state(&|key| url::get(key));
    for notice in &notices {
        crate::dom::warn(notice);
    }
    (logits, tau, index, notices)
}

/// The state from a query lookup (the first value of a key): logits, τ, the plotted index, and a
/// notice for every value that could not be used (which keeps its default). Never panics.
pub fn parse_state(get: &dyn Fn(&str) -> Option<String>) -> (Vec<f64>, f64, usize, Vec<String>) {
    let mut notices = Vec::new();
    let logits = match get(LOGITS_KEY) {
        None => DEFAULT_LOGITS.to_vec(),
        Some(text) => parse_logits(&text).unwrap_or_else(|message| {
            notices.push(format!(
                "Ignored logits=“{text}” from the address bar ({message}); showing the default logits."
            ));
            DEFAULT_LOGITS.to_vec()
        }),
    };
    let tau = match get(TAU_KEY) {
        None => DEFAULT_TAU,
        Some(text) => parse_tau(&text).unwrap_or_else(|message| {
            notices.push(format!(
                "Ignored tau=“{text}” from the address bar ({message}); using τ = {DEFAULT_TAU}."
            ));
            DEFAULT_TAU
        }),
    };
    let index = match get(INDEX_KEY) {
        None => 0,
        Some(text) => match text.trim().parse::<usize>() {
            Ok(i) if i < logits.len() => i,
            _ => {
                notices.push(format!(
                    "Ignored i=“{text}” from the address bar (it must be 0 to {}); plotting output 0.",
                    logits.len() - 1
                ));
                0
            }
        },
    };
    (logits, tau, index, notices)
}

/// The state as the address bar holds it (what [`parse_state`] reads back).
pub fn state_pairs(logits: &[f64], tau: f64, index: usize) -> [(&'static str, String); 3] {
    let text = logits
        .iter()
        .map(|v| format_number(*v))
        .collect::<Vec<_>>()
        .join(",");
    [
        (LOGITS_KEY, text),
        (TAU_KEY, format_number(tau)),
        (INDEX_KEY, index.to_string()),
    ]
}

// ---------------------------------------------------------------- drawing

/// Bars of the three outputs side by side (stacked on narrow screens), each with a Σ bar that
/// stacks the outputs (for log_softmax: their exponentials) to show that they make 1.
fn draw_outputs(
    canvas: &HtmlCanvasElement,
    outputs: &Outputs,
    dark: bool,
    theme: &ChartTheme,
) -> Result<(), String> {
    // Three panels in a row when there is room, else one above the other.
    let wide = canvas.client_width() >= 640 || canvas.client_width() == 0;
    let css_height = if wide { 300 } else { 3 * 230 };
    let style = web_sys::HtmlElement::style(canvas);
    let _ = style.set_property("height", &format!("{css_height}px"));
    let size = fit_to_layout(canvas, (960, css_height));
    let root = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("this browser gave no 2D canvas context")?
        .into_drawing_area();
    paint_outputs(&root, size.css.0, size.dpr, wide, outputs, dark, theme)?;
    root.present().map_err(|e| e.to_string())
}

/// [`draw_outputs`] on any plotters backend, laid out for a CSS width `css_width` at `scale`
/// backend pixels per CSS pixel, panels in a row if `wide`: one function for screen and export.
fn paint_outputs<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_width: u32,
    scale: f64,
    wide: bool,
    outputs: &Outputs,
    dark: bool,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let panels = root.split_evenly(if wide { (1, 3) } else { (3, 1) });
    let font_size = if css_width < 480 { 11.0 } else { 12.0 };
    let font = ("sans-serif", px(font_size))
        .into_font()
        .color(&rgb(theme.text));
    let thin = |c: Rgb| ShapeStyle {
        color: rgb(c).to_rgba(),
        filled: false,
        stroke_width: px(1.0) as u32,
    };
    let n = outputs.softmax.len();
    for (panel, (kind, _, name)) in panels.iter().zip(KINDS) {
        let values = outputs.of(kind);
        let y = match kind {
            SoftmaxKind::LogSoftmax => axis_range(values.iter().copied().chain([0.0, 1.0]), 0.08),
            _ => AxisRange::new(0.0, 1.0).padded(0.06),
        };
        let x = AxisRange::new(-0.6, n as f64 + 0.9);
        let plot_area = draw_title(panel, name, px(font_size + 2.0), theme.text)?;
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(px(8.0) as i32)
            .x_label_area_size(px(font_size * 2.0) as i32)
            .y_label_area_size(px(font_size * 3.6) as i32)
            .build_cartesian_2d(
                TickedAxis::with_label(x, vec![], |_, _| String::new()),
                TickedAxis::nice(y, 5),
            )
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .label_style(font.clone())
            .axis_style(thin(theme.axis))
            .bold_line_style(thin(theme.grid))
            .set_all_tick_mark_size(px(3.0) as u32)
            .draw()
            .map_err(|e| e.to_string())?;
        if y.contains(0.0) {
            chart
                .draw_series(LineSeries::new(
                    [(x.min, 0.0), (x.max, 0.0)],
                    thin(theme.axis),
                ))
                .map_err(|e| e.to_string())?;
        }
        let below = ("sans-serif", px(font_size))
            .into_font()
            .color(&rgb(theme.text))
            .pos(Pos::new(HPos::Center, VPos::Top));
        let value_above = ("sans-serif", px(font_size - 1.0))
            .into_font()
            .color(&rgb(theme.text))
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        let value_below = value_above.pos(Pos::new(HPos::Center, VPos::Top));
        let half = 0.36;
        for (i, v) in values.iter().enumerate() {
            let Some(v) = nnfunc::plot::safe_value(*v) else {
                continue;
            };
            let cx = i as f64;
            let fill = rgb(logit_color(i, dark)).filled();
            chart
                .draw_series([Rectangle::new([(cx - half, 0.0), (cx + half, v)], fill)])
                .map_err(|e| e.to_string())?;
            // The value at the bar's end, and the logit's name under the panel.
            let text = if kind == SoftmaxKind::LogSoftmax {
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
                .map_err(|e| e.to_string())?;
            chart
                .draw_series([EmptyElement::at((cx, y.min))
                    + Text::new(subscript_name("x", i), (0, px(4.0) as i32), below.clone())])
                .map_err(|e| e.to_string())?;
        }
        // Σ: the probabilities stacked, reaching 1.
        let sx = n as f64 + 0.15;
        let mut bottom = 0.0;
        for (i, v) in values.iter().enumerate() {
            let share = if kind == SoftmaxKind::LogSoftmax {
                v.exp()
            } else {
                *v
            };
            let Some(share) = nnfunc::plot::safe_value(share) else {
                continue;
            };
            let top = (bottom + share).min(y.max);
            chart
                .draw_series([Rectangle::new(
                    [(sx - half, bottom.max(y.min)), (sx + half, top)],
                    rgb(logit_color(i, dark)).mix(0.75).filled(),
                )])
                .map_err(|e| e.to_string())?;
            bottom = top;
        }
        let sum_label = if kind == SoftmaxKind::LogSoftmax {
            "Σeˣ"
        } else {
            "Σ"
        };
        chart
            .draw_series([EmptyElement::at((sx, y.min))
                + Text::new(sum_label, (0, px(4.0) as i32), below.clone())])
            .map_err(|e| e.to_string())?;
        if y.contains(1.0) {
            chart
                .draw_series(LineSeries::new(
                    [(sx - half - 0.1, 1.0), (sx + half + 0.1, 1.0)],
                    ShapeStyle {
                        color: rgb(theme.text).to_rgba(),
                        filled: false,
                        stroke_width: px(1.5) as u32,
                    },
                ))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// softmax(x/τ)ᵢ against xᵢ with the other logits fixed, with the current point marked.
fn curve_chart(logits: &[f64], tau: f64, index: usize, theme: &ChartTheme) -> LineChart {
    let x = curve_range(logits);
    let at = |t: f64| {
        let mut moved = logits.to_vec();
        if let Some(slot) = moved.get_mut(index) {
            *slot = t;
        }
        apply(SoftmaxKind::Softmax, &moved, tau)
            .ok()
            .and_then(|out| out.get(index).copied())
            .unwrap_or(f64::NAN)
    };
    let y = AxisRange::new(0.0, 1.0).padded(0.05);
    let mut series = vec![Series {
        lines: sample(at, x.min, x.max, 801),
        color: theme.primary,
        style: SeriesStyle::Solid,
    }];
    let current_x = logits.get(index).copied().unwrap_or(0.0);
    if let Some(current_y) = nnfunc::plot::safe_value(at(current_x)) {
        let guide = |points: Vec<(f64, f64)>| Series {
            lines: vec![points],
            color: theme.secondary,
            style: SeriesStyle::Dashed,
        };
        series.push(guide(vec![(current_x, y.min), (current_x, current_y)]));
        series.push(guide(vec![(x.min, current_y), (current_x, current_y)]));
        // A small diamond at the point (in data units, sized relative to the axes).
        let (dx, dy) = (x.width() * 0.012, y.width() * 0.03);
        series.push(Series {
            lines: vec![vec![
                (current_x - dx, current_y),
                (current_x, current_y + dy),
                (current_x + dx, current_y),
                (current_x, current_y - dy),
                (current_x - dx, current_y),
            ]],
            color: theme.secondary,
            style: SeriesStyle::Solid,
        });
    }
    LineChart { x, y, series }
}

/// A panel's title, centred at the top, and the area left below it. Like plotters' `caption`,
/// but sized from the font size: `caption` measures the text with a `<span style=…>` in the page,
/// which a strict CSP (`style-src 'self'`) blocks, and forces a layout per draw.
fn draw_title<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    title: &str,
    font_px: f64,
    color: Rgb,
) -> Result<DrawingArea<DB, Shift>, String> {
    let text_height = (font_px * 1.2).round() as i32;
    let padding = (text_height / 2).min(5);
    let (width, _) = panel.dim_in_pixel();
    let style = ("sans-serif", font_px)
        .into_font()
        .color(&rgb(color))
        .pos(Pos::new(HPos::Center, VPos::Top));
    panel
        .draw_text(title, &style, (width as i32 / 2, padding))
        .map_err(|e| e.to_string())?;
    Ok(panel.split_vertically(text_height + 2 * padding).1)
}

// ---------------------------------------------------------------- export

/// The softmax view's state, as its two figures read it for the export buttons.
#[derive(Clone, Copy)]
struct SoftmaxState {
    logits: RwSignal<Vec<f64>>,
    tau: RwSignal<f64>,
    index: RwSignal<usize>,
    dark: ReadSignal<bool>,
    canvas: NodeRef<leptos::html::Canvas>,
}

impl SoftmaxState {
    fn css_size(&self, fallback: (u32, u32)) -> (u32, u32) {
        canvas_css_size(self.canvas, fallback)
    }

    fn read(&self) -> Result<(Vec<f64>, f64, usize), String> {
        let removed = || "the view was removed".to_owned();
        Ok((
            self.logits.try_get_untracked().ok_or_else(removed)?,
            self.tau.try_get_untracked().ok_or_else(removed)?,
            self.index.try_get_untracked().ok_or_else(removed)?,
        ))
    }

    fn theme(&self) -> (bool, ChartTheme) {
        (
            self.dark.try_get_untracked().unwrap_or(false),
            chart_theme(self.dark),
        )
    }
}

/// The bars: softmax, softmin and log_softmax of every logit.
struct BarsFigure(SoftmaxState);

impl Figure for BarsFigure {
    fn css_size(&self) -> (u32, u32) {
        self.0.css_size((960, 300))
    }

    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
        _raster: &mut RasterSink,
    ) -> Result<(), String> {
        let (logits, tau, _) = self.0.read()?;
        let (dark, theme) = self.0.theme();
        let out = outputs(&logits, tau)?;
        let (css_w, _) = self.css_size();
        paint_outputs(root, css_w, scale, css_w >= 640, &out, dark, &theme)
    }

    /// One row per logit: its index, value, and the three outputs (τ in the header).
    fn csv(&self) -> Result<String, String> {
        let (logits, tau, _) = self.0.read()?;
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

/// The curve softmax(x/τ)ᵢ against xᵢ.
struct CurveFigure(SoftmaxState);

impl Figure for CurveFigure {
    fn css_size(&self) -> (u32, u32) {
        self.0.css_size((640, 400))
    }

    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
        _raster: &mut RasterSink,
    ) -> Result<(), String> {
        let (logits, tau, index) = self.0.read()?;
        let (_, theme) = self.0.theme();
        let chart = curve_chart(&logits, tau, index, &theme);
        line_chart::paint(root, self.css_size(), scale, &chart, &theme)
    }

    /// The sampled curve: x_i and softmax(x/τ)_i, the other logits fixed.
    fn csv(&self) -> Result<String, String> {
        let (logits, tau, index) = self.0.read()?;
        let (_, theme) = self.0.theme();
        let chart = curve_chart(&logits, tau, index, &theme);
        let mut csv = Csv::new(vec![
            format!("x_{index}"),
            format!("softmax(x/tau)_{index} tau={tau}"),
        ]);
        for &(x, y) in chart
            .series
            .first()
            .iter()
            .flat_map(|s| s.lines.iter().flatten())
        {
            csv.push(vec![Some(x), Some(y)]);
        }
        Ok(csv.text())
    }
}

// ---------------------------------------------------------------- the view

/// The softmax view in the registry.
pub const SPEC: ViewSpec = ViewSpec {
    key: "softmax",
    label: "Softmax",
    mount: || view! { <SoftmaxView /> }.into_any(),
    owns: |key| [LOGITS_KEY, TAU_KEY, INDEX_KEY].contains(&key),
    pages: &[
        Page::new("softmax", "?view=softmax", "softmax-bars").with_control(Control {
            selector: r#"[data-testid="tau-number"]"#,
            value: "0.5",
            key: "tau",
            want: "0.5",
        }),
    ],
};

#[component]
pub fn SoftmaxView() -> impl IntoView {
    let (initial_logits, initial_tau, initial_index, notices) = state_from_url();
    let logits = RwSignal::new(initial_logits);
    let tau = RwSignal::new(initial_tau);
    let index = RwSignal::new(initial_index);
    let tau_error = RwSignal::new(None::<String>);
    let logit_error = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(None::<usize>);
    let environment = use_environment();

    let count = Memo::new(move |_| logits.with(Vec::len));
    // Keep the chosen output valid when logits are removed.
    Effect::new(move |_| {
        let n = count.get();
        if index.get_untracked() >= n {
            index.set(n.saturating_sub(1));
        }
    });

    // The address bar follows the state; the keys go when the view does.
    Effect::new(move |_| {
        let (t, i) = (tau.get(), index.get());
        let pairs = logits.with(|l| state_pairs(l, t, i));
        url::update(HistoryEntry::Replace, |query| {
            for (key, value) in &pairs {
                query.set(key, value);
            }
        });
    });
    on_cleanup(|| {
        url::update(HistoryEntry::Replace, |query| {
            for key in [LOGITS_KEY, TAU_KEY, INDEX_KEY] {
                query.delete(key);
            }
        })
    });

    let results = Memo::new(move |_| {
        let t = tau.get();
        logits.with(|l| outputs(l, t))
    });

    // The figures' text alternatives: what is drawn, with the numbers, following every change.
    let bars_label = Signal::derive(move || {
        let list = |v: &[f64]| {
            v.iter()
                .map(|x| format_significant(*x, 4))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let head = format!(
            "Bars of softmax, softmin and log_softmax of x/τ for logits x = [{}] and τ = {}, each \
             with a stacked bar of the outputs (for log_softmax their exponentials) that reaches 1.",
            logits.with(|l| list(l)),
            format_significant(tau.get(), 4)
        );
        results.with(|r| match r {
            Ok(out) => format!(
                "{head} softmax = [{}]; softmin = [{}]; log_softmax = [{}].",
                list(&out.softmax),
                list(&out.softmin),
                list(&out.log_softmax)
            ),
            Err(message) => format!("{head} {message}"),
        })
    });
    let curve_label = Signal::derive(move || {
        let i = index.get();
        let now = results.with(|r| {
            r.as_ref()
                .ok()
                .and_then(|out| out.softmax.get(i).copied())
                .map_or_else(|| "—".to_string(), |v| format_significant(v, 4))
        });
        let x = logits.with(|l| l.get(i).copied().unwrap_or(0.0));
        format!(
            "softmax output {i} of x/τ as logit {i} varies, the other logits fixed; marked: logit \
             {i} = {}, output {now}",
            format_significant(x, 4)
        )
    });

    // One effect draws both canvases, measured as `draw:softmax`.
    let bars_ref = NodeRef::<leptos::html::Canvas>::new();
    let curve_ref = NodeRef::<leptos::html::Canvas>::new();
    let (draw_error, set_draw_error) = signal(None::<String>);
    let state = |canvas| SoftmaxState {
        logits,
        tau,
        index,
        dark: environment.dark,
        canvas,
    };
    register_figure("softmax-bars", BarsFigure(state(bars_ref)));
    register_figure("softmax-curve", CurveFigure(state(curve_ref)));
    Effect::new(move |_| {
        let dark = environment.dark.get();
        environment.viewport.track();
        let theme = ChartTheme::new(dark);
        let (Some(bars), Some(curve)) = (bars_ref.get(), curve_ref.get()) else {
            return;
        };
        let t = tau.get();
        let i = index.get();
        let result = measured(DRAW_MEASURE, || {
            results.with(|r| match r {
                Ok(out) => draw_outputs(&bars, out, dark, &theme),
                Err(e) => Err(e.clone()),
            })?;
            let chart = logits.with(|l| curve_chart(l, t, i, &theme));
            line_chart::draw(&curve, &chart, &theme)
        });
        if let Err(message) = &result {
            crate::dom::warn(&format!("drawing the softmax view failed: {message}"));
        }
        set_draw_error.set(result.err());
    });

    let set_logit = move |i: usize, v: f64| {
        logits.update(|l| {
            if let Some(slot) = l.get_mut(i) {
                *slot = v;
            }
        })
    };

    let on_tau = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        match parse_tau(&text) {
            Ok(v) => {
                tau.set(v);
                tau_error.set(None);
            }
            Err(message) => tau_error.set(Some(message)),
        }
    };

    let add = move |_| {
        logits.update(|l| {
            if l.len() < MAX_LOGITS {
                l.push(0.0);
            }
        })
    };
    let remove = move |_| {
        logits.update(|l| {
            if l.len() > MIN_LOGITS {
                l.pop();
            }
        })
    };

    let bars = move || {
        (0..count.get())
            .map(|i| view! { <LogitBar i=i logits=logits dragging=dragging set_logit=set_logit logit_error=logit_error /> })
            .collect_view()
    };

    let output_table = move || {
        results.with(|r| match r {
            Ok(out) => {
                let rows = KINDS
                    .iter()
                    .map(|(kind, _, name)| {
                        let cells = out
                            .of(*kind)
                            .iter()
                            .enumerate()
                            .map(|(i, v)| {
                                view! {
                                    <td data-testid=format!("out-{name}-{i}") data-value=v.to_string() title=v.to_string()>
                                        {format!("{v:.6}")}
                                    </td>
                                }
                            })
                            .collect_view();
                        let total = out.total(*kind);
                        view! {
                            <tr>
                                <th scope="row"><code>{*name}</code></th>
                                {cells}
                                <td class="sum" data-testid=format!("sum-{name}") data-value=total.to_string() title=total.to_string()>
                                    {format!("{total:.12}")}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                let heads = (0..out.softmax.len())
                    .map(|i| view! { <th scope="col">{subscript_name("x", i)}</th> })
                    .collect_view();
                view! {
                    <table class="softmax-table" data-testid="softmax-table">
                        <caption>"Outputs for x/τ (hover a value for all its digits)"</caption>
                        <thead>
                            <tr><th scope="col">"function"</th>{heads}<th scope="col">"Σ (for log_softmax: Σ exp)"</th></tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
            Err(message) => view! { <p class="chart-message" role="status">{message.clone()}</p> }.into_any(),
        })
    };

    let options = move || {
        (0..count.get())
            .map(|i| {
                view! {
                    <option value=i.to_string() selected=move || index.get() == i>
                        {format!("output {i} (logit {})", subscript_name("x", i))}
                    </option>
                }
            })
            .collect_view()
    };

    let notices = (!notices.is_empty()).then(|| {
        view! {
            <div class="notice" role="status" data-testid="url-notice">
                {notices.into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
            </div>
        }
    });

    let formulas = KINDS
        .iter()
        .map(|(_, id, _)| {
            let spec = id.spec();
            view! {
                <section class="softmax-formula">
                    <h3>{spec.display}</h3>
                    // The catalogue's formula is a trusted, static MathML fragment (the content of <math>).
                    <math display="block" inner_html=spec.formula></math>
                    <p class="torch">"PyTorch: " <code>{spec.torch}</code></p>
                    <ul class="notes">{spec.notes.iter().map(|n| view! { <li>{*n}</li> }).collect_view()}</ul>
                </section>
            }
        })
        .collect_view();

    view! {
        <section class="view view-softmax" data-testid="view-softmax" aria-label="Softmax">
            {notices}
            <div class="softmax-grid">
                <div class="card softmax-logits">
                    <h2>"Logits x"</h2>
                    <p class="muted">"Drag a bar, use the arrow keys on it (Shift: steps of 1), or type a value."</p>
                    <div class="logit-bars" role="group" aria-label="Logits">{bars}</div>
                    {move || logit_error.get().map(|e| view! { <p class="param-error" role="alert">{e}</p> })}
                    <div class="logit-buttons">
                        <button type="button" data-testid="logit-add" on:click=add
                            disabled=move || { count.get() >= MAX_LOGITS }>"Add a logit"</button>
                        <button type="button" data-testid="logit-remove" on:click=remove
                            disabled=move || { count.get() <= MIN_LOGITS }>"Remove the last"</button>
                    </div>
                    <div class="param">
                        <label for="softmax-tau">"temperature τ"</label>
                        <div class="param-inputs">
                            <input type="range" id="softmax-tau" name="softmax.tau" data-testid="tau-slider"
                                min=TAU_SLIDER.0 max=TAU_SLIDER.1 step="0.05" aria-describedby="softmax-tau-doc"
                                prop:value=move || format_number(tau.get()) on:input=on_tau />
                            <input type="number" class="param-number" name="softmax.tau" data-testid="tau-number"
                                step="any" min=TAU_RANGE.0 max=TAU_RANGE.1 inputmode="decimal" aria-label="temperature τ value"
                                prop:value=move || format_number(tau.get()) on:change=on_tau />
                        </div>
                        <p class="param-doc" id="softmax-tau-doc">
                            "All three functions are applied to x/τ. Small τ sharpens softmax towards the arg-max (one-hot); large τ flattens it towards uniform."
                        </p>
                        {move || tau_error.get().map(|e| view! { <p class="param-error" role="alert" data-testid="tau-error">{e}</p> })}
                    </div>
                </div>
                <div class="card softmax-outputs">
                    <h2>"softmax, softmin and log_softmax of x/τ"</h2>
                    <div class="chart">
                        <canvas node_ref=bars_ref class="softmax-bars" data-testid="softmax-bars" role="img"
                            aria-label=bars_label></canvas>
                    </div>
                    <div class="softmax-table-wrap">{output_table}</div>
                </div>
                <div class="card softmax-curve">
                    <h2>"One output against its logit"</h2>
                    <div class="field">
                        <label for="softmax-index">"Output"</label>
                        <select id="softmax-index" name="i" data-testid="softmax-index"
                            on:change=move |ev| {
                                if let Some(i) = target_value(&ev).and_then(|t| t.parse::<usize>().ok()) {
                                    if i < count.get_untracked() {
                                        index.set(i);
                                    }
                                }
                            }>
                            {options}
                        </select>
                    </div>
                    <div class="chart">
                        <canvas node_ref=curve_ref data-testid="softmax-curve" role="img"
                            aria-label=curve_label></canvas>
                    </div>
                    <p class="muted">
                        {move || format!("softmax(x/τ){} as {} moves, the other logits fixed. Dashed: the current value.", subscript_name("", index.get()), subscript_name("x", index.get()))}
                    </p>
                    {move || draw_error.get().map(|e| view! { <p class="chart-message" role="status">{e}</p> })}
                </div>
                <div class="card softmax-formulas">{formulas}</div>
            </div>
        </section>
    }
}

/// One logit: a bar to drag (a focusable slider) and its number box.
#[component]
fn LogitBar(
    i: usize,
    logits: RwSignal<Vec<f64>>,
    dragging: RwSignal<Option<usize>>,
    set_logit: impl Fn(usize, f64) + Copy + Send + Sync + 'static,
    logit_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let environment = use_environment();
    let value = Memo::new(move |_| logits.with(|l| l.get(i).copied().unwrap_or(0.0)));
    let name = subscript_name("x", i);
    let input_id = format!("logit-input-{i}");

    // Bar geometry in % of the track: the zero line in the middle, ±DRAG_RANGE at the ends.
    let shown = move || value.get().clamp(-DRAG_RANGE, DRAG_RANGE);
    let top = move || {
        format!(
            "{}%",
            (DRAG_RANGE - shown().max(0.0)) / (2.0 * DRAG_RANGE) * 100.0
        )
    };
    let height = move || format!("{}%", shown().abs() / (2.0 * DRAG_RANGE) * 100.0);
    let clipped = move || value.get().abs() > DRAG_RANGE;
    let color = move || {
        let (r, g, b) = logit_color(i, environment.dark.get());
        format!("rgb({r}, {g}, {b})")
    };

    // A pointer position as a logit value on the track under it.
    let value_at = |ev: &web_sys::PointerEvent| -> Option<f64> {
        let track = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
        let rect = track.get_bounding_client_rect();
        if rect.height() <= 0.0 {
            return None;
        }
        let t = (f64::from(ev.client_y()) - rect.top()) / rect.height();
        Some(round_drag(DRAG_RANGE - t * 2.0 * DRAG_RANGE))
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some(track) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = track.set_pointer_capture(ev.pointer_id());
            let _ = track.focus();
        }
        ev.prevent_default();
        dragging.set(Some(i));
        if let Some(v) = value_at(&ev) {
            set_logit(i, v);
            logit_error.set(None);
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if dragging.get_untracked() == Some(i) {
            if let Some(v) = value_at(&ev) {
                set_logit(i, v);
            }
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        if let Some(track) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = track.release_pointer_capture(ev.pointer_id());
        }
        dragging.set(None);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let step = if ev.shift_key() { 1.0 } else { 0.1 };
        let v = value.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowUp" | "ArrowRight" => v + step,
            "ArrowDown" | "ArrowLeft" => v - step,
            "PageUp" => v + 1.0,
            "PageDown" => v - 1.0,
            "Home" => -DRAG_RANGE,
            "End" => DRAG_RANGE,
            _ => return,
        };
        ev.prevent_default();
        set_logit(
            i,
            ((next * 100.0).round() / 100.0).clamp(-MAX_ABS_LOGIT, MAX_ABS_LOGIT),
        );
        logit_error.set(None);
    };
    let on_number = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        match parse_logit(&text) {
            Ok(v) => {
                set_logit(i, v);
                logit_error.set(None);
            }
            Err(message) => {
                logit_error.set(Some(format!("{}: {message}.", subscript_name("x", i))))
            }
        }
    };

    view! {
        <div class="logit">
            <div
                class="logit-track"
                class:dragging=move || dragging.get() == Some(i)
                role="slider"
                tabindex="0"
                aria-label=format!("logit {name}")
                aria-valuemin=-DRAG_RANGE
                aria-valuemax=DRAG_RANGE
                aria-valuenow=move || value.get()
                aria-valuetext=move || format_number(value.get())
                data-testid=format!("logit-bar-{i}")
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
                on:keydown=on_key
            >
                <div class="logit-zero" aria-hidden="true"></div>
                <div
                    class="logit-fill"
                    class:clipped=clipped
                    aria-hidden="true"
                    style:top=top
                    style:height=height
                    style:background=color
                ></div>
            </div>
            <label for=input_id.clone()>{name.clone()}</label>
            <input
                type="number"
                id=input_id
                class="logit-number"
                data-testid=format!("logit-{i}")
                step="0.1"
                min=-MAX_ABS_LOGIT
                max=MAX_ABS_LOGIT
                inputmode="decimal"
                prop:value=move || format_number(value.get())
                on:change=on_number
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_logits_from_the_address_bar() {
        assert_eq!(parse_logits("1.5,-0.3,2"), Ok(vec![1.5, -0.3, 2.0]));
        assert_eq!(parse_logits(" 1 , 2 "), Ok(vec![1.0, 2.0]));
        for bad in [
            "",
            "1",
            "1,x",
            "1,NaN",
            "1,inf",
            "1,2,3,4,5,6,7,8,9",
            "1,1e9",
            "1,,2",
        ] {
            assert!(parse_logits(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn refuses_a_temperature_that_is_not_positive() {
        assert_eq!(parse_tau("0.5"), Ok(0.5));
        for bad in ["0", "-1", "-0", "abc", "NaN", "1e-9", "1e9"] {
            assert!(parse_tau(bad).is_err(), "{bad:?}");
        }
        assert!(parse_tau("0").is_err_and(|m| m.contains("greater than 0")));
    }

    #[test]
    fn outputs_are_normalised_and_exact() {
        let Ok(out) = outputs(&[1.5, -0.3, 2.0], 1.0) else {
            panic!("valid logits");
        };
        for (kind, _, _) in KINDS {
            assert!((out.total(kind) - 1.0).abs() < 1e-12);
        }
        // softmin(x) = softmax(−x); log_softmax = log(softmax).
        let Ok(flipped) = apply(SoftmaxKind::Softmax, &[-1.5, 0.3, -2.0], 1.0) else {
            panic!("valid logits");
        };
        assert_eq!(out.softmin, flipped);
        for (l, s) in out.log_softmax.iter().zip(&out.softmax) {
            assert!((l - s.ln()).abs() < 1e-12);
        }
        // A temperature divides the logits.
        let (Ok(hot), Ok(scaled)) = (outputs(&[1.0, 2.0], 2.0), outputs(&[0.5, 1.0], 1.0)) else {
            panic!("valid logits");
        };
        assert_eq!(hot, scaled);
        // Large logits and a small τ do not overflow.
        let Ok(sharp) = outputs(&[1000.0, -1000.0, 999.0], TAU_RANGE.0) else {
            panic!("valid logits");
        };
        assert!(sharp.softmax.iter().all(|v| v.is_finite()));
        assert!(sharp.log_softmax.iter().all(|v| !v.is_nan()));
    }

    #[test]
    fn names_and_ranges() {
        assert_eq!(subscript_name("x", 3), "x₃");
        assert_eq!(round_drag(1.234), 1.23);
        assert_eq!(round_drag(42.0), DRAG_RANGE);
        let r = curve_range(&[-20.0, 1.0]);
        assert!(r.min <= -21.0 && r.max >= 11.0);
    }
}
