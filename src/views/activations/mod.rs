//! The Activation explorer: every elementwise activation of the catalogue, several overlaid, with
//! f and f′, zoom and pan, a crosshair read-out, parameters, formulas, notes and properties.
//!
//! State lives in a few signals ([`Explorer`]): the shown functions, one `RwSignal<Params>` per
//! function, the toggles and the x range. Each function has its own memos (function, samples of f
//! and f′, saturation zones, properties), so moving `elu.alpha` resamples ELU only; the plot memo
//! assembles finished curves and the canvas redraw is the only per-frame cost. The crosshair lives on
//! an overlay canvas and never resamples. The URL is a projection of the state, written in one
//! effect ([`state::to_query`]); it is read once, at mount ([`state::parse_activation_state`]).
//!
//! Stable `data-testid`s (the e2e suite and the benchmark use them):
//! - `view-activations` — the view; `url-notice` — what the address bar asked for that could not be
//!   used (present only then);
//! - `fn-list` — the function list; `fn-toggle-<fn>` — its checkboxes (e.g. `fn-toggle-elu`);
//! - `plot-main` — the plot canvas; `plot-main-overlay` — the crosshair canvas above it, which takes
//!   pointer, wheel and key input;
//! - `deriv-toggle`, `sat-toggle` — checkboxes; `reset-view` — back to x ∈ [−5, 5]; `x-range` — text;
//! - `legend` — one `legend-<fn>` row per shown function;
//! - `readout` — the crosshair read-out; one `readout-<fn>` row per shown function with text
//!   `x = …`, `f(x) = …`, `f′(x) = …` (6 significant digits, ASCII minus) and the exact values in
//!   `data-x`, `data-fx`, `data-dfx`;
//! - `fn-card-<fn>` — the card of a shown function: `torch-<fn>` (the PyTorch call),
//!   `fn-remove-<fn>`, per parameter `<fn>.<param>-number`, `<fn>.<param>-reset`,
//!   `<fn>.<param>-error` (only while a value is refused) and a slider `name="<fn>.<param>"`;
//!   `formula-<fn>`, `notes-<fn>`, `properties-<fn>` (the table), `detail-<fn>` (softplus, selu,
//!   gelu, sine), `gelu-compare` (checkbox), `gelu-max-diff`, `saturation-<fn>`.
//!
//! Redraws of `plot-main` are timed as `performance.measure("draw:activation")`.

mod card;
pub mod gradient_flow;
pub mod state;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::views::{Control, Page, ViewSpec};
use nnfunc::activation::Elementwise;
use nnfunc::catalogue::FnId;
use nnfunc::plot::{
    extent, format_significant, hex, nice_ticks, safe_value, sample, split_at, tick_step, AxisRange,
};
use nnfunc::properties::{saturation_zones, Properties};
use nnfunc::{FnSpec, Params};

use crate::chart::export::Csv;
use crate::chart::function_plot::{CrosshairPoint, Lines};
use crate::chart::{series_color, Band, Curve, FunctionPlot, Marker, PlotData, Stroke};
use crate::dom::target_checked;
use crate::theme::use_environment;
use crate::url::{self, HistoryEntry};
use card::FunctionCard;
use gradient_flow::{FlowFunction, GradientFlow};
use state::{
    default_x, elementwise, format_number, functions, is_own_key, ActivationState, Notice, GROUPS,
    MAX_SHOWN, MIN_X_WIDTH, X_LIMIT,
};

/// Samples per curve: more than one per CSS pixel of an 800–1000 px wide plot.
const SAMPLES: usize = 1201;
/// Periodic functions get at least this many samples per period (up to [`MAX_SAMPLES`]).
const SAMPLES_PER_PERIOD: f64 = 24.0;
const MAX_SAMPLES: usize = 8001;
/// Samples for finding saturation zones.
const ZONE_SAMPLES: usize = 2001;
/// Padding around the curves, as a fraction of the y range.
const Y_PADDING: f64 = 0.06;
/// The address bar is written this long after the last change (Chromium throttles frequent
/// `history.replaceState` calls, and a dragged slider changes the state every frame).
const URL_DELAY: Duration = Duration::from_millis(200);
/// The gradient-flow panel follows the shown functions this long after the last change, so that
/// its 10,000-sample statistics never delay a slider's redraw.
const FLOW_DELAY: Duration = Duration::from_millis(150);
/// Significant digits of the read-out.
const READOUT_DIGITS: usize = 6;

