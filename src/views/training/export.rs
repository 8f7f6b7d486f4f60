//! The training lab's figures for the exports (PNG at any scale, SVG, CSV): the loss and
//! dead-unit charts, each network's figure and the image task's target, painted by the same
//! functions as the screen from the run the page holds.

use leptos::prelude::*;
use plotters::prelude::DrawingBackend;

use nnfunc::train::data::{curve_inputs, grid_inputs};
use nnfunc::train::session::{CURVE_POINTS, IMAGE_SIDE, MAP_SIDE};
use nnfunc::train::TaskKind;

use super::draw;
use super::redraw::Canvases;
use super::trainer::{Run, Trainer};
use crate::chart::export::{register_figure, Csv, Figure, Size, Surface};

/// Register every figure of the lab under its canvas's test id.
pub fn register(trainer: Trainer, canvases: Canvases, dark: ReadSignal<bool>) {
    let figures = [
        ("fig-losses".to_string(), Which::Losses, canvases.losses),
        ("fig-dead".to_string(), Which::Dead, canvases.dead),
        ("fig-target".to_string(), Which::Target, canvases.target),
    ]
    .into_iter()
    .chain(
        canvases
            .networks
            .iter()
            .enumerate()
            .map(|(i, canvas)| (format!("fig-{i}"), Which::Network(i), *canvas)),
    );
    for (id, which, canvas) in figures {
        let fallback = match which {
            Which::Network(_) | Which::Target => draw::FIT_FALLBACK,
            _ => draw::STEP_CHART_FALLBACK,
        };
        let size = Size::Canvas(canvas, fallback);
        register_figure(&id, size, dark, TrainingFigure { which, trainer });
    }
}

/// A training figure for the exports.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Which {
    Losses,
    Dead,
    /// The figure of network `i`: its fitted curve, decision map or reconstruction.
    Network(usize),
    /// The image task's target image.
    Target,
}

struct TrainingFigure {
    which: Which,
    trainer: Trainer,
}

impl TrainingFigure {
    fn with_run<T>(&self, f: impl FnOnce(&Run) -> Result<T, String>) -> Result<T, String> {
        self.trainer
            .run
            .try_with_value(|run| match run {
                Some(run) => f(run),
                None => Err("no run to export".to_string()),
            })
            .unwrap_or_else(|| Err("the training lab is gone".to_string()))
    }

    fn step_chart(&self, run: &Run, dark: bool) -> draw::StepChart {
        match self.which {
            Which::Dead => {
                let history = self.trainer.dead.try_get_value().unwrap_or_default();
                draw::dead_chart(&draw::step_series(history.iter().map(Vec::as_slice), dark))
            }
            _ => draw::losses_chart(&draw::step_series(run.histories(), dark)),
        }
    }
}

impl Figure for TrainingFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        let (root, scale, theme) = (to.root, to.scale, &to.theme);
        self.with_run(|run| match self.which {
            Which::Losses | Which::Dead => {
                let chart = self.step_chart(run, to.dark);
                draw::paint_step_chart(root, to.css.0, scale, &chart, theme)
            }
            Which::Target => {
                let data = &run.dataset;
                draw::paint_grey_image(root, &data.targets, data.image_size, to.raster)
            }
            Which::Network(i) => {
                let figure = run.figures.get(i).ok_or("no such network")?;
                let dark = to.dark;
                draw::paint_network(root, scale, &run.dataset, figure, i, dark, theme, to.raster)
            }
        })
    }

    /// Losses and dead units: one row per network and step. A network's figure: its curve
    /// (x, prediction), its decision map (x, y, each class's probability) or its image (x, y,
    /// grey level), on the grid the worker evaluated.
    fn csv(&self) -> Result<String, String> {
        self.with_run(|run| {
            let names: Vec<&str> = run.config.activations.iter().map(|p| p.spec.name).collect();
            let csv = match self.which {
                Which::Losses => step_csv(
                    &names,
                    format!("{} loss", run.config.loss.label()),
                    run.histories(),
                ),
                Which::Dead => {
                    let history = self.trainer.dead.try_get_value().unwrap_or_default();
                    step_csv(
                        &names,
                        "dead fraction".into(),
                        history.iter().map(Vec::as_slice),
                    )
                }
                Which::Target => {
                    let data = &run.dataset;
                    let mut csv = Csv::new(vec!["x".into(), "y".into(), "target grey".into()]);
                    for k in 0..data.len {
                        if let (Some(xy), Some(g)) =
                            (data.input(k).get(..2), data.target(k).first())
                        {
                            csv.push(vec![Some(xy[0]), Some(xy[1]), Some(*g)]);
                        }
                    }
                    csv
                }
                Which::Network(i) => {
                    let figure = run.figures.get(i).ok_or("no such network")?;
                    let name = names.get(i).copied().unwrap_or("network");
                    match run.dataset.task.kind() {
                        TaskKind::Regression => {
                            let mut csv = Csv::new(vec!["x".into(), format!("{name} prediction")]);
                            for (x, y) in curve_inputs(CURVE_POINTS).into_iter().zip(figure) {
                                csv.push(vec![Some(x), Some(*y)]);
                            }
                            csv
                        }
                        TaskKind::Classification => {
                            let classes = run.dataset.target_dim.max(1);
                            let mut header = vec!["x".to_string(), "y".to_string()];
                            header.extend((0..classes).map(|k| format!("{name} p(class {k})")));
                            let mut csv = Csv::new(header);
                            let grid = grid_inputs(MAP_SIDE, MAP_SIDE);
                            for (xy, p) in grid.chunks_exact(2).zip(figure.chunks_exact(classes)) {
                                let mut row = vec![Some(xy[0]), Some(xy[1])];
                                row.extend(p.iter().map(|v| Some(*v)));
                                csv.push(row);
                            }
                            csv
                        }
                        TaskKind::Image => {
                            let mut csv =
                                Csv::new(vec!["x".into(), "y".into(), format!("{name} grey")]);
                            let grid = grid_inputs(IMAGE_SIDE, IMAGE_SIDE);
                            for (xy, g) in grid.chunks_exact(2).zip(figure) {
                                csv.push(vec![Some(xy[0]), Some(xy[1]), Some(*g)]);
                            }
                            csv
                        }
                    }
                }
            };
            Ok(csv.text())
        })
    }
}

/// One row per network and step: `network, step, <value>`.
fn step_csv<'a>(
    names: &[&str],
    value: String,
    histories: impl IntoIterator<Item = &'a [(u64, f64)]>,
) -> Csv {
    let mut csv = Csv::new(vec!["network".into(), "step".into(), value]);
    for (name, history) in names.iter().zip(histories) {
        for &(step, v) in history {
            csv.push_named(name, &[step as f64, v]);
        }
    }
    csv
}
