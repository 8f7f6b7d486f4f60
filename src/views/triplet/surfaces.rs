//! The two loss surfaces over (δ₊, δ₋) — Balntas et al.'s Figure 1 (b) and (d) — computed once per
//! (loss, margin, D, shading), rendered by `chart::heatmap` once per (surface, size, theme) into a
//! cached layer, and repainted every frame from that layer with the current position on top.

use std::cell::RefCell;
use std::sync::Arc;

use nnfunc::contour::{contour_levels, contour_segments};
use nnfunc::plot::{hex, to_rgba, viridis};
use nnfunc::triplet::{surface, zero_loss_boundary, Shading, TripletLoss};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::chart::canvas;
use crate::chart::export::context_2d;
use crate::chart::heatmap::{self, HeatmapChart, Overlay, PlotArea};
use crate::theme::ChartTheme;

/// Cells per side of a surface's colour image.
pub const SURFACE_CELLS: usize = 256;
/// Contour lines come from a coarser grid: the surfaces are smooth (their contours are straight
/// lines), and fewer segments draw faster.
const CONTOUR_CELLS: usize = 64;
const CONTOUR_LEVELS: usize = 7;

pub const CONTOUR_COLOR: (u8, u8, u8) = (0xff, 0xff, 0xff);
/// The zero-loss boundary and the current position: Okabe–Ito orange, visible on all of viridis.
pub const HIGHLIGHT: (u8, u8, u8) = (0xE6, 0x9F, 0x00);

/// What a surface depends on (so moving a handle never recomputes it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceKey {
    pub loss: TripletLoss,
    pub margin: f64,
    pub d_max: f64,
    pub shading: Shading,
}

/// A prepared surface; equal when its key is (a 256² image is not compared cell by cell).
#[derive(Debug, Clone)]
pub struct Surface {
    pub key: SurfaceKey,
    pub chart: Arc<HeatmapChart>,
}

impl PartialEq for Surface {
    fn eq(&self, other: &Surface) -> bool {
        self.key == other.key
    }
}

impl Surface {
    pub fn new(key: SurfaceKey) -> Surface {
        let SurfaceKey {
            loss,
            margin,
            d_max,
            shading,
        } = key;
        let grid = surface(loss, margin, d_max, shading, SURFACE_CELLS);
        let scale = grid.color_scale(false);
        let rgba = to_rgba(&grid, &scale, viridis);
        let coarse = surface(loss, margin, d_max, shading, CONTOUR_CELLS);
        let segments = contour_levels(&scale, CONTOUR_LEVELS)
            .into_iter()
            .flat_map(|level| contour_segments(&coarse, level))
            .collect();
        let mut overlays = vec![Overlay::Segments {
            segments,
            color: CONTOUR_COLOR,
            width_css: 0.75,
        }];
        if loss == TripletLoss::Margin {
            if let Some(edge) = zero_loss_boundary(margin, d_max) {
                overlays.push(Overlay::Segments {
                    segments: vec![edge],
                    color: HIGHLIGHT,
                    width_css: 3.0,
                });
            }
        }
        Surface {
            key,
            chart: Arc::new(HeatmapChart {
                grid,
                rgba,
                cell_pixels: 1,
                scale,
                palette: viridis,
                x_label: "δ₊ = d(a, p)".into(),
                y_label: "δ₋ = d(a, n)".into(),
                x_names: Vec::new(),
                y_names: Vec::new(),
                overlays,
            }),
        }
    }
}

/// The marker (and trail) of the current (δ₊, δ₋) on a surface.
pub fn position_overlays(at: (f64, f64), trail: Vec<(f64, f64)>) -> Vec<Overlay> {
    let mut out = Vec::with_capacity(2);
    if trail.len() > 1 {
        out.push(Overlay::Path {
            points: trail,
            color: (0xff, 0xff, 0xff),
            width_css: 1.5,
        });
    }
    out.push(Overlay::Marker {
        at,
        color: HIGHLIGHT,
        radius_css: 6.0,
    });
    out
}

