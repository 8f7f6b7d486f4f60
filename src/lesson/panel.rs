//! The lesson above the view: its title, where the reader is ("Step 4 of 12"), a list to jump
//! to any step, Previous / Next / Reset step, the step's text, its "try this" and its question.

use std::sync::Arc;

use crate::effect::effect_with;
use leptos::prelude::*;
use lessons::{Lesson, Step};

use super::steps::{self, LESSON_KEY, STEP_KEY};
use crate::app::Navigate;
use crate::components::Notices;
use crate::present::{PresentButton, Presenting};
use crate::route::VIEW_KEY;
use crate::url::{self, HistoryEntry, Notice};

/// The lesson the address names: fetched, parsed, then walked.
#[component]
pub fn LessonPanel() -> impl IntoView {
    let name = url::get(LESSON_KEY).unwrap_or_default();
    let loaded = RwSignal::new(None::<Result<Arc<Lesson>, Notice>>);
    match steps::file_of(&name) {
        Ok(file) => leptos::task::spawn_local(async move {
            let lesson = super::load::lesson(&file)
                .await
                .map(Arc::new)
                .map_err(|message| Notice::new(LESSON_KEY, message));
            loaded.set(Some(lesson));
        }),
        Err(notice) => loaded.set(Some(Err(notice))),
    }
    move || match loaded.get() {
        None => view! { <p class="lesson lesson-loading" role="status">"Loading the lesson…"</p> }
            .into_any(),
        Some(Err(notice)) => {
            view! { <Notices notices=vec![notice] test_id="lesson-notice" /> }.into_any()
        }
        Some(Ok(lesson)) => view! { <Walk lesson=lesson /> }.into_any(),
    }
}

/// Moves between steps: each step's state into the address bar, the view mounted from it.
#[derive(Clone, Copy)]
struct Walker {
    lesson: StoredValue<Arc<Lesson>>,
    step: RwSignal<usize>,
    navigate: Option<Navigate>,
}

impl Walker {
    fn count(self) -> usize {
        self.lesson.with_value(|l| l.steps.len())
    }

    /// Open step `index` (from 0) from its state; `entry` says whether Back returns here.
    fn go(self, index: usize, entry: HistoryEntry) {
        if index >= self.count() {
            return;
        }
        let state = self
            .lesson
            .with_value(|l| l.steps[index].query.clone())
            .map(|query| url::pairs_of(&query));
        // A step without a usable state keeps the page's.
        let state = state.unwrap_or_else(|| {
            url::pairs()
                .into_iter()
                .filter(|(k, _)| !steps::is_shell_key(k))
                .collect()
        });
        let pairs = steps::step_pairs(&url::pairs(), index, &state);
        url::replace_owned(entry, |_| true, &pairs);
        self.step.set(index);
        if let Some(navigate) = self.navigate {
            navigate.follow_address();
        }
    }

    fn by(self, delta: isize) {
        let next = self.step.get_untracked().checked_add_signed(delta);
        if let Some(next) = next.filter(|&n| n < self.count()) {
            self.go(next, HistoryEntry::Push);
        }
    }
}

#[component]
fn Walk(lesson: Arc<Lesson>) -> impl IntoView {
    let count = lesson.steps.len();
    let given = url::get(STEP_KEY);
    let (initial, step_notice) = steps::step_of(given.as_deref(), count);
    let walker = Walker {
        lesson: StoredValue::new(lesson.clone()),
        step: RwSignal::new(initial),
        navigate: use_context::<Navigate>(),
    };
    // A link to a step with its own state (a student's changes) opens as it is; otherwise the
    // step's state is applied, once the shell has finished mounting.
    let keeps_state = given.is_some() && step_notice.is_none() && url::get(VIEW_KEY).is_some();
    if !keeps_state && count > 0 {
        request_animation_frame(move || walker.go(initial, HistoryEntry::Replace));
    }
    // Back and Forward: the shell remounts the view; the lesson follows the step.
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        walker
            .step
            .set(steps::step_of(url::get(STEP_KEY).as_deref(), walker.count()).0)
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if let Some(delta) = super::keys::direction(&ev) {
            ev.prevent_default();
            walker.by(delta);
        }
    });
    on_cleanup(move || {
        popstate.remove();
        keys.remove();
    });

    // While presenting, the figure fills the screen and the lecturer talks: the text starts
    // hidden (Text shows it); outside presenter mode it is shown.
    let presenting = use_context::<Presenting>();
    let text_shown = RwSignal::new(!presenting.is_some_and(|p| p.0.get_untracked()));
    if let Some(Presenting(on)) = presenting {
        effect_with(move |before: Option<bool>| {
            let now = on.get();
            if before.is_some_and(|b| b != now) {
                text_shown.set(!now);
            }
            now
        });
    }
    let mut notices: Vec<Notice> = step_notice.into_iter().collect();
    notices.extend(
        lesson
            .problems
            .iter()
            .map(|p| Notice::new(LESSON_KEY, p.message.clone())),
    );
    let title = lesson.title.clone();
    view! {
        <section class="lesson" aria-label="Lesson" data-testid="lesson">
            <StepBar title=title walker=walker text_shown=text_shown />
            <Notices notices=notices test_id="lesson-problems" />
            {move || {
                let index = walker.step.get();
                let step = walker.lesson.with_value(|l| l.steps.get(index).cloned());
                (text_shown.get()).then(|| step.map(|step| view! { <StepText step=step index=index /> }))
            }}
        </section>
    }
}

