//! The Losses view's signals and their projection into the address bar. The parsing itself is
//! `nnfunc::loss_views::parse_query` (pure, natively tested); this file only moves strings between
//! the browser and that function.

use std::time::Duration;

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::{self, Family, LabState, LossState, VIEW_LOSSES};
use nnfunc::Params;
use web_sys::{Url, UrlSearchParams};

use crate::url::HistoryEntry;

/// All of the view's state, as signals (`Copy`, so every family component can take it).
#[derive(Clone, Copy)]
pub struct LossStore {
    pub family: RwSignal<Family>,
    /// One per loss of `VIEW_LOSSES`, in that order.
    params: [RwSignal<Params>; VIEW_LOSSES.len()],
    pub points: RwSignal<Vec<(f64, f64)>>,
    pub lab_loss: RwSignal<FnId>,
    pub log: RwSignal<bool>,
    pub lr: RwSignal<f64>,
    pub start: RwSignal<(f64, f64)>,
}

impl LossStore {
    pub fn new(state: LossState) -> LossStore {
        let params = std::array::from_fn(|i| {
            let id = VIEW_LOSSES[i];
            RwSignal::new(
                state
                    .params(id)
                    .cloned()
                    .unwrap_or_else(|| Params::defaults(id.spec())),
            )
        });
        LossStore {
            family: RwSignal::new(state.family),
            params,
            points: RwSignal::new(state.lab.points),
            lab_loss: RwSignal::new(state.lab.loss),
            log: RwSignal::new(state.lab.log),
            lr: RwSignal::new(state.lab.lr),
            start: RwSignal::new(state.lab.start),
        }
    }

    /// The state the address bar asks for, and a notice per value that could not be used.
    pub fn from_url() -> (LossStore, Vec<String>) {
        let (state, notices) = loss_views::parse_query(&query_pairs());
        for notice in &notices {
            crate::dom::warn(notice);
        }
        (LossStore::new(state), notices)
    }

    /// The parameters of one loss (the first signal if `id` is not one of the view's: never happens).
    pub fn params(&self, id: FnId) -> RwSignal<Params> {
        let i = VIEW_LOSSES.iter().position(|x| *x == id).unwrap_or(0);
        self.params[i]
    }

    /// A snapshot, tracked.
    pub fn snapshot(&self) -> LossState {
        LossState {
            family: self.family.get(),
            params: self.params.iter().map(|p| p.get()).collect(),
            lab: LabState {
                points: self.points.get(),
                loss: self.lab_loss.get(),
                log: self.log.get(),
                lr: self.lr.get(),
                start: self.start.get(),
            },
        }
    }
}

/// Keep the address bar a projection of the state (debounced: dragging changes it per frame).
pub fn sync_url(store: LossStore) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let query = loss_views::to_query(&store.snapshot());
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle =
            set_timeout_with_handle(move || write_owned(&query), Duration::from_millis(150));
        pending.set_value(handle.ok());
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
        write_owned(&[]);
    });
}

fn current_url() -> Option<Url> {
    let href = web_sys::window()?.location().href().ok()?;
    Url::new(&href).ok()
}

fn keys_and_values(params: &UrlSearchParams) -> Vec<(String, String)> {
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

/// Every pair of the query string, percent-decoded by the browser.
fn query_pairs() -> Vec<(String, String)> {
    current_url().map_or_else(Vec::new, |url| keys_and_values(&url.search_params()))
}

/// Replace the keys this view owns by `pairs`; other views' keys stay.
fn write_owned(pairs: &[(String, String)]) {
    crate::url::update(HistoryEntry::Replace, |query| {
        for (key, _) in keys_and_values(query) {
            if loss_views::owned_key(&key) {
                query.delete(&key);
            }
        }
        for (key, value) in pairs {
            query.append(key, value);
        }
    });
}
