//! The one effect that redraws the lab's canvases (measured as [`DRAW_MEASURE`]): while training,
//! at the animation frame after a report arrived, the loss curves and at most one of the items
//! with new data (a network's figure, or the numbers), so no frame pays for all; when paused or
//! restyled, at once and everything.

use crate::effect::effect_with;
use leptos::prelude::*;

use nnfunc::train::MAX_NETWORKS;

use super::draw;
use super::trainer::{Run, Trainer, NUMBERS};
use crate::perf::measured;
use crate::theme::{ChartTheme, Environment};

/// The name of the performance measure around each redraw.
pub const DRAW_MEASURE: &str = "draw:training";

type Canvas = NodeRef<leptos::html::Canvas>;

/// The lab's canvases, shared by the figures that show them, the redraw and the exports.
#[derive(Clone, Copy)]
pub struct Canvases {
    pub losses: Canvas,
    pub dead: Canvas,
    /// The image task's target image.
    pub target: Canvas,
    /// Network `i`'s fitted curve, decision map or reconstruction.
    pub networks: [Canvas; MAX_NETWORKS],
}

impl Default for Canvases {
    fn default() -> Canvases {
        Canvases {
            losses: NodeRef::new(),
            dead: NodeRef::new(),
            target: NodeRef::new(),
            networks: std::array::from_fn(|_| NodeRef::new()),
        }
    }
}

/// Redraw the canvases whenever the trainer has something new (or the theme or viewport change);
/// the returned signal holds why the last redraw failed.
pub fn redraw(
    trainer: Trainer,
    canvases: Canvases,
    environment: Environment,
) -> ReadSignal<Option<String>> {
    let (draw_error, set_draw_error) = signal(None::<String>);
    effect_with(move |previous: Option<(bool, f64, f64)>| {
        trainer.tick.track();
        let dark = environment.dark.get();
        let viewport = environment.viewport.get();
        let running = trainer.running.get();
        let look = (dark, viewport.width, viewport.device_pixel_ratio);
        if canvases.losses.get().is_none() {
            return look;
        }
        let mut pending = trainer.pending.get_value();
        // Paused or restyled: everything now. Training: the loss curves, and at most one of the
        // items with new data (a network's figure, or the numbers), the first that waits.
        let items: Vec<usize> = if !running || previous != Some(look) {
            pending.clear();
            (0..MAX_NETWORKS).chain([NUMBERS]).collect()
        } else if pending.is_empty() {
            Vec::new()
        } else {
            vec![pending.remove(0)]
        };
        trainer.pending.set_value(pending);
        let result = measured(DRAW_MEASURE, || {
            trainer
                .run
                .try_with_value(|run| match run {
                    Some(run) => draw_items(trainer, canvases, run, &items, dark),
                    None => Ok(()),
                })
                .unwrap_or(Ok(()))
        });
        match result {
            Ok(()) => {
                if draw_error.get_untracked().is_some() {
                    set_draw_error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the training lab failed: {message}"));
                set_draw_error.set(Some(message));
            }
        }
        look
    });
    draw_error
}

/// The loss curves, then `items`: network figures by index, [`NUMBERS`] for the dead units.
fn draw_items(
    trainer: Trainer,
    canvases: Canvases,
    run: &Run,
    items: &[usize],
    dark: bool,
) -> Result<(), String> {
    let theme = ChartTheme::new(dark);
    if let Some(canvas) = canvases.losses.get_untracked() {
        let series = draw::step_series(run.histories(), dark);
        draw::draw_step_chart(&canvas, &draw::losses_chart(&series), &theme)?;
    }
    let data = &run.dataset;
    for &item in items {
        if item == NUMBERS {
            if let Some(canvas) = canvases.dead.get_untracked() {
                trainer.dead.with_value(|history| {
                    let series = draw::step_series(history.iter().map(Vec::as_slice), dark);
                    draw::draw_step_chart(&canvas, &draw::dead_chart(&series), &theme)
                })?;
            }
            continue;
        }
        let (Some(figure), Some(canvas)) = (
            run.figures.get(item),
            canvases.networks.get(item).and_then(|c| c.get_untracked()),
        ) else {
            continue;
        };
        if item == 0 && data.task.kind() == nnfunc::train::TaskKind::Image {
            if let Some(target) = canvases.target.get_untracked() {
                draw::draw_grey_image(&target, &data.targets, data.image_size)?;
            }
        }
        draw::draw_network(&canvas, data, figure, item, dark, &theme)?;
    }
    Ok(())
}
