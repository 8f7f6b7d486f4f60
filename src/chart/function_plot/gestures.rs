//! Input on the function plot's overlay canvas: one pointer drags to pan (the crosshair follows),
//! two pinch to zoom about their midpoint, the wheel zooms about the pointer, arrow keys move the
//! crosshair (Shift: pan) and `+`/`-` zoom. Every change goes through the owner's x range, kept
//! at least `min_width` wide and inside ±`limit`.

use leptos::prelude::*;
use nnfunc::plot::AxisRange;
use web_sys::{HtmlCanvasElement, KeyboardEvent, PointerEvent, WheelEvent};

use super::Frame;

/// Zoom factor per wheel pixel (a mouse notch of 100 px zooms by about 22 %).
const WHEEL_ZOOM: f64 = 0.002;

/// A pointer that is down on the plot.
#[derive(Debug, Clone, Copy)]
struct Touch {
    id: i32,
    x: f64,
    y: f64,
}

/// The pointer position relative to the canvas, in CSS pixels.
fn pointer_position(canvas: &HtmlCanvasElement, client_x: f64, client_y: f64) -> (f64, f64) {
    crate::dom::client_to_local(canvas, client_x, client_y)
}

/// The plot's input state and what it writes.
#[derive(Clone, Copy)]
pub struct Gestures {
    pub overlay: NodeRef<leptos::html::Canvas>,
    /// The last drawn frame (pixels ↔ x).
    pub frame: RwSignal<Option<Frame>>,
    pub x_range: RwSignal<AxisRange>,
    pub probe: RwSignal<Option<f64>>,
    pub min_width: f64,
    pub limit: f64,
    touches: StoredValue<Vec<Touch>>,
}

impl Gestures {
    pub fn new(
        overlay: NodeRef<leptos::html::Canvas>,
        frame: RwSignal<Option<Frame>>,
        x_range: RwSignal<AxisRange>,
        probe: RwSignal<Option<f64>>,
        (min_width, limit): (f64, f64),
    ) -> Gestures {
        Gestures {
            overlay,
            frame,
            x_range,
            probe,
            min_width,
            limit,
            touches: StoredValue::new(Vec::new()),
        }
    }

    fn set_range(self, range: AxisRange) {
        let range = range.limited(self.min_width, self.limit);
        if range != self.x_range.get_untracked() {
            self.x_range.set(range);
        }
    }

    /// The x under a pointer, from the last drawn frame.
    fn x_under(self, css_x: f64) -> Option<f64> {
        self.frame.get_untracked().and_then(|f| f.x_at(css_x))
    }

    fn position(self, ev: &web_sys::MouseEvent) -> Option<(f64, f64)> {
        let canvas = self.overlay.get_untracked()?;
        Some(pointer_position(
            &canvas,
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
        ))
    }

    pub fn pointer_down(self, ev: PointerEvent) {
        let Some(canvas) = self.overlay.get_untracked() else {
            return;
        };
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let Some((x, y)) = self.position(&ev) else {
            return;
        };
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        self.touches.update_value(|t| {
            t.retain(|t| t.id != ev.pointer_id());
            t.push(Touch {
                id: ev.pointer_id(),
                x,
                y,
            });
        });
        if let Some(x) = self.x_under(x) {
            self.probe.set(Some(x));
        }
    }

    pub fn pointer_move(self, ev: PointerEvent) {
        let (Some((x, y)), Some(current)) = (self.position(&ev), self.frame.get_untracked()) else {
            return;
        };
        let id = ev.pointer_id();
        let before = self.touches.with_value(|t| t.clone());
        match before.as_slice() {
            // One pointer down: drag to pan (the crosshair follows it).
            [only] if only.id == id => {
                let shift = -(x - only.x) / current.width() * current.x.width();
                self.set_range(current.x.shifted(shift));
            }
            // Two pointers down: pinch to zoom about their midpoint, and pan with it.
            [a, b] if a.id == id || b.id == id => {
                let (moved, other) = if a.id == id { (a, b) } else { (b, a) };
                let distance = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).hypot(p.1 - q.1);
                let old = distance((moved.x, moved.y), (other.x, other.y));
                let new = distance((x, y), (other.x, other.y));
                if old > 4.0 && new > 4.0 {
                    let middle = (moved.x + other.x) / 2.0;
                    if let Some(anchor) = current.x.value_at(middle, current.left, current.right) {
                        let zoomed = current.x.zoomed(old / new, anchor);
                        let shift = -((x - moved.x) / 2.0) / current.width() * zoomed.width();
                        self.set_range(zoomed.shifted(shift));
                    }
                }
            }
            _ => {}
        }
        self.touches.update_value(|t| {
            if let Some(t) = t.iter_mut().find(|t| t.id == id) {
                t.x = x;
                t.y = y;
            }
        });
        if self.touches.with_value(|t| t.len() < 2) {
            if let Some(x) = self.x_under(x) {
                self.probe.set(Some(x));
            }
        }
    }

    pub fn pointer_end(self, ev: PointerEvent) {
        self.touches
            .update_value(|t| t.retain(|t| t.id != ev.pointer_id()));
    }

    pub fn wheel(self, ev: WheelEvent) {
        let (Some((x, _)), Some(current)) = (self.position(&ev), self.frame.get_untracked()) else {
            return;
        };
        let Some(anchor) = current.x_at(x) else {
            return;
        };
        ev.prevent_default();
        let pixels = match ev.delta_mode() {
            0 => ev.delta_y(),
            1 => ev.delta_y() * 16.0,
            _ => ev.delta_y() * 400.0,
        };
        let factor = (pixels * WHEEL_ZOOM).clamp(-2.0, 2.0).exp();
        self.set_range(current.x.zoomed(factor, anchor));
    }

    pub fn key(self, ev: KeyboardEvent) {
        let current = self.x_range.get_untracked();
        let centre = current.min / 2.0 + current.max / 2.0;
        let at = self.probe.get_untracked().filter(|x| current.contains(*x));
        match (ev.key().as_str(), ev.shift_key()) {
            ("ArrowLeft" | "ArrowRight", true) => {
                let sign = if ev.key() == "ArrowLeft" { -1.0 } else { 1.0 };
                self.set_range(current.shifted(sign * current.width() / 10.0));
            }
            ("ArrowLeft" | "ArrowRight", false) => {
                let sign = if ev.key() == "ArrowLeft" { -1.0 } else { 1.0 };
                let x = at.unwrap_or(centre) + sign * current.width() / 200.0;
                self.probe.set(Some(x.clamp(current.min, current.max)));
            }
            ("+" | "=", _) => self.set_range(current.zoomed(0.8, at.unwrap_or(centre))),
            ("-" | "_", _) => self.set_range(current.zoomed(1.25, at.unwrap_or(centre))),
            _ => return,
        }
        ev.prevent_default();
    }
}
