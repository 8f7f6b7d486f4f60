//! The card of one shown function: its PyTorch call with the current parameters, the parameter
//! controls, what its parameters do (softplus, SELU, GELU, sine), the formula, the lecture's notes
//! and a properties table computed from the math.

use leptos::prelude::*;
use nnfunc::activation::{Elementwise, SELU_ALPHA, SELU_SCALE};
use nnfunc::catalogue::FnId;
use nnfunc::plot::format_significant;
use nnfunc::properties::{Properties, SATURATION_SLOPE};
use nnfunc::Params;

use super::state::{elementwise, format_number, torch_call};
use super::{Explorer, Slot};
use crate::components::ParamControl;
use crate::dom::target_checked;
use crate::theme::use_environment;

/// The whole-call check for parameter controls: what `Activation::from_params` refuses.
fn pytorch_accepts(params: &Params) -> Result<(), String> {
    elementwise(params).map(|_| ())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Short numbers with a real minus sign, for text.
fn short(v: f64) -> String {
    format_significant(v, 4).replace('-', "−")
}

#[component]
pub(super) fn FunctionCard(explorer: Explorer, entry: Slot) -> impl IntoView {
    let environment = use_environment();
    let spec = entry.spec;
    let name = spec.name;
    let color = move || explorer.color(spec.id, environment.dark.get());
    let call = move || entry.params.with(torch_call);
    let controls = if spec.params.is_empty() {
        view! { <p class="muted">"No parameters."</p> }.into_any()
    } else {
        spec.params
            .iter()
            .map(|param| {
                view! { <ParamControl param=param params=entry.params check=pytorch_accepts /> }
            })
            .collect_view()
            .into_any()
    };
    let only_one = move || explorer.shown.with(|s| s.len() <= 1);

    view! {
        <article class="card fn-card" data-testid=format!("fn-card-{name}") aria-labelledby=format!("fn-title-{name}")>
            <header class="fn-card-head">
                <span class="swatch swatch-thick" style:border-top-color=color aria-hidden="true"></span>
                <h2 id=format!("fn-title-{name}")>{spec.display}</h2>
                <button
                    type="button"
                    class="link-button"
                    data-testid=format!("fn-remove-{name}")
                    aria-label=format!("Remove {} from the plot", spec.display)
                    disabled=only_one
                    on:click=move |_| explorer.toggle(spec.id, false)
                >
                    "remove"
                </button>
            </header>
            <p class="torch">
                <code data-testid=format!("torch-{name}")>{call}</code>
            </p>
            <fieldset class="params">
                <legend>"Parameters"</legend>
                {controls}
            </fieldset>
            <Detail explorer=explorer entry=entry />
            <SaturationSummary explorer=explorer entry=entry />
            // The catalogue's formula is a trusted, static MathML fragment (never URL text).
            <math display="block" class="formula" data-testid=format!("formula-{name}") inner_html=spec.formula></math>
            <PropertiesTable entry=entry />
            <ul class="notes" data-testid=format!("notes-{name}")>
                {spec.notes.iter().map(|note| view! { <li>{*note}</li> }).collect_view()}
            </ul>
        </article>
    }
}

/// What a function's parameters or constants do, for the functions where that teaches something.
#[component]
fn Detail(explorer: Explorer, entry: Slot) -> impl IntoView {
    let name = entry.spec.name;
    let test_id = format!("detail-{name}");
    match entry.spec.id {
        FnId::Softplus => {
            let text = move || match entry.function.get() {
                Some(Elementwise::Softplus { beta, threshold }) => {
                    let switch = entry.function.get().and_then(|f| f.kinks().first().copied());
                    match switch {
                        Some(x) => format!(
                            "For β·x > threshold PyTorch returns exactly x: here for x {} {} (threshold/β = {}/{}). The dotted line marks the switch when it is in view; at large β the switch comes early and the kink can show.",
                            if beta > 0.0 { ">" } else { "<" },
                            short(x),
                            short(threshold),
                            short(beta)
                        ),
                        None => "With β = 0 the formula divides by zero.".into(),
                    }
                }
                _ => String::new(),
            };
            view! { <p class="detail" data-testid=test_id>{text}</p> }.into_any()
        }
        FnId::Selu => view! {
            <div class="detail" data-testid=test_id>
                <p>"Fixed constants (not parameters), chosen so that activations keep mean 0 and variance 1 through many layers:"</p>
                <table class="constants">
                    <tbody>
                        <tr><th scope="row">"α"</th><td><code>{format_number(SELU_ALPHA)}</code></td></tr>
                        <tr><th scope="row">"scale"</th><td><code>{format_number(SELU_SCALE)}</code></td></tr>
                        <tr><th scope="row">"scale · α"</th><td><code>{format_number(SELU_ALPHA * SELU_SCALE)}</code>" (the limit for x → −∞)"</td></tr>
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
        FnId::Gelu => {
            let other = move || match entry.function.get() {
                Some(Elementwise::Gelu { tanh: true }) => "the exact form (erf)",
                _ => "the tanh approximation",
            };
            let difference = move || {
                (explorer.compare_gelu.get() && explorer.shown.with(|s| s.contains(&FnId::Gelu)))
                    .then(|| explorer.gelu_comparison.get())
                    .flatten()
                    .map(|c| {
                        view! {
                            <p data-testid="gelu-max-diff">
                                "Largest |exact − tanh| in view: "
                                <strong>{format_significant(c.max_difference, 3)}</strong>
                                " at x = " {short(c.at)}
                                ". The other form is drawn dotted; the two differ by less than 0.0005 everywhere."
                            </p>
                        }
                    })
            };
            view! {
                <div class="detail" data-testid=test_id>
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            name="cmp"
                            data-testid="gelu-compare"
                            prop:checked=move || explorer.compare_gelu.get()
                            on:change=move |ev| {
                                if let Some(checked) = target_checked(&ev) {
                                    explorer.compare_gelu.set(checked);
                                }
                            }
                        />
                        "Compare with " {other}
                    </label>
                    {difference}
                </div>
            }
            .into_any()
        }
        FnId::Sine => {
            let text = move || match entry.function.get() {
                Some(Elementwise::Sine { omega_0 }) => {
                    let x = explorer.x.get();
                    let period = std::f64::consts::TAU / omega_0.abs();
                    let periods = if period.is_finite() { x.width() / period } else { 0.0 };
                    format!(
                        "ω₀ = {} sets the frequency: period 2π/ω₀ = {} ({} periods in view). The derivative ω₀·cos(ω₀x) is up to {} in size, which is why SIREN divides its weight initialisation by ω₀ (and why ω₀ = 30 in the first layer lets a network fit fine detail).",
                        short(omega_0),
                        short(period),
                        short(periods),
                        short(omega_0.abs())
                    )
                }
                _ => String::new(),
            };
            view! { <p class="detail" data-testid=test_id>{text}</p> }.into_any()
        }
        _ => ().into_any(),
    }
}

/// Where the function saturates in view (only while shading is on).
#[component]
fn SaturationSummary(explorer: Explorer, entry: Slot) -> impl IntoView {
    move || {
        explorer.shade_saturation.get().then(|| {
            let zones = entry.zones.get();
            let text = if zones.is_empty() {
                format!("|f′| ≥ {SATURATION_SLOPE} everywhere in view: no saturation here.")
            } else {
                let parts: Vec<String> = zones
                    .iter()
                    .map(|(a, b)| format!("[{}, {}]", short(*a), short(*b)))
                    .collect();
                format!(
                    "Saturated (|f′| < {SATURATION_SLOPE}, shaded) for x in {}.",
                    parts.join(" ∪ ")
                )
            };
            view! { <p class="detail saturation" data-testid=format!("saturation-{}", entry.spec.name)>{text}</p> }
        })
    }
}

#[component]
fn PropertiesTable(entry: Slot) -> impl IntoView {
    let row = |label: &'static str, value: Box<dyn Fn() -> String + Send + Sync>| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td>{value}</td>
            </tr>
        }
    };
    let get = move |f: fn(&Properties) -> String| {
        Box::new(move || entry.properties.get().map_or("—".into(), |p| f(&p)))
            as Box<dyn Fn() -> String + Send + Sync>
    };
    view! {
        <table class="props" data-testid=format!("properties-{}", entry.spec.name)>
            <caption>"Properties (computed from the math, for these parameters)"</caption>
            <tbody>
                {row("Output range", get(|p| p.range_text()))}
                {row("Monotonic", get(|p| yes_no(p.monotonic).into()))}
                {row("Smooth (C¹)", get(|p| yes_no(p.smooth).into()))}
                {row("Zero-centred (odd)", get(|p| yes_no(p.zero_centred).into()))}
                {row(
                    "Saturates",
                    get(|p| {
                        match (p.saturates_left, p.saturates_right) {
                            (true, true) => "both sides",
                            (true, false) => "for x → −∞",
                            (false, true) => "for x → +∞",
                            (false, false) => "no",
                        }
                        .into()
                    }),
                )}
                {row("f′(0) in PyTorch", get(|p| format_significant(p.derivative_at_zero, 6)))}
            </tbody>
        </table>
    }
}
