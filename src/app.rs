//! The page skeleton: header, navigation between views (kept in `?view=`), the current view, footer.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::route::View;
use crate::theme::provide_environment;
use crate::url::{self, HistoryEntry};
use crate::views::{ActivationsView, LossesView, SoftmaxView, TripletView};

const PYTORCH_ACTIVATIONS: &str =
    "https://pytorch.org/docs/stable/nn.html#non-linear-activations-weighted-sum-nonlinearity";
const PYTORCH_LOSSES: &str = "https://pytorch.org/docs/stable/nn.html#loss-functions";
/// The course lecture on activation and loss functions; no link until we know its address.
const LECTURE_URL: Option<&str> = None;

/// Context: switch the view (pushes a history entry). A setter-only newtype, so that consumers do not
/// re-render when the view changes.
#[derive(Debug, Clone, Copy)]
pub struct Navigate(pub WriteSignal<View>);

#[component]
pub fn App() -> impl IntoView {
    provide_environment();
    let (view, set_view) = signal(View::from_url());
    provide_context(Navigate(set_view));

    // Back and forward restore the view the address bar names.
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        set_view.set(View::from_url())
    });
    on_cleanup(move || popstate.remove());

    view! {
        <div class="app" data-testid="app">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <h1>"Activation & Loss Explorer"</h1>
                <p class="tagline">
                    "The activation and loss functions of the deep-learning course, interactive, with gradients exactly as PyTorch computes them."
                </p>
            </header>
            <Nav current=view />
            <main id="main" class="content" tabindex="-1">
                {move || match view.get() {
                    View::Activations => view! { <ActivationsView /> }.into_any(),
                    View::Softmax => view! { <SoftmaxView /> }.into_any(),
                    View::Losses => view! { <LossesView /> }.into_any(),
                    View::Triplet => view! { <TripletView /> }.into_any(),
                }}
            </main>
            <Footer />
        </div>
    }
}

/// Tabs as links: `?view=…` hrefs work in a new tab; a plain click switches without reloading.
#[component]
fn Nav(current: ReadSignal<View>) -> impl IntoView {
    let Navigate(set_view) =
        use_context::<Navigate>().unwrap_or(Navigate(signal(View::Activations).1));
    let links = View::ALL
        .into_iter()
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
                    url::update(HistoryEntry::Push, |query| {
                        query.set(View::QUERY_KEY, target.key())
                    });
                    set_view.set(target);
                }
                focus_main();
            };
            view! {
                <li>
                    <a
                        href=format!("?{}={}", View::QUERY_KEY, target.key())
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
    view! {
        <nav class="site-nav" aria-label="Views">
            <ul>{links}</ul>
        </nav>
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
