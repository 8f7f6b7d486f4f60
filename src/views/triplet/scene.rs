//! What the plane shows, built from the view's state in one place for the screen, the export
//! buttons and the first plot: the scene of one triplet with its trail, or of a batch with its
//! mined triplets.

use leptos::prelude::*;
use nnfunc::plot::AxisRange;
use nnfunc::triplet::{Config, Evaluation, Point, Triplet, TripletIndices};
use plotters::prelude::DrawingBackend;

use super::model::{arrow_scale, Model, BATCH_CLASSES, BATCH_PER_CLASS};
use super::plane::{self, Scene};
use super::state::{Mode, Settings};
use crate::chart::export::{Cell, Csv, Figure, Surface};
use crate::chart::pen::PlottersPen;
use crate::theme::ChartTheme;
use crate::url::UrlState;

/// The plane's scene of one triplet with its trail, and the range that holds them all.
pub fn single_scene<'a>(
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

/// The plane from the address, before the app has arrived ([`crate::first_plot`]): the settings'
/// triplet (no trail yet), or their batch with its mined triplets.
pub fn draw_first_plot() {
    let measure = super::DRAW_MEASURE;
    crate::first_plot::draw_on_canvas("triplet-plane", "", measure, |canvas, _, dark| {
        let (settings, _) = Settings::from_pairs(&crate::url::pairs());
        let (theme, config) = (ChartTheme::new(dark), settings.config);
        let drawn = match settings.mode {
            Mode::Single => {
                let evaluation = nnfunc::triplet::evaluate(&settings.triplet, &config).ok();
                let (scene, range) =
                    single_scene(&settings.triplet, evaluation.as_ref(), &config, &[]);
                plane::draw(canvas, &scene, range, &theme, dark)
            }
            Mode::Batch => {
                let batch =
                    nnfunc::triplet::generate(settings.seed, BATCH_CLASSES, BATCH_PER_CLASS);
                let triplets = nnfunc::triplet::mine(&batch, &config, settings.mining);
                let range = plane::view_range(batch.points.iter().copied());
                let scene = Scene::Batch {
                    batch: &batch,
                    triplets: &triplets,
                };
                plane::draw(canvas, &scene, range, &theme, dark)
            }
        };
        drawn.map(|_| ())
    });
}

/// The plane as the export buttons see it: the scene rebuilt from the view's state, as the drawing
/// effect builds it, and painted by `plane::paint` through a [`PlottersPen`].
pub struct PlaneFigure {
    pub model: Model,
    pub evaluation: Memo<Result<Evaluation, String>>,
    pub mined: Memo<Vec<TripletIndices>>,
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
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        let (w, h) = to.css;
        let pen = PlottersPen::new(to.root, to.scale);
        let css = (f64::from(w), f64::from(h));
        self.with_scene(|scene, range| plane::paint(&pen, css, scene, range, &to.theme, to.dark))?;
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
