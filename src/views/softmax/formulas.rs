//! The three functions' formulas from the catalogue, with their PyTorch calls and notes.

use leptos::prelude::*;

use super::model::KINDS;

/// A formula section per function, in the order of the figure.
#[component]
pub fn Formulas() -> impl IntoView {
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
    view! { <div class="card softmax-formulas">{formulas}</div> }
}
