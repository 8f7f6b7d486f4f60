//! The plane's card: the canvas, the three draggable handles over it (pointer and arrow keys), the
//! legend and the figure's text alternative with the current numbers.

use leptos::prelude::*;
use nnfunc::plot::{format_significant, hex};
use nnfunc::triplet::{Norm, Point, Triplet};

use super::draw::Drawn;
use super::model::{arrow_scale, n4, Derived, Model, BATCH_CLASSES};
use super::plane::{self, role_colors};
use super::scene::PlaneFigure;
use super::state::Mode;
use crate::chart::export::{register_figure, Size};
use crate::dom::{arrow_step, end_drag, start_drag};
use crate::theme::use_environment;
use crate::url::format_number;

/// One of the three points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Anchor,
    Positive,
    Negative,
}

impl Role {
    const ALL: [Role; 3] = [Role::Anchor, Role::Positive, Role::Negative];

    const fn key(self) -> &'static str {
        match self {
            Role::Anchor => "anchor",
            Role::Positive => "positive",
            Role::Negative => "negative",
        }
    }

    const fn letter(self) -> &'static str {
        match self {
            Role::Anchor => "a",
            Role::Positive => "p",
            Role::Negative => "n",
        }
    }

    const fn index(self) -> usize {
        match self {
            Role::Anchor => 0,
            Role::Positive => 1,
            Role::Negative => 2,
        }
    }

    fn get(self, t: &Triplet) -> Point {
        t.points()[self.index()]
    }

    fn set(self, t: &mut Triplet, p: Point) {
        match self {
            Role::Anchor => t.anchor = p,
            Role::Positive => t.positive = p,
            Role::Negative => t.negative = p,
        }
    }
}

fn snap(v: f64, unit: f64) -> f64 {
    (v / unit).round() * unit
}

#[component]
pub fn PlaneCard(
    model: Model,
    derived: Derived,
    canvas: NodeRef<leptos::html::Canvas>,
    drawn: Drawn,
) -> impl IntoView {
    let environment = use_environment();
    let figure = PlaneFigure {
        model,
        evaluation: derived.evaluation,
        mined: derived.mined,
    };
    let size = Size::Canvas(canvas, plane::FALLBACK_CSS_SIZE);
    register_figure("plane", size, environment.dark, figure);
    let dragging = RwSignal::new(None::<Role>);
    let handles = Role::ALL
        .into_iter()
        .map(|role| view! { <Handle role model canvas drawn dragging /> })
        .collect_view();
    view! {
        <div class="card triplet-plane-card">
            <div class="triplet-plane">
                <canvas
                    node_ref=canvas
                    data-testid="plane"
                    role="img"
                    aria-label=plane_label(model, derived)
                ></canvas>
                {handles}
            </div>
            <Legend model />
            {move || drawn.error.get().map(|m| view! { <p class="chart-message" role="status">{m}</p> })}
        </div>
    }
}

/// The plane's text alternative, with the current numbers (it follows every drag).
fn plane_label(model: Model, derived: Derived) -> Signal<String> {
    let Model {
        config,
        triplet,
        mode,
        batch,
        ..
    } = model;
    let Derived {
        evaluation, stats, ..
    } = derived;
    Signal::derive(move || {
        if mode.get() == Mode::Batch {
            return match stats.get() {
                Some(s) => format!(
                    "The embedding plane in batch mode: {} points of {BATCH_CLASSES} classes and \
                     the {} mined triplets; mean loss {}, {} % of all triplets violate the margin.",
                    batch.with(|b| b.points.len()),
                    s.mined,
                    n4(s.mean_loss),
                    n4(100.0 * s.active_fraction)
                ),
                None => "The embedding plane in batch mode.".to_string(),
            };
        }
        let t = triplet.get();
        let at = |(x, y): (f64, f64)| format!("({}, {})", n4(x), n4(y));
        let head = format!(
            "The embedding plane: anchor {}, positive {}, negative {}, the margin boundary, the \
             distances and the negative gradients.",
            at(t.anchor),
            at(t.positive),
            at(t.negative)
        );
        match evaluation.get() {
            Ok(e) => format!(
                "{head} δ₊ = {}, δ₋ = {}, margin {}: triplet margin loss {}, ratio loss {}.",
                n4(e.d_pos),
                n4(e.d_neg),
                n4(config.with(|c| c.margin)),
                n4(e.margin_loss),
                n4(e.ratio_loss)
            ),
            Err(message) => format!("{head} {message}"),
        }
    })
}

