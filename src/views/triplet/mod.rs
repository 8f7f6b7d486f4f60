//! The Triplet view: Figure 1 of Balntas et al. (BMVC 2016) brought to life. Drag an anchor, a
//! positive and a negative on a plane and watch the triplet margin loss and the ratio loss, their
//! gradients on the points, and the two loss surfaces over (δ₊, δ₋); step or play gradient descent;
//! or train a batch of labelled points under a mining strategy.
//!
//! - `state` — the settings and the address bar.
//! - `plane` — the embedding plane (2D context).
//! - `surfaces` — the two heatmaps, prepared once per (loss, margin, D, shading).

mod plane;
pub mod state;
mod surfaces;

use std::time::Duration;

use leptos::prelude::*;

use crate::views::{Control, Page, ViewSpec};
use nnfunc::plot::{extent, format_significant, AxisRange};
use nnfunc::triplet::{
    batch_stats, descend, evaluate, generate, mine, train_step, Batch, BatchStats, Config,
    Evaluation, Mining, Norm, Point, Shading, Triplet, TripletLoss,
};
use wasm_bindgen::JsCast;

use crate::chart::export::{
    canvas_css_size, chart_theme, register_figure, Cell, Csv, Figure, RasterSink,
};
use crate::chart::heatmap::{HeatmapFigure, Overlay, PlotArea};
use crate::chart::line_chart::{self, LineChart, Series, SeriesStyle};
use crate::chart::pen::PlottersPen;
use crate::dom::{target_checked, target_value};
use crate::perf;
use crate::theme::{use_environment, ChartTheme};
use plane::{role_colors, Scene};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use state::{margin_key, real_slider, Mode, Settings, D_RANGE, LR_RANGE};
use surfaces::{position_overlays, Surface, SurfaceKey};

/// The `performance.measure` name of one redraw (plane and both surfaces).
pub const DRAW_MEASURE: &str = "draw:triplet";
const DRAW_START_MARK: &str = "draw:triplet:start";
const PLANE_END_MARK: &str = "draw:triplet:plane-end";
/// The parts of [`DRAW_MEASURE`]: the plane, then the surfaces (and the batch chart).
pub const PLANE_MEASURE: &str = "draw:triplet:plane";
pub const SURFACES_MEASURE: &str = "draw:triplet:surfaces";
/// Play stops after this many steps …
const MAX_PLAY_STEPS: usize = 1000;
/// … or once a step changes the loss by no more than this.
const STILL: f64 = 1e-12;
/// The trail keeps this many past positions.
const MAX_TRAIL: usize = 1000;
/// Classes and points per class of a batch.
const BATCH_CLASSES: usize = 4;
const BATCH_PER_CLASS: usize = 8;
/// Mined triplets marked on the surfaces in batch mode.
const MAX_SURFACE_MARKERS: usize = 200;
/// Significant digits of the read-outs (PyTorch's float64, to 1e-12).
const READOUT_DIGITS: usize = 12;

/// The arrows show `−∇ × scale` (in plane units): the margin loss's gradients have length about 1,
/// the ratio loss's at most 4σ²(1 − σ) ≤ 16/27 per distance.
fn arrow_scale(loss: TripletLoss) -> f64 {
    match loss {
        TripletLoss::Margin => 0.5,
        TripletLoss::Ratio => 2.0,
    }
}

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

fn readout(v: f64) -> String {
    format_significant(v, READOUT_DIGITS)
}

/// The margin loss's and the ratio loss's (δ₊, δ₋) of a triplet, without evaluating gradients.
fn distances(config: &Config, t: &Triplet) -> (Point, Point) {
    let d_an = config.distance(t.anchor, t.negative);
    let d_neg = if config.swap {
        d_an.min(config.distance(t.positive, t.negative))
    } else {
        d_an
    };
    let euclid = |x: Point, y: Point| (x.0 - y.0).hypot(x.1 - y.1);
    (
        (config.distance(t.anchor, t.positive), d_neg),
        (euclid(t.anchor, t.positive), euclid(t.anchor, t.negative)),
    )
}

/// The signals Step and Play change.
#[derive(Clone, Copy)]
struct Model {
    config: RwSignal<Config>,
    triplet: RwSignal<Triplet>,
    lr: RwSignal<f64>,
    mode: RwSignal<Mode>,
    mining: RwSignal<Mining>,
    seed: RwSignal<u64>,
    trail: RwSignal<Vec<Triplet>>,
    batch: RwSignal<Batch>,
    /// Statistics after each batch step (index = step).
    history: RwSignal<Vec<BatchStats>>,
    playing: RwSignal<bool>,
    status: RwSignal<String>,
}

