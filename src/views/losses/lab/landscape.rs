//! The landscape panel: the selected loss over (w, b) as a heatmap with contours, every loss's
//! minimiser and gradient descent's path; a click, a drag or the arrow keys move descent's start.
//! Also the landscape's cache (the 256² cells, their colours and contours, recomputed only when
//! the points, the loss, the ranges or the scale change) and its export figure.

use leptos::prelude::*;
use nnfunc::contour::Segment;
use nnfunc::landscape::landscape;
use nnfunc::loss::Regression;
use nnfunc::loss_views::{landscape_contours, landscape_rgba};
use nnfunc::plot::{format_significant, AxisRange, ColorScale};
use plotters::prelude::DrawingBackend;
use wasm_bindgen::JsCast;

use super::landscape_draw::{paint_landscape, LandscapeFrame, Marker, AXIS_LABELS};
use super::model::Lab;
use crate::chart::export::{Figure, Surface};
use crate::chart::heatmap::{grid_csv, PlotArea};
use crate::dom::arrow_step;
use crate::views::losses::canvas::Timer;

/// Cells per side of the landscape.
pub const CELLS: usize = 256;
const CONTOURS: usize = 10;

/// What the cached landscape shows: recomputed only when this changes.
#[derive(Clone, PartialEq)]
pub struct LandscapeKey {
    pub points: Vec<(f64, f64)>,
    pub kind: Regression,
    pub ranges: (AxisRange, AxisRange),
    pub log: bool,
}

pub struct Cached {
    key: LandscapeKey,
    /// Changes with every recomputation (the canvas re-uploads the cells only then).
    id: u64,
    rgba: Vec<u8>,
    scale: ColorScale,
    contours: Vec<Segment>,
}

impl Cached {
    /// Keep `slot` showing `key`: the grid, its colours and contours, recomputed (timed as parts
    /// of `timer`) only if `key` differs from what the slot holds; `next_id` numbers the images.
    pub fn refresh(slot: &mut Option<Cached>, key: LandscapeKey, timer: &Timer, next_id: &mut u64) {
        if slot.as_ref().is_some_and(|c| c.key == key) {
            return;
        }
        let (w, b) = key.ranges;
        let grid = timer.part("grid", || {
            landscape(&key.points, key.kind, w, b, CELLS, CELLS)
        });
        let scale = grid.color_scale(key.log);
        let rgba = timer.part("rgba", || landscape_rgba(&grid, &scale));
        let contours = timer.part("contours", || {
            landscape_contours(&key.points, key.kind, w, b, CELLS, &scale, CONTOURS)
        });
        *slot = Some(Cached {
            key,
            id: *next_id,
            rgba,
            scale,
            contours,
        });
        *next_id += 1;
    }

    /// A frame of these cells with a descent path and markers.
    pub fn frame<'a>(
        &'a self,
        path: &'a [(f64, f64)],
        markers: &'a [Marker],
    ) -> LandscapeFrame<'a> {
        LandscapeFrame {
            image_id: self.id,
            rgba: &self.rgba,
            cells: CELLS,
            contours: &self.contours,
            scale: &self.scale,
            x: self.key.ranges.0,
            y: self.key.ranges.1,
            path,
            markers,
        }
    }
}