/// A surface's static layer (cells, axes, contours, colour bar) rendered once into an offscreen
/// canvas at the backing size, and what it was rendered for.
struct Layer {
    key: LayerKey,
    image: HtmlCanvasElement,
    area: PlotArea,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct LayerKey {
    surface: SurfaceKey,
    css: (u32, u32),
    dpr: f64,
    theme: ChartTheme,
}

thread_local! {
    /// One cached layer per surface (margin, ratio).
    static LAYERS: RefCell<[Option<Layer>; 2]> = const { RefCell::new([None, None]) };
}

fn slot(loss: TripletLoss) -> usize {
    match loss {
        TripletLoss::Margin => 0,
        TripletLoss::Ratio => 1,
    }
}

/// Repaint `canvas` completely: the surface's static layer (rendered by `chart::heatmap` only when
/// the surface, the size or the theme changed) with one `drawImage`, then `overlays` on top.
pub fn draw(
    canvas: &HtmlCanvasElement,
    surface: &Surface,
    overlays: &[Overlay],
    theme: &ChartTheme,
) -> Result<PlotArea, String> {
    let dpr = crate::dom::device_pixel_ratio();
    let css = heatmap::css_size(canvas);
    let key = LayerKey {
        surface: surface.key,
        css,
        dpr,
        theme: *theme,
    };
    canvas::fit(canvas, css, dpr);
    let (image, area) = LAYERS.with(|layers| -> Result<_, String> {
        let mut layers = layers.borrow_mut();
        let entry = &mut layers[slot(surface.key.loss)];
        if let Some(layer) = entry.as_ref().filter(|l| l.key == key) {
            return Ok((layer.image.clone(), layer.area));
        }
        let image = match entry.take() {
            Some(old) => old.image,
            None => web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("canvas").ok())
                .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
                .ok_or("could not create an offscreen canvas")?,
        };
        let area = heatmap::draw_sized(&image, css, &surface.chart, &[], theme)?;
        *entry = Some(Layer {
            key,
            image: image.clone(),
            area,
        });
        Ok((image, area))
    })?;
    let ctx = context_2d(canvas)?;
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        .map_err(|_| "could not reset the surface's transform".to_string())?;
    ctx.draw_image_with_html_canvas_element(&image, 0.0, 0.0)
        .map_err(|_| "could not draw the surface".to_string())?;
    ctx.save();
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.begin_path();
    ctx.rect(area.left, area.top, area.width, area.height);
    ctx.clip();
    for overlay in overlays {
        draw_overlay(&ctx, &area, overlay, theme);
    }
    ctx.restore();
    Ok(area)
}

fn draw_overlay(
    ctx: &CanvasRenderingContext2d,
    area: &PlotArea,
    overlay: &Overlay,
    theme: &ChartTheme,
) {
    let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    match overlay {
        Overlay::Marker {
            at,
            color,
            radius_css,
        } => {
            if !finite(at) {
                return;
            }
            let (x, y) = area.to_css(*at);
            for (radius, fill) in [(radius_css + 2.0, theme.background), (*radius_css, *color)] {
                ctx.begin_path();
                let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
                ctx.set_fill_style_str(&hex(fill));
                ctx.fill();
            }
        }
        Overlay::Path {
            points,
            color,
            width_css,
        } => {
            ctx.begin_path();
            for (k, p) in points.iter().filter(|p| finite(p)).enumerate() {
                let (x, y) = area.to_css(*p);
                if k == 0 {
                    ctx.move_to(x, y);
                } else {
                    ctx.line_to(x, y);
                }
            }
            ctx.set_stroke_style_str(&hex(*color));
            ctx.set_line_width(*width_css);
            ctx.stroke();
        }
        Overlay::Segments {
            segments,
            color,
            width_css,
        } => {
            ctx.begin_path();
            for (a, b) in segments.iter().filter(|(a, b)| finite(a) && finite(b)) {
                let (pa, pb) = (area.to_css(*a), area.to_css(*b));
                ctx.move_to(pa.0, pa.1);
                ctx.line_to(pb.0, pb.1);
            }
            ctx.set_stroke_style_str(&hex(*color));
            ctx.set_line_width(*width_css);
            ctx.stroke();
        }
    }
}
