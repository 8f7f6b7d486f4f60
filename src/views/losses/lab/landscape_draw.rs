//! The landscape's drawing. A drag redraws it every frame, so the screen keeps its axes and colour
//! bar in an [`AxesLayer`] (the heatmaps' `chart::heatmap::paint_axes`, redrawn only when the
//! ranges, size or theme change) and draws the rest straight with the 2D context: the cells (put on
//! a small canvas once per recomputation, scaled with `drawImage` every frame), the contours (one
//! path), the descent path and the markers. The exports paint the same layers with the heatmap
//! painter ([`paint_landscape`]), on any backend. Data arrives finite (`nnfunc::loss_views`).

use nnfunc::contour::Segment;
use nnfunc::plot::{viridis, AxisRange, ColorScale};
use plotters::coord::Shift;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::paint::{frame, on_canvas, AxesKey, Screen};
use crate::chart::export::{offscreen_canvas, put_raster, Raster, RasterSink};
use crate::chart::heatmap::{self, HeatmapLayers, Overlay, PlotArea};
use crate::chart::style::css_rgba;
use crate::theme::{ChartTheme, Rgb};
use crate::views::losses::canvas::{dash, AxesLayer};

/// The landscape's axis titles.
pub const AXIS_LABELS: (&str, &str) = ("slope w", "intercept b");
const WHITE: Rgb = (255, 255, 255);

/// A filled dot with a ring in the background colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    pub at: (f64, f64),
    pub color: Rgb,
    pub radius_css: f64,
}

/// One frame of the landscape.
pub struct LandscapeFrame<'a> {
    /// Changes whenever `rgba` does (the cells are re-uploaded only then).
    pub image_id: u64,
    pub rgba: &'a [u8],
    /// Cells per side.
    pub cells: usize,
    pub contours: &'a [Segment],
    pub scale: &'a ColorScale,
    pub x: AxisRange,
    pub y: AxisRange,
    pub path: &'a [(f64, f64)],
    pub markers: &'a [Marker],
}

impl LandscapeFrame<'_> {
    fn raster(&self) -> Raster<'_> {
        Raster {
            rgba: self.rgba,
            width: self.cells as u32,
            height: self.cells as u32,
        }
    }

    /// The frame as a heatmap's overlays: contours, the descent path, the markers.
    pub fn overlays(&self) -> Vec<Overlay> {
        let mut out = vec![
            Overlay::Segments {
                segments: self.contours.to_vec(),
                color: WHITE,
                width_css: 1.0,
            },
            Overlay::Path {
                points: self.path.to_vec(),
                color: WHITE,
                width_css: 2.0,
            },
        ];
        out.extend(self.markers.iter().map(|m| Overlay::Marker {
            at: m.at,
            color: m.color,
            radius_css: m.radius_css,
        }));
        out
    }
}

/// The screen's cached layers: the axes with the colour bar, and the cells as last uploaded.
pub struct LandscapeCache {
    axes: AxesLayer<AxesKey>,
    cells: Option<HtmlCanvasElement>,
    cells_id: Option<u64>,
}

impl Default for LandscapeCache {
    fn default() -> Self {
        LandscapeCache {
            axes: AxesLayer::default(),
            cells: offscreen_canvas(1, 1).ok(),
            cells_id: None,
        }
    }
}

/// The whole landscape on any backend, for the export: the heatmap painter with the frame's cells
/// and overlays (the screen draws the same layers straight with the 2D context, per frame).
pub fn paint_landscape<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    css_w: u32,
    scale: f64,
    frame: &LandscapeFrame,
    theme: &ChartTheme,
    raster: &mut RasterSink,
) -> Result<(), String> {
    let overlays = frame.overlays();
    let layers = HeatmapLayers {
        cells: frame.raster(),
        scale: frame.scale,
        palette: viridis,
        x: frame.x,
        y: frame.y,
        x_label: AXIS_LABELS.0,
        y_label: AXIS_LABELS.1,
        x_names: &[],
        y_names: &[],
        overlays: &overlays,
        extra: &[],
    };
    heatmap::paint(root, css_w, scale, &layers, theme, raster).map(|_| ())
}

