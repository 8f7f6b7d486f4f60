//! "Why the choice matters": pre-activations drawn from N(μ, σ) pushed through the shown activations,
//! with histograms of the outputs, the fractions of dead and saturated units and the gradient product
//! through L layers (vanishing and exploding gradients). The math lives in `nnfunc::gradient_flow`.
//!
//! Mount it with the functions to compare:
//! `<GradientFlow functions=Signal::derive(move || vec![FlowFunction { .. }, ..]) />`.

use leptos::prelude::*;
use nnfunc::activation::Elementwise;
use nnfunc::gradient_flow::{
    analyse, sample_normal, FlowSettings, FlowStats, Histogram, DEFAULT_BINS, DEFAULT_SAMPLES,
    MAX_ABS_MEAN, MAX_LAYERS, MAX_STD_DEV, SATURATION_THRESHOLD,
};
use nnfunc::plot::{axis_range, nice_ticks, tick_label, tick_step, AxisRange};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::series::DashedLineSeries;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::chart::canvas::fit_to_layout;
use crate::chart::export::{
    canvas_css_size, chart_theme, read_untracked, register_figure, Csv, Figure, RasterSink,
};
use crate::chart::format::{decade_label, scientific, thousands};
use crate::chart::line_chart::{draw_colored_lines, TickedAxis};
use crate::chart::style::{self, rgb};
use crate::dom::target_value;
use crate::perf::measured;
use crate::theme::{use_environment, ChartTheme, Rgb};
use crate::url::{self, HistoryEntry};

/// One activation to compare: its label (also in test ids: `flow-row-<label>`), the function with its
/// parameters, and its series colour.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowFunction {
    pub label: String,
    pub activation: Elementwise,
    pub color: (u8, u8, u8),
}

/// The query keys of the panel.
pub const MEAN_KEY: &str = "flow.mu";
pub const STD_DEV_KEY: &str = "flow.sigma";
pub const LAYERS_KEY: &str = "flow.layers";
pub const SEED_KEY: &str = "flow.seed";

/// Whether the panel writes `key`.
pub fn is_own_key(key: &str) -> bool {
    [MEAN_KEY, STD_DEV_KEY, LAYERS_KEY, SEED_KEY].contains(&key)
}
/// Slider ends (typed values may go to ±MAX_ABS_MEAN and MAX_STD_DEV).
const MEAN_SLIDER: (f64, f64) = (-5.0, 5.0);
const STD_DEV_SLIDER: (f64, f64) = (0.0, 5.0);
/// The largest seed a number box holds exactly (2^53 − 1).
const MAX_SEED: u64 = (1 << 53) - 1;

// ---------------------------------------------------------------- formatting

/// A fraction as a percentage with one decimal.
fn percent(fraction: f64) -> String {
    format!("{:.1} %", fraction * 100.0)
}

// ---------------------------------------------------------------- URL

fn settings_from_url() -> (FlowSettings, Vec<String>) {
    let (settings, notices) = parse_settings(&|key| url::get(key));
    for notice in &notices {
        crate::dom::warn(notice);
    }
    (settings, notices)
}

/// The panel's settings from a query lookup, with a notice for every value that could not be used
/// (it keeps its default). Never panics.
pub fn parse_settings(get: &dyn Fn(&str) -> Option<String>) -> (FlowSettings, Vec<String>) {
    let defaults = FlowSettings::default();
    let mut settings = defaults;
    let mut notices = Vec::new();
    let mut read = |key: &str, apply: &mut dyn FnMut(&str) -> bool| {
        if let Some(text) = get(key) {
            if !apply(text.trim()) {
                notices.push(format!(
                    "Ignored {key}=“{text}” from the address bar; using the default."
                ));
            }
        }
    };
    read(MEAN_KEY, &mut |t| match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= MAX_ABS_MEAN => {
            settings.mean = v;
            true
        }
        _ => false,
    });
    read(STD_DEV_KEY, &mut |t| match t.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=MAX_STD_DEV).contains(&v) => {
            settings.std_dev = v;
            true
        }
        _ => false,
    });
    read(LAYERS_KEY, &mut |t| match t.parse::<u32>() {
        Ok(v) if (1..=MAX_LAYERS).contains(&v) => {
            settings.layers = v;
            true
        }
        _ => false,
    });
    read(SEED_KEY, &mut |t| match t.parse::<u64>() {
        Ok(v) if v <= MAX_SEED => {
            settings.seed = v;
            true
        }
        _ => false,
    });
    (settings, notices)
}

