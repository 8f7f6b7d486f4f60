//! The page's end of the training worker (`crates/trainer`): starts it, queues commands until it
//! says `ready`, and hands each report (a `Float64Array`, see `nnfunc::train::wire`) to the view.
//! The worker is `trainer_loader.js` beside `index.html` (Trunk's worker shim); a page that cannot
//! start it (no such file, a blocked worker) gets `on_error` with a sentence for the student.

use std::cell::RefCell;
use std::rc::Rc;

use nnfunc::train::wire::{Command, Report};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

/// The worker's script, relative to the page (Trunk writes it next to `index.html`).
pub const WORKER_URL: &str = "./trainer_loader.js";

struct Inner {
    worker: Worker,
    /// Commands posted before the worker listens (`None` once it does).
    queue: Option<Vec<String>>,
}

/// A running worker; dropped with the view (see [`Client::terminate`]).
pub struct Client {
    inner: Rc<RefCell<Inner>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Client {
    /// Start the worker. `on_report` gets every report; `on_error` a sentence when the worker
    /// cannot start or fails.
    pub fn start(
        on_report: impl Fn(Report) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Result<Client, String> {
        let worker = Worker::new(WORKER_URL)
            .map_err(|e| format!("the browser refused to start it ({})", describe(&e)))?;
        let inner = Rc::new(RefCell::new(Inner {
            worker: worker.clone(),
            queue: Some(Vec::new()),
        }));
        let on_error = Rc::new(on_error);

        let on_message = {
            let inner = Rc::clone(&inner);
            let on_error = Rc::clone(&on_error);
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if let Some(text) = data.as_string() {
                    if text == "ready" {
                        flush(&inner);
                    } else {
                        on_error(text.trim_start_matches("error: ").to_string());
                    }
                    return;
                }
                match data.dyn_into::<js_sys::Float64Array>() {
                    Ok(array) => match Report::decode(&array.to_vec()) {
                        Ok(report) => on_report(report),
                        Err(e) => on_error(format!("an unreadable report ({e})")),
                    },
                    Err(_) => on_error("an unexpected message".to_string()),
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

        let on_error_event = {
            let on_error = Rc::clone(&on_error);
            Closure::<dyn FnMut(Event)>::new(move |event: Event| {
                event.prevent_default();
                // A script error in the worker is an ErrorEvent; a failed load a plain Event.
                let message = event
                    .dyn_ref::<ErrorEvent>()
                    .map(ErrorEvent::message)
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| format!("{WORKER_URL} could not be loaded"));
                on_error(message);
            })
        };
        worker.set_onerror(Some(on_error_event.as_ref().unchecked_ref()));

        Ok(Client {
            inner,
            _on_message: on_message,
            _on_error: on_error_event,
        })
    }

    /// Send `command` (queued until the worker listens).
    pub fn send(&self, command: &Command) {
        let text = command.encode();
        let Ok(mut inner) = self.inner.try_borrow_mut() else {
            return;
        };
        match &mut inner.queue {
            Some(queue) => queue.push(text),
            None => {
                let _ = inner.worker.post_message(&JsValue::from_str(&text));
            }
        }
    }

    /// Stop the worker at once (the view is leaving).
    pub fn terminate(&self) {
        if let Ok(inner) = self.inner.try_borrow() {
            inner.worker.set_onmessage(None);
            inner.worker.set_onerror(None);
            inner.worker.terminate();
        }
    }
}

/// Post everything queued; from now on commands go straight to the worker.
fn flush(inner: &Rc<RefCell<Inner>>) {
    let Ok(mut inner) = inner.try_borrow_mut() else {
        return;
    };
    for text in inner.queue.take().unwrap_or_default() {
        let _ = inner.worker.post_message(&JsValue::from_str(&text));
    }
}

fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "no reason given".to_string())
}