/// A point's handle: a button over the canvas, dragged with a pointer or moved with the arrow
/// keys (Shift for larger steps).
#[component]
fn Handle(
    role: Role,
    model: Model,
    canvas: NodeRef<leptos::html::Canvas>,
    drawn: Drawn,
    dragging: RwSignal<Option<Role>>,
) -> impl IntoView {
    let Model { triplet, mode, .. } = model;
    let plane_area = drawn.plane_area;
    let position = move || {
        plane_area
            .get()
            .map(|area| area.to_css(triplet.with(|t| role.get(t))))
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if start_drag(&ev) {
            dragging.set(Some(role));
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if dragging.get_untracked() != Some(role) {
            return;
        }
        let (Some(canvas), Some(area)) = (canvas.get_untracked(), plane_area.get_untracked())
        else {
            return;
        };
        let (x, y) = area.to_data_at(&canvas, &ev);
        triplet.update(|t| role.set(t, (snap(x, 1e-3), snap(y, 1e-3))));
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        end_drag(&ev);
        dragging.set(None);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let step = if ev.shift_key() { 0.5 } else { 0.05 };
        let Some((dx, dy)) = arrow_step(&ev.key(), step) else {
            return;
        };
        ev.prevent_default();
        triplet.update(|t| {
            let (x, y) = role.get(t);
            role.set(t, (snap(x + dx, 1e-6), snap(y + dy, 1e-6)));
        });
    };
    let point = move || triplet.with(|t| role.get(t));
    view! {
        <button
            type="button"
            class=format!("triplet-handle triplet-handle-{}", role.key())
            data-testid=format!("handle-{}", role.key())
            aria-label=move || {
                let (x, y) = point();
                format!("{} at ({}, {})", role.key(), format_significant(x, 4), format_significant(y, 4))
            }
            data-x=move || format_number(point().0)
            data-y=move || format_number(point().1)
            hidden=move || mode.get() == Mode::Batch || plane_area.get().is_none()
            style:left=move || position().map(|p| format!("{:.2}px", p.0))
            style:top=move || position().map(|p| format!("{:.2}px", p.1))
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_up
            on:keydown=on_key
        >
            {role.letter()}
        </button>
    }
}

/// What the colours, lines and arrows on the plane mean.
#[component]
fn Legend(model: Model) -> impl IntoView {
    let Model { config, mode, .. } = model;
    let dark = use_environment().dark;
    let [c_a, c_p, c_n] = [0, 1, 2].map(|i| move || hex(role_colors(dark.get())[i]));
    view! {
        <p class="triplet-legend">
            {move || match mode.get() {
                Mode::Single => view! {
                    // Coloured dots, text in the text colour: the role colours are
                    // below 4.5:1 as text on the light surface.
                    <span class="legend-dot" style:background=c_a aria-hidden="true"></span>"anchor a "
                    <span class="legend-dot" style:background=c_p aria-hidden="true"></span>"positive p "
                    <span class="legend-dot" style:background=c_n aria-hidden="true"></span>"negative n"
                    " · dashed: the margin boundary (a "
                    {move || config.get().norm.ball_shape()}
                    " of the "
                    {move || match config.get().norm { Norm::Infinity => "L∞".to_string(), n => format!("L{}", n.key()) }}
                    " norm, centred at a + eps·(1, 1)); dotted: the ball through p · arrows: −∇ "
                    {move || config.get().loss.id().spec().display}
                    " × "
                    {move || arrow_scale(config.get().loss)}
                }.into_any(),
                Mode::Batch => view! {
                    "Points coloured by class; thin lines: the mined triplets (green a–p, red a–n; at most "
                    {plane::MAX_DRAWN_TRIPLETS}
                    " drawn)."
                }.into_any(),
            }}
        </p>
    }
}
