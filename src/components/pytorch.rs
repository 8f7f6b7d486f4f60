//! The PyTorch panel: the view's current state as a runnable script (Copy, Download .py) and
//! "What it prints", the lines the script prints, computed in the page by the core crate. It
//! follows the state: each view writes its script from the address bar's pairs and the live values
//! it shares ([`share_live`], e.g. the crosshair), and the panel rewrites it whenever `url::sync`
//! has written the address bar. Beside the view on a wide screen, after it on a small one.
//!
//! `pytorch=1` opens it on load and is in the address while it is open (so a shared link opens
//! it too); in an embed its button is a control named `pytorch` (`controls=pytorch`).
//!
//! Test ids: `pytorch-open` (the button), `pytorch-panel`, `pytorch-code`, `pytorch-expected`,
//! `pytorch-copy`, `pytorch-download`, `pytorch-status`, `pytorch-close`.

use crate::effect::effect;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::route::View;
use crate::torch::{Script, ScriptInput};
use crate::url::{self, HistoryEntry};

/// The query key that opens the panel.
pub const PYTORCH_KEY: &str = "pytorch";

/// Context: the panel's state, for the button, the panel and the views' live values.
#[derive(Debug, Clone, Copy)]
pub struct Pytorch {
    open: RwSignal<bool>,
    /// Set by a press of the button: the panel takes the focus when it appears, and gives it
    /// back to the button when it closes.
    pressed: StoredValue<bool>,
    live: RwSignal<Vec<(String, String)>>,
    view: Signal<View>,
}

impl Pytorch {
    fn set_open(self, open: bool) {
        self.open.set(open);
        url::update(HistoryEntry::Replace, |query| {
            if open {
                query.set(PYTORCH_KEY, "1");
            } else {
                query.delete(PYTORCH_KEY);
            }
        });
    }
}

/// Provides the panel's context (open if the address says `pytorch=1`) and `url::Written`.
pub fn provide(view: ReadSignal<View>) {
    let open = url::get(PYTORCH_KEY)
        .as_deref()
        .and_then(url::parse_bool)
        .unwrap_or(false);
    provide_context(url::Written::default());
    provide_context(Pytorch {
        open: RwSignal::new(open),
        pressed: StoredValue::new(false),
        live: RwSignal::new(Vec::new()),
        view: view.into(),
    });
}

/// Shares values that are on screen but not in the address (`("x", "0.5")`: the crosshair) with
/// the panel while the calling view is mounted.
pub fn share_live(values: impl Fn() -> Vec<(String, String)> + 'static) {
    share_boxed(Box::new(values));
}

/// One effect for every view (not one per closure type: each costs the first load bytes).
#[inline(never)]
fn share_boxed(values: Box<dyn Fn() -> Vec<(String, String)>>) {
    let Some(pytorch) = use_context::<Pytorch>() else {
        return;
    };
    effect(move || {
        pytorch.live.try_set(values());
    });
    on_cleanup(move || {
        pytorch.live.try_set(Vec::new());
    });
}

/// The button that opens and closes the panel.
#[component]
pub fn PytorchButton() -> impl IntoView {
    let Some(pytorch) = use_context::<Pytorch>() else {
        return ().into_any();
    };
    view! {
        <button
            type="button"
            name=PYTORCH_KEY
            class="pytorch-open"
            data-testid="pytorch-open"
            aria-controls="pytorch-panel"
            aria-expanded=move || pytorch.open.get().to_string()
            on:click=move |_| {
                pytorch.pressed.set_value(true);
                pytorch.set_open(!pytorch.open.get_untracked());
            }
        >
            "PyTorch"
        </button>
    }
    .into_any()
}

crate::views::lazy_mount!(tools, Panel);

/// Where the panel goes (its code is fetched the first time it opens).
#[component]
pub fn PytorchSlot() -> impl IntoView {
    let pytorch = use_context::<Pytorch>();
    move || pytorch.filter(|p| p.open.get()).map(|_| mount())
}

/// What the last copy or download did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Idle,
    Copied,
    Selected,
    Saved,
}

impl Status {
    fn text(self) -> &'static str {
        match self {
            Status::Idle => "",
            Status::Copied => "Script copied.",
            Status::Selected => "Selected: press Ctrl+C (⌘C) to copy.",
            Status::Saved => "Script saved.",
        }
    }
}