impl Model {
    /// One step of gradient descent; returns how much the loss changed.
    fn step(&self) -> Result<f64, String> {
        let (config, lr) = (self.config.get_untracked(), self.lr.get_untracked());
        match self.mode.get_untracked() {
            Mode::Single => {
                let t = self.triplet.get_untracked();
                let (next, before) = descend(&t, &config, lr).map_err(|e| e.to_string())?;
                let after = evaluate(&next, &config).map_err(|e| e.to_string())?;
                self.trail.update(|trail| {
                    trail.push(t);
                    if trail.len() > MAX_TRAIL {
                        trail.remove(0);
                    }
                });
                self.triplet.set(next);
                Ok((before.loss - after.loss).abs())
            }
            Mode::Batch => {
                let mining = self.mining.get_untracked();
                let batch = self.batch.get_untracked();
                let before = match self.history.with_untracked(|h| h.last().copied()) {
                    Some(stats) => stats,
                    None => batch_stats(&batch, &config, mining).map_err(|e| e.to_string())?,
                };
                let (next, _) =
                    train_step(&batch, &config, mining, lr).map_err(|e| e.to_string())?;
                let after = batch_stats(&next, &config, mining).map_err(|e| e.to_string())?;
                self.history.update(|h| {
                    if h.is_empty() {
                        h.push(before);
                    }
                    h.push(after);
                });
                self.batch.set(next);
                Ok((before.mean_loss - after.mean_loss).abs())
            }
        }
    }

    /// Forget the trail (single) or start the batch again from its seed.
    fn reset(&self) {
        self.playing.set(false);
        self.status.set(String::new());
        self.trail.set(Vec::new());
        self.batch.set(generate(
            self.seed.get_untracked(),
            BATCH_CLASSES,
            BATCH_PER_CLASS,
        ));
        self.history.set(Vec::new());
    }
}

/// One animation frame of Play: a step, then the next frame unless the loss stopped changing.
fn play_frame(model: Model, count: usize) {
    if !model.playing.try_get_untracked().unwrap_or(false) {
        return;
    }
    let count = count + 1;
    let stop = match model.step() {
        Err(message) => Some(format!("Stopped: {message}")),
        Ok(change) if change <= STILL => Some(format!(
            "Stopped after {count} steps: the loss stopped changing."
        )),
        Ok(_) if count >= MAX_PLAY_STEPS => Some(format!("Paused after {count} steps.")),
        Ok(_) => None,
    };
    match stop {
        Some(message) => {
            model.playing.set(false);
            model.status.set(message);
        }
        None => request_animation_frame(move || play_frame(model, count)),
    }
}

/// The plane's scene of one triplet with its trail, and the range that holds them all.
fn single_scene<'a>(
    triplet: &'a Triplet,
    evaluation: Option<&'a Evaluation>,
    config: &'a Config,
    trail: &'a [Triplet],
) -> (Scene<'a>, AxisRange) {
    let range = plane::view_range(
        trail
            .iter()
            .chain(std::iter::once(triplet))
            .flat_map(|q| q.points()),
    );
    let scene = Scene::Single {
        triplet,
        evaluation,
        config,
        trail,
        arrow_scale: arrow_scale(config.loss),
    };
    (scene, range)
}

/// The plane as the export buttons see it: the scene rebuilt from the view's state, as the drawing
/// effect builds it, and painted by `plane::paint` through a [`PlottersPen`].
struct PlaneFigure {
    model: Model,
    evaluation: Memo<Result<Evaluation, String>>,
    mined: Memo<Vec<nnfunc::triplet::TripletIndices>>,
    canvas: NodeRef<leptos::html::Canvas>,
    dark: ReadSignal<bool>,
}

impl PlaneFigure {
    /// `f` of the scene and its range, or an error once the view is gone.
    fn with_scene<R>(&self, f: impl FnOnce(&Scene, AxisRange) -> R) -> Result<R, String> {
        let removed = || "the view was removed".to_string();
        let Model {
            config,
            triplet,
            mode,
            trail,
            batch,
            ..
        } = self.model;
        let cfg = config.try_get_untracked().ok_or_else(removed)?;
        match mode.try_get_untracked().ok_or_else(removed)? {
            Mode::Single => {
                let t = triplet.try_get_untracked().ok_or_else(removed)?;
                let eval = self.evaluation.try_get_untracked().ok_or_else(removed)?;
                trail
                    .try_with_untracked(|trail| {
                        let (scene, range) = single_scene(&t, eval.as_ref().ok(), &cfg, trail);
                        f(&scene, range)
                    })
                    .ok_or_else(removed)
            }
            Mode::Batch => {
                let triplets = self.mined.try_get_untracked().ok_or_else(removed)?;
                batch
                    .try_with_untracked(|b| {
                        let range = plane::view_range(b.points.iter().copied());
                        f(
                            &Scene::Batch {
                                batch: b,
                                triplets: &triplets,
                            },
                            range,
                        )
                    })
                    .ok_or_else(removed)
            }
        }
    }
}

