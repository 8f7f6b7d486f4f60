//! The drawing pad: the own data set on [−1, 1]², a tap adds a point of the chosen class (or of the
//! curve) and a tap on a point removes it. The pointer's position goes through
//! `dom::client_to_local` (presenter mode's zoom); painted with plotters like every figure.

use crate::effect::effect;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;

use nnfunc::train::own::{MAX_OWN_POINTS, OWN_CLASSES};
use nnfunc::train::{OwnPoint, Task, TaskKind};

use super::super::draw::class_color;
use super::super::state::{own::round3, TrainingState};
use super::text::own_csv;
use crate::chart::backend::Backend;
use crate::chart::canvas::{fit, use_css_size};
use crate::chart::export::{register_figure, Figure, Size, Surface};
use crate::chart::style::{rgb, stroke};
use crate::dom::{device_pixel_ratio, offset_in};
use crate::theme::{use_environment, ChartTheme};

/// A tap this close to a point (CSS pixels) removes it.
const HIT_RADIUS: f64 = 9.0;
/// The side of the pad before layout.
const FALLBACK: (u32, u32) = (300, 300);

/// What a tap at `(u, v)` CSS pixels on a `width × height` pad does to `points`: removes the
/// nearest point within [`HIT_RADIUS`], else adds one of `class` (3 decimals; none past the limit).
/// Returns whether it added.
pub fn tap(
    points: &mut Vec<OwnPoint>,
    (u, v): (f64, f64),
    (width, height): (f64, f64),
    class: usize,
) -> Option<bool> {
    if !(width > 0.0 && height > 0.0 && u.is_finite() && v.is_finite()) {
        return None;
    }
    let to_px = |p: &OwnPoint| ((p.x + 1.0) / 2.0 * width, (1.0 - p.y) / 2.0 * height);
    let nearest = points
        .iter()
        .map(|p| {
            let (pu, pv) = to_px(p);
            (pu - u).hypot(pv - v)
        })
        .enumerate()
        .filter(|&(_, d)| d <= HIT_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((i, _)) = nearest {
        points.remove(i);
        return Some(false);
    }
    if points.len() >= MAX_OWN_POINTS {
        return None;
    }
    let x = round3(2.0 * u / width - 1.0);
    let y = round3(1.0 - 2.0 * v / height);
    points.push(OwnPoint::new(x, y, class));
    Some(true)
}

/// The pad: the axes through 0, the points (by class), on any plotters backend at `scale`.
fn paint_pad<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    task: Task,
    points: &[OwnPoint],
    dark: bool,
    theme: &ChartTheme,
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (i32::try_from(w).unwrap_or(0), i32::try_from(h).unwrap_or(0));
    root.fill(&rgb(theme.background)).map_err(err)?;
    let axis = stroke(theme.grid, scale.max(1.0));
    root.draw(&PathElement::new([(w / 2, 0), (w / 2, h)], axis))
        .map_err(err)?;
    root.draw(&PathElement::new([(0, h / 2), (w, h / 2)], axis))
        .map_err(err)?;
    let radius = (4.0 * scale).round().max(2.0) as i32;
    let ring = stroke(theme.background, scale);
    for p in points {
        let center = (
            ((p.x + 1.0) / 2.0 * f64::from(w)).round() as i32,
            ((1.0 - p.y) / 2.0 * f64::from(h)).round() as i32,
        );
        let color = match task.kind() {
            TaskKind::Classification => class_color(p.class, dark),
            TaskKind::Regression | TaskKind::Image => theme.text,
        };
        root.draw(&Circle::new(center, radius, rgb(color).filled()))
            .map_err(err)?;
        root.draw(&Circle::new(center, radius, ring)).map_err(err)?;
    }
    root.present().map_err(err)
}

/// The pad in the exports: the picture, and the data set as the CSV file.
struct PadFigure(RwSignal<TrainingState>);

impl Figure for PadFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        self.0
            .try_with_untracked(|s| {
                paint_pad(to.root, to.scale, s.task, &s.own, to.dark, &to.theme)
            })
            .unwrap_or_else(|| Err("the training lab is gone".into()))
    }

    fn csv(&self) -> Result<String, String> {
        self.0
            .try_with_untracked(|s| own_csv(s.task, &s.own))
            .ok_or_else(|| "the training lab is gone".into())
    }
}

