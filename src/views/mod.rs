//! The views. Each is a folder that exports one [`ViewSpec`] (`SPEC`); [`REGISTRY`] lists them in
//! navigation order. Everything that needs "all views" (routing, navigation, the browser tests'
//! list of pages, fuzzing, the bench) iterates the registry, so adding a view is its folder, one
//! line below and its CSS.

use leptos::prelude::*;

/// `lazy_mount!(chunk, Component)` defines the `mount` function of a view: with the `split`
/// feature (the release build) the view's code is a WebAssembly chunk of its own, `chunk`, fetched
/// the first time the view is opened; without it (dev server, tests) the component is mounted
/// directly. Everything split into the same `chunk` arrives together: each split point named
/// apart would multiply the chunks that code shared between them is cut into.
macro_rules! lazy_mount {
    ($chunk:ident, $component:ident) => {
        #[cfg(feature = "split")]
        fn mount() -> leptos::prelude::AnyView {
            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split)]
            fn chunk() -> leptos::prelude::AnyView {
                leptos::prelude::IntoAny::into_any(leptos::view! { <$component /> })
            }
            leptos::prelude::IntoAny::into_any(leptos::prelude::Suspend::new(chunk()))
        }
        #[cfg(not(feature = "split"))]
        fn mount() -> leptos::prelude::AnyView {
            leptos::prelude::IntoAny::into_any(leptos::view! { <$component /> })
        }
    };
}
pub(crate) use lazy_mount;

/// `lazy_script!(view, path::to::script)` defines the `pytorch` function of a view (its state as
/// a PyTorch script, for the PyTorch panel), in the `tools` chunk with the panel itself: the
/// registry names it without bringing its code into the shell, and the view's first load does not
/// fetch it. `view` (the view's key) names the split function apart from the other views'.
macro_rules! lazy_script {
    ($view:ident, $script:path) => {
        #[cfg(feature = "split")]
        fn pytorch(input: $crate::torch::ScriptInput) -> $crate::torch::script::Pending {
            #[leptos::wasm_split::wasm_split(tools, wasm_split_path = ::leptos::wasm_split)]
            fn $view(input: $crate::torch::ScriptInput) -> $crate::torch::Script {
                $script(&input)
            }
            Box::pin($view(input))
        }
        #[cfg(not(feature = "split"))]
        fn pytorch(input: $crate::torch::ScriptInput) -> $crate::torch::script::Pending {
            Box::pin(std::future::ready($script(&input)))
        }
    };
}
pub(crate) use lazy_script;

/// `lazy_part!(chunk, fn name(args) { body })` defines `fn name(args) -> AnyView`, a part of a view
/// that not every page of it needs: with the `split` feature its code is in the chunk `chunk`,
/// fetched the first time the part is shown; without it the body runs directly. Name the chunk
/// `<view>_<value>` for a part that an address value opens (each losses family, `family=<value>`:
/// the page's preload script fetches it with the view), or `later_<view>` for a panel below the
/// view's figure, shown with [`after_first_frame`] so that the fetch starts once the figure is on
/// the screen.
macro_rules! lazy_part {
    ($chunk:ident, $(#[$meta:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        fn $name($($arg: $ty),*) -> leptos::prelude::AnyView {
            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split)]
            fn $name($($arg: $ty),*) -> leptos::prelude::AnyView $body
            leptos::prelude::IntoAny::into_any(leptos::prelude::Suspend::new($name($($arg),*)))
        }
        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        fn $name($($arg: $ty),*) -> leptos::prelude::AnyView $body
    };
}
pub(crate) use lazy_part;

/// `lazy_first_plot!(chunk, future)` defines the `first_plot` of a view (its
/// [`FirstPlot`](crate::first_plot::FirstPlot)): `future` draws the view's main figure from the
/// address before the app has arrived (through [`crate::first_plot::draw_on_canvas`]). With the
/// `split` feature it is the chunk `chunk` (`first_<view>`), the first the page's preload script
/// fetches for that view (with `first_<view>_<value>`, a part of it that an address value opens);
/// the app's chunks follow once it has drawn.
macro_rules! lazy_first_plot {
    ($chunk:ident, $future:expr) => {
        #[cfg(feature = "split")]
        fn first_plot() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split)]
            fn $chunk() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
                Box::pin($future)
            }
            Box::pin(async { $chunk().await.await })
        }
        #[cfg(not(feature = "split"))]
        fn first_plot() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
            Box::pin($future)
        }
    };
}
pub(crate) use lazy_first_plot;

/// `part`'s view from the frame after this one: the view's first figure is drawn (and its canvas
/// laid out) before the part mounts, and before a [`lazy_part!`]'s chunk is fetched.
pub fn after_first_frame(part: impl FnOnce() -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let shown = RwSignal::new(false);
    request_animation_frame(move || {
        shown.try_set(true);
    });
    let part = StoredValue::new(Some(part));
    move || {
        shown.get().then(|| {
            part.try_update_value(Option::take)
                .flatten()
                .map(|part| part())
        })
    }
}

pub mod activations;
pub mod losses;
pub mod softmax;
pub mod training;
pub mod triplet;

/// The views in navigation order; the first is shown when the address names none.
pub const REGISTRY: &[ViewSpec] = &[
    activations::SPEC,
    losses::SPEC,
    triplet::SPEC,
    softmax::SPEC,
    training::SPEC,
];

/// What the app, the tests and the bench know of a view.
#[derive(Debug)]
pub struct ViewSpec {
    /// Its `view=` value, also in test ids (`nav-<key>`, `view-<key>`).
    pub key: &'static str,
    /// Its name in the navigation.
    pub label: &'static str,
    /// The view, its state read from the address bar (and kept there).
    pub mount: fn() -> AnyView,
    /// Its state (the query pairs and the live values it shares) as a PyTorch script, for the
    /// PyTorch panel.
    pub pytorch: fn(crate::torch::ScriptInput) -> crate::torch::script::Pending,
    /// Its main figure drawn from the address before the app has arrived (`lazy_first_plot!`).
    pub first_plot: Option<crate::first_plot::FirstPlot>,
    /// Whether a query key belongs to its state (its `UrlState::owns`).
    pub owns: fn(&str) -> bool,
    /// Its pages as the browser tests and the bench open them (one per family or mode that has a
    /// figure of its own).
    pub pages: &'static [Page],
}

/// One page of a view, for the browser tests: its address, its main figure, and one control.
#[derive(Debug)]
pub struct Page {
    /// Used in screenshot file names.
    pub name: &'static str,
    /// The query string that opens it.
    pub query: &'static str,
    /// The test id of its main figure.
    pub figure: &'static str,
    /// A control whose change must reach the address bar.
    pub control: Option<Control>,
    /// For a view that works in the background (the training lab's worker): the test id of an
    /// element whose `data-steps` rises above 0 once it works.
    pub alive: Option<&'static str>,
}

/// Setting `selector`'s value to `value` must put `key=want` in the address bar.
#[derive(Debug)]
pub struct Control {
    pub selector: &'static str,
    pub value: &'static str,
    pub key: &'static str,
    pub want: &'static str,
}

impl Page {
    /// A page with no control and nothing in the background.
    pub const fn new(name: &'static str, query: &'static str, figure: &'static str) -> Page {
        Page {
            name,
            query,
            figure,
            control: None,
            alive: None,
        }
    }

    pub const fn with_control(mut self, control: Control) -> Page {
        self.control = Some(control);
        self
    }

    pub const fn alive(mut self, test_id: &'static str) -> Page {
        self.alive = Some(test_id);
        self
    }
}
