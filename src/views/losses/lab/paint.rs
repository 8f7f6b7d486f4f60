//! What the lab's two screen canvases share: a canvas fitted to its CSS size through the chart
//! kit, with the key its cached axes depend on, and plotters on a canvas.

use crate::chart::backend::Backend;
use nnfunc::plot::AxisRange;
use plotters::coord::Shift;
use plotters::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::chart::canvas::{fit, Fitted};
use crate::chart::export::context_2d;
use crate::chart::heatmap::Rect;
use crate::theme::ChartTheme;
use crate::views::losses::canvas::Frame;

/// What a lab canvas's axes depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxesKey {
    backing: (u32, u32),
    dpr: f64,
    x: AxisRange,
    y: AxisRange,
    theme: ChartTheme,
}

/// A screen canvas ready for a frame: sized for the device pixel ratio, its 2D context and its
/// axes' key.
pub struct Screen {
    pub fitted: Fitted,
    pub ctx: CanvasRenderingContext2d,
    pub key: AxesKey,
}

impl Screen {
    pub fn new(
        canvas: &HtmlCanvasElement,
        css: (u32, u32),
        (x, y): (AxisRange, AxisRange),
        theme: &ChartTheme,
    ) -> Result<Screen, String> {
        let fitted = fit(canvas, css, crate::dom::device_pixel_ratio());
        Ok(Screen {
            ctx: context_2d(canvas)?,
            key: AxesKey {
                backing: fitted.backing,
                dpr: fitted.dpr,
                x,
                y,
                theme: *theme,
            },
            fitted,
        })
    }
}

/// A plotting area with its data ranges.
pub fn frame(r: Rect, x: AxisRange, y: AxisRange) -> Frame {
    Frame {
        left: r.left,
        top: r.top,
        right: r.right,
        bottom: r.bottom,
        x,
        y,
    }
}

/// Paint on `canvas` through plotters with `paint`.
pub fn on_canvas<T>(
    canvas: &HtmlCanvasElement,
    paint: impl FnOnce(&DrawingArea<Backend, Shift>) -> Result<T, String>,
) -> Result<T, String> {
    let root = Backend::canvas(canvas)?.into_drawing_area();
    let out = paint(&root)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(out)
}
