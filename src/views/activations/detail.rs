//! What a function's parameters or constants do, for the functions where that teaches something
//! (softplus' switch to x, SELU's constants, GELU's two forms, the sine's frequency), and where a
//! function saturates in view.

use leptos::prelude::*;
use nnfunc::activation::{Elementwise, SELU_ALPHA, SELU_SCALE};
use nnfunc::catalogue::FnId;
use nnfunc::plot::format_significant;
use nnfunc::properties::SATURATION_SLOPE;

use super::explorer::Explorer;
use super::slot::Slot;
use super::state::format_number;
use crate::components::Checkbox;

/// Short numbers with a real minus sign, for text.
fn short(v: f64) -> String {
    format_significant(v, 4).replace('-', "−")
}

/// What a function's parameters or constants do, for the functions where that teaches something.
#[component]
pub(super) fn Detail(explorer: Explorer, entry: Slot) -> impl IntoView {
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
                    <Checkbox class="checkbox" name="cmp" test_id="gelu-compare"
                        checked=explorer.compare_gelu
                        on_toggle=move |on| explorer.compare_gelu.set(on)>
                        "Compare with " {other}
                    </Checkbox>
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
pub(super) fn SaturationSummary(explorer: Explorer, entry: Slot) -> impl IntoView {
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