/// Title, progress, the step list and the buttons.
#[component]
fn StepBar(title: String, walker: Walker, text_shown: RwSignal<bool>) -> impl IntoView {
    let count = walker.count();
    let options = walker.lesson.with_value(|l| {
        l.steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let label = format!("{}. {}", i + 1, s.title);
                view! { <option value=i.to_string() selected=move || walker.step.get() == i>{label}</option> }
            })
            .collect_view()
    });
    let on_pick = move |ev: leptos::ev::Event| {
        let picked = crate::dom::target_value(&ev).and_then(|v| v.parse::<usize>().ok());
        if let Some(index) = picked.filter(|&i| i != walker.step.get_untracked()) {
            walker.go(index, HistoryEntry::Push);
        }
    };
    let at = move || walker.step.get();
    let presenting = {
        let on = use_context::<Presenting>();
        move || on.is_some_and(|p| p.0.get())
    };
    view! {
        <div class="lesson-bar">
            <h2 class="lesson-title">{title}</h2>
            <p class="lesson-progress" data-testid="lesson-progress" aria-live="polite">
                {move || format!("Step {} of {count}", at() + 1)}
            </p>
            <div class="lesson-controls" role="group" aria-label="Lesson steps">
                <button type="button" data-testid="lesson-prev" disabled=move || { at() == 0 }
                    on:click=move |_| walker.by(-1)>"← Previous"</button>
                <select data-testid="lesson-steps" aria-label="Go to step" on:change=on_pick>
                    {options}
                </select>
                <button type="button" data-testid="lesson-next" disabled=move || { at() + 1 >= count }
                    on:click=move |_| walker.by(1)>"Next →"</button>
                <button type="button" data-testid="lesson-reset"
                    title="Put back this step's state"
                    on:click=move |_| walker.go(at(), HistoryEntry::Replace)>"Reset step"</button>
                <button type="button" data-testid="lesson-text" aria-pressed=move || text_shown.get().to_string()
                    on:click=move |_| text_shown.update(|s| *s = !*s)>"Text"</button>
                {move || presenting().then(|| view! { <PresentButton /> })}
            </div>
        </div>
    }
}

/// A step's title, text and question (the answer behind a disclosure).
#[component]
fn StepText(step: Step, index: usize) -> impl IntoView {
    let question = step.question.map(|q| {
        view! {
            <div class="lesson-question" data-testid="lesson-question">
                <p class="question-label">"Question"</p>
                <Html html=q.question_html class="question" />
                <details data-testid="lesson-answer">
                    <summary>"Show the answer"</summary>
                    <Html html=q.answer_html class="answer" />
                </details>
            </div>
        }
    });
    view! {
        <article class="lesson-step" data-testid="lesson-step" data-step=(index + 1).to_string()>
            <h3>{step.title}</h3>
            <Html html=step.html class="lesson-text" />
            {question}
        </article>
    }
}

/// Markdown's HTML, kept to the allowlist (`super::html`), as the content of a `<div>`.
#[component]
fn Html(html: String, class: &'static str) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    node.on_load(move |div| {
        if let Some(fragment) = super::html::sanitized(&html) {
            div.replace_children_with_node_1(&fragment);
        }
    });
    view! { <div class=class node_ref=node></div> }
}
