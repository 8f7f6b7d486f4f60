//! The Activations view: pick an elementwise activation, move its parameters, see f(x) and f'(x).

use leptos::prelude::*;
use nnfunc::activation::{Activation, Elementwise};
use nnfunc::catalogue::{self, FnId, Group, Kind, ParamKind};
use nnfunc::plot::{extent, sample, AxisRange};
use nnfunc::{FnSpec, Params, Value, CATALOGUE};

use crate::chart::line_chart::LineChartCanvas;
use crate::chart::{LineChart, Series, SeriesStyle};
use crate::components::param_control::{control_name, format_real};
use crate::components::{Formula, ParamControl};
use crate::dom::{target_checked, target_value};
use crate::theme::{use_environment, ChartTheme};
use crate::url::{self, HistoryEntry};

/// The inputs plotted.
const X_RANGE: (f64, f64) = (-5.0, 5.0);
/// Samples per curve: smooth even for sine with ω₀ = 60 (about 20 samples per period).
const SAMPLES: usize = 2001;
/// Padding around the curves, as a fraction of the y range.
const Y_PADDING: f64 = 0.08;
/// What the view shows without a `fn=` in the address bar.
const DEFAULT_FUNCTION: FnId = FnId::Sigmoid;
/// The query key of the function.
const FUNCTION_KEY: &str = "fn";

/// Menu groups, in order. The softmax family acts on whole vectors and has its own view.
const GROUPS: [Group; 2] = [Group::LectureActivation, Group::MoreActivation];

/// Whether the view can plot `spec`: an activation that acts elementwise.
pub fn is_elementwise(spec: &'static FnSpec) -> bool {
    spec.kind == Kind::Activation
        && GROUPS.contains(&spec.group)
        && matches!(
            Activation::with_defaults(spec),
            Ok(Activation::Elementwise(_))
        )
}

/// The functions of the menu, in catalogue order.
pub fn functions() -> impl Iterator<Item = &'static FnSpec> {
    CATALOGUE.iter().filter(|spec| is_elementwise(spec))
}

/// The parameters asked for by the address bar, and what could not be used (shown as notices).
fn params_from_url() -> (Params, Vec<String>) {
    let mut notices = Vec::new();
    let default = DEFAULT_FUNCTION.spec();
    let spec = match url::get(FUNCTION_KEY) {
        None => default,
        Some(name) => match catalogue::find(&name) {
            Some(spec) if is_elementwise(spec) => spec,
            Some(spec) => {
                notices.push(format!(
                    "{} is not an elementwise activation; showing {}.",
                    spec.display, default.display
                ));
                default
            }
            None => {
                notices.push(format!(
                    "There is no function called “{name}”; showing {}.",
                    default.display
                ));
                default
            }
        },
    };
    let mut params = Params::defaults(spec);
    for param in spec.params {
        let key = control_name(spec.name, param);
        let Some(text) = url::get(&key) else { continue };
        let result = match param.kind {
            ParamKind::Choice { .. } => params
                .set_choice(param.name, &text)
                .map_err(|e| e.to_string()),
            kind => match parse_value(kind, &text) {
                Some(value) => params.set(param.name, value).map_err(|e| e.to_string()),
                None => Err(format!("“{text}” is not a valid value for {}", param.label)),
            },
        };
        if let Err(message) = result {
            notices.push(format!("Ignored {key} from the address bar: {message}."));
        }
    }
    for notice in &notices {
        crate::dom::warn(notice);
    }
    (params, notices)
}

/// A parameter value from its text in the address bar.
fn parse_value(kind: ParamKind, text: &str) -> Option<Value> {
    match kind {
        ParamKind::Real { .. } | ParamKind::Tensor { .. } => text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Value::Real),
        ParamKind::Int { .. } if text == "none" => Some(Value::Int(None)),
        ParamKind::Int { .. } => text.parse::<i64>().ok().map(|v| Value::Int(Some(v))),
        ParamKind::Bool { .. } => text.parse::<bool>().ok().map(Value::Bool),
        ParamKind::Choice { .. } => None,
    }
}