/// How many samples `f` needs over `x`: [`SAMPLES`], more for a fast sine.
fn samples_for(f: &Elementwise, x: AxisRange) -> usize {
    match *f {
        Elementwise::Sine { omega_0 } => {
            let periods = x.width() * omega_0.abs() / std::f64::consts::TAU;
            let wanted = periods * SAMPLES_PER_PERIOD;
            if wanted.is_finite() {
                (wanted.ceil() as usize).clamp(SAMPLES, MAX_SAMPLES)
            } else {
                MAX_SAMPLES
            }
        }
        _ => SAMPLES,
    }
}

/// The kinks of `f` where `g` (f or f′) jumps rather than bends.
fn jumps(f: &Elementwise, g: impl Fn(f64) -> f64) -> Vec<f64> {
    f.kinks()
        .into_iter()
        .filter(|&k| {
            let h = 1e-9 * k.abs().max(1.0);
            let (a, b) = (g(k - h), g(k + h));
            (a - b).abs() > 1e-6 * (1.0 + a.abs().max(b.abs()))
        })
        .collect()
}

/// One function's state and everything derived from it (all lazy: only shown functions compute).
#[derive(Clone, Copy)]
pub(crate) struct Slot {
    pub spec: &'static FnSpec,
    pub params: RwSignal<Params>,
    /// `None` only if PyTorch refuses the parameters (the controls never let that happen).
    pub function: Memo<Option<Elementwise>>,
    f_lines: Memo<Arc<Lines>>,
    df_lines: Memo<Arc<Lines>>,
    pub zones: Memo<Vec<(f64, f64)>>,
    pub properties: Memo<Option<Properties>>,
}

/// The largest difference between GELU's exact and tanh forms over the view.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GeluComparison {
    /// The form not selected, sampled over the view.
    pub lines: Arc<Lines>,
    pub max_difference: f64,
    pub at: f64,
}

/// The explorer's signals (all `Copy`).
#[derive(Clone, Copy)]
pub struct Explorer {
    slots: StoredValue<Vec<Slot>>,
    pub(crate) shown: RwSignal<Vec<FnId>>,
    pub(crate) show_derivative: RwSignal<bool>,
    pub(crate) shade_saturation: RwSignal<bool>,
    pub(crate) compare_gelu: RwSignal<bool>,
    pub(crate) x: RwSignal<AxisRange>,
    pub(crate) probe: RwSignal<Option<f64>>,
    pub(crate) gelu_comparison: Memo<Option<GeluComparison>>,
}

