//! The address bar: the one place that reads and writes the query string.
//!
//! The URL is a projection of the state: a view reads its [`UrlState`] once when it mounts
//! ([`read`]) and [`sync`] writes it back whenever it changes, so a link always reproduces what is
//! on screen. No server routing: everything is in `?...`, which works on any static host and below
//! any sub-path. The pure half (the trait, notices, spellings) is [`codec`].

pub mod codec;

use std::time::Duration;

use crate::effect::effect;
use leptos::prelude::*;
use web_sys::{Url, UrlSearchParams};

pub use codec::{
    first, format_bool, format_number, param_key, parse_bool, parse_number, Notice, Pairs, Reader,
    UrlState,
};

/// How long the address bar waits for the state to settle (dragging a slider or playing an
/// animation changes it every frame; the history API throttles frequent writes).
const SYNC_DELAY: Duration = Duration::from_millis(150);

/// Context: notified whenever [`sync`] has written the address bar, for what follows the whole
/// state without owning it (the PyTorch panel).
#[derive(Clone, Default)]
pub struct Written(pub ArcTrigger);

/// The state the address bar describes, with what could not be used (each also logged as a
/// console warning, never an error).
pub fn read<S: UrlState>() -> (S, Vec<Notice>) {
    let (state, notices) = S::from_pairs(&pairs());
    for notice in &notices {
        crate::dom::warn(&notice.message);
    }
    (state, notices)
}

/// Keep the address bar a projection of `state`: whenever it changes, and has been still for a
/// moment, replace the keys `S` owns by `state().to_pairs()` (other keys stay). A pending write is
/// dropped when the view unmounts.
pub fn sync<S: UrlState>(state: impl Fn() -> S + 'static) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let written = use_context::<Written>();
    effect(move || {
        let pairs = state().to_pairs();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let written = written.clone();
        let write = move || {
            replace_owned(HistoryEntry::Replace, S::owns, &pairs);
            if let Some(Written(trigger)) = written {
                trigger.notify();
            }
        };
        pending.set_value(set_timeout_with_handle(write, SYNC_DELAY).ok());
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
    });
}

/// How a write shows up in the browser history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryEntry {
    /// A new entry: the back button returns to the previous state (switching views).
    Push,
    /// Replace the current entry (moving a slider should not flood the history).
    Replace,
}

fn current_url() -> Option<Url> {
    let href = web_sys::window()?.location().href().ok()?;
    Url::new(&href).ok()
}

/// The value of one query parameter.
pub fn get(key: &str) -> Option<String> {
    current_url()?.search_params().get(key)
}

/// Change the query string with `update` and record it in the history (nothing happens if the URL does
/// not change). Failures are logged and otherwise ignored: the page keeps working without URL sync.
pub fn update(entry: HistoryEntry, update: impl FnOnce(&UrlSearchParams)) {
    if try_update(entry, update).is_none() {
        crate::dom::warn("could not update the address bar; links will not reproduce this state");
    }
}

fn try_update(entry: HistoryEntry, update: impl FnOnce(&UrlSearchParams)) -> Option<()> {
    let window = web_sys::window()?;
    let url = current_url()?;
    let before = url.href();
    // `search_params` is live: changing it changes `url`.
    let params = url.search_params();
    update(&params);
    params.sort().ok()?;
    let after = url.href();
    if after == before {
        return Some(());
    }
    let history = window.history().ok()?;
    let state = wasm_bindgen::JsValue::NULL;
    match entry {
        HistoryEntry::Push => history.push_state_with_url(&state, "", Some(&after)).ok(),
        HistoryEntry::Replace => history
            .replace_state_with_url(&state, "", Some(&after))
            .ok(),
    }
}

/// Every `(key, value)` pair of the query string, in order, percent-decoded by the browser
/// (empty if there is no usable URL).
pub fn pairs() -> Vec<(String, String)> {
    current_url()
        .map(|url| pairs_in(&url.search_params()))
        .unwrap_or_default()
}

/// The pairs of a query string such as a share link's (`view=…&…`, with or without the `?`),
/// decoded as the address bar's are.
pub fn pairs_of(query: &str) -> Vec<(String, String)> {
    UrlSearchParams::new_with_str(query)
        .map(|params| pairs_in(&params))
        .unwrap_or_default()
}

fn pairs_in(params: &UrlSearchParams) -> Vec<(String, String)> {
    let Ok(Some(entries)) = js_sys::try_iter(params) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// Replace every key for which `owned` holds by `pairs` (a view projecting its whole state into the
/// address bar: keys it no longer needs disappear, other views' keys stay).
pub fn replace_owned(
    entry: HistoryEntry,
    owned: impl Fn(&str) -> bool,
    pairs: &[(String, String)],
) {
    update(entry, |query| {
        let stale: Vec<String> = js_sys::try_iter(query)
            .ok()
            .flatten()
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|entry| js_sys::Array::from(&entry).get(0).as_string())
            .filter(|key| owned(key))
            .collect();
        for key in stale {
            query.delete(&key);
        }
        for (key, value) in pairs {
            query.append(key, value);
        }
    });
}

/// The current address with `update` applied to a copy of its query; the address bar is left as
/// it is (links for the share dialog and "open full view"). `None` if there is no usable URL.
pub fn href_with(update: impl FnOnce(&UrlSearchParams)) -> Option<String> {
    let url = current_url()?;
    // `search_params` is live: changing it changes `url`.
    let params = url.search_params();
    update(&params);
    params.sort().ok()?;
    Some(url.href())
}
