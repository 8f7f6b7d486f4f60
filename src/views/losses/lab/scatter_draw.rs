//! The scatter's drawing: the mesh through the chart kit's style, kept in an [`AxesLayer`] on the
//! screen (redrawn only when the ranges, size or theme change), then the fitted lines straight with
//! the 2D context; the exports paint mesh, lines and points with plotters ([`paint_scatter`]).
//! Under the points, what the selected loss does to each: its residual to the fitted line and a
//! halo that grows with its weight ψ(r)/r next to MSE's (both drawn the same way on both).

use nnfunc::plot::AxisRange;
use plotters::coord::Shift;
use plotters::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::paint::{frame, on_canvas, AxesKey, Screen};
use crate::chart::canvas::Fitted;
use crate::chart::export::clip_polyline;
use crate::chart::function_plot::dashed;
use crate::chart::heatmap::{PlotArea, Rect};
use crate::chart::style::{self, css_rgba, rgb};
use crate::theme::{ChartTheme, Rgb};
use crate::views::losses::canvas::{dash, AxesLayer, Frame};

/// A line y = w·x + b on the scatter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitLine {
    pub w: f64,
    pub b: f64,
    pub color: Rgb,
    pub width_css: f64,
    pub dashed: bool,
}

/// What the selected loss does to the points: each point's residual to the fitted line (drawn from
/// the point to the line) and its weight next to MSE's (a halo, `HALO_CSS` at most beyond the
/// handle), in the loss's colour.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pulls {
    pub color: Rgb,
    /// (x, y, residual r = line − y, weight in [0, 1]) per point.
    pub points: Vec<(f64, f64, f64, f64)>,
}

/// A point's handle radius and how far its halo reaches beyond it at weight 1, in CSS pixels.
const HANDLE_CSS: f64 = 7.0;
const HALO_CSS: f64 = 12.0;

/// The halo's radius at `weight` (area grows with the weight; 0 hides it under the handle).
pub fn halo_radius(weight: f64) -> f64 {
    HANDLE_CSS + HALO_CSS * weight.clamp(0.0, 1.0).sqrt()
}

/// A dashed line's pattern: dash and gap, in CSS pixels.
const DASH_CSS: (f64, f64) = (6.0, 4.0);

/// The scatter's mesh (grid, ticks, labels) on any backend; where the plotting area is.
fn paint_scatter_axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    (x, y): (AxisRange, AxisRange),
    theme: &ChartTheme,
) -> Result<Frame, String> {
    let px = |css: f64| (css * scale).round().max(1.0);
    root.fill(&rgb(theme.background))
        .map_err(|e| e.to_string())?;
    let mut chart = ChartBuilder::on(root)
        .margin(px(10.0) as i32)
        .x_label_area_size(px(40.0) as i32)
        .y_label_area_size(px(52.0) as i32)
        .build_cartesian_2d(x.to_range(), y.to_range())
        .map_err(|e| e.to_string())?;
    style::mesh(&mut chart.configure_mesh(), theme, scale, 13.0, 4.0)
        .axis_desc_style(style::font(theme, px(13.0)))
        .light_line_style(TRANSPARENT)
        .x_desc("x")
        .y_desc("y")
        .draw()
        .map_err(|e| e.to_string())?;
    let area = Rect::from_pixels(chart.plotting_area().get_pixel_range());
    Ok(frame(area, x, y))
}