impl Explorer {
    fn new(initial: &ActivationState) -> Explorer {
        let x = RwSignal::new(initial.x);
        let slots: Vec<Slot> = functions()
            .map(|spec| {
                let start = initial
                    .functions
                    .iter()
                    .find(|p| p.spec.id == spec.id)
                    .cloned()
                    .unwrap_or_else(|| Params::defaults(spec));
                let params = RwSignal::new(start);
                let function = Memo::new(move |_| params.with(|p| elementwise(p).ok()));
                // Polylines break at kinks where the curve jumps, so a jump is a gap, not a wall.
                let f_lines = Memo::new(move |_| {
                    let (f, x) = (function.get(), x.get());
                    Arc::new(f.map_or_else(Vec::new, |f| {
                        let lines = sample(|v| f.value(v), x.min, x.max, samples_for(&f, x));
                        split_at(lines, &jumps(&f, |v| f.value(v)))
                    }))
                });
                let df_lines = Memo::new(move |_| {
                    let (f, x) = (function.get(), x.get());
                    Arc::new(f.map_or_else(Vec::new, |f| {
                        let lines = sample(|v| f.derivative(v), x.min, x.max, samples_for(&f, x));
                        split_at(lines, &jumps(&f, |v| f.derivative(v)))
                    }))
                });
                let zones = Memo::new(move |_| {
                    let (f, x) = (function.get(), x.get());
                    f.map_or_else(Vec::new, |f| {
                        saturation_zones(&f, x.min, x.max, ZONE_SAMPLES)
                    })
                });
                // The properties table scans ~10⁵ points: it follows the parameters one task later,
                // off the path from a slider's input to the redraw (coalesced while dragging).
                let settled = RwSignal::new(params.get_untracked());
                let pending = StoredValue::new(false);
                Effect::new(move |first: Option<()>| {
                    params.track();
                    if first.is_none() || pending.get_value() {
                        return;
                    }
                    pending.set_value(true);
                    set_timeout(
                        move || {
                            pending.try_set_value(false);
                            if let Some(now) = params.try_get_untracked() {
                                if settled.try_with_untracked(|s| *s != now) == Some(true) {
                                    settled.try_set(now);
                                }
                            }
                        },
                        Duration::ZERO,
                    );
                });
                let properties = Memo::new(move |_| {
                    settled.with(|p| elementwise(p).ok().map(|f| Properties::of(&f)))
                });
                Slot {
                    spec,
                    params,
                    function,
                    f_lines,
                    df_lines,
                    zones,
                    properties,
                }
            })
            .collect();
        let gelu = slots.iter().find(|s| s.spec.id == FnId::Gelu).copied();
        let gelu_comparison = Memo::new(move |_| {
            let slot = gelu?;
            let tanh = matches!(slot.function.get()?, Elementwise::Gelu { tanh: true });
            let (shown_form, other) = (
                Elementwise::Gelu { tanh },
                Elementwise::Gelu { tanh: !tanh },
            );
            let x = x.get();
            let lines = Arc::new(sample(|v| other.value(v), x.min, x.max, SAMPLES));
            let (mut max_difference, mut at) = (0.0, x.min);
            let step = x.width() / (SAMPLES - 1) as f64;
            for i in 0..SAMPLES {
                let v = x.min + step * i as f64;
                let d = (shown_form.value(v) - other.value(v)).abs();
                if d > max_difference {
                    (max_difference, at) = (d, v);
                }
            }
            Some(GeluComparison {
                lines,
                max_difference,
                at,
            })
        });
        Explorer {
            slots: StoredValue::new(slots),
            shown: RwSignal::new(initial.functions.iter().map(|p| p.spec.id).collect()),
            show_derivative: RwSignal::new(initial.show_derivative),
            shade_saturation: RwSignal::new(initial.shade_saturation),
            compare_gelu: RwSignal::new(initial.compare_gelu),
            x,
            probe: RwSignal::new(None),
            gelu_comparison,
        }
    }

    pub(crate) fn slot(&self, id: FnId) -> Option<Slot> {
        self.slots
            .with_value(|slots| slots.iter().find(|s| s.spec.id == id).copied())
    }

    /// The shown functions' slots, in order (tracks `shown`).
    pub(crate) fn shown_slots(&self) -> Vec<Slot> {
        self.shown
            .get()
            .into_iter()
            .filter_map(|id| self.slot(id))
            .collect()
    }

    /// The state as the URL records it (tracks everything it reads).
    pub fn snapshot(&self) -> ActivationState {
        ActivationState {
            functions: self
                .shown_slots()
                .into_iter()
                .map(|slot| slot.params.get())
                .collect(),
            show_derivative: self.show_derivative.get(),
            x: self.x.get(),
            shade_saturation: self.shade_saturation.get(),
            compare_gelu: self.compare_gelu.get(),
        }
    }

    fn toggle(&self, id: FnId, on: bool) {
        self.shown.update(|shown| {
            if on && !shown.contains(&id) && shown.len() < MAX_SHOWN {
                shown.push(id);
            } else if !on && shown.len() > 1 {
                shown.retain(|s| *s != id);
            }
        });
    }

