//! The page skeleton: header (title and the tools menu: theme, Share, export), navigation between
//! views (kept in `?view=`), the current view, footer. Compact on a phone, so that the view's
//! figure is on the first screen: the tools fold into one menu and the navigation is one
//! scrollable line (`style/main.css`, "page skeleton").
//! In embed mode (`?embed=1`, see [`crate::embed`]) only the view and an "open full view" link.

use crate::effect::effect;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::pytorch::{self, PytorchButton, PytorchSlot};
use crate::components::ShareTools;
use crate::embed::{self, Controls, EmbedOptions};
use crate::lesson::LessonSlot;
use crate::present::{self, PresentButton};
use crate::route::{View, VIEW_KEY};
use crate::theme::{self, provide_environment, ThemeNotice, ThemeToggle};
use crate::url::{self, HistoryEntry};

const PYTORCH_ACTIVATIONS: &str =
    "https://pytorch.org/docs/stable/nn.html#non-linear-activations-weighted-sum-nonlinearity";
const PYTORCH_LOSSES: &str = "https://pytorch.org/docs/stable/nn.html#loss-functions";
/// The course lecture on activation and loss functions; no link until we know its address.
const LECTURE_URL: Option<&str> = None;

/// Context: how the shell changes what it shows. Setters only, so that consumers do not re-render
/// when the view changes.
#[derive(Debug, Clone, Copy)]
pub struct Navigate {
    view: WriteSignal<View>,
    notice: WriteSignal<Option<String>>,
}

impl Navigate {
    /// Show what the address bar holds: its view, mounted afresh from the state there (Back and
    /// Forward), with a notice if it names no view.
    pub fn follow_address(self) {
        let (view, notice) = View::from_url();
        self.notice.set(notice);
        // Setting a signal notifies even with the same value: the view remounts and reads the
        // address bar again.
        self.view.set(view);
    }

    /// Switch to `target` from its defaults, as its link's href does (a new history entry).
    /// Views share keys (e.g. `fn`): one view's list must not become another's.
    /// A lesson and presenter mode stay (they belong to the page, not to a view).
    pub fn to_view(self, target: View) {
        url::replace_owned(
            HistoryEntry::Push,
            |key| !crate::lesson::is_page_key(key),
            &[(VIEW_KEY.to_string(), target.key().to_string())],
        );
        self.notice.set(None);
        self.view.set(target);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_environment();
    let (initial_view, initial_notice) = View::from_url();
    let (view, set_view) = signal(initial_view);
    let (notice, set_notice) = signal(initial_notice);
    let navigate = Navigate {
        view: set_view,
        notice: set_notice,
    };
    provide_context(navigate);
    pytorch::provide(view);
    let presenting = present::provide();
    let in_lesson = crate::url::get(crate::lesson::LESSON_KEY).is_some();

    // Back and forward restore the state the address bar holds.
    let popstate = window_event_listener(leptos::ev::popstate, move |_| navigate.follow_address());
    on_cleanup(move || popstate.remove());

    let options = embed::parse_embed_options(&url::pairs());
    // Above the view; the views show their own notices for their own keys.
    let view_notice = move || {
        notice.get().map(|notice| {
            view! {
                <div class="notice" role="status" data-testid="view-notice">
                    <p>{notice}</p>
                </div>
            }
        })
    };
    if options.embed {
        return view! { {view_notice} <EmbeddedApp view=view options=options /> }.into_any();
    }

    view! {
        <div class="app" data-testid="app">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                // A short title on a phone: "Explorer" is hidden there (and not read).
                <h1>"Activation & Loss"<span class="title-tail">" Explorer"</span></h1>
                <p class="tagline">
                    "The activation and loss functions of the deep-learning course, interactive, with gradients exactly as PyTorch computes them."
                </p>
                <ToolsMenu view=view />
            </header>
            <Nav current=view />
            <main id="main" class="content" tabindex="-1">
                {view_notice}
                <LessonSlot />
                {move || view.get().mount()}
            </main>
            // While presenting, the one piece of chrome left (the tools' button is hidden); a
            // lesson has it in its bar.
            {move || (presenting.0.get() && !in_lesson).then(|| view! { <PresentButton corner=true /> })}
            <PytorchSlot />
            <Footer />
        </div>
    }
    .into_any()
}

/// The view alone, filling the iframe it is in, with a link to the full app in a new tab. The
/// controls the URL does not list are hidden once mounted and whenever the view adds some.
#[component]
fn EmbeddedApp(view: ReadSignal<View>, options: EmbedOptions) -> impl IntoView {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.class_list().add_1("embed");
    }
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let limited = options.controls != Controls::All;
    let pytorch_button = options
        .controls
        .allows(pytorch::PYTORCH_KEY)
        .then(|| view! { <PytorchButton /> });
    let controls = options.controls;
    main_ref.on_load(move |main| embed::watch_controls(&main, controls));