#[component]
fn Panel() -> impl IntoView {
    let Some(pytorch) = use_context::<Pytorch>() else {
        return ().into_any();
    };
    let script = RwSignal::new(None::<Script>);
    follow_state(pytorch, script);
    let status = RwSignal::new(Status::Idle);
    let code_ref = NodeRef::<leptos::html::Pre>::new();
    // Opened by the button: the reader (on a phone, the panel is below the view) lands on it.
    let title = NodeRef::<leptos::html::H2>::new();
    title.on_load(move |title| {
        if pytorch.pressed.get_value() {
            let _ = title.focus();
            title.scroll_into_view();
        }
    });
    let close = move |_| {
        pytorch.set_open(false);
        focus_button();
    };
    let text =
        move |f: fn(&Script) -> String| script.with(|s| s.as_ref().map(f).unwrap_or_default());
    let copy = move |_| {
        let code = text(|s| s.code.clone());
        crate::dom::copy_to_clipboard(&code, move |copied| {
            if !copied {
                select(code_ref);
            }
            status.try_set(if copied {
                Status::Copied
            } else {
                Status::Selected
            });
        });
    };
    let download = move |_| {
        let (name, code) = script.with(|s| {
            s.as_ref()
                .map(|s| (s.file_name.clone(), s.code.clone()))
                .unwrap_or_default()
        });
        let href = crate::chart::export::data_url("text/x-python", &code);
        if crate::dom::download(&href, &name).is_some() {
            status.set(Status::Saved);
        }
    };
    view! {
        <aside id="pytorch-panel" class="pytorch-panel" data-testid="pytorch-panel" aria-labelledby="pytorch-title">
            <div class="pytorch-head">
                <h2 id="pytorch-title" tabindex="-1" node_ref=title>"PyTorch"</h2>
                <button type="button" data-testid="pytorch-close" on:click=close>"Close"</button>
            </div>
            <p class="pytorch-about">"This state as a script: run it with PyTorch and compare with what it prints."</p>
            <pre class="pytorch-code" data-testid="pytorch-code" tabindex="0" aria-label="Script" node_ref=code_ref>{move || text(|s| s.code.clone())}</pre>
            <div class="share-row">
                <button type="button" data-testid="pytorch-copy" on:click=copy>"Copy"</button>
                <button type="button" data-testid="pytorch-download" on:click=download>"Download .py"</button>
                <p class="share-status" role="status" data-testid="pytorch-status">{move || status.get().text()}</p>
            </div>
            <h3>"What it prints"</h3>
            {move || script.with(|s| s.as_ref().and_then(|s| s.caveat.clone())).map(|c| view! { <p class="pytorch-caveat">{c}</p> })}
            <pre class="pytorch-expected" data-testid="pytorch-expected" tabindex="0" aria-label="What it prints">{move || text(|s| s.expected.clone())}</pre>
        </aside>
    }
    .into_any()
}

/// Rewrites `script` from the address bar and the live values whenever either changes (the
/// newest request wins; a view's script code may still be on its way).
fn follow_state(pytorch: Pytorch, script: RwSignal<Option<Script>>) {
    let written = use_context::<url::Written>();
    let latest = StoredValue::new(0u32);
    effect(move || {
        if let Some(url::Written(trigger)) = &written {
            trigger.track();
        }
        let live = pytorch.live.get();
        let make = pytorch.view.get().spec().pytorch;
        let input = ScriptInput {
            query: url::pairs(),
            live,
        };
        let request = latest.get_value().wrapping_add(1);
        latest.set_value(request);
        leptos::task::spawn_local(async move {
            let written = make(input).await;
            if latest.try_get_value() == Some(request) {
                script.try_set(Some(written));
            }
        });
    });
}

/// Select the script's text, for the reader to copy where the page may not.
fn select(code: NodeRef<leptos::html::Pre>) {
    let Some(pre) = code.get_untracked() else {
        return;
    };
    let selection = web_sys::window()
        .and_then(|w| {
            js_sys::Reflect::get(&w, &"getSelection".into())
                .ok()
                .zip(Some(w))
        })
        .and_then(|(f, w)| f.dyn_into::<js_sys::Function>().ok()?.call0(&w).ok())
        .filter(|s| s.is_object());
    if let Some(selection) = selection {
        if let Ok(f) = js_sys::Reflect::get(&selection, &"selectAllChildren".into()) {
            if let Ok(f) = f.dyn_into::<js_sys::Function>() {
                let _ = f.call1(&selection, &pre);
            }
        }
    }
}

/// Focus the visible PyTorch button (the tools' or an embed's).
fn focus_button() {
    let button = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("[data-testid=\"pytorch-open\"]")
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        let _ = button.focus();
    }
}
