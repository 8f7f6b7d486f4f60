//! The own data set as a list: typed or pasted in a text box, or a CSV file picked or dropped on it
//! (the keyboard's way to the data). What reads replaces the data set; each line that does not is
//! named, and the data set stays as it was when nothing reads.

use leptos::prelude::*;

use nnfunc::train::own::{MAX_OWN_POINTS, MIN_OWN_POINTS};

use super::super::state::TrainingState;
use super::text::{own_text, parse_own};
use crate::csv_text::load_file;
use crate::dom::target_value;

/// The text box, its buttons, the file picker and what the last reading said.
#[component]
pub fn PointsList(state: RwSignal<TrainingState>, status: RwSignal<String>) -> impl IntoView {
    let current = move || state.with_untracked(|s| own_text(s.task, &s.own));
    let text = RwSignal::new(current());
    let messages = RwSignal::new(Vec::<String>::new());
    // The box follows the data set when the pad (or Clear) changes it; what the box itself gave
    // stays as typed, so that the lines its messages name are still there.
    let from_box = StoredValue::new(false);
    Effect::new(move |_| {
        let shown = state.with(|s| own_text(s.task, &s.own));
        if !from_box.get_value() {
            text.set(shown);
        }
        from_box.set_value(false);
    });
    let apply = move |source: &str, input: &str| {
        let task = state.with_untracked(|s| s.task);
        let parsed = parse_own(task, input);
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
        messages.set(parsed.messages);
    };
    let load = move |ev: web_sys::Event| {
        load_file(ev, move |name, result| match result {
            Ok(content) => {
                text.set(content.clone());
                apply(name, &content);
            }
            Err(why) => {
                status.set(format!("{name}: {why}."));
                messages.set(Vec::new());
            }
        });
    };
    let shown = move || {
        let items = messages.get();
        (!items.is_empty()).then(|| {
            let items = items
                .into_iter()
                .map(|m| view! { <p>{m}</p> })
                .collect_view();
            view! { <div class="notice" data-testid="own-messages">{items}</div> }
        })
    };
    let columns = move || {
        if state.with(|s| s.task.classes() > 0) {
            "One “x1, x2, class” per line (class 0, 1 or 2), or drop a CSV file here"
        } else {
            "One “x, y” per line, or drop a CSV file here"
        }
    };
    view! {
        <label class="lab-data-field">
            <span>{columns}</span>
            <textarea name="own-points" rows="6" spellcheck="false" data-testid="own-text"
                prop:value=move || text.get()
                on:input=move |ev| if let Some(v) = target_value(&ev) { text.set(v) }
                on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                on:drop=move |ev: web_sys::DragEvent| load(ev.into())></textarea>
        </label>
        <div class="lab-buttons">
            <button type="button" data-testid="own-use"
                on:click=move |_| apply("the text box", &text.get_untracked())>
                "Use these points"
            </button>
            <button type="button" data-testid="own-show" on:click=move |_| text.set(current())>
                "Show the lab's points"
            </button>
        </div>
        <label class="lab-data-field">
            <span>"CSV file"</span>
            <input type="file" name="own-file" data-testid="own-file"
                accept=".csv,.tsv,.txt,text/csv,text/plain" on:change=load />
        </label>
        {shown}
        <p class="hint">{format!(
            "{MIN_OWN_POINTS} to {MAX_OWN_POINTS} points, every coordinate (and a curve's y) from −1 to 1, \
             kept to 3 decimals as in the address; files up to 1 MB. A first line without numbers \
             is a header; lines starting with # are skipped."
        )}</p>
    }
}