/// A parameter value as the address bar shows it (`None`: cannot be written, e.g. a vector weight).
fn url_value(value: &Value) -> Option<String> {
    match value {
        Value::Real(v) => Some(format_real(*v)),
        Value::Int(Some(v)) => Some(v.to_string()),
        Value::Int(None) | Value::Tensor(None) => Some("none".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Choice(c) => Some((*c).to_string()),
        Value::Tensor(Some(t)) if t.numel() == 1 => t.data.first().map(|v| format_real(*v)),
        Value::Tensor(Some(_)) => None,
    }
}

/// Project the state into the address bar: `fn=` and the parameters that differ from their defaults.
fn write_url(params: &Params) {
    let defaults = Params::defaults(params.spec);
    url::update(HistoryEntry::Replace, |query| {
        query.set(FUNCTION_KEY, params.spec.name);
        for spec in functions() {
            for param in spec.params {
                let key = control_name(spec.name, param);
                let value = params
                    .get(param.name)
                    .filter(|_| spec.id == params.spec.id)
                    .filter(|value| defaults.get(param.name) != Some(*value))
                    .and_then(url_value);
                match value {
                    Some(value) => query.set(&key, &value),
                    None => query.delete(&key),
                }
            }
        }
    });
}

/// f and, if asked, f' over [`X_RANGE`], with a y range that keeps y = 0 in view.
fn build_chart(function: &Elementwise, show_derivative: bool, theme: &ChartTheme) -> LineChart {
    let (x_min, x_max) = X_RANGE;
    let mut series = vec![Series {
        lines: sample(|x| function.value(x), x_min, x_max, SAMPLES),
        color: theme.primary,
        style: SeriesStyle::Solid,
    }];
    if show_derivative {
        series.push(Series {
            lines: sample(|x| function.derivative(x), x_min, x_max, SAMPLES),
            color: theme.secondary,
            style: SeriesStyle::Dashed,
        });
    }
    let ys = series
        .iter()
        .flat_map(|s| s.lines.iter().flatten().map(|(_, y)| *y));
    let y = match extent(ys) {
        Some((lo, hi)) => AxisRange::new(lo, hi).including(0.0).padded(Y_PADDING),
        None => AxisRange::DEFAULT,
    };
    LineChart {
        x: AxisRange::new(x_min, x_max),
        y,
        series,
    }
}

#[component]
pub fn ActivationsView() -> impl IntoView {
    let (initial, notices) = params_from_url();
    let params = RwSignal::new(initial);
    let spec = Memo::new(move |_| params.with(|p| p.spec));
    let show_derivative = RwSignal::new(true);
    let environment = use_environment();

    // The address bar follows the state.
    Effect::new(move |_| params.with(write_url));

    let function = Memo::new(move |_| match params.with(Activation::from_params) {
        Ok(Activation::Elementwise(e)) => Ok(e),
        Ok(Activation::Softmax { .. }) => {
            Err("This function acts on whole vectors: see the Softmax view.".to_string())
        }
        Err(e) => Err(format!("Cannot plot these parameters: {e}")),
    });
    let chart = Memo::new(move |_| {
        let theme = ChartTheme::new(environment.dark.get());
        function
            .get()
            .map(|f| build_chart(&f, show_derivative.get(), &theme))
    });
    let label = Signal::derive(move || {
        let what = if show_derivative.get() {
            " and its derivative"
        } else {
            ""
        };
        format!(
            "Plot of {}{what} for x from {} to {}",
            spec.get().display,
            X_RANGE.0,
            X_RANGE.1
        )
    });

    let on_function = move |ev: web_sys::Event| {
        let chosen = target_value(&ev)
            .and_then(|name| catalogue::find(&name))
            .filter(|s| is_elementwise(s));
        if let Some(chosen) = chosen {
            params.set(Params::defaults(chosen));
        }
    };

    let menu = GROUPS
        .iter()
        .map(|group| {
            let options = functions()
                .filter(|s| s.group == *group)
                .map(|s| {
                    let selected = move || spec.get().id == s.id;
                    view! { <option value=s.name selected=selected>{s.display}</option> }
                })
                .collect_view();
            view! { <optgroup label=group.label()>{options}</optgroup> }
        })
        .collect_view();

    let controls = move || {
        let spec = spec.get();
        if spec.params.is_empty() {
            view! { <p class="muted">"No parameters."</p> }.into_any()
        } else {
            spec.params
                .iter()
                .map(|param| view! { <ParamControl param=param params=params /> })
                .collect_view()
                .into_any()
        }
    };

    let notices = (!notices.is_empty()).then(|| {
        view! {
            <div class="notice" role="status" data-testid="url-notice">
                {notices.into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
            </div>
        }
    });

    view! {
        <section class="view view-activations" data-testid="view-activations" aria-label="Activations">
            {notices}
            <div class="view-grid">
            <div class="card controls">
                <div class="field">
                    <label for="fn-select">"Function"</label>
                    <select id="fn-select" name="fn" data-testid="fn-select" on:change=on_function>
                        {menu}
                    </select>
                </div>
                <fieldset class="params" data-testid="params">
                    <legend>"Parameters"</legend>
                    {controls}
                </fieldset>
            </div>
            <div class="card plot-card">
                <LineChartCanvas chart=chart test_id="plot-main" label=label />
                <ul class="legend">
                    <li>
                        <span class="swatch swatch-primary" aria-hidden="true"></span>
                        "f(x)"
                    </li>
                    <li>
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                name="show_derivative"
                                prop:checked=move || show_derivative.get()
                                on:change=move |ev| {
                                    if let Some(checked) = target_checked(&ev) {
                                        show_derivative.set(checked);
                                    }
                                }
                            />
                            <span class="swatch swatch-secondary" aria-hidden="true"></span>
                            "f′(x), as PyTorch's autograd computes it"
                        </label>
                    </li>
                </ul>
            </div>
            <div class="card formula-area">
                <Formula spec=spec />
            </div>
            </div>
        </section>
    }
}
