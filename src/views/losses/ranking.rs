//! The ranking family (in progress).

use leptos::prelude::*;
use nnfunc::loss_views::Family;

use super::state::LossStore;
use super::LossNotes;

#[component]
pub fn RankingFamily(store: LossStore) -> impl IntoView {
    let _ = store;
    view! {
        <div class="loss-family" data-testid="family-panel-ranking">
            <p class="hint">"The interactive plots of this family are not built yet; the formulas and notes:"</p>
            <div class="loss-notes-grid">
                {Family::from_key("ranking").map(|f| f.losses().iter().map(|id| view! { <LossNotes spec=id.spec() /> }).collect_view())}
            </div>
        </div>
    }
}
