//! Activation & Loss Explorer: the Leptos (CSR) app.
//!
//! The math (functions, gradients, sampling, axis ranges, colour scales) lives in the `nnfunc` crate,
//! which knows nothing about the browser; this crate turns it into views, signals and canvases.
//!
//! Code map: `app` (page skeleton, navigation, share dialog), `route` (which view, as a typed enum),
//! `embed` (embed mode, the control filter, iframe snippets), `url` (the one place that reads and
//! writes the query string), `views/*` (one file per view), `components/*` (parameter controls,
//! formula, share dialog), `chart/*` (plotters drawing on a HiDPI canvas), `theme` (light or dark
//! colours, viewport size), `torch` (a function as PyTorch code), `panic_banner` (the in-page
//! message if we ever panic), `dom` (small web-sys helpers that never panic), `perf` (the `draw:*`
//! performance measures).

pub mod app;
pub mod chart;
pub mod components;
pub mod dom;
pub mod embed;
pub mod panic_banner;
pub mod perf;
pub mod route;
pub mod theme;
pub mod torch;
pub mod url;
pub mod views;

pub use app::App;