/// The pad with its class picker; `status` hears what a tap did.
#[component]
pub fn DrawPad(state: RwSignal<TrainingState>, status: WriteSignal<String>) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let size = use_css_size(canvas);
    let class = RwSignal::new(0usize);
    let environment = use_environment();
    let task = Memo::new(move |_| state.with(|s| s.task));
    register_figure(
        "own-pad",
        Size::Observed(size, FALLBACK),
        environment.dark,
        PadFigure(state),
    );
    effect(move || {
        let dark = environment.dark.get();
        let css = size.get().unwrap_or(FALLBACK);
        let Some(el) = canvas.get() else { return };
        let fitted = fit(&el, css, device_pixel_ratio());
        let theme = ChartTheme::new(dark);
        let drawn = state.with(|s| {
            let root = Backend::canvas(&el)?.into_drawing_area();
            paint_pad(&root, fitted.dpr, s.task, &s.own, dark, &theme)
        });
        if let Err(e) = drawn {
            crate::dom::warn(&format!("the drawing pad: {e}"));
        }
    });
    let on_tap = move |ev: web_sys::MouseEvent| {
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        let at = offset_in(&el, &ev);
        let side = (f64::from(el.client_width()), f64::from(el.client_height()));
        let mut done = None;
        state.update(|s| done = tap(&mut s.own, at, side, class.get_untracked()));
        status.set(match done {
            Some(true) => "Point added; the run starts again on your data.".into(),
            Some(false) => "Point removed; the run starts again on your data.".into(),
            None => format!("The lab holds at most {MAX_OWN_POINTS} points."),
        });
    };
    let classes = (0..OWN_CLASSES)
        .map(|k| {
            let color = move || crate::chart::style::css_rgb(class_color(k, environment.dark.get()));
            view! {
                <label class="own-class">
                    <input type="radio" name="own-class" value=k.to_string() data-testid=format!("own-class-{k}")
                        prop:checked=move || class.get() == k
                        on:change=move |_| class.set(k) />
                    <span class="train-swatch" style:background=color></span>
                    {format!("Class {k}")}
                </label>
            }
        })
        .collect_view();
    let is_points = move || task.get().kind() == TaskKind::Classification;
    view! {
        <fieldset class="own-classes" hidden=move || !is_points()>
            <legend>"New points are of"</legend>
            {classes}
        </fieldset>
        <canvas node_ref=canvas class="own-pad" data-testid="own-pad" role="img"
            aria-label=move || state.with(|s| format!(
                "Your data set: {} points on the square from −1 to 1; tap to add a point, tap a point to remove it (or edit the list below).",
                s.own.len()))
            on:click=on_tap></canvas>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tap_adds_a_point_or_removes_the_one_under_it() {
        let mut points = Vec::new();
        let pad = (200.0, 100.0);
        assert_eq!(tap(&mut points, (150.0, 25.0), pad, 2), Some(true));
        assert_eq!(points, [OwnPoint::new(0.5, 0.5, 2)]);
        assert_eq!(tap(&mut points, (0.0, 100.0), pad, 0), Some(true));
        assert_eq!(points[1], OwnPoint::new(-1.0, -1.0, 0));
        // Within the hit radius of the first: removed, whatever the class.
        assert_eq!(tap(&mut points, (155.0, 30.0), pad, 1), Some(false));
        assert_eq!(points, [OwnPoint::new(-1.0, -1.0, 0)]);
        assert_eq!(tap(&mut points, (f64::NAN, 0.0), pad, 0), None);
        assert_eq!(tap(&mut points, (1.0, 1.0), (0.0, 0.0), 0), None);
        let mut full = vec![OwnPoint::new(0.0, 0.0, 0); MAX_OWN_POINTS];
        assert_eq!(tap(&mut full, (1.0, 1.0), pad, 0), None);
    }

    #[test]
    fn a_tap_in_thousandths_stays_on_the_pad() {
        let mut points = Vec::new();
        tap(&mut points, (333.3333, -5.0), (300.0, 300.0), 1);
        assert_eq!(points, [OwnPoint::new(1.0, 1.0, 1)]);
    }
}
