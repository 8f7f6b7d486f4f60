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
//! colours, viewport size), `torch` (a function as PyTorch code), `panic_banner` (the in-page message if we ever panic), `effect` (the one way to run an effect), `dom` (small
//! web-sys helpers that never panic), `perf` (the `draw:*` performance measures).

pub mod app;
pub mod chart;
pub mod components;
pub mod csv_text;
pub mod dom;
pub mod effect;
pub mod elementwise;
pub mod embed;
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
