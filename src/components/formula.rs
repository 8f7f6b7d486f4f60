//! A function's formula (MathML from the catalogue), its PyTorch call and the lecture's notes.

use leptos::prelude::*;
use nnfunc::FnSpec;

/// The formula, rendered natively by the browser's MathML, with the notes below it.
#[component]
pub fn Formula(#[prop(into)] spec: Signal<&'static FnSpec>) -> impl IntoView {
    view! {
        <section class="formula-card" aria-labelledby="formula-heading">
            <h2 id="formula-heading">{move || spec.get().display}</h2>
            // The catalogue's formula is a trusted, static MathML fragment (the content of <math>).
            <math display="block" data-testid="formula" inner_html=move || spec.get().formula></math>
            <p class="torch">
                "PyTorch: " <code>{move || spec.get().torch}</code>
            </p>
            <ul class="notes" data-testid="notes">
                {move || spec.get().notes.iter().map(|note| view! { <li>{*note}</li> }).collect_view()}
            </ul>
        </section>
    }
}