/// The settings as the address bar holds them (what [`parse_settings`] reads back).
pub fn settings_pairs(s: &FlowSettings) -> [(&'static str, String); 4] {
    [
        (MEAN_KEY, format_number(s.mean)),
        (STD_DEV_KEY, format_number(s.std_dev)),
        (LAYERS_KEY, s.layers.to_string()),
        (SEED_KEY, s.seed.to_string()),
    ]
}

/// A real number as the address bar and the number boxes show it.
fn format_number(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

// ---------------------------------------------------------------- drawing

/// The output histogram of one function, bars in its colour; y is the share of units per bin.
fn draw_histogram(
    canvas: &HtmlCanvasElement,
    histogram: &Histogram,
    color: Rgb,
    theme: &ChartTheme,
) -> Result<(), String> {
    let size = fit_to_layout(canvas, (260, 150));
    let px = |css: f64| size.px(css);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("this browser gave no 2D canvas context")?;
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

/// Polylines of (x, y) points.
type Polylines = Vec<Vec<(f64, f64)>>;

/// The expected gradient product against depth, log scale, one line per function; a dashed line at
/// the chosen L and a line at 10⁰ (the gradient passes unchanged).
fn draw_products(
    canvas: &HtmlCanvasElement,
    rows: &[(Rgb, Vec<f64>)],
    layers: u32,
    theme: &ChartTheme,
) -> Result<(), String> {
    let size = fit_to_layout(canvas, PLOT_FALLBACK);
    let root = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("this browser gave no 2D canvas context")?
        .into_drawing_area();
    paint_products(&root, size.css.0, size.dpr, rows, layers, theme)?;
    root.present().map_err(|e| e.to_string())
}

/// The CSS size the product plot falls back to without layout.
const PLOT_FALLBACK: (u32, u32) = (640, 320);

/// [`draw_products`] on any plotters backend, laid out for a CSS width `css_width` at `scale`
/// backend pixels per CSS pixel: the screen and the exports draw with this one function.
fn paint_products<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_width: u32,
    scale: f64,
    rows: &[(Rgb, Vec<f64>)],
    layers: u32,
    theme: &ChartTheme,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    // log10 of each positive, finite product, split into polylines where it is 0 (−∞ on a log scale).
    let lines: Vec<(Rgb, Polylines)> = rows
        .iter()
        .map(|(color, products)| {
            let mut lines = vec![];
            let mut current = vec![];
            for (i, p) in products.iter().enumerate() {
                let depth = (i + 1) as f64;
                match nnfunc::plot::safe_value(p.log10()) {
                    Some(l) => current.push((depth, l)),
                    None if current.is_empty() => {}
                    None => lines.push(std::mem::take(&mut current)),
                }
            }
            if !current.is_empty() {
                lines.push(current);
            }
            (*color, lines)
        })
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
        filled: false,
        stroke_width: px(1.5) as u32,
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

/// The product plot as the export buttons see it.
struct FlowFigure {
    rows: Memo<Result<FlowRows, String>>,
    layers: RwSignal<u32>,
    dark: ReadSignal<bool>,
    canvas: NodeRef<leptos::html::Canvas>,
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
    fn css_size(&self) -> (u32, u32) {
        canvas_css_size(self.canvas, PLOT_FALLBACK)
    }

    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
        _raster: &mut RasterSink,
    ) -> Result<(), String> {
        let theme = chart_theme(self.dark);
        let rows: Vec<(Rgb, Vec<f64>)> = self
            .series()?
            .into_iter()
            .map(|(_, color, products)| (color, products))
            .collect();
        let layers = self.layers.try_get_untracked().unwrap_or(1);
        paint_products(root, self.css_size().0, scale, &rows, layers, &theme)
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

// ---------------------------------------------------------------- the component

/// The table rows: each function with its statistics for the current settings.
type FlowRows = Vec<(FlowFunction, FlowStats)>;

#[component]
pub fn GradientFlow(#[prop(into)] functions: Signal<Vec<FlowFunction>>) -> impl IntoView {
    let (initial, notices) = settings_from_url();
    let mean = RwSignal::new(initial.mean);
    let std_dev = RwSignal::new(initial.std_dev);
    let layers = RwSignal::new(initial.layers);
    let seed = RwSignal::new(initial.seed);
    let error = RwSignal::new(None::<String>);
    let environment = use_environment();

    // The address bar follows the settings; the keys go when the panel does.
    Effect::new(move |_| {
        let pairs = settings_pairs(&FlowSettings {
            mean: mean.get(),
            std_dev: std_dev.get(),
            layers: layers.get(),
            seed: seed.get(),
        });
        url::update(HistoryEntry::Replace, |query| {
            for (key, value) in &pairs {
                query.set(key, value);
            }
        });
    });
    on_cleanup(|| {
        url::update(HistoryEntry::Replace, |query| {
            for key in [MEAN_KEY, STD_DEV_KEY, LAYERS_KEY, SEED_KEY] {
                query.delete(key);
            }
        })
    });

    let samples = Memo::new(move |_| {
        sample_normal(mean.get(), std_dev.get(), seed.get(), DEFAULT_SAMPLES)
            .map_err(|e| e.to_string())
    });
    let rows = Memo::new(move |_| -> Result<FlowRows, String> {
        let depth = layers.get();
        samples.with(|samples| {
            let samples = samples.as_ref().map_err(Clone::clone)?;
            Ok(functions.with(|fs| {
                fs.iter()
                    .map(|f| {
                        let stats = analyse(&f.activation, samples, depth, DEFAULT_BINS);
                        (f.clone(), stats)
                    })
                    .collect()
            }))
        })
    });

    // The product plot's text alternative, with the numbers at the chosen L.
    let plot_label = Signal::derive(move || {
        let n4 = |v: f64| nnfunc::plot::format_significant(v, 4);
        let head = format!(
            "Expected gradient product (E|f′|) to the power L for L from 1 to 50, log scale, one \
             line per function, for pre-activations from N({}, {}²) (seed {}); the dashed line \
             marks L = {}",
            n4(mean.get()),
            n4(std_dev.get()),
            seed.get(),
            layers.get()
        );
        match rows.get() {
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
    });

    // The product plot.
    let plot_ref = NodeRef::<leptos::html::Canvas>::new();
    register_figure(
        "flow-plot",
        FlowFigure {
            rows,
            layers,
            dark: environment.dark,
            canvas: plot_ref,
        },
    );
    let (plot_error, set_plot_error) = signal(None::<String>);
    Effect::new(move |_| {
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

    let number_input = |ev: &web_sys::Event| target_value(ev).map(|t| t.trim().to_string());
    let set_mean = move |text: String| match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= MAX_ABS_MEAN => {
            mean.set(v);
            error.set(None);
        }
        _ => error.set(Some(format!(
            "μ must be a number between −{MAX_ABS_MEAN} and {MAX_ABS_MEAN}."
        ))),
    };
    let set_std_dev = move |text: String| match text.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=MAX_STD_DEV).contains(&v) => {
            std_dev.set(v);
            error.set(None);
        }
        _ => error.set(Some(format!(
            "σ must be a number between 0 and {MAX_STD_DEV}."
        ))),
    };
    let set_layers = move |text: String| match text.parse::<u32>() {
        Ok(v) if (1..=MAX_LAYERS).contains(&v) => {
            layers.set(v);
            error.set(None);
        }
        _ => error.set(Some(format!(
            "L must be a whole number from 1 to {MAX_LAYERS}."
        ))),
    };
    let set_seed = move |text: String| match text.parse::<u64>() {
        Ok(v) if v <= MAX_SEED => {
            seed.set(v);
            error.set(None);
        }
        _ => error.set(Some(format!(
            "The seed must be a whole number from 0 to {MAX_SEED}."
        ))),
    };

    let notices = (!notices.is_empty()).then(|| {
        view! {
            <div class="notice" role="status" data-testid="flow-url-notice">
                {notices.into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
            </div>
        }
    });

    let table_rows = move || {
        rows.with(|rows| match rows {
            Ok(rows) => rows
                .iter()
                .map(|(f, s)| {
                    let (r, g, b) = f.color;
                    view! {
                        <tr data-testid=format!("flow-row-{}", f.label)>
                            <th scope="row">
                                <span class="flow-swatch" aria-hidden="true" style:background=format!("rgb({r}, {g}, {b})")></span>
                                {f.label.clone()}
                            </th>
                            <td data-col="dead" data-value=s.dead_fraction.to_string()>{percent(s.dead_fraction)}</td>
                            <td data-col="saturated" data-value=s.saturated_fraction.to_string()>{percent(s.saturated_fraction)}</td>
                            <td data-col="factor" data-value=s.mean_abs_derivative.to_string()>{scientific(s.mean_abs_derivative)}</td>
                            <td data-col="product" data-value=s.gradient_product.to_string()>{scientific(s.gradient_product)}</td>
                            <td data-col="typical" data-value=s.typical_product.to_string()>{scientific(s.typical_product)}</td>
                        </tr>
                    }
                })
                .collect_view()
                .into_any(),
            Err(message) => view! {
                <tr><td colspan="6">{message.clone()}</td></tr>
            }
            .into_any(),
        })
    };

    let histograms = move || {
        functions
            .get()
            .into_iter()
            .map(|f| view! { <FlowHistogram function=f rows=rows /> })
            .collect_view()
    };

    view! {
        <section class="card gradient-flow" data-testid="gradient-flow" aria-labelledby="flow-heading">
            <h2 id="flow-heading">"Why the choice matters"</h2>
            <p class="flow-intro">
                {format!("{} pre-activations x are drawn from N(μ, σ) and pushed through each function. ", thousands(DEFAULT_SAMPLES))}
                "A unit whose gradient f′(x) is exactly 0 is dead: nothing flows back through it (the dying ReLU). "
                "Through L layers the gradient is multiplied by one f′ per layer. "
                "A simple model: independent pre-activations per layer, weights ignored. "
                "Then the expected magnitude of that product is exactly (E|f′(x)|)" <sup>"L"</sup>
                ": below 1 per layer it vanishes with depth, above 1 it explodes."
            </p>
            {notices}
            <div class="flow-controls">
                <div class="flow-field">
                    <label for="flow-mu">"mean μ"</label>
                    <input type="range" id="flow-mu" name="flow.mu" min=MEAN_SLIDER.0 max=MEAN_SLIDER.1 step="0.1"
                        prop:value=move || format_number(mean.get())
                        on:input=move |ev| { if let Some(t) = number_input(&ev) { set_mean(t) } } />
                    <input type="number" class="param-number" name="flow.mu" step="any" aria-label="mean μ value"
                        data-testid="flow-mu-number" prop:value=move || format_number(mean.get())
                        on:change=move |ev| { if let Some(t) = number_input(&ev) { set_mean(t) } } />
                </div>
                <div class="flow-field">
                    <label for="flow-sigma">"standard deviation σ"</label>
                    <input type="range" id="flow-sigma" name="flow.sigma" min=STD_DEV_SLIDER.0 max=STD_DEV_SLIDER.1 step="0.05"
                        prop:value=move || format_number(std_dev.get())
                        on:input=move |ev| { if let Some(t) = number_input(&ev) { set_std_dev(t) } } />
                    <input type="number" class="param-number" name="flow.sigma" step="any" min="0" aria-label="standard deviation σ value"
                        data-testid="flow-sigma-number" prop:value=move || format_number(std_dev.get())
                        on:change=move |ev| { if let Some(t) = number_input(&ev) { set_std_dev(t) } } />
                </div>
                <div class="flow-field">
                    <label for="flow-layers">"layers L"</label>
                    <input type="range" id="flow-layers" name="flow.layers" min="1" max=MAX_LAYERS step="1"
                        prop:value=move || layers.get().to_string()
                        on:input=move |ev| { if let Some(t) = number_input(&ev) { set_layers(t) } } />
                    <input type="number" class="param-number" name="flow.layers" step="1" min="1" max=MAX_LAYERS aria-label="layers L value"
                        data-testid="flow-layers-number" prop:value=move || layers.get().to_string()
                        on:change=move |ev| { if let Some(t) = number_input(&ev) { set_layers(t) } } />
                </div>
                <div class="flow-field">
                    <label for="flow-seed">"random seed"</label>
                    <input type="number" id="flow-seed" class="param-number" name="flow.seed" step="1" min="0"
                        data-testid="flow-seed-number" prop:value=move || seed.get().to_string()
                        on:change=move |ev| { if let Some(t) = number_input(&ev) { set_seed(t) } } />
                </div>
            </div>
            {move || error.get().map(|e| view! { <p class="param-error" role="alert">{e}</p> })}
            <h3>"Outputs f(x) of one layer"</h3>
            <div class="flow-histograms">{histograms}</div>
            <div class="flow-table-wrap">
                <table class="flow-table" data-testid="flow-table">
                    <caption>{move || format!("Gradients through L = {} layers", layers.get())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"function"</th>
                            <th scope="col">"dead: f′(x) = 0"</th>
                            <th scope="col">{format!("saturated: |f′(x)| < {SATURATION_THRESHOLD}")}</th>
                            <th scope="col">"per layer: E|f′(x)|"</th>
                            <th scope="col">"gradient product: (E|f′|)" <sup>"L"</sup></th>
                            <th scope="col">"typical path: exp(E ln|f′|)" <sup>"L"</sup></th>
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
            <h3>"Gradient product (E|f′|)" <sup>"L"</sup> " against the number of layers L (log scale)"</h3>
            <div class="chart flow-chart">
                <canvas node_ref=plot_ref data-testid="flow-plot" role="img"
                    aria-label=plot_label></canvas>
                {move || plot_error.get().map(|e| view! { <p class="chart-message" role="status">{e}</p> })}
            </div>
            <ul class="legend">
                {move || functions.get().into_iter().map(|f| {
                    let (r, g, b) = f.color;
                    view! {
                        <li>
                            <span class="flow-swatch" aria-hidden="true" style:background=format!("rgb({r}, {g}, {b})")></span>
                            {f.label}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="muted flow-note">
                "Lines below 10⁰ vanish with depth, above it they explode; a function missing from the plot has a product of 0 (every unit dead). "
                "Real networks also multiply by weights, which initialisations such as He or Glorot scale to keep the product near 1."
            </p>
        </section>
    }
}

/// The output histogram of one function.
#[component]
fn FlowHistogram(function: FlowFunction, rows: Memo<Result<FlowRows, String>>) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let environment = use_environment();
    let label = function.label.clone();
    let color = function.color;
    Effect::new(move |_| {
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
