//! The binary family (in progress).

use leptos::prelude::*;
use nnfunc::loss_views::Family;

use super::state::LossStore;
use super::LossNotes;

#[component]
pub fn BinaryFamily(store: LossStore) -> impl IntoView {
    let _ = store;
    view! {
        <div class="loss-family" data-testid="family-panel-binary">
            <p class="hint">"The interactive plots of this family are not built yet; the formulas and notes:"</p>
            <div class="loss-notes-grid">
                {Family::from_key("binary").map(|f| f.losses().iter().map(|id| view! { <LossNotes spec=id.spec() /> }).collect_view())}
            </div>
        </div>
    }
}
