//! The one drawing effect of the view: the plane, both surfaces with the current position on them,
//! the distance card's loss map with the anchor on it (and, for a batch, the training chart),
//! redrawn together and timed as one `performance.measure`, so a drag costs one frame's work.

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::triplet::{Point, Triplet};

use super::batch::stats_chart;
use super::distance_map::anchor_overlays;
use super::model::{distances, Derived, Model};
use super::plane::{self, Scene};
use super::scene::single_scene;
use super::state::Mode;
use super::surfaces::{self, position_overlays};
use crate::chart::canvas::use_css_size;
use crate::chart::heatmap::{self, Overlay, PlotArea};
use crate::chart::line_chart;
use crate::perf;
use crate::theme::{ChartTheme, Environment};

/// The `performance.measure` name of one redraw (plane and both surfaces).
pub const DRAW_MEASURE: &str = "draw:triplet";
const DRAW_START_MARK: &str = "draw:triplet:start";
const PLANE_END_MARK: &str = "draw:triplet:plane-end";
/// The parts of [`DRAW_MEASURE`]: the plane, then the surfaces (and the batch chart).
pub const PLANE_MEASURE: &str = "draw:triplet:plane";
pub const SURFACES_MEASURE: &str = "draw:triplet:surfaces";
/// Mined triplets marked on the surfaces in batch mode.
const MAX_SURFACE_MARKERS: usize = 200;

/// The view's canvases.
#[derive(Clone, Copy)]
pub struct Canvases {
    pub plane: NodeRef<leptos::html::Canvas>,
    pub margin: NodeRef<leptos::html::Canvas>,
    pub ratio: NodeRef<leptos::html::Canvas>,
    /// The batch's training chart (present in batch mode only).
    pub stats: NodeRef<leptos::html::Canvas>,
    /// The distance card's loss map over the anchor's plane (present for a single triplet only).
    pub distance: NodeRef<leptos::html::Canvas>,
}

impl Canvases {
    pub fn new() -> Canvases {
        Canvases {
            plane: NodeRef::new(),
            margin: NodeRef::new(),
            ratio: NodeRef::new(),
            stats: NodeRef::new(),
            distance: NodeRef::new(),
        }
    }
}

/// What a redraw leaves for the rest of the view.
#[derive(Clone, Copy)]
pub struct Drawn {
    /// Where the plane's plotting area is (the handles sit on it), once drawn.
    pub plane_area: RwSignal<Option<PlotArea>>,
    /// Why the last redraw failed.
    pub error: RwSignal<Option<String>>,
    /// The surfaces' position overlays as last drawn, for the export.
    pub margin_overlays: StoredValue<Vec<Overlay>>,
    pub ratio_overlays: StoredValue<Vec<Overlay>>,
}

impl Drawn {
    pub fn new() -> Drawn {
        Drawn {
            plane_area: RwSignal::new(None),
            error: RwSignal::new(None),
            margin_overlays: StoredValue::new(Vec::new()),
            ratio_overlays: StoredValue::new(Vec::new()),
        }
    }
}

/// Redraw every canvas whenever what it shows, the theme, the viewport or the canvases' size (a
/// lesson's text shown beside the view, presenter mode's zoom) changes.
pub fn draw_effect(
    model: Model,
    derived: Derived,
    canvases: Canvases,
    drawn: Drawn,
    environment: Environment,
) {
    let plane_size = use_css_size(canvases.plane);
    let surface_size = use_css_size(canvases.margin);
    effect(move || {
        let dark = environment.dark.get();
        environment.viewport.track();
        plane_size.track();
        surface_size.track();
        let (Some(plane_canvas), Some(margin_canvas), Some(ratio_canvas)) = (
            canvases.plane.get(),
            canvases.margin.get(),
            canvases.ratio.get(),
        ) else {
            return;
        };
        let stats_canvas = canvases.stats.get();
        let distance_canvas = canvases.distance.get();
        let theme = ChartTheme::new(dark);
        let mode = model.mode.get();
        perf::mark(DRAW_START_MARK);
        let result = (|| -> Result<PlotArea, String> {
            let (area, margin_extra, ratio_extra) =
                draw_plane(model, derived, &plane_canvas, &theme, dark)?;
            perf::measure_from(PLANE_MEASURE, DRAW_START_MARK);
            perf::mark(PLANE_END_MARK);
            derived
                .margin_surface
                .with(|s| surfaces::draw(&margin_canvas, s, &margin_extra, &theme))?;
            derived
                .ratio_surface
                .with(|s| surfaces::draw(&ratio_canvas, s, &ratio_extra, &theme))?;
            drawn.margin_overlays.set_value(margin_extra);
            drawn.ratio_overlays.set_value(ratio_extra);
            if let (Mode::Single, Some(canvas)) = (mode, &distance_canvas) {
                let anchor = anchor_overlays(model.triplet.with(|t| t.anchor), dark);
                derived.distance_map.with(|map| match map {
                    Some(Ok(chart)) => {
                        heatmap::draw_with(canvas, chart, &anchor, &theme).map(|_| ())
                    }
                    Some(Err(message)) => Err(message.clone()),
                    None => Ok(()),
                })?;
            }
            if let (Mode::Batch, Some(canvas)) = (mode, &stats_canvas) {
                model
                    .history
                    .with(|h| line_chart::draw(canvas, &stats_chart(h, &theme), &theme))?;
            }
            Ok(area)
        })();
        perf::measure_from(DRAW_MEASURE, DRAW_START_MARK);
        perf::measure_from(SURFACES_MEASURE, PLANE_END_MARK);
        perf::clear_mark(DRAW_START_MARK);
        perf::clear_mark(PLANE_END_MARK);
        match result {
            Ok(area) => {
                if drawn.plane_area.get_untracked() != Some(area) {
                    drawn.plane_area.set(Some(area));
                }
                if drawn.error.get_untracked().is_some() {
                    drawn.error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the triplet view failed: {message}"));
                drawn.error.set(Some(message));
            }
        }
    });
}

/// Where the plane's plotting area is, and what goes on each surface.
type Frame = (PlotArea, Vec<Overlay>, Vec<Overlay>);

/// Draw the plane; on each surface go the triplet's (δ₊, δ₋) with the path it took, or the batch's
/// mined triplets as markers.
fn draw_plane(
    model: Model,
    derived: Derived,
    canvas: &web_sys::HtmlCanvasElement,
    theme: &ChartTheme,
    dark: bool,
) -> Result<Frame, String> {
    let cfg = model.config.get();
    if model.mode.get() == Mode::Single {
        let eval = derived.evaluation.get();
        let t = model.triplet.get();
        return model.trail.with(|trail| {
            let (scene, range) = single_scene(&t, eval.as_ref().ok(), &cfg, trail);
            let area = plane::draw(canvas, &scene, range, theme, dark)?;
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
            Ok((
                area,
                position_overlays(m_at, margin_path),
                position_overlays(r_at, ratio_path),
            ))
        });
    }
    model.batch.with(|b| {
        let triplets = derived.mined.get();
        let range = plane::view_range(b.points.iter().copied());
        let scene = Scene::Batch {
            batch: b,
            triplets: &triplets,
        };
        let area = plane::draw(canvas, &scene, range, theme, dark)?;
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
        Ok((area, markers(false), markers(true)))
    })
}