    /// The colour of a shown function (tracks `shown` and the colour scheme).
    pub(crate) fn color(&self, id: FnId, dark: bool) -> String {
        let index = self
            .shown
            .with(|s| s.iter().position(|x| *x == id))
            .unwrap_or(0);
        hex(series_color(index, dark))
    }

    /// The plot's data for the CSV export: x over the view and, per shown function, f and f′ at
    /// the sample positions the curves are drawn from (the PyTorch call names the parameters).
    fn csv(&self) -> Result<String, String> {
        let removed = || "the plot was removed".to_owned();
        let x = self.x.try_get_untracked().ok_or_else(removed)?;
        let shown = self.shown.try_get_untracked().ok_or_else(removed)?;
        let functions: Vec<(String, Elementwise)> = shown
            .into_iter()
            .filter_map(|id| self.slot(id))
            .filter_map(|slot| {
                let params = slot.params.try_get_untracked()?;
                let f = elementwise(&params).ok()?;
                Some((state::torch_call(&params), f))
            })
            .collect();
        let n = functions
            .iter()
            .map(|(_, f)| samples_for(f, x))
            .max()
            .unwrap_or(SAMPLES);
        let mut header = vec!["x".to_owned()];
        for (call, _) in &functions {
            header.push(format!("{call} f"));
            header.push(format!("{call} df/dx"));
        }
        let mut csv = Csv::new(header);
        // The same positions as `nnfunc::plot::sample` (a single x is a column of its own).
        let xs = sample(|v| v, x.min, x.max, n);
        for &(v, _) in xs.iter().flatten() {
            let mut row = vec![Some(v)];
            for (_, f) in &functions {
                row.push(safe_value(f.value(v)));
                row.push(safe_value(f.derivative(v)));
            }
            csv.push(row);
        }
        Ok(csv.text())
    }

    /// Everything the plot draws.
    fn plot_data(&self, dark: bool) -> PlotData {
        let (deriv, sat, compare) = (
            self.show_derivative.get(),
            self.shade_saturation.get(),
            self.compare_gelu.get(),
        );
        let x = self.x.get();
        let mut derivatives = Vec::new();
        let mut values = Vec::new();
        let mut bands = Vec::new();
        let mut markers = Vec::new();
        for (index, slot) in self.shown_slots().into_iter().enumerate() {
            let color = series_color(index, dark);
            if sat {
                bands.extend(slot.zones.get().into_iter().map(|(from, to)| Band {
                    from,
                    to,
                    color,
                }));
            }
            if deriv {
                derivatives.push(Curve {
                    lines: slot.df_lines.get(),
                    color,
                    stroke: Stroke::Dashed,
                    width: 1.75,
                });
            }
            values.push(Curve {
                lines: slot.f_lines.get(),
                color,
                stroke: Stroke::Solid,
                width: 2.25,
            });
            match (slot.spec.id, slot.function.get()) {
                (FnId::Softplus, Some(f)) => {
                    if let Some(&kink) = f.kinks().first() {
                        markers.push(Marker {
                            x: kink,
                            color,
                            label: format!("β·x = threshold (x = {})", format_significant(kink, 4)),
                        });
                    }
                }
                (FnId::Gelu, Some(_)) if compare => {
                    if let Some(comparison) = self.gelu_comparison.get() {
                        values.push(Curve {
                            lines: comparison.lines,
                            color,
                            stroke: Stroke::Dotted,
                            width: 2.5,
                        });
                    }
                }
                _ => {}
            }
        }
        // Solid curves on top of dashed ones.
        let curves: Vec<Curve> = derivatives.into_iter().chain(values).collect();
        let ys = curves
            .iter()
            .flat_map(|c| c.lines.iter().flatten().map(|(_, y)| *y));
        // Padded, then snapped out to half a tick: while a slider is dragged the axes mostly stay
        // put (the plot reuses its grid) and move in round steps when they do.
        let y = match extent(ys) {
            Some((lo, hi)) => {
                let padded = AxisRange::new(lo, hi).padded(Y_PADDING);
                let half_tick = tick_step(&nice_ticks(padded, 8)).map_or(0.0, |s| s / 2.0);
                padded.snapped(half_tick)
            }
            None => AxisRange::DEFAULT,
        };
        PlotData {
            x,
            y,
            bands,
            curves,
            markers,
        }
    }
}