/// The landscape as last drawn: the descent path, the markers and the loss's name.
pub type LandscapeShown = (Vec<(f64, f64)>, Vec<Marker>, &'static str);

/// The landscape as the export buttons see it: the cached cells and contours, the path and markers
/// as last drawn, painted by the heatmap painter; its CSV is the grid (recomputed by the same
/// `nnfunc::landscape` call as the cells) and the path's and markers' points.
pub struct LandscapeFigure {
    pub cache: StoredValue<Option<Cached>>,
    pub shown: StoredValue<LandscapeShown>,
}

impl LandscapeFigure {
    fn with<R>(
        &self,
        f: impl FnOnce(&Cached, &LandscapeFrame, &str) -> Result<R, String>,
    ) -> Result<R, String> {
        let removed = || "the lab was removed".to_string();
        let (path, markers, name) = self.shown.try_get_value().ok_or_else(removed)?;
        self.cache
            .try_with_value(|slot| {
                let c = slot.as_ref().ok_or("no landscape yet")?;
                f(c, &c.frame(&path, &markers), name)
            })
            .unwrap_or_else(|| Err(removed()))
    }
}

impl Figure for LandscapeFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        self.with(|_, frame, _| {
            paint_landscape(to.root, to.css.0, to.scale, frame, &to.theme, to.raster)
        })
    }

    fn csv(&self) -> Result<String, String> {
        self.with(|c, frame, name| {
            let (w, b) = c.key.ranges;
            let grid = landscape(&c.key.points, c.key.kind, w, b, CELLS, CELLS);
            let value = format!("{name} (reduction=mean)");
            Ok(grid_csv(&grid, AXIS_LABELS, &value, &frame.overlays()))
        })
    }
}

/// The landscape's text alternative: what it shows and where descent is; it follows each change.
fn landscape_label(lab: Lab) -> String {
    let n4 = |v: f64| format_significant(v, 4);
    let name = nnfunc::loss_views::REGRESSION_LOSSES
        .get(lab.selected.get())
        .map_or("the loss", |id| id.spec().name);
    let (w, b) = lab.ranges.get();
    let descent = lab.current.get().map_or_else(String::new, |(cw, cb)| {
        format!(
            " Gradient descent (learning rate {}) is at w = {}, b = {} after {} steps.",
            n4(lab.lr.get()),
            n4(cw),
            n4(cb),
            lab.steps.get()
        )
    });
    format!(
        "{name} over w from {} to {} and b from {} to {}{}: colour, contour lines, each loss's \
         minimiser and the gradient-descent path.{descent} Click or drag to move the start; \
         arrow keys move it too.",
        n4(w.min),
        n4(w.max),
        n4(b.min),
        n4(b.max),
        if lab.log.get() {
            " (log colour scale)"
        } else {
            ""
        }
    )
}

/// The landscape canvas and its caption; pointer and keys move descent's start. `area` is where
/// the drawing put the plotting area (pointer positions map through it).
#[component]
pub fn LandscapePanel(
    lab: Lab,
    canvas: NodeRef<leptos::html::Canvas>,
    area: RwSignal<Option<PlotArea>>,
) -> impl IntoView {
    let pressed = RwSignal::new(false);
    let at = move |ev: &web_sys::PointerEvent| -> Option<(f64, f64)> {
        let (el, area) = (canvas.get_untracked()?, area.get_untracked()?);
        Some(area.to_data_at(&el, ev))
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let step = if ev.shift_key() { 0.5 } else { 0.1 };
        let Some((dw, db)) = arrow_step(&ev.key(), step) else {
            return;
        };
        ev.prevent_default();
        let (w, b) = lab.drawn_start();
        lab.set_start((w + dw, b + db));
    };
    let label = Signal::derive(move || landscape_label(lab));
    view! {
        <figure class="card lab-landscape">
            <canvas node_ref=canvas data-testid="landscape" role="img" tabindex="0"
                aria-label=label
                on:pointerdown=move |ev: web_sys::PointerEvent| {
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                    pressed.set(true);
                    if let Some(wb) = at(&ev) { lab.set_start(wb) }
                }
                on:pointermove=move |ev: web_sys::PointerEvent| {
                    if pressed.get_untracked() {
                        if let Some(wb) = at(&ev) { lab.set_start(wb) }
                    }
                }
                on:pointerup=move |_| pressed.set(false)
                on:pointercancel=move |_| pressed.set(false)
                on:keydown=on_key></canvas>
            <figcaption>
                {move || format!("{} over (w, b){}. Dots: each loss's minimiser (bigger: this loss); white: gradient descent from the start (click or drag to move it).",
                    lab.lab_loss.get().spec().display, if lab.log.get() { ", log colour scale" } else { "" })}
            </figcaption>
        </figure>
    }
}
