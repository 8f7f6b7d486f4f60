//! A data set as text: a box to type or paste rows in (or drop a CSV file on), a button that reads
//! it, one that puts the current data in the box, a CSV file picker and the lines the last reading
//! could not use. The landscape lab's points and the training lab's own data set use it; each
//! reads the rows its own way and says what happened in its own status line.

use leptos::prelude::*;

use crate::csv_text::load_file;
use crate::dom::target_value;

/// The text box, its buttons and file picker, and the messages of the last reading. Controls are
/// named, and carry test ids, `<prefix>-text`, `-use`, `-show`, `-file` and `-messages`.
#[component]
pub fn PointsBox(
    /// The prefix of the controls' names and test ids.
    prefix: &'static str,
    /// What a line holds: the box's label.
    #[prop(into)]
    label: Signal<&'static str>,
    /// The box's text; the owner may replace it when the data change elsewhere.
    text: RwSignal<String>,
    /// Reads `(source, text)` into the data, sets the owner's status and returns the lines it
    /// could not read; `source` is "the text box" or a file's name.
    read: Callback<(String, String), Vec<String>>,
    /// The current data as text, for "Show the lab's points".
    current: Callback<(), String>,
    /// The owner's status line, told when a file cannot be read.
    status: RwSignal<String>,
    /// The limits, said under the controls.
    hint: String,
) -> impl IntoView {
    let messages = RwSignal::new(Vec::<String>::new());
    let apply = move |source: &str, input: String| {
        messages.set(read.run((source.to_string(), input)));
    };
    let load = move |ev: web_sys::Event| {
        load_file(ev, move |name, result| match result {
            Ok(content) => {
                text.set(content.clone());
                apply(name, content);
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
            view! { <div class="notice" data-testid=format!("{prefix}-messages")>{items}</div> }
        })
    };
    view! {
        <label class="lab-data-field">
            <span>{label}</span>
            <textarea name=prefix rows="6" spellcheck="false" data-testid=format!("{prefix}-text")
                prop:value=move || text.get()
                on:input=move |ev| if let Some(v) = target_value(&ev) { text.set(v) }
                on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                on:drop=move |ev: web_sys::DragEvent| load(ev.into())></textarea>
        </label>
        <div class="lab-buttons">
            <button type="button" data-testid=format!("{prefix}-use")
                on:click=move |_| apply("the text box", text.get_untracked())>
                "Use these points"
            </button>
            <button type="button" data-testid=format!("{prefix}-show")
                on:click=move |_| text.set(current.run(()))>
                "Show the lab's points"
            </button>
        </div>
        <label class="lab-data-field">
            <span>"CSV file"</span>
            <input type="file" name=format!("{prefix}-file") data-testid=format!("{prefix}-file")
                accept=".csv,.tsv,.txt,text/csv,text/plain" on:change=load />
        </label>
        {shown}
        <p class="hint">{hint}</p>
    }
}
