//! The placeholder panel of a view that is not built yet.

use leptos::prelude::*;

use crate::route::View;

/// What each unfinished view will show, in a sentence.
fn plan(view: View) -> &'static str {
    match view {
        View::Activations => "Activation functions and their derivatives.",
        View::Losses => "Loss functions over a prediction and a target, with their gradients: regression, classification, ranking.",
        View::Triplet => "Triplet margin loss and ratio loss: drag an anchor, a positive and a negative and watch the loss surface.",
        View::Softmax => "Softmax, softmin and log-softmax on a whole vector, with temperature and their Jacobian.",
        View::Training => "Small networks trained live, one per activation, side by side.",
    }
}

#[component]
pub fn ComingSoon(view: View) -> impl IntoView {
    view! {
        <section class="coming-soon" data-testid=format!("view-{}", view.key())>
            <h2>{view.label()}</h2>
            <p>{plan(view)}</p>
            <p class="muted">"Coming soon."</p>
        </section>
    }
}