/// f(x) and f′(x) of every shown function at the crosshair.
#[derive(Debug, Clone, PartialEq)]
struct ReadoutRow {
    spec: &'static FnSpec,
    color: String,
    values: Option<(f64, f64, f64)>,
}

/// The activation explorer in the registry.
pub const SPEC: ViewSpec = ViewSpec {
    key: "activations",
    label: "Activations",
    mount: || view! { <ActivationsView /> }.into_any(),
    owns: |key| is_own_key(key) || gradient_flow::is_own_key(key),
    pages: &[
        Page::new("activations", "?view=activations&fn=elu", "plot-main").with_control(Control {
            selector: r#"input[name="elu.alpha"]"#,
            value: "0.5",
            key: "elu.alpha",
            want: "0.5",
        }),
    ],
};

/// The view as the app shows it: state from the address bar, written back as it changes.
#[component]
pub fn ActivationsView() -> impl IntoView {
    let (initial, notices) = state::parse_activation_state(&url::pairs());
    for notice in &notices {
        crate::dom::warn(&notice.message);
    }
    view! { <ActivationExplorer initial=initial notices=notices sync_url=true /> }
}

/// The explorer for a given state (mounted alone in browser tests, with `sync_url` off).
#[component]
pub fn ActivationExplorer(
    initial: ActivationState,
    #[prop(optional)] notices: Vec<Notice>,
    /// Project the state into the address bar.
    #[prop(optional)]
    sync_url: bool,
) -> impl IntoView {
    let explorer = Explorer::new(&initial);
    let environment = use_environment();

    if sync_url {
        let pending = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let pairs = state::to_query(&explorer.snapshot());
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let write = move || url::replace_owned(HistoryEntry::Replace, is_own_key, &pairs);
            pending.set_value(set_timeout_with_handle(write, URL_DELAY).ok());
        });
        on_cleanup(move || {
            if let Some(handle) = pending.try_get_value().flatten() {
                handle.clear();
            }
        });
    }

    let plot = Memo::new(move |_| explorer.plot_data(environment.dark.get()));
    let crosshair = Memo::new(move |_| {
        let Some(x) = explorer.probe.get() else {
            return Vec::new();
        };
        let (dark, deriv) = (environment.dark.get(), explorer.show_derivative.get());
        let mut points = Vec::new();
        for (index, slot) in explorer.shown_slots().into_iter().enumerate() {
            if let Some(f) = slot.function.get() {
                let color = series_color(index, dark);
                points.push(CrosshairPoint {
                    y: f.value(x),
                    color,
                });
                if deriv {
                    points.push(CrosshairPoint {
                        y: f.derivative(x),
                        color,
                    });
                }
            }
        }
        points
    });
    // The plot's text alternative: what is drawn, with every parameter (as PyTorch code), and the
    // crosshair's read-out once there is one; it follows both.
    let label = Signal::derive(move || {
        let slots = explorer.shown_slots();
        let calls: Vec<String> = slots
            .iter()
            .map(|s| s.params.with(state::torch_call))
            .collect();
        let x = explorer.x.get();
        let mut text = format!(
            "Plot of {}{} for x from {} to {}.",
            if calls.is_empty() {
                "no function".to_string()
            } else {
                calls.join(", ")
            },
            if explorer.show_derivative.get() {
                " and their derivatives (dashed)"
            } else {
                ""
            },
            format_significant(x.min, 4),
            format_significant(x.max, 4)
        );
        if let Some(at) = explorer.probe.get() {
            let number = |v: f64| format_significant(v, READOUT_DIGITS);
            text.push_str(&format!(" At x = {}:", number(at)));
            for slot in &slots {
                if let Some(f) = slot.function.get() {
                    text.push_str(&format!(
                        " {} f(x) = {}, f′(x) = {};",
                        slot.spec.display,
                        number(f.value(at)),
                        number(f.derivative(at))
                    ));
                }
            }
        }
        text
    });

    // "Why the choice matters": the shown functions pushed through N(μ, σ), debounced.
    let flow_functions = RwSignal::new(Vec::<FlowFunction>::new());
    if sync_url {
        let pending = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let dark = environment.dark.get();
            let functions: Vec<FlowFunction> = explorer
                .shown_slots()
                .into_iter()
                .enumerate()
                .filter_map(|(index, slot)| {
                    slot.function.get().map(|activation| FlowFunction {
                        label: slot.spec.name.to_string(),
                        activation,
                        color: series_color(index, dark),
                    })
                })
                .collect();
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let first = flow_functions.with_untracked(Vec::is_empty);
            if first {
                // After the main plot's first frame: the panel below the fold must not delay it.
                request_animation_frame(move || {
                    let _ = flow_functions.try_set(functions);
                });
            } else {
                let update = move || flow_functions.set(functions);
                pending.set_value(set_timeout_with_handle(update, FLOW_DELAY).ok());
            }
        });
    }
    let flow = sync_url.then(|| view! { <GradientFlow functions=flow_functions /> });

    let notices = (!notices.is_empty()).then(|| {
        view! {
            <div class="notice" role="status" data-testid="url-notice">
                {notices
                    .into_iter()
                    .map(|n| view! { <p data-key=n.key>{n.message}</p> })
                    .collect_view()}
            </div>
        }
    });

    view! {
        <section class="view view-activations" data-testid="view-activations" aria-label="Activation explorer">
            {notices}
            <div class="explorer-grid">
                <FunctionList explorer=explorer />
                <div class="card plot-card">
                    <PlotToolbar explorer=explorer />
                    <FunctionPlot
                        data=plot
                        x_range=explorer.x
                        probe=explorer.probe
                        crosshair=crosshair
                        min_width=MIN_X_WIDTH
                        limit=X_LIMIT
                        test_id="plot-main"
                        measure="draw:activation"
                        label=label
                        csv=Callback::new(move |()| explorer.csv())
                    />
                    <Legend explorer=explorer />
                    <Readout explorer=explorer />
                </div>
                <div class="fn-cards">
                    <For each=move || explorer.shown.get() key=|id| *id let:id>
                        {explorer.slot(id).map(|slot| view! { <FunctionCard explorer=explorer entry=slot /> })}
                    </For>
                </div>
            </div>
            {flow}
        </section>
    }
}

