//! A view's introduction as a native `<details>`: closed at first on a small screen, where the
//! figure comes first, open on a wide one. The reader opens or closes it with its summary (a
//! button to the keyboard and to screen readers); its text is in the page either way.

use leptos::prelude::*;

/// The stylesheet's breakpoint between a small screen and a wide one (`48rem` in
/// `style/main.css`): below it the shell's tools are a menu and introductions start closed.
const WIDE: &str = "(min-width: 48rem)";

/// Whether the window is wide (as the stylesheet's breakpoint); `false` when it cannot tell.
pub fn is_wide() -> bool {
    crate::dom::matches_media(WIDE)
}

/// An introduction: `summary` says what it holds (e.g. "About this view"), `children` are its
/// paragraphs.
#[component]
pub fn Intro(
    summary: &'static str,
    /// A class for the view's own styling of it.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <details class=format!("intro {class}") open=is_wide()>
            <summary>{summary}</summary>
            {children()}
        </details>
    }
}
