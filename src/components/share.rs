//! The shell's tools for every view: "Share" (a native `<dialog>` with the link to the current
//! state and an iframe snippet for course pages) and the export tools (`export.rs`: PNG, SVG, CSV).
//!
//! Test ids: `share-open`, `share-dialog`, `share-link` (read-only input), `copy-link`,
//! `share-snippet` (read-only textarea), `copy-embed`, `copy-status`, `share-close`; the export
//! buttons' ids are listed in `export.rs`.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::export::ExportTools;
use crate::embed::{self, iframe_snippet, SNIPPET_HEIGHT};
use crate::route::View;
use crate::url;

/// What the last copy did, shown next to the buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyStatus {
    Idle,
    Copied(Copied),
    /// No clipboard access: the text is selected for the reader to copy.
    Selected(Copied),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    Link,
    Embed,
}

impl CopyStatus {
    fn text(self) -> &'static str {
        match self {
            CopyStatus::Idle => "",
            CopyStatus::Copied(Copied::Link) => "Link copied.",
            CopyStatus::Copied(Copied::Embed) => "Embed code copied.",
            CopyStatus::Selected(_) => "Selected: press Ctrl+C (⌘C) to copy.",
        }
    }
}

/// The current state without the shell's embed keys: the link students open.
fn share_link() -> String {
    url::href_with(|q| {
        q.delete(embed::EMBED_KEY);
        q.delete(embed::CONTROLS_KEY);
    })
    .unwrap_or_default()
}

/// The same state in embed mode: the iframe's `src`.
fn embed_src() -> String {
    url::href_with(|q| {
        q.delete(embed::CONTROLS_KEY);
        q.set(embed::EMBED_KEY, "1");
    })
    .unwrap_or_default()
}

/// Share and PNG buttons, and the dialog. `view` names the shown view (title, file names).
#[component]
pub fn ShareTools(view: ReadSignal<View>) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = NodeRef::<leptos::html::Button>::new();
    let link_box = NodeRef::<leptos::html::Input>::new();
    let snippet_box = NodeRef::<leptos::html::Textarea>::new();
    let (link, set_link) = signal(String::new());
    let (snippet, set_snippet) = signal(String::new());
    let (status, set_status) = signal(CopyStatus::Idle);

    let open = move |_| {
        // Read the address bar now: the views rewrite it as their state changes.
        set_link.set(share_link());
        let title = format!(
            "Activation & Loss Explorer: {}",
            view.get_untracked().label()
        );
        set_snippet.set(iframe_snippet(&embed_src(), &title, SNIPPET_HEIGHT));
        set_status.set(CopyStatus::Idle);
        if let Some(dialog) = dialog.get_untracked() {
            if dialog.show_modal().is_err() {
                crate::dom::warn("share: could not open the dialog");
            }
        }
    };
    let close = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    // Escape and the close button both end here: focus returns to "Share".
    let on_close = move |_| {
        if let Some(button) = opener.get_untracked() {
            let _ = button.focus();
        }
    };
    let copy_link = move |_| {
        let select = move || {
            if let Some(input) = link_box.get_untracked() {
                input.select();
            }
        };
        copy_text(&link.get_untracked(), Copied::Link, set_status, select);
    };
    let copy_embed = move |_| {
        let select = move || {
            if let Some(area) = snippet_box.get_untracked() {
                area.select();
            }
        };
        copy_text(&snippet.get_untracked(), Copied::Embed, set_status, select);
    };

    view! {
        <div class="shell-tools">
            <button type="button" data-testid="share-open" aria-haspopup="dialog" node_ref=opener on:click=open>
                "Share"
            </button>
            <ExportTools view=view />
        </div>
        <dialog
            class="share-dialog"
            data-testid="share-dialog"
            aria-labelledby="share-title"
            node_ref=dialog
            on:close=on_close
        >
            <h2 id="share-title">"Share this view"</h2>
            <p class="share-status">"The link and the embed code reproduce what is on screen now."</p>
            <label for="share-link">"Link"</label>
            <input
                id="share-link"
                type="text"
                readonly
                data-testid="share-link"
                prop:value=move || link.get()
                node_ref=link_box
            />
            <div class="share-row">
                <button type="button" data-testid="copy-link" on:click=copy_link>"Copy link"</button>
            </div>
            <label for="share-snippet">"Embed in a course page (iframe)"</label>
            <textarea
                id="share-snippet"
                readonly
                rows="4"
                data-testid="share-snippet"
                prop:value=move || snippet.get()
                node_ref=snippet_box
            ></textarea>
            <div class="share-row">
                <button type="button" data-testid="copy-embed" on:click=copy_embed>"Copy embed code"</button>
                <p class="share-status" role="status" data-testid="copy-status">{move || status.get().text()}</p>
            </div>
            <div class="share-actions">
                <button type="button" data-testid="share-close" on:click=close>"Close"</button>
            </div>
        </dialog>
    }
}

/// `navigator.clipboard.writeText(text)`, reached through `Reflect` so that a missing clipboard
/// (an insecure context, an old browser) is a fallback, not an exception: then `select` the text
/// and ask the reader to copy it.
fn copy_text(
    text: &str,
    what: Copied,
    set_status: WriteSignal<CopyStatus>,
    select: impl Fn() + 'static,
) {
    let promise = web_sys::window()
        // `navigator` through Reflect too: web-sys's `Navigator` needs a feature we do not enable.
        .and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"clipboard".into()).ok())
        .filter(|c| c.is_object())
        .and_then(|clipboard| {
            let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?;
            let write = write.dyn_into::<js_sys::Function>().ok()?;
            write
                .call1(&clipboard, &text.into())
                .ok()?
                .dyn_into::<js_sys::Promise>()
                .ok()
        });
    let Some(promise) = promise else {
        select();
        set_status.set(CopyStatus::Selected(what));
        return;
    };
    let done = Closure::once(move |_: JsValue| set_status.set(CopyStatus::Copied(what)));
    let failed = Closure::once(move |_: JsValue| {
        select();
        set_status.set(CopyStatus::Selected(what));
    });
    let _ = promise.then2(&done, &failed);
    // Each runs at most once, when the promise settles.
    done.forget();
    failed.forget();
}