    // The href follows the state at the moment it is used (sliders rewrite the address bar).
    let full_href = || url::href_with(drop_embed_keys).unwrap_or_else(|| "./".into());
    let refresh = move |ev: &web_sys::Event| {
        if let Some(link) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = link.set_attribute("href", &full_href());
        }
    };
    view! {
        <div class="app embed" class:embed-limited=limited data-testid="app">
            <ThemeNotice />
            <main id="main" class="content" node_ref=main_ref>
                <h1 class="visually-hidden">{move || format!("{} — Activation & Loss Explorer", view.get().label())}</h1>
                <LessonSlot />
                {move || view.get().mount()}
            </main>
            <PytorchSlot />
            // A landmark, so that everything in the frame is in one (axe's `region` rule).
            <footer class="open-full-bar">
                {pytorch_button}
                <a
                    class="open-full"
                    data-testid="open-full"
                    href=full_href()
                    target="_blank"
                    rel="noopener"
                    on:pointerenter=move |ev| refresh(&ev)
                    on:focus=move |ev| refresh(&ev)
                    on:click=move |ev| refresh(&ev)
                >
                    "open full view ↗"
                </a>
            </footer>
        </div>
    }
}

/// The shell's own keys (`embed`, `controls`, `theme`) removed: the full view of the same state.
fn drop_embed_keys(query: &web_sys::UrlSearchParams) {
    query.delete(embed::EMBED_KEY);
    query.delete(embed::CONTROLS_KEY);
    query.delete(theme::THEME_KEY);
}

/// From this width (as `style/main.css`) the tools are shown right of the title, not in a menu.
const TOOLS_INLINE: &str = "(min-width: 70rem)";

/// The theme, Share and export tools in one native disclosure: a "Tools" menu below a laptop's
/// width (closed at first; Escape or a press outside it closes it), right of the title from there
/// (open, its summary hidden while open).
#[component]
fn ToolsMenu(view: ReadSignal<View>) -> impl IntoView {
    let menu = NodeRef::<leptos::html::Details>::new();
    let inline = || crate::dom::matches_media(TOOLS_INLINE);
    let close = move || {
        let menu = menu.get_untracked()?;
        (!inline() && menu.has_attribute("open")).then(|| {
            let _ = menu.remove_attribute("open");
            menu
        })
    };
    // A press anywhere outside the menu (the Share dialog is inside it) closes it.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(menu.get_untracked())
            .is_some_and(|(target, menu)| menu.contains(Some(&target)));
        if !inside {
            close();
        }
    });
    on_cleanup(move || outside.remove());
    // Escape closes it too (not while the Share dialog handles Escape), and focuses its summary.
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let in_dialog = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("dialog").ok().flatten())
            .is_some();
        if ev.key() != "Escape" || in_dialog {
            return;
        }
        if let Some(menu) = close() {
            focus_first(&menu, "summary");
        }
    };
    view! {
        <details class="tools-menu" open=inline() node_ref=menu on:keydown=on_key>
            <summary data-testid="tools-menu">"Tools"</summary>
            <div class="tools-panel">
                <ThemeToggle />
                <PresentButton />
                <ShareTools view=view />
            </div>
        </details>
    }
}

/// Tabs as links: `?view=…` hrefs work in a new tab; a plain click switches without reloading.
#[component]
fn Nav(current: ReadSignal<View>) -> impl IntoView {
    let navigate = use_context::<Navigate>();
    let links = View::all()
        .map(|target| {
            let on_click = move |ev: web_sys::MouseEvent| {
                // Let the browser handle new-tab and new-window clicks.
                if ev.ctrl_key()
                    || ev.meta_key()
                    || ev.shift_key()
                    || ev.alt_key()
                    || ev.button() != 0
                {
                    return;
                }
                ev.prevent_default();
                if current.get_untracked() != target {
                    if let Some(navigate) = navigate {
                        navigate.to_view(target);
                    }
                }
                focus_main();
            };
            view! {
                <li>
                    <a
                        href=format!("?{}={}", VIEW_KEY, target.key())
                        data-testid=format!("nav-{}", target.key())
                        aria-current=move || (current.get() == target).then_some("page")
                        on:click=on_click
                    >
                        {target.label()}
                    </a>
                </li>
            }
        })
        .collect_view();
    // On a phone the links are one line that scrolls sideways: keep the current one in sight.
    let list = NodeRef::<leptos::html::Ul>::new();
    effect(move || {
        let key = current.get().key();
        let link = list.get().and_then(|list| {
            let link = list
                .query_selector(&format!("[data-testid=\"nav-{key}\"]"))
                .ok()
                .flatten()?;
            Some((list, link))
        });
        if let Some((list, link)) = link {
            crate::dom::reveal_in_row(&list, &link);
        }
    });
    view! {
        <nav class="site-nav" aria-label="Views">
            <ul node_ref=list>{links}</ul>
        </nav>
    }
}

/// Focus the first element matching `selector` inside `root`.
fn focus_first(root: &web_sys::Element, selector: &str) {
    if let Some(el) = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Move keyboard focus to the new content after switching views (screen readers announce it).
fn focus_main() {
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}

#[component]
fn Footer() -> impl IntoView {
    let lecture = LECTURE_URL.map(|href| {
        view! {
            <li>
                <a href=href>"The lecture"</a>
            </li>
        }
    });
    view! {
        <footer class="site-footer">
            <p>"Activation & Loss Explorer " <span data-testid="version">{concat!("v", env!("CARGO_PKG_VERSION"))}</span></p>
            <ul class="footer-links">
                <li>
                    <a href=PYTORCH_ACTIVATIONS rel="noopener">"PyTorch: non-linear activations"</a>
                </li>
                <li>
                    <a href=PYTORCH_LOSSES rel="noopener">"PyTorch: loss functions"</a>
                </li>
                {lecture}
            </ul>
        </footer>
    }
}
