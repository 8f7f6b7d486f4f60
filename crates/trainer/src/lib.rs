//! The training lab's Web Worker. Trunk builds this crate as a worker (`data-type="worker"` in
//! `index.html`): `trainer_loader.js` loads `trainer.js` and `trainer_bg.wasm`, then [`start`]
//! runs. Its own wasm, optimised for speed (`opt-level = 3` for this crate and under LTO), while
//! the page's bundle stays optimised for size.
//!
//! Protocol (see `nnfunc::train::wire`): the page posts [`Command`]s as strings; the worker posts
//! the string `"ready"` once it listens, each [`nnfunc::train::wire::Report`] as a transferred
//! `Float64Array`, and `"error: …"` for a message it could not read. While the session is busy
//! it trains in slices of [`SLICE_MS`], yielding between them through a `MessageChannel` (no
//! timer clamping) so that commands are answered between slices.

use std::cell::RefCell;
use std::rc::Rc;

use nnfunc::train::session::Session;
use nnfunc::train::wire::{Command, Report};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent, MessagePort};

/// Milliseconds of training between two looks at the message queue.
pub const SLICE_MS: f64 = 4.0;

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    session: Session,
    /// Posting on it schedules the next slice.
    wake: MessagePort,
    /// A slice is scheduled and not run yet.
    scheduled: bool,
}

impl Worker {
    fn now(&self) -> f64 {
        self.scope.performance().map_or(0.0, |p| p.now())
    }

    fn post_report(&self, report: &Report) {
        let data = report.encode();
        let array = js_sys::Float64Array::new_with_length(data.len() as u32);
        array.copy_from(&data);
        let transfer = js_sys::Array::of1(&array.buffer());
        if self
            .scope
            .post_message_with_transfer(&array, &transfer)
            .is_err()
        {
            let _ = self
                .scope
                .post_message(&JsValue::from_str("error: a report could not be posted"));
        }
    }

    fn post_error(&self, message: &str) {
        let _ = self
            .scope
            .post_message(&JsValue::from_str(&format!("error: {message}")));
    }

    fn schedule(&mut self) {
        if self.session.busy() && !self.scheduled {
            self.scheduled = self.wake.post_message(&JsValue::NULL).is_ok();
        }
    }

    fn on_command(&mut self, text: &str) {
        match Command::decode(text) {
            Ok(command) => {
                let now = self.now();
                if let Some(report) = self.session.handle(command, now) {
                    self.post_report(&report);
                }
            }
            Err(e) => self.post_error(&format!("unreadable command “{text}”: {e}")),
        }
        self.schedule();
    }

    fn on_wake(&mut self) {
        self.scheduled = false;
        let performance = self.scope.performance();
        let mut clock = || performance.as_ref().map_or(0.0, |p| p.now());
        if let Some(report) = self.session.work(SLICE_MS, &mut clock) {
            self.post_report(&report);
        }
        self.schedule();
    }
}

/// Set up the handlers and tell the page the worker listens.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().dyn_into()?;
    let channel = MessageChannel::new()?;
    let worker = Rc::new(RefCell::new(Worker {
        scope: scope.clone(),
        session: Session::new(),
        wake: channel.port2(),
        scheduled: false,
    }));

    let on_message = {
        let worker = Rc::clone(&worker);
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Ok(mut worker) = worker.try_borrow_mut() else {
                return;
            };
            match event.data().as_string() {
                Some(text) => worker.on_command(&text),
                None => worker.post_error("a command must be a string"),
            }
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();

    let on_wake = {
        let worker = Rc::clone(&worker);
        Closure::<dyn FnMut(MessageEvent)>::new(move |_event: MessageEvent| {
            if let Ok(mut worker) = worker.try_borrow_mut() {
                worker.on_wake();
            }
        })
    };
    channel
        .port1()
        .set_onmessage(Some(on_wake.as_ref().unchecked_ref()));
    on_wake.forget();

    scope.post_message(&JsValue::from_str("ready"))
}