/// The whole scatter on any backend, for the export: the mesh, `lines` in order (clipped to the
/// plotting area) and the points as the page shows their handles (a dot in the text colour with a
/// ring in the background's).
pub fn paint_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    ranges: (AxisRange, AxisRange),
    lines: &[FitLine],
    pulls: &Pulls,
    points: &[(f64, f64)],
    theme: &ChartTheme,
) -> Result<(), String> {
    let (x, y) = ranges;
    let area = paint_scatter_axes(root, scale, ranges, theme)?;
    let px = |css: f64| (css * scale).round().max(1.0);
    let bounds = (area.left, area.right, area.top, area.bottom);
    let round = |(u, v): (f64, f64)| (u.round() as i32, v.round() as i32);
    let halo = rgb(pulls.color).mix(0.3).filled();
    let shown = pulls
        .points
        .iter()
        .filter(|p| x.contains(p.0) && y.contains(p.1));
    for &(u, v, residual, weight) in shown {
        let at = (area.sx(u), area.sy(v));
        let radius = (halo_radius(weight) * scale).round() as i32;
        root.draw(&Circle::new(round(at), radius, halo))
            .map_err(|e| e.to_string())?;
        let to = (at.0, area.sy(v + residual));
        for piece in clip_polyline(&[at, to], bounds) {
            let pixels: Vec<(i32, i32)> = piece.into_iter().map(round).collect();
            root.draw(&PathElement::new(
                pixels,
                style::stroke(pulls.color, px(1.5)),
            ))
            .map_err(|e| e.to_string())?;
        }
    }
    for line in lines {
        let ends = [x.min, x.max].map(|u| (area.sx(u), area.sy(line.w * u + line.b)));
        let line_style = style::stroke(line.color, px(line.width_css));
        let pieces = clip_polyline(&ends, bounds).into_iter().flat_map(|piece| {
            if line.dashed {
                dashed(&piece, px(DASH_CSS.0), px(DASH_CSS.1))
            } else {
                vec![piece]
            }
        });
        for piece in pieces {
            let pixels: Vec<(i32, i32)> = piece.into_iter().map(round).collect();
            root.draw(&PathElement::new(pixels, line_style))
                .map_err(|e| e.to_string())?;
        }
    }
    for p in points.iter().filter(|p| x.contains(p.0) && y.contains(p.1)) {
        let at = round((area.sx(p.0), area.sy(p.1)));
        for (radius, color) in [(7.0, theme.background), (5.0, theme.text)] {
            root.draw(&Circle::new(at, px(radius) as i32, rgb(color).filled()))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Draw the scatter (the points themselves are buttons over the canvas): cached mesh, the pulls,
/// then `lines` in order; where its plotting area is, in CSS pixels.
pub fn draw_scatter(
    canvas: &HtmlCanvasElement,
    css: (u32, u32),
    ranges: (AxisRange, AxisRange),
    lines: &[FitLine],
    pulls: &Pulls,
    theme: &ChartTheme,
    cache: &mut AxesLayer<AxesKey>,
) -> Result<PlotArea, String> {
    let Screen { fitted, ctx, key } = Screen::new(canvas, css, ranges, theme)?;
    let (area, _) = cache.paint(&ctx, fitted.backing, key, |layer| {
        let area = on_canvas(layer, |root| {
            paint_scatter_axes(root, fitted.dpr, ranges, theme)
        })?;
        Ok((area, None))
    })?;
    ctx.save();
    area.clip(&ctx);
    fill_pulls(&ctx, &area, pulls, &fitted);
    for line in lines {
        stroke_line(&ctx, &area, line, &fitted);
    }
    ctx.restore();
    Ok(area.plot_area(fitted.dpr))
}

fn stroke_line(ctx: &CanvasRenderingContext2d, area: &Frame, line: &FitLine, fitted: &Fitted) {
    let (x0, x1) = (area.x.min, area.x.max);
    let pattern = if line.dashed {
        vec![fitted.px(DASH_CSS.0), fitted.px(DASH_CSS.1)]
    } else {
        Vec::new()
    };
    let _ = ctx.set_line_dash(&dash(&pattern));
    ctx.begin_path();
    ctx.move_to(area.sx(x0), area.sy(line.w * x0 + line.b));
    ctx.line_to(area.sx(x1), area.sy(line.w * x1 + line.b));
    ctx.set_stroke_style_str(&css_rgba(line.color, 1.0));
    ctx.set_line_width(fitted.px(line.width_css));
    ctx.stroke();
}

fn fill_pulls(ctx: &CanvasRenderingContext2d, area: &Frame, pulls: &Pulls, fitted: &Fitted) {
    let _ = ctx.set_line_dash(&dash(&[]));
    ctx.set_fill_style_str(&css_rgba(pulls.color, 0.3));
    ctx.set_stroke_style_str(&css_rgba(pulls.color, 1.0));
    ctx.set_line_width(fitted.px(1.5));
    for &(u, v, residual, weight) in &pulls.points {
        let (cx, cy) = (area.sx(u), area.sy(v));
        ctx.begin_path();
        let _ = ctx.arc(
            cx,
            cy,
            fitted.px(halo_radius(weight)),
            0.0,
            std::f64::consts::TAU,
        );
        ctx.fill();
        ctx.begin_path();
        ctx.move_to(cx, cy);
        ctx.line_to(cx, area.sy(v + residual));
        ctx.stroke();
    }
}