impl Figure for PlaneFigure {
    fn css_size(&self) -> (u32, u32) {
        canvas_css_size(self.canvas, (520, 520))
    }

    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
        _raster: &mut RasterSink,
    ) -> Result<(), String> {
        let (w, h) = self.css_size();
        let theme = chart_theme(self.dark);
        let dark = self.dark.try_get_untracked().unwrap_or(false);
        let pen = PlottersPen::new(root, scale);
        self.with_scene(|scene, range| {
            plane::paint(
                &pen,
                (f64::from(w), f64::from(h)),
                scene,
                range,
                &theme,
                dark,
            )
        })?;
        pen.finish()
    }

    /// One triplet: its three points, then the trail (oldest first); a batch: every point and
    /// its class.
    fn csv(&self) -> Result<String, String> {
        let mut csv = Csv::new(["layer", "x", "y", "class"].map(String::from).to_vec());
        let mut row = |layer: &str, (x, y): Point, class: Option<usize>| {
            csv.rows.push(vec![
                Cell::Text(layer.into()),
                Cell::Number(x),
                Cell::Number(y),
                Cell::from(class.map(|c| c as f64)),
            ]);
        };
        self.with_scene(|scene, _| match scene {
            Scene::Single { triplet, trail, .. } => {
                let roles = ["anchor", "positive", "negative"];
                for (role, p) in roles.iter().zip(triplet.points()) {
                    row(role, p, None);
                }
                for t in trail.iter() {
                    for (role, p) in roles.iter().zip(t.points()) {
                        row(&format!("trail {role}"), p, None);
                    }
                }
            }
            Scene::Batch { batch, .. } => {
                for (p, class) in batch.points.iter().zip(&batch.labels) {
                    row("point", *p, Some(*class));
                }
            }
        })?;
        Ok(csv.text())
    }
}

/// The triplet view in the registry.
pub const SPEC: ViewSpec = ViewSpec {
    key: "triplet",
    label: "Triplet",
    mount: || view! { <TripletView /> }.into_any(),
    owns: state::owns,
    pages: &[
        Page::new("triplet", "?view=triplet", "plane").with_control(Control {
            selector: r#"select[name="triplet_margin_loss.p"]"#,
            value: "1",
            key: "triplet_margin_loss.p",
            want: "1",
        }),
    ],
};

