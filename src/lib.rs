//! Activation & Loss Explorer: the Leptos (CSR) app.
//!
//! The math (functions, gradients, sampling, axis ranges, colour scales) lives in the `nnfunc` crate,
//! which knows nothing about the browser; this crate turns it into views, signals and canvases.
//!
//! Code map (ARCHITECTURE.md has the picture): `app` (the shell: header, navigation, tools, the
//! current view), `route` (which view: a handle to a registry entry), `views` (the registry and one
//! folder per view), `url` (the address bar: the `UrlState` codec, `read`, the one `sync`), `chart`
//! (the chart kit: HiDPI canvases, style, line charts, function plots, heatmaps, exports),
//! `components` (shared widgets), `elementwise` (the activations the app plots and trains), `embed` (embed mode, the control filter), `theme` (light or dark
//! colours, viewport size), `torch` (a function as PyTorch code), `panic_banner` (the in-page message if we ever panic), `effect` (the one way to run an effect), `first_plot` (the view's figure before the app has arrived), `dom` (small
//! web-sys helpers that never panic), `perf` (the `draw:*` performance measures).

pub mod app;
pub mod chart;
pub mod components;
pub mod csv_text;
pub mod dom;
pub mod effect;
pub mod elementwise;
pub mod embed;
pub mod first_plot;
pub mod lesson;
pub mod panic_banner;
pub mod perf;
pub mod present;
pub mod route;
pub mod theme;
pub mod torch;
pub mod url;
pub mod views;

pub use app::App;

/// Start the page: the first plot of the view the address names (if it has one), then the app.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        dom::parsed().await;
        first_plot::show().await;
        mount_app().await;
    });
}

/// Mount the app on `<body>`: with the `split` feature a chunk of its own (`app`), fetched once
/// the first plot is drawn.
#[cfg(feature = "split")]
async fn mount_app() {
    #[leptos::wasm_split::wasm_split(app, wasm_split_path = ::leptos::wasm_split)]
    fn app() {
        mount();
    }
    app().await;
}

#[cfg(not(feature = "split"))]
async fn mount_app() {
    mount();
}

/// How long the first plot may wait for the app's own figure (a view that shows a message instead
/// of its figure never draws it).
const FIRST_PLOT_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

fn mount() {
    leptos::mount::mount_to_body(App);
    leptos::prelude::set_timeout(first_plot::replaced, FIRST_PLOT_LIMIT);
}
