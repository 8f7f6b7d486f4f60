//! The shell's tools for every view: "Share" (a native `<dialog>` with the link to the current
//! state and an iframe snippet for course pages) and the export tools (`export.rs`: PNG, SVG, CSV).
//!
//! Test ids: `share-open`, `share-dialog`, `share-link` (read-only input), `copy-link`,
//! `share-snippet` (read-only textarea), `copy-embed`, `copy-status`, `share-close`; the export
//! buttons' ids are listed in `export.rs`.

use crate::effect::effect;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::export::ExportTools;
use crate::embed::{self, iframe_snippet, SNIPPET_HEIGHT};
use crate::route::View;
use crate::theme::{ThemeChoice, THEME_KEY};
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

/// Which controls an embedded view shows (`controls=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ControlsChoice {
    All,
    None,
    Chosen,
}

impl ControlsChoice {
    const ALL: [ControlsChoice; 3] = [
        ControlsChoice::All,
        ControlsChoice::None,
        ControlsChoice::Chosen,
    ];

    fn key(self) -> &'static str {
        match self {
            ControlsChoice::All => "all",
            ControlsChoice::None => "none",
            ControlsChoice::Chosen => "chosen",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ControlsChoice::All => "All of them",
            ControlsChoice::None => "None (the figure only)",
            ControlsChoice::Chosen => "Only the ones ticked below",
        }
    }
}

/// The same state in embed mode, with the dialog's theme and controls: the iframe's `src`.
fn embed_src(theme: ThemeChoice, controls: Option<&str>) -> String {
    url::href_with(|q| {
        q.delete(embed::CONTROLS_KEY);
        q.delete(THEME_KEY);
        q.set(embed::EMBED_KEY, "1");
        if theme != ThemeChoice::System {
            q.set(THEME_KEY, theme.key());
        }
        if let Some(controls) = controls {
            q.set(embed::CONTROLS_KEY, controls);
        }
    })
    .unwrap_or_default()
}

/// The `name`s of the view's form controls, in page order, each once, and the PyTorch panel's:
/// what `controls=` lists.
fn control_names() -> Vec<String> {
    let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("#main").ok().flatten())
    else {
        return Vec::new();
    };
    let list = js_sys::Reflect::get(&main, &"querySelectorAll".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| {
            f.call1(&main, &"input[name], select[name], textarea[name]".into())
                .ok()
        })
        .map(|list| js_sys::Array::from(&list))
        .unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    for element in list.iter() {
        let name = element
            .dyn_into::<web_sys::Element>()
            .ok()
            .and_then(|e| e.get_attribute("name"))
            .unwrap_or_default();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    // The PyTorch panel's button (in an embed's bar, not in the view).
    names.push(super::pytorch::PYTORCH_KEY.to_string());
    names
}

/// What the Share button asks of the dialog (whose code is fetched the first time it opens).
#[derive(Debug, Clone, Copy)]
struct ShareRequest {
    view: ReadSignal<View>,
    /// Bumped by each press of Share: the dialog reads the address bar then and opens.
    opened: RwSignal<u32>,
    opener: NodeRef<leptos::html::Button>,
}

/// The Share, PyTorch and export buttons, and the Share dialog once asked for. `view` names the
/// shown view (title, file names).
#[component]
pub fn ShareTools(view: ReadSignal<View>) -> impl IntoView {
    let opener = NodeRef::<leptos::html::Button>::new();
    let opened = RwSignal::new(0_u32);
    provide_context(ShareRequest {
        view,
        opened,
        opener,
    });
    let open = move |_| opened.update(|n| *n = n.wrapping_add(1));
    view! {
        // A named region (a landmark): axe wants all content in one.
        <section class="shell-tools" aria-label="Share and export">
            <button type="button" data-testid="share-open" aria-haspopup="dialog" node_ref=opener on:click=open>
                "Share"
            </button>
            <super::pytorch::PytorchButton />
            <ExportTools view=view />
        </section>
        {move || (opened.get() > 0).then(mount)}
    }
}

crate::views::lazy_mount!(tools, ShareDialog);