#[component]
pub fn TripletView() -> impl IntoView {
    let (initial, notices) = state::from_url();
    let config = RwSignal::new(initial.config);
    let model = Model {
        config,
        triplet: RwSignal::new(initial.triplet),
        lr: RwSignal::new(initial.lr),
        mode: RwSignal::new(initial.mode),
        mining: RwSignal::new(initial.mining),
        seed: RwSignal::new(initial.seed),
        trail: RwSignal::new(Vec::new()),
        batch: RwSignal::new(generate(initial.seed, BATCH_CLASSES, BATCH_PER_CLASS)),
        history: RwSignal::new(Vec::new()),
        playing: RwSignal::new(false),
        status: RwSignal::new(String::new()),
    };
    let Model {
        triplet,
        lr,
        mode,
        mining,
        seed,
        trail,
        batch,
        history,
        playing,
        status,
        ..
    } = model;
    let d_max = RwSignal::new(initial.d_max);
    let shading = RwSignal::new(initial.shading);
    let plane_area = RwSignal::new(None::<PlotArea>);
    let dragging = RwSignal::new(None::<Role>);
    let draw_error = RwSignal::new(None::<String>);
    let environment = use_environment();

    let plane_ref = NodeRef::<leptos::html::Canvas>::new();
    let margin_ref = NodeRef::<leptos::html::Canvas>::new();
    let ratio_ref = NodeRef::<leptos::html::Canvas>::new();
    let stats_ref = NodeRef::<leptos::html::Canvas>::new();

    // ---- derived state ----
    let evaluation = Memo::new(move |_| {
        evaluate(&triplet.get(), &config.get()).map_err(|e| format!("Cannot evaluate: {e}"))
    });
    let margin_surface = Memo::new(move |_| {
        Surface::new(SurfaceKey {
            loss: TripletLoss::Margin,
            margin: config.with(|c| c.margin),
            d_max: d_max.get(),
            shading: shading.get(),
        })
    });
    let ratio_surface = Memo::new(move |_| {
        Surface::new(SurfaceKey {
            loss: TripletLoss::Ratio,
            margin: 1.0,
            d_max: d_max.get(),
            shading: shading.get(),
        })
    });
    // The surfaces' position overlays as last drawn, for the export.
    let margin_shown = StoredValue::new(Vec::<Overlay>::new());
    let ratio_shown = StoredValue::new(Vec::<Overlay>::new());
    for (test_id, surface, shown, canvas) in [
        ("surface-margin", margin_surface, margin_shown, margin_ref),
        ("surface-ratio", ratio_surface, ratio_shown, ratio_ref),
    ] {
        register_figure(
            test_id,
            HeatmapFigure {
                source: move || Some((surface.try_get_untracked()?.chart, shown.try_get_value()?)),
                canvas,
                dark: environment.dark,
                value: "loss",
            },
        );
    }
    let mined = Memo::new(move |_| {
        if mode.get() != Mode::Batch {
            return Vec::new();
        }
        batch.with(|b| mine(b, &config.get(), mining.get()))
    });
    let stats = Memo::new(move |_| {
        if mode.get() != Mode::Batch {
            return None;
        }
        batch.with(|b| batch_stats(b, &config.get(), mining.get()).ok())
    });
    // The figures' text alternatives, with the current numbers (they follow every drag).
    let n4 = |v: f64| format_significant(v, 4);
    let plane_label = Signal::derive(move || {
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
    });
    let surface_label = move |name: &str, margin: bool| {
        let position = match evaluation.get() {
            Ok(e) if margin => format!(
                "marked: the current triplet at δ₊ = {}, δ₋ = {}, loss {}",
                n4(e.d_pos),
                n4(e.d_neg),
                n4(e.margin_loss)
            ),
            Ok(e) => format!(
                "marked: the current triplet at δ₊ = {}, δ₋ = {}, loss {}",
                n4(e.ratio_d_pos),
                n4(e.ratio_d_neg),
                n4(e.ratio_loss)
            ),
            Err(message) => message,
        };
        let margin_text = if margin {
            format!(", margin {}", n4(config.with(|c| c.margin)))
        } else {
            String::new()
        };
        format!(
            "{name} over (δ₊, δ₋) from 0 to {}{margin_text}, with contour lines; {position}",
            n4(d_max.get())
        )
    };
    let margin_label = Signal::derive(move || surface_label("Triplet margin loss", true));
    let ratio_label = Signal::derive(move || surface_label("Ratio loss", false));

    let settings = Memo::new(move |_| Settings {
        config: config.get(),
        triplet: triplet.get(),
        lr: lr.get(),
        seed: seed.get(),
        d_max: d_max.get(),
        shading: shading.get(),
        mode: mode.get(),
        mining: mining.get(),
    });

    register_figure(
        "plane",
        PlaneFigure {
            model,
            evaluation,
            mined,
            canvas: plane_ref,
            dark: environment.dark,
        },
    );
    // ---- the address bar follows the settings (debounced: dragging and Play change them per frame) ----
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let s = settings.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle =
            set_timeout_with_handle(move || state::write_url(&s), Duration::from_millis(150));
        pending.set_value(handle.ok());
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
        state::clear_url();
    });

    // ---- drawing: plane and both surfaces (and the batch chart), one measure per redraw ----
    Effect::new(move |_| {
        let dark = environment.dark.get();
        environment.viewport.track();
        let (Some(plane_canvas), Some(margin_canvas), Some(ratio_canvas)) =
            (plane_ref.get(), margin_ref.get(), ratio_ref.get())
        else {
            return;
        };
        let stats_canvas = stats_ref.get();
        let theme = ChartTheme::new(dark);
        let cfg = config.get();
        let current_mode = mode.get();
        let eval = evaluation.get();
        perf::mark(DRAW_START_MARK);
        let result = (|| -> Result<PlotArea, String> {
            let (area, margin_extra, ratio_extra) = match current_mode {
                Mode::Single => {
                    let t = triplet.get();
                    trail.with(|trail| {
                        let (scene, range) = single_scene(&t, eval.as_ref().ok(), &cfg, trail);
                        let area = plane::draw(&plane_canvas, &scene, range, &theme, dark)?;
                        let (mut margin_path, mut ratio_path): (Vec<Point>, Vec<Point>) = trail
                            .iter()
                            .chain(std::iter::once(&t))
                            .map(|q| distances(&cfg, q))
                            .unzip();
                        let (m_at, r_at) = distances(&cfg, &t);
                        if trail.is_empty() {
                            margin_path.clear();
                            ratio_path.clear();
                        }
                        Ok::<_, String>((
                            area,
                            position_overlays(m_at, margin_path),
                            position_overlays(r_at, ratio_path),
                        ))
                    })?
                }
                Mode::Batch => batch.with(|b| {
                    let triplets = mined.get();
                    let range = plane::view_range(b.points.iter().copied());
                    let scene = Scene::Batch {
                        batch: b,
                        triplets: &triplets,
                    };
                    let area = plane::draw(&plane_canvas, &scene, range, &theme, dark)?;
                    let markers = |ratio: bool| -> Vec<Overlay> {
                        triplets
                            .iter()
                            .take(MAX_SURFACE_MARKERS)
                            .filter_map(|&(a, p, n)| {
                                let t = Triplet {
                                    anchor: *b.points.get(a)?,
                                    positive: *b.points.get(p)?,
                                    negative: *b.points.get(n)?,
                                };
                                let (m, r) = distances(&cfg, &t);
                                Some(Overlay::Marker {
                                    at: if ratio { r } else { m },
                                    color: surfaces::HIGHLIGHT,
                                    radius_css: 2.5,
                                })
                            })
                            .collect()
                    };
                    Ok::<_, String>((area, markers(false), markers(true)))
                })?,
            };
            perf::measure_from(PLANE_MEASURE, DRAW_START_MARK);
            perf::mark(PLANE_END_MARK);
            margin_surface.with(|s| surfaces::draw(&margin_canvas, s, &margin_extra, &theme))?;
            ratio_surface.with(|s| surfaces::draw(&ratio_canvas, s, &ratio_extra, &theme))?;
            margin_shown.set_value(margin_extra);
            ratio_shown.set_value(ratio_extra);
            if let (Mode::Batch, Some(canvas)) = (current_mode, &stats_canvas) {
                history.with(|h| line_chart::draw(canvas, &stats_chart(h, &theme), &theme))?;
            }
            Ok(area)
        })();
        perf::measure_from(DRAW_MEASURE, DRAW_START_MARK);
        perf::measure_from(SURFACES_MEASURE, PLANE_END_MARK);
        perf::clear_mark(DRAW_START_MARK);
        perf::clear_mark(PLANE_END_MARK);
        match result {
            Ok(area) => {
                if plane_area.get_untracked() != Some(area) {
                    plane_area.set(Some(area));
                }
                if draw_error.get_untracked().is_some() {
                    draw_error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the triplet view failed: {message}"));
                draw_error.set(Some(message));
            }
        }
    });

    // ---- handles ----
    let handle = move |role: Role| {
        let position = move || {
            plane_area
                .get()
                .map(|area| area.to_css(triplet.with(|t| role.get(t))))
        };
        let on_down = move |ev: web_sys::PointerEvent| {
            if ev.pointer_type() == "mouse" && ev.button() != 0 {
                return;
            }
            ev.prevent_default();
            if let Some(el) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.set_pointer_capture(ev.pointer_id());
                let _ = el.focus();
            }
            dragging.set(Some(role));
        };
        let on_move = move |ev: web_sys::PointerEvent| {
            if dragging.get_untracked() != Some(role) {
                return;
            }
            let (Some(canvas), Some(area)) =
                (plane_ref.get_untracked(), plane_area.get_untracked())
            else {
                return;
            };
            let rect = canvas.get_bounding_client_rect();
            let (x, y) = area.to_data(
                f64::from(ev.client_x()) - rect.left(),
                f64::from(ev.client_y()) - rect.top(),
            );
            triplet.update(|t| role.set(t, (snap(x, 1e-3), snap(y, 1e-3))));
        };
        let on_up = move |ev: web_sys::PointerEvent| {
            if let Some(el) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.release_pointer_capture(ev.pointer_id());
            }
            dragging.set(None);
        };
        let on_key = move |ev: web_sys::KeyboardEvent| {
            let step = if ev.shift_key() { 0.5 } else { 0.05 };
            let (dx, dy) = match ev.key().as_str() {
                "ArrowLeft" => (-step, 0.0),
                "ArrowRight" => (step, 0.0),
                "ArrowUp" => (0.0, step),
                "ArrowDown" => (0.0, -step),
                _ => return,
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
                data-x=move || state::url_number(point().0)
                data-y=move || state::url_number(point().1)
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
    };
    let handles = Role::ALL.into_iter().map(handle).collect_view();

    // ---- controls ----
    let (margin_min, margin_max, margin_step) = real_slider("margin");
    let (eps_min, eps_max, _) = real_slider("eps");
    let number = |ev: &web_sys::Event| {
        target_value(ev)
            .and_then(|t| t.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
    };
    let stop_playing = move || {
        if playing.get_untracked() {
            playing.set(false);
        }
    };
    let on_step = move |_| {
        stop_playing();
        status.set(match model.step() {
            Ok(_) => String::new(),
            Err(message) => message,
        });
    };
    let on_play = move |_| {
        if playing.get_untracked() {
            playing.set(false);
            status.set("Paused.".into());
        } else {
            playing.set(true);
            status.set("Playing…".into());
            request_animation_frame(move || play_frame(model, 0));
        }
    };
    let on_reset = move |_| model.reset();

    let notice_view = (!notices.is_empty()).then(|| {
        let items = notices
            .into_iter()
            .map(|n| view! { <p>{n}</p> })
            .collect_view();
        view! { <div class="notice" role="status" data-testid="url-notice">{items}</div> }
    });

    let eval_text = move |f: fn(&Evaluation) -> f64| {
        move || match evaluation.get() {
            Ok(e) => readout(f(&e)),
            Err(_) => "—".into(),
        }
    };
    let [c_a, c_p, c_n] =
        [0, 1, 2].map(|i| move || nnfunc::plot::hex(role_colors(environment.dark.get())[i]));

    view! {
        <section class="view triplet-view" data-testid="view-triplet">
            <h2>"Triplet margin loss and ratio loss"</h2>
            <p class="triplet-intro">
                "Figure 1 of Balntas et al. (BMVC 2016), live: the margin ranking loss pushes the negative "
                <b>"n"</b>
                " outside the ball of radius δ₊ + margin around the anchor "
                <b>"a"</b>
                " and pulls the positive "
                <b>"p"</b>
                " in; the ratio loss forces δ₊ to be much smaller than δ₋. Drag the points (or focus one and use the arrow keys, Shift for larger steps)."
            </p>
            {notice_view}
            <div class="triplet-top">
                <div class="card triplet-plane-card">
                    <div class="triplet-plane">
                        <canvas
                            node_ref=plane_ref
                            data-testid="plane"
                            role="img"
                            aria-label=plane_label
                        ></canvas>
                        {handles}
                    </div>
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
                    {move || draw_error.get().map(|m| view! { <p class="chart-message" role="status">{m}</p> })}
                </div>
                <div class="card triplet-side">
                    <fieldset class="triplet-controls">
                        <legend>"Settings"</legend>
                        <label class="triplet-field">
                            <span>"mode"</span>
                            <select name="mode" data-testid="mode" on:change=move |ev| {
                                if let Some(m) = target_value(&ev).and_then(|v| Mode::from_key(&v)) {
                                    stop_playing();
                                    mode.set(m);
                                }
                            }>
                                {Mode::ALL.into_iter().map(|m| view! {
                                    <option value=m.key() prop:selected=move || mode.get() == m>
                                        {match m { Mode::Single => "one triplet", Mode::Batch => "a batch (4 classes)" }}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label class="triplet-field">
                            <span>"trained loss"</span>
                            <select name="loss" data-testid="loss" on:change=move |ev| {
                                if let Some(l) = target_value(&ev).and_then(|v| TripletLoss::from_key(&v)) {
                                    config.update(|c| c.loss = l);
                                }
                            }>
                                {TripletLoss::ALL.into_iter().map(|l| view! {
                                    <option value=l.key() prop:selected=move || config.get().loss == l>
                                        {l.id().spec().display}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label class="triplet-field">
                            <span>"margin"</span>
                            <input type="range" name=margin_key("margin") min=margin_min max=margin_max step=margin_step
                                prop:value=move || state::url_number(config.get().margin)
                                on:input=move |ev| {
                                    if let Some(v) = number(&ev).filter(|v| *v > 0.0) {
                                        config.update(|c| c.margin = v);
                                    }
                                } />
                            <output>{move || format_significant(config.get().margin, 4)}</output>
                        </label>
                        <label class="triplet-field">
                            <span>"p (norm)"</span>
                            <select name=margin_key("p") on:change=move |ev| {
                                if let Some(n) = target_value(&ev).and_then(|v| Norm::from_key(&v)) {
                                    config.update(|c| c.norm = n);
                                }
                            }>
                                {Norm::ALL.into_iter().map(|n| view! {
                                    <option value=n.key() prop:selected=move || config.get().norm == n>
                                        {match n { Norm::Infinity => "∞".to_string(), other => other.key().to_string() }}
                                        " ("{n.ball_shape()}")"
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label class="triplet-field">
                            <span>"eps"</span>
                            <input type="range" name=margin_key("eps") min=eps_min max=eps_max step="any"
                                prop:value=move || state::url_number(config.get().eps)
                                on:input=move |ev| {
                                    if let Some(v) = number(&ev) {
                                        config.update(|c| c.eps = v);
                                    }
                                } />
                            <output>{move || format_significant(config.get().eps, 3)}</output>
                        </label>
                        <label class="triplet-field triplet-check">
                            <input type="checkbox" name=margin_key("swap")
                                prop:checked=move || config.get().swap
                                on:change=move |ev| {
                                    if let Some(on) = target_checked(&ev) {
                                        config.update(|c| c.swap = on);
                                    }
                                } />
                            <span>"swap (use min(d(a, n), d(p, n)))"</span>
                        </label>
                        <label class="triplet-field">
                            <span>"learning rate"</span>
                            <input type="range" name="lr" min=LR_RANGE.0 max=LR_RANGE.1 step=LR_RANGE.2
                                prop:value=move || state::url_number(lr.get())
                                on:input=move |ev| {
                                    if let Some(v) = number(&ev).filter(|v| *v > 0.0) {
                                        lr.set(v);
                                    }
                                } />
                            <output>{move || format_significant(lr.get(), 3)}</output>
                        </label>
                        <label class="triplet-field">
                            <span>"surfaces up to D"</span>
                            <input type="range" name="D" min=D_RANGE.0 max=D_RANGE.1 step=D_RANGE.2
                                prop:value=move || state::url_number(d_max.get())
                                on:input=move |ev| {
                                    if let Some(v) = number(&ev) {
                                        d_max.set(v.clamp(D_RANGE.0, D_RANGE.1));
                                    }
                                } />
                            <output>{move || format_significant(d_max.get(), 3)}</output>
                        </label>
                        <label class="triplet-field">
                            <span>"surfaces show"</span>
                            <select name="shade" on:change=move |ev| {
                                if let Some(s) = target_value(&ev).and_then(|v| Shading::from_key(&v)) {
                                    shading.set(s);
                                }
                            }>
                                {Shading::ALL.into_iter().map(|s| view! {
                                    <option value=s.key() prop:selected=move || shading.get() == s>
                                        {match s { Shading::Value => "the loss", Shading::GradientMagnitude => "|gradient| over (δ₊, δ₋)" }}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                        {move || (mode.get() == Mode::Batch).then(|| view! {
                            <label class="triplet-field">
                                <span>"mining"</span>
                                <select name="mining" data-testid="mining" on:change=move |ev| {
                                    if let Some(m) = target_value(&ev).and_then(|v| Mining::from_key(&v)) {
                                        mining.set(m);
                                    }
                                }>
                                    {Mining::ALL.into_iter().map(|m| view! {
                                        <option value=m.key() prop:selected=move || mining.get() == m>
                                            {match m {
                                                Mining::All => "all triplets",
                                                Mining::Hard => "hard (hardest p and n per anchor)",
                                                Mining::SemiHard => "semi-hard (δ₊ < δ₋ < δ₊ + margin)",
                                            }}
                                        </option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <label class="triplet-field">
                                <span>"seed"</span>
                                <input type="number" name="seed" min="0" step="1" data-testid="seed"
                                    prop:value=move || seed.get().to_string()
                                    on:change=move |ev| {
                                        if let Some(v) = target_value(&ev).and_then(|t| t.trim().parse::<u64>().ok()) {
                                            seed.set(v);
                                            model.reset();
                                        }
                                    } />
                            </label>
                        })}
                    </fieldset>
                    <div class="triplet-buttons">
                        <button type="button" data-testid="step" on:click=on_step>"Step"</button>
                        <button type="button" data-testid="play" aria-pressed=move || playing.get().to_string() on:click=on_play>
                            {move || if playing.get() { "Pause" } else { "Play" }}
                        </button>
                        <button type="button" data-testid="reset" on:click=on_reset>
                            {move || match mode.get() { Mode::Single => "Clear trail", Mode::Batch => "New start" }}
                        </button>
                    </div>
                    <p class="triplet-status" role="status" data-testid="play-status">{move || status.get()}</p>
                    <div class="readout-wrap">
                    <table class="readout triplet-readout">
                        <caption>"Values (float64, as PyTorch)"</caption>
                        <tbody>
                            {move || (mode.get() == Mode::Single).then(|| view! {
                            <tr>
                                <th scope="row">"triplet_margin_loss"</th>
                                <td data-testid="readout-triplet">{eval_text(|e| e.margin_loss)}</td>
                            </tr>
                            <tr>
                                <th scope="row">"ratio_loss"</th>
                                <td data-testid="readout-ratio">{eval_text(|e| e.ratio_loss)}</td>
                            </tr>
                            <tr>
                                <th scope="row">"δ₊ = ‖a − p + eps‖"<sub>"p"</sub></th>
                                <td data-testid="readout-dpos">{eval_text(|e| e.d_pos)}</td>
                            </tr>
                            <tr>
                                <th scope="row">"d(a, n) = ‖a − n + eps‖"<sub>"p"</sub></th>
                                <td data-testid="readout-dneg">{eval_text(|e| e.d_anchor_negative)}</td>
                            </tr>
                            {move || config.get().swap.then(|| view! {
                                <tr>
                                    <th scope="row">"d(p, n) = ‖p − n + eps‖"<sub>"p"</sub></th>
                                    <td data-testid="readout-dpn">{eval_text(|e| e.d_positive_negative)}</td>
                                </tr>
                            })}
                            <tr>
                                <th scope="row">"δ₋ the margin loss used"</th>
                                <td data-testid="readout-dneg-used">
                                    {move || match evaluation.get() {
                                        Ok(e) if e.swapped => "d(p, n) (swapped: p is nearer to n)",
                                        Ok(_) if config.get().swap => "d(a, n) (no swap needed)",
                                        Ok(_) => "d(a, n)",
                                        Err(_) => "—",
                                    }}
                                </td>
                            </tr>
                            <tr>
                                <th scope="row">"ratio loss's δ₊, δ₋ (L2, no eps)"</th>
                                <td data-testid="readout-ratio-distances">
                                    {move || match evaluation.get() {
                                        Ok(e) => format!("{}, {}", format_significant(e.ratio_d_pos, 6), format_significant(e.ratio_d_neg, 6)),
                                        Err(_) => "—".into(),
                                    }}
                                </td>
                            </tr>
                            })}
                            {move || stats.get().map(|s| view! {
                                <tr>
                                    <th scope="row">"batch: mean loss (all triplets)"</th>
                                    <td data-testid="readout-batch-loss">{readout(s.mean_loss)}</td>
                                </tr>
                                <tr>
                                    <th scope="row">"batch: triplets violating the margin"</th>
                                    <td data-testid="readout-batch-active">{format!("{:.1} %", 100.0 * s.active_fraction)}</td>
                                </tr>
                                <tr>
                                    <th scope="row">"batch: mined triplets / steps"</th>
                                    <td data-testid="readout-batch-mined">{format!("{} / {}", s.mined, history.get().len().saturating_sub(1))}</td>
                                </tr>
                            })}
                        </tbody>
                    </table>
                    </div>
                    {move || evaluation.get().err().map(|m| view! { <p class="chart-message" role="status">{m}</p> })}
                </div>
            </div>
            <div class="triplet-surfaces">
                <figure class="card">
                    <canvas node_ref=margin_ref data-testid="surface-margin" role="img"
                        aria-label=margin_label></canvas>
                    <figcaption>
                        "(b) margin loss max(0, margin + δ₊ − δ₋) over (δ₊, δ₋). Orange line: δ₋ = δ₊ + margin; above it the loss and its gradient are exactly 0. Orange dot: the current triplet."
                    </figcaption>
                </figure>
                <figure class="card">
                    <canvas node_ref=ratio_ref data-testid="surface-ratio" role="img"
                        aria-label=ratio_label></canvas>
                    <figcaption>
                        "(d) ratio loss = 2σ(δ₊ − δ₋)²: it depends only on δ₊ − δ₋ (straight contours) and is never exactly 0; its push 4σ²(1 − σ) fades for very good and for very badly violated triplets (try “|gradient|”)."
                    </figcaption>
                </figure>
                {move || (mode.get() == Mode::Batch).then(|| view! {
                    <figure class="card">
                        <canvas node_ref=stats_ref data-testid="batch-stats" role="img"
                            aria-label="Mean loss and fraction of triplets violating the margin over the training steps"></canvas>
                        <figcaption>
                            "Over the steps: mean loss over all triplets (blue) and the fraction violating the margin (orange, dashed)."
                        </figcaption>
                    </figure>
                })}
            </div>
        </section>
    }
}

/// Mean loss and active fraction over the steps.
fn stats_chart(history: &[BatchStats], theme: &ChartTheme) -> LineChart {
    let loss: Vec<Point> = history
        .iter()
        .enumerate()
        .map(|(k, s)| (k as f64, s.mean_loss))
        .filter(|p| p.1.is_finite())
        .collect();
    let active: Vec<Point> = history
        .iter()
        .enumerate()
        .map(|(k, s)| (k as f64, s.active_fraction))
        .collect();
    let y = match extent(loss.iter().chain(&active).map(|p| p.1)) {
        Some((lo, hi)) => AxisRange::new(lo.min(0.0), hi.max(1.0)).padded(0.05),
        None => AxisRange::new(0.0, 1.0),
    };
    LineChart {
        x: AxisRange::new(0.0, (history.len().max(2) - 1) as f64),
        y,
        series: vec![
            Series {
                lines: vec![loss],
                color: theme.primary,
                style: SeriesStyle::Solid,
            },
            Series {
                lines: vec![active],
                color: nnfunc::plot::PALETTE[1],
                style: SeriesStyle::Dashed,
            },
        ],
    }
}
