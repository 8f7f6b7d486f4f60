//! The student's own points: the shared text box (typed or pasted, or a file dropped on it) and
//! file picker. What reads as points replaces the lab's points; each line that does not is named,
//! and the lab keeps its points when nothing reads.

use leptos::prelude::*;
use nnfunc::loss_views::{MAX_POINTS, POINT_LIMIT};

use super::data::{parse_points, points_text};
use super::model::{round3, Lab};
use crate::components::PointsBox;

#[component]
pub fn OwnPoints(lab: Lab) -> impl IntoView {
    let text = RwSignal::new(lab.points.with_untracked(|p| points_text(p)));
    let status = RwSignal::new(String::new());
    let read = Callback::new(move |(source, input): (String, String)| {
        let parsed = parse_points(&input);
        let n = parsed.rows.len();
        status.set(if n == 0 {
            format!("No points in {source}; the lab keeps its points.")
        } else {
            lab.set_points(
                parsed
                    .rows
                    .iter()
                    .map(|&(x, y)| (round3(x), round3(y)))
                    .collect(),
            );
            format!("{n} point{} from {source}.", if n == 1 { "" } else { "s" })
        });
        parsed.messages
    });
    let current = Callback::new(move |()| lab.points.with_untracked(|p| points_text(p)));
    let hint = format!(
        "At most {MAX_POINTS} points, each coordinate within ±{POINT_LIMIT}, kept to 3 decimals \
         as in the address. A first line without numbers is a header; lines starting with # are skipped."
    );
    view! {
        <fieldset class="loss-controls lab-data">
            <legend>"Your points"</legend>
            <PointsBox prefix="points" label="One “x, y” per line (or drop a CSV file here)"
                text=text read=read current=current status=status hint=hint />
            <p class="hint" role="status" data-testid="points-status">{move || status.get()}</p>
        </fieldset>
    }
}
