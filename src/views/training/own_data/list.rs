//! The own data set as a list: the shared text box (typed or pasted, or a CSV file picked or
//! dropped on it: the keyboard's way to the data). What reads replaces the data set; each line that
//! does not is named, and the data set stays as it was when nothing reads.

use crate::effect::effect;
use leptos::prelude::*;

use nnfunc::train::own::{MAX_OWN_POINTS, MIN_OWN_POINTS};

use super::super::state::TrainingState;
use super::text::{own_text, parse_own};
use crate::components::PointsBox;

/// The text box, following the data set, and what the last reading said.
#[component]
pub fn PointsList(state: RwSignal<TrainingState>, status: RwSignal<String>) -> impl IntoView {
    let current = move || state.with_untracked(|s| own_text(s.task, &s.own));
    let text = RwSignal::new(current());
    // The box follows the data set when the pad (or Clear) changes it; what the box itself gave
    // stays as typed, so that the lines its messages name are still there.
    let from_box = StoredValue::new(false);
    effect(move || {
        let shown = state.with(|s| own_text(s.task, &s.own));
        if !from_box.get_value() {
            text.set(shown);
        }
        from_box.set_value(false);
    });
    let read = Callback::new(move |(source, input): (String, String)| {
        let task = state.with_untracked(|s| s.task);
        let parsed = parse_own(task, &input);
        let n = parsed.rows.len();
        status.set(if n < MIN_OWN_POINTS {
            format!(
                "Fewer than {MIN_OWN_POINTS} points in {source}; your data set stays as it was."
            )
        } else {
            from_box.set_value(true);
            state.update(|s| s.own = parsed.rows);
            format!("{n} points from {source}; the run starts again on them.")
        });
        parsed.messages
    });
    let label = Signal::derive(move || {
        if state.with(|s| s.task.classes() > 0) {
            "One “x1, x2, class” per line (class 0, 1 or 2), or drop a CSV file here"
        } else {
            "One “x, y” per line, or drop a CSV file here"
        }
    });
    let hint = format!(
        "{MIN_OWN_POINTS} to {MAX_OWN_POINTS} points, every coordinate (and a curve's y) from −1 to 1, \
         kept to 3 decimals as in the address; files up to 1 MB. A first line without numbers \
         is a header; lines starting with # are skipped."
    );
    view! {
        <PointsBox prefix="own" label=label text=text read=read current=Callback::new(move |()| current())
            status=status hint=hint />
    }
}