/// Every activation, grouped, each a checkbox.
#[component]
fn FunctionList(explorer: Explorer) -> impl IntoView {
    let groups = GROUPS
        .iter()
        .map(|group| {
            let items = functions()
                .filter(|s| s.group == *group)
                .map(|spec| {
                    let id = spec.id;
                    let checked = move || explorer.shown.with(|s| s.contains(&id));
                    let disabled = move || {
                        explorer.shown.with(|s| {
                            let on = s.contains(&id);
                            (on && s.len() == 1) || (!on && s.len() >= MAX_SHOWN)
                        })
                    };
                    let on_change = move |ev: web_sys::Event| {
                        if let Some(on) = target_checked(&ev) {
                            explorer.toggle(id, on);
                        }
                    };
                    view! {
                        <li>
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    name="fn"
                                    value=spec.name
                                    data-testid=format!("fn-toggle-{}", spec.name)
                                    prop:checked=checked
                                    disabled=disabled
                                    on:change=on_change
                                />
                                <span>{spec.display}</span>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="fn-group">
                    <legend>{group.label()}</legend>
                    <ul>{items}</ul>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <nav class="card fn-list" data-testid="fn-list" aria-label="Activation functions">
            <h2>"Functions"</h2>
            <p class="muted small">{format!("Tick up to {MAX_SHOWN} to compare them.")}</p>
            {groups}
        </nav>
    }
}

/// Derivative and saturation toggles, the x range and its reset.
#[component]
fn PlotToolbar(explorer: Explorer) -> impl IntoView {
    let checkbox =
        |signal: RwSignal<bool>, name: &'static str, test_id: &'static str, text: &'static str| {
            view! {
                <label class="checkbox">
                    <input
                        type="checkbox"
                        name=name
                        data-testid=test_id
                        prop:checked=move || signal.get()
                        on:change=move |ev| {
                            if let Some(checked) = target_checked(&ev) {
                                signal.set(checked);
                            }
                        }
                    />
                    {text}
                </label>
            }
        };
    let range_text = move || {
        let x = explorer.x.get();
        format!(
            "x from {} to {}",
            format_significant(x.min, 4),
            format_significant(x.max, 4)
        )
    };
    view! {
        <div class="plot-toolbar">
            {checkbox(explorer.show_derivative, "deriv", "deriv-toggle", "f′(x), dashed")}
            {checkbox(explorer.shade_saturation, "sat", "sat-toggle", "shade saturation (|f′| < 0.01)")}
            <span class="x-range muted" data-testid="x-range">{range_text}</span>
            <button
                type="button"
                data-testid="reset-view"
                disabled=move || explorer.x.get() == default_x()
                on:click=move |_| explorer.x.set(default_x())
            >
                "Reset view"
            </button>
        </div>
        <p class="plot-hint muted small">
            "Wheel or pinch to zoom, drag to pan; the crosshair follows the pointer."
        </p>
    }
}

#[component]
fn Legend(explorer: Explorer) -> impl IntoView {
    let environment = use_environment();
    let rows = move || {
        let dark = environment.dark.get();
        let deriv = explorer.show_derivative.get();
        explorer
            .shown_slots()
            .into_iter()
            .map(|slot| {
                let color = explorer.color(slot.spec.id, dark);
                let derivative = deriv.then(|| {
                    view! {
                        <span class="swatch swatch-dashed" style:border-top-color=color.clone() aria-hidden="true"></span>
                        <span>"f′"</span>
                    }
                });
                view! {
                    <li data-testid=format!("legend-{}", slot.spec.name)>
                        <span class="swatch" style:border-top-color=color.clone() aria-hidden="true"></span>
                        <span>{slot.spec.display}</span>
                        {derivative}
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul class="legend" data-testid="legend" aria-label="Legend">{rows}</ul> }
}

#[component]
fn Readout(explorer: Explorer) -> impl IntoView {
    let environment = use_environment();
    let rows = Memo::new(move |_| {
        let dark = environment.dark.get();
        let probe = explorer.probe.get();
        explorer
            .shown_slots()
            .into_iter()
            .map(|slot| ReadoutRow {
                spec: slot.spec,
                color: explorer.color(slot.spec.id, dark),
                values: probe
                    .zip(slot.function.get())
                    .map(|(x, f)| (x, f.value(x), f.derivative(x))),
            })
            .collect::<Vec<_>>()
    });
    let number = |v: f64| format_significant(v, READOUT_DIGITS);
    let body = move || {
        rows.get()
            .into_iter()
            .map(|row| {
                let (x, fx, dfx) = match row.values {
                    Some((x, fx, dfx)) => (number(x), number(fx), number(dfx)),
                    None => ("—".into(), "—".into(), "—".into()),
                };
                let exact = |i: usize| {
                    row.values.map(|(x, fx, dfx)| format_number([x, fx, dfx][i]))
                };
                view! {
                    <tr
                        data-testid=format!("readout-{}", row.spec.name)
                        data-x=exact(0)
                        data-fx=exact(1)
                        data-dfx=exact(2)
                    >
                        <th scope="row">
                            <span class="swatch" style:border-top-color=row.color aria-hidden="true"></span>
                            {row.spec.display}
                        </th>
                        <td>"x = " {x}</td>
                        <td>"f(x) = " {fx}</td>
                        <td>"f′(x) = " {dfx}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let hint = move || {
        explorer.probe.get().is_none().then(|| {
            view! {
                <caption class="muted small">
                    "Point at the plot (or focus it and press ← →) to read exact values."
                </caption>
            }
        })
    };
    view! {
        <div class="readout-wrap">
            <table class="readout" data-testid="readout">
                {hint}
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