/// Draw one frame of the landscape; where its plotting area is, in CSS pixels.
pub fn draw_landscape(
    canvas: &HtmlCanvasElement,
    css: (u32, u32),
    frame_data: &LandscapeFrame,
    theme: &ChartTheme,
    cache: &mut LandscapeCache,
) -> Result<PlotArea, String> {
    let (x, y) = (frame_data.x, frame_data.y);
    let Screen { fitted, ctx, key } = Screen::new(canvas, css, (x, y), theme)?;
    let dpr = fitted.dpr;
    let (area, bar) = cache.axes.paint(&ctx, fitted.backing, key, |layer| {
        let (area, bar) = on_canvas(layer, |root| {
            let labels = (AXIS_LABELS.0, AXIS_LABELS.1, &[][..], &[][..]);
            heatmap::paint_axes(root, css.0, dpr, (x, y), labels, viridis, theme)
        })?;
        Ok((frame(area, x, y), bar.map(|b| frame(b, x, y))))
    })?;
    let px = |css: f64| fitted.px(css);

    // Cells: uploaded when they change, scaled into the area every frame.
    let cells = cache.cells.as_ref().ok_or("could not create a canvas")?;
    if cache.cells_id != Some(frame_data.image_id) {
        put_raster(cells, frame_data.raster())?;
        cache.cells_id = Some(frame_data.image_id);
    }
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        cells,
        area.left,
        area.top,
        area.right - area.left,
        area.bottom - area.top,
    )
    .map_err(|_| "could not draw the landscape image".to_string())?;

    ctx.save();
    area.clip(&ctx);
    let _ = ctx.set_line_dash(&dash(&[]));
    // Contours: one path, one stroke.
    ctx.begin_path();
    for (a, b) in frame_data.contours {
        ctx.move_to(area.sx(a.0), area.sy(a.1));
        ctx.line_to(area.sx(b.0), area.sy(b.1));
    }
    ctx.set_stroke_style_str(&css_rgba(WHITE, 0.85));
    ctx.set_line_width(px(1.0));
    ctx.stroke();
    // The descent path.
    if frame_data.path.len() > 1 {
        ctx.begin_path();
        for (k, p) in frame_data.path.iter().enumerate() {
            if k == 0 {
                ctx.move_to(area.sx(p.0), area.sy(p.1));
            } else {
                ctx.line_to(area.sx(p.0), area.sy(p.1));
            }
        }
        ctx.set_line_join("round");
        ctx.set_stroke_style_str(&css_rgba(WHITE, 1.0));
        ctx.set_line_width(px(2.0));
        ctx.stroke();
    }
    for m in frame_data.markers {
        if !(m.at.0.is_finite() && m.at.1.is_finite()) {
            continue;
        }
        let (cx, cy) = (area.sx(m.at.0), area.sy(m.at.1));
        let r = px(m.radius_css);
        for (radius, color) in [(r + px(2.0), theme.background), (r, m.color)] {
            ctx.begin_path();
            let _ = ctx.arc(cx, cy, radius, 0.0, std::f64::consts::TAU);
            ctx.set_fill_style_str(&css_rgba(color, 1.0));
            ctx.fill();
        }
    }
    ctx.restore();

    // The colour bar's labels (they follow the values, the bar itself is cached).
    if let Some(b) = bar {
        let rect = heatmap::Rect {
            left: b.left,
            top: b.top,
            right: b.right,
            bottom: b.bottom,
        };
        on_canvas(canvas, |root| {
            heatmap::paint_bar_labels(root, css.0, dpr, rect, frame_data.scale, theme)
        })?;
    }
    Ok(area.plot_area(dpr))
}
