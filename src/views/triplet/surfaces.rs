//! The two loss surfaces over (δ₊, δ₋) — Balntas et al.'s Figure 1 (b) and (d) — prepared once per
//! (loss, margin, D, shading) and drawn by `chart::heatmap` with the current position as a marker.

use std::sync::Arc;

use nnfunc::contour::{contour_levels, contour_segments};
use nnfunc::plot::{to_rgba, viridis};
use nnfunc::triplet::{surface, zero_loss_boundary, Shading, TripletLoss};

use crate::chart::heatmap::{HeatmapChart, Overlay};

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
                scale,
                palette: viridis,
                x_label: "δ₊ = d(a, p)".into(),
                y_label: "δ₋ = d(a, n)".into(),
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
