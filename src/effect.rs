//! The app's one way to run a side effect when signals change: [`effect`] (and [`effect_with`],
//! which hands the closure what it returned last time).
//!
//! Leptos' `Effect::new` compiles its whole effect task (an async loop, ~2 KB of wasm) once per
//! closure type, so every call site with its own closure would add its own copy to the download.
//! These take the closure boxed, so that the whole app has a single instance of that code.
//! `Effect::new` is disallowed elsewhere (clippy.toml).

use leptos::prelude::Effect;

/// Runs `f` now and again whenever a signal it read changes, for as long as its owner (the
/// component that called this) lives; like `Effect::new(move |_| f())`.
pub fn effect(f: impl FnMut() + 'static) {
    run(Box::new(f));
}

/// [`effect`] with what the last run returned (`None` the first time); like
/// `Effect::new(move |previous| f(previous))`.
pub fn effect_with<T: 'static>(mut f: impl FnMut(Option<T>) -> T + 'static) {
    let mut previous = None;
    run(Box::new(move || previous = Some(f(previous.take()))));
}

/// The single instance of Leptos' effect.
#[allow(clippy::disallowed_methods)]
fn run(mut f: Box<dyn FnMut()>) {
    Effect::new(move |_| f());
}