/// The dialog: the link to the current state, and the embed code with its options.
#[component]
fn ShareDialog() -> impl IntoView {
    let Some(ShareRequest {
        view,
        opened,
        opener,
    }) = use_context::<ShareRequest>()
    else {
        return ().into_any();
    };
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let link_box = NodeRef::<leptos::html::Input>::new();
    let snippet_box = NodeRef::<leptos::html::Textarea>::new();
    let (link, set_link) = signal(String::new());
    let (status, set_status) = signal(CopyStatus::Idle);
    // The embed's options: its theme and which controls it shows.
    let embed_theme = RwSignal::new(ThemeChoice::System);
    let controls_choice = RwSignal::new(ControlsChoice::All);
    let available = RwSignal::new(Vec::<String>::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let controls_value = move || match controls_choice.get() {
        ControlsChoice::All => None,
        ControlsChoice::None => Some("none".to_string()),
        ControlsChoice::Chosen => {
            let list = chosen.get();
            // Nothing ticked shows nothing, as `controls=none` does.
            Some(if list.is_empty() {
                "none".to_string()
            } else {
                list.join(",")
            })
        }
    };
    let snippet = Memo::new(move |_| {
        opened.track();
        let title = format!(
            "Activation & Loss Explorer: {}",
            view.get_untracked().label()
        );
        let src = embed_src(embed_theme.get(), controls_value().as_deref());
        iframe_snippet(&src, &title, SNIPPET_HEIGHT)
    });

    // Each press of Share (the first one mounted the dialog).
    effect(move || {
        opened.track();
        // Read the address bar now: the views rewrite it as their state changes.
        set_link.set(share_link());
        let names = control_names();
        chosen.update(|c| c.retain(|n| names.contains(n)));
        available.set(names);
        set_status.set(CopyStatus::Idle);
        if let Some(dialog) = dialog.get_untracked() {
            if dialog.show_modal().is_err() {
                crate::dom::warn("share: could not open the dialog");
            }
        }
    });
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
            <fieldset class="share-embed-options">
                <legend>"Embed options"</legend>
                <label for="share-theme">"Theme"</label>
                <select id="share-theme" data-testid="share-theme"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(choice) = ThemeChoice::parse(&value) {
                            embed_theme.set(choice);
                        }
                    }>
                    {ThemeChoice::ALL.into_iter().map(|c| view! {
                        <option value=c.key() selected=move || embed_theme.get() == c>
                            {if c == ThemeChoice::System { "The reader's system setting" } else { c.label() }}
                        </option>
                    }).collect_view()}
                </select>
                <label for="share-controls">"Controls shown"</label>
                <select id="share-controls" data-testid="share-controls"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(choice) = ControlsChoice::ALL.into_iter().find(|c| c.key() == value) {
                            controls_choice.set(choice);
                        }
                    }>
                    {ControlsChoice::ALL.into_iter().map(|c| view! {
                        <option value=c.key() selected=move || controls_choice.get() == c>{c.label()}</option>
                    }).collect_view()}
                </select>
                <div class="share-control-list" data-testid="share-control-list"
                    hidden=move || controls_choice.get() != ControlsChoice::Chosen>
                    <For each=move || available.get() key=|name| name.clone() let:name>
                        {
                            let id = format!("share-control-{name}");
                            let for_id = id.clone();
                            let checked_name = name.clone();
                            let toggled_name = name.clone();
                            view! {
                                <label class="share-control" for=for_id>
                                    <input type="checkbox" id=id data-control=name.clone()
                                        prop:checked=move || chosen.with(|c| c.contains(&checked_name))
                                        on:change=move |ev| {
                                            let on = crate::dom::target_checked(&ev).unwrap_or(false);
                                            let name = toggled_name.clone();
                                            chosen.update(|c| {
                                                c.retain(|n| *n != name);
                                                if on {
                                                    c.push(name);
                                                }
                                            });
                                        } />
                                    <code>{name}</code>
                                </label>
                            }
                        }
                    </For>
                </div>
            </fieldset>
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
    .into_any()
}

/// Copy `text` to the clipboard; where there is no clipboard, `select` the text and ask the reader
/// to copy it.
fn copy_text(
    text: &str,
    what: Copied,
    set_status: WriteSignal<CopyStatus>,
    select: impl Fn() + 'static,
) {
    crate::dom::copy_to_clipboard(text, move |copied| {
        if !copied {
            select();
        }
        set_status.try_set(if copied {
            CopyStatus::Copied(what)
        } else {
            CopyStatus::Selected(what)
        });
    });
}
