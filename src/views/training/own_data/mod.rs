//! The student's own data set (the tasks `own_points`, `own_curve`): drawn on a pad (`pad`), typed,
//! pasted or loaded from a CSV file (`list`, read by `text`), cleared, saved as CSV, and shared in
//! the link while it fits (`state::own`); beyond that the page says so and offers the CSV file.

mod list;
mod pad;
pub mod text;

use leptos::prelude::*;

use super::state::{own::MAX_LINK_CHARS, TrainingState};
use list::PointsList;
use pad::DrawPad;
use text::own_csv;

/// The own data panel, shown while the task is an own one.
#[component]
pub fn OwnData(state: RwSignal<TrainingState>) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let fits = Memo::new(move |_| state.with(|s| s.link_data().is_some()));
    let count = Memo::new(move |_| state.with(|s| s.own.len()));
    let save = move |_| {
        let csv = state.with_untracked(|s| own_csv(s.task, &s.own));
        let name = state.with_untracked(|s| format!("{}.csv", s.task.name()));
        let href = crate::chart::export::data_url("text/csv", &csv);
        if crate::dom::download(&href, &name).is_some() {
            status.set(format!("Saved {name}."));
        }
    };
    let clear = move |_| {
        state.update(|s| s.own.clear());
        status.set("Cleared: tap the pad to add points.".into());
    };
    let link = move || {
        if fits.get() {
            format!("The share link holds your {} points.", count.get())
        } else {
            format!(
                "Your {} points are too many for the share link (it holds {} points of the plane or {} of a curve): \
                 it opens the starter points instead. Save the CSV file to share them.",
                count.get(),
                MAX_LINK_CHARS / 5,
                MAX_LINK_CHARS / 4
            )
        }
    };
    view! {
        <fieldset class="own-data" data-testid="own-data">
            <legend>"Your data set"</legend>
            <DrawPad state=state status=status.write_only() />
            <div class="lab-buttons">
                <button type="button" data-testid="own-clear" on:click=clear>"Clear"</button>
                <button type="button" data-testid="own-save" on:click=save>"Save as CSV"</button>
            </div>
            <p class="hint" role="status" data-testid="own-status">{move || status.get()}</p>
            <p class="hint" class:notice=move || !fits.get() data-testid="own-link">{link}</p>
            <PointsList state=state status=status />
        </fieldset>
    }
}
