//! Lessons: a guided walk through the app. A lesson is a Markdown file beside `index.html`
//! (`lessons/<name>.md`, parsed by the `lessons` crate), a sequence of steps, each a state of
//! the app (a share link's query) with a short text and maybe a question. `?lesson=<name>`
//! opens it, `&step=<n>` (from 1) names the step; moving between steps writes both and the
//! step's state into the address bar as a new history entry, so Back and Forward walk the steps
//! and a shared link opens the step (with the student's changes, if they made any).
//!
//! The shell holds only [`LessonSlot`]; the panel and the parser are a chunk of their own in the
//! release build, fetched when an address names a lesson.

pub mod html;
mod keys;
mod load;
mod panel;
mod steps;

use leptos::prelude::*;

pub use steps::{LESSON_KEY, STEP_KEY};

/// Whether `key` belongs to the page rather than to a view (a lesson, presenter mode, embed
/// mode, the theme): switching views keeps it.
pub fn is_page_key(key: &str) -> bool {
    steps::is_shell_key(key)
}

/// The lesson panel when the address names a lesson (read once: leaving the lesson reloads).
#[component]
pub fn LessonSlot() -> impl IntoView {
    crate::url::get(LESSON_KEY).map(|_| mount())
}

crate::views::lazy_mount!(lesson, LessonPanel);

use panel::LessonPanel;
