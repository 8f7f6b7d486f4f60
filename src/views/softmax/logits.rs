//! The logit editor: a bar per logit to drag (or move with the keys), its number box, the buttons
//! that add and remove logits, and the temperature control below them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::model::logit_color;
use super::model::{round_drag, subscript_name, DRAG_RANGE};
use super::state::{parse_logit, MAX_ABS_LOGIT, MAX_LOGITS, MIN_LOGITS};
use super::temperature::TemperatureControl;
use super::Live;
use crate::chart::style::css_rgb;
use crate::dom::{end_drag, start_drag, target_value};
use crate::theme::use_environment;
use crate::url::format_number;

/// The card of the inputs: logits and τ.
#[component]
pub fn LogitEditor(live: Live) -> impl IntoView {
    let (logits, count) = (live.logits, live.count);
    let logit_error = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(None::<usize>);
    let add = move |_| {
        logits.update(|l| {
            if l.len() < MAX_LOGITS {
                l.push(0.0);
            }
        })
    };
    let remove = move |_| {
        logits.update(|l| {
            if l.len() > MIN_LOGITS {
                l.pop();
            }
        })
    };
    let bars = move || {
        (0..count.get())
            .map(|i| view! { <LogitBar i=i logits=logits dragging=dragging logit_error=logit_error /> })
            .collect_view()
    };
    view! {
        <div class="card softmax-logits">
            <h2>"Logits x"</h2>
            <p class="muted">"Drag a bar, use the arrow keys on it (Shift: steps of 1), or type a value."</p>
            <div class="logit-bars" role="group" aria-label="Logits">{bars}</div>
            {move || logit_error.get().map(|e| view! { <p class="param-error" role="alert">{e}</p> })}
            <div class="logit-buttons">
                <button type="button" data-testid="logit-add" on:click=add
                    disabled=move || { count.get() >= MAX_LOGITS }>"Add a logit"</button>
                <button type="button" data-testid="logit-remove" on:click=remove
                    disabled=move || { count.get() <= MIN_LOGITS }>"Remove the last"</button>
            </div>
            <TemperatureControl tau=live.tau />
        </div>
    }
}

/// Set logit `i` (if there is one).
fn set_logit(logits: RwSignal<Vec<f64>>, i: usize, v: f64) {
    logits.update(|l| {
        if let Some(slot) = l.get_mut(i) {
            *slot = v;
        }
    })
}

/// The logit under a pointer on a bar's track (rounded, within the drag range).
fn value_at(ev: &web_sys::PointerEvent) -> Option<f64> {
    let track = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let rect = track.get_bounding_client_rect();
    if rect.height() <= 0.0 {
        return None;
    }
    let t = (f64::from(ev.client_y()) - rect.top()) / rect.height();
    Some(round_drag(DRAG_RANGE - t * 2.0 * DRAG_RANGE))
}

/// A logit after a key on its bar (`None`: not a key the bar takes).
fn value_after_key(v: f64, key: &str, shift: bool) -> Option<f64> {
    let step = if shift { 1.0 } else { 0.1 };
    let next = match key {
        "ArrowUp" | "ArrowRight" => v + step,
        "ArrowDown" | "ArrowLeft" => v - step,
        "PageUp" => v + 1.0,
        "PageDown" => v - 1.0,
        "Home" => -DRAG_RANGE,
        "End" => DRAG_RANGE,
        _ => return None,
    };
    Some(((next * 100.0).round() / 100.0).clamp(-MAX_ABS_LOGIT, MAX_ABS_LOGIT))
}

/// One logit: a bar to drag (a focusable slider) and its number box.
#[component]
fn LogitBar(
    i: usize,
    logits: RwSignal<Vec<f64>>,
    dragging: RwSignal<Option<usize>>,
    logit_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let environment = use_environment();
    let value = Memo::new(move |_| logits.with(|l| l.get(i).copied().unwrap_or(0.0)));
    let name = subscript_name("x", i);
    let input_id = format!("logit-input-{i}");

    // Bar geometry in % of the track: the zero line in the middle, ±DRAG_RANGE at the ends.
    let shown = move || value.get().clamp(-DRAG_RANGE, DRAG_RANGE);
    let top = move || {
        format!(
            "{}%",
            (DRAG_RANGE - shown().max(0.0)) / (2.0 * DRAG_RANGE) * 100.0
        )
    };
    let height = move || format!("{}%", shown().abs() / (2.0 * DRAG_RANGE) * 100.0);
    let clipped = move || value.get().abs() > DRAG_RANGE;
    let color = move || css_rgb(logit_color(i, environment.dark.get()));

    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 || !start_drag(&ev) {
            return;
        }
        dragging.set(Some(i));
        if let Some(v) = value_at(&ev) {
            set_logit(logits, i, v);
            logit_error.set(None);
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if dragging.get_untracked() == Some(i) {
            if let Some(v) = value_at(&ev) {
                set_logit(logits, i, v);
            }
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        end_drag(&ev);
        dragging.set(None);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(next) = value_after_key(value.get_untracked(), &ev.key(), ev.shift_key()) else {
            return;
        };
        ev.prevent_default();
        set_logit(logits, i, next);
        logit_error.set(None);
    };
    let on_number = move |ev: web_sys::Event| {
        let Some(text) = target_value(&ev) else {
            return;
        };
        match parse_logit(&text) {
            Ok(v) => {
                set_logit(logits, i, v);
                logit_error.set(None);
            }
            Err(message) => {
                logit_error.set(Some(format!("{}: {message}.", subscript_name("x", i))))
            }
        }
    };

    view! {
        <div class="logit">
            <div
                class="logit-track"
                class:dragging=move || dragging.get() == Some(i)
                role="slider"
                tabindex="0"
                aria-label=format!("logit {name}")
                aria-valuemin=-DRAG_RANGE
                aria-valuemax=DRAG_RANGE
                aria-valuenow=move || value.get()
                aria-valuetext=move || format_number(value.get())
                data-testid=format!("logit-bar-{i}")
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
                on:keydown=on_key
            >
                <div class="logit-zero" aria-hidden="true"></div>
                <div
                    class="logit-fill"
                    class:clipped=clipped
                    aria-hidden="true"
                    style:top=top
                    style:height=height
                    style:background=color
                ></div>
            </div>
            <label for=input_id.clone()>{name.clone()}</label>
            <input
                type="number"
                id=input_id
                class="logit-number"
                data-testid=format!("logit-{i}")
                step="0.1"
                min=-MAX_ABS_LOGIT
                max=MAX_ABS_LOGIT
                inputmode="decimal"
                prop:value=move || format_number(value.get())
                on:change=on_number
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_a_logit() {
        assert_eq!(value_after_key(1.0, "ArrowUp", false), Some(1.1));
        assert_eq!(value_after_key(1.0, "ArrowLeft", true), Some(0.0));
        assert_eq!(value_after_key(1.0, "PageDown", false), Some(0.0));
        assert_eq!(value_after_key(3.0, "Home", false), Some(-DRAG_RANGE));
        assert_eq!(
            value_after_key(MAX_ABS_LOGIT, "PageUp", false),
            Some(MAX_ABS_LOGIT)
        );
        assert_eq!(value_after_key(1.0, "a", false), None);
    }
}
