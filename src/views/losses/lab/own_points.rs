//! The student's own points: a text box (typed or pasted, or a file dropped on it) and a file
//! picker for a CSV file. What reads as points replaces the lab's points; each line that does not
//! is named, and the lab keeps its points when nothing reads.

use leptos::prelude::*;
use nnfunc::loss_views::{MAX_POINTS, POINT_LIMIT};

use super::data::{parse_points, points_text};
use super::model::{round3, Lab};
use crate::csv_text::load_file;
use crate::dom::target_value;

/// What the last reading said: a summary and the lines it could not read.
#[derive(Clone, Default)]
struct Report {
    status: String,
    messages: Vec<String>,
}

#[component]
pub fn OwnPoints(lab: Lab) -> impl IntoView {
    let text = RwSignal::new(lab.points.with_untracked(|p| points_text(p)));
    let report = RwSignal::new(Report::default());
    let apply = move |source: &str, input: &str| {
        let parsed = parse_points(input);
        let n = parsed.rows.len();
        let status = if n == 0 {
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
        };
        report.set(Report {
            status,
            messages: parsed.messages,
        });
    };
    let load = move |ev: web_sys::Event| {
        load_file(ev, move |name, result| match result {
            Ok(content) => {
                text.set(content.clone());
                apply(name, &content);
            }
            Err(why) => report.set(Report {
                status: format!("{name}: {why}."),
                messages: Vec::new(),
            }),
        });
    };
    let messages = move || {
        let messages = report.get().messages;
        (!messages.is_empty()).then(|| {
            let items = messages
                .into_iter()
                .map(|m| view! { <p>{m}</p> })
                .collect_view();
            view! { <div class="notice" data-testid="points-messages">{items}</div> }
        })
    };
    view! {
        <fieldset class="loss-controls lab-data">
            <legend>"Your points"</legend>
            <label class="lab-data-field">
                <span>"One “x, y” per line (or drop a CSV file here)"</span>
                <textarea name="points" rows="6" spellcheck="false" data-testid="points-text"
                    prop:value=move || text.get()
                    on:input=move |ev| if let Some(v) = target_value(&ev) { text.set(v) }
                    on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                    on:drop=move |ev: web_sys::DragEvent| load(ev.into())></textarea>
            </label>
            <div class="lab-buttons">
                <button type="button" data-testid="points-use"
                    on:click=move |_| apply("the text box", &text.get_untracked())>
                    "Use these points"
                </button>
                <button type="button" data-testid="points-current"
                    on:click=move |_| text.set(lab.points.with_untracked(|p| points_text(p)))>
                    "Show the lab's points"
                </button>
            </div>
            <label class="lab-data-field">
                <span>"CSV file"</span>
                <input type="file" name="points-file" data-testid="points-file"
                    accept=".csv,.tsv,.txt,text/csv,text/plain"
                    on:change=load />
            </label>
            <p class="hint" role="status" data-testid="points-status">{move || report.get().status}</p>
            {messages}
            <p class="hint">{format!(
                "At most {MAX_POINTS} points, each coordinate within ±{POINT_LIMIT}, kept to 3 decimals \
                 as in the address. A first line without numbers is a header; lines starting with # are skipped."
            )}</p>
        </fieldset>
    }
}
