//! The loss map of `triplet_margin_with_distance_loss`: its value as the anchor moves over the
//! plane, with the positive and the negative where they are and the card's distance function
//! (`nnfunc::triplet::anchor_map`, PyTorch's value at every cell). Drawn by the chart kit's heatmap,
//! the surfaces' painter, with contour lines, the positive and negative marked and the anchor's
//! marker on top; redrawn by the view's one drawing effect (`draw`), exported as any heatmap.

use std::sync::Arc;

use leptos::prelude::*;
use nnfunc::contour::{contour_levels, contour_segments};
use nnfunc::plot::{to_rgba, viridis, AxisRange};
use nnfunc::triplet::{anchor_map, Config, DistanceFunction, Point, Triplet};

use super::model::Model;
use super::plane::{role_colors, view_range};
use super::state::Mode;
use super::surfaces::CONTOUR_COLOR;
use crate::chart::heatmap::{HeatmapChart, Overlay};
use crate::theme::use_environment;

/// Cells per side of the map's colour image.
const MAP_CELLS: usize = 128;
/// Cells per side of the grid its contour lines come from (fewer segments to draw).
const CONTOUR_CELLS: usize = 48;
const CONTOUR_LEVELS: usize = 7;

/// What the map depends on: everything but the anchor, so dragging the anchor only moves its marker
/// (unless it leaves the plane's range).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapKey {
    positive: Point,
    negative: Point,
    margin: f64,
    swap: bool,
    distance: DistanceFunction,
    range: AxisRange,
    dark: bool,
}

impl MapKey {
    pub fn new(
        triplet: &Triplet,
        config: &Config,
        distance: DistanceFunction,
        dark: bool,
    ) -> MapKey {
        MapKey {
            positive: triplet.positive,
            negative: triplet.negative,
            margin: config.margin,
            swap: config.swap,
            distance,
            range: view_range(triplet.points()),
            dark,
        }
    }
}

/// The map for `key` as a heatmap chart: the loss over the anchor's plane, contour lines, the
/// positive and the negative marked in their colours.
pub fn map_chart(key: &MapKey) -> Result<HeatmapChart, String> {
    let triplet = Triplet {
        anchor: (0.0, 0.0),
        positive: key.positive,
        negative: key.negative,
    };
    let config = Config {
        margin: key.margin,
        swap: key.swap,
        ..Config::default()
    };
    let map = |n: usize| {
        anchor_map(&triplet, &config, key.distance, key.range, n).map_err(|e| e.to_string())
    };
    let grid = map(MAP_CELLS)?;
    let coarse = map(CONTOUR_CELLS)?;
    let scale = grid.color_scale(false);
    let rgba = to_rgba(&grid, &scale, viridis);
    let segments = contour_levels(&scale, CONTOUR_LEVELS)
        .into_iter()
        .flat_map(|level| contour_segments(&coarse, level))
        .collect();
    let [_, positive, negative] = role_colors(key.dark);
    let marker = |at: Point, color| Overlay::Marker {
        at,
        color,
        radius_css: 5.0,
    };
    Ok(HeatmapChart {
        grid,
        rgba,
        cell_pixels: 1,
        scale,
        palette: viridis,
        x_label: "anchor x".into(),
        y_label: "anchor y".into(),
        x_names: Vec::new(),
        y_names: Vec::new(),
        overlays: vec![
            Overlay::Segments {
                segments,
                color: CONTOUR_COLOR,
                width_css: 0.75,
            },
            marker(key.positive, positive),
            marker(key.negative, negative),
        ],
    })
}

/// The anchor's marker on the map (what moves every frame).
pub fn anchor_overlays(anchor: Point, dark: bool) -> Vec<Overlay> {
    vec![Overlay::Marker {
        at: anchor,
        color: role_colors(dark)[0],
        radius_css: 6.0,
    }]
}

/// The map as the view holds it: recomputed when its key changes, none for a batch.
pub type MapMemo = Memo<Option<Result<Arc<HeatmapChart>, String>>>;

/// The map's memo for `model` (a key memo first, so moving the anchor inside the plane's range
/// recomputes nothing).
pub fn use_map(model: Model) -> MapMemo {
    let dark = use_environment().dark;
    let key = Memo::new(move |_| {
        (model.mode.get() == Mode::Single).then(|| {
            model.triplet.with(|t| {
                model
                    .config
                    .with(|c| MapKey::new(t, c, model.distance.get(), dark.get()))
            })
        })
    });
    // No `PartialEq` on the chart: a new key is a new chart.
    Memo::new_with_compare(
        move |_| key.get().map(|k| map_chart(&k).map(Arc::new)),
        |_, _| true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_has_a_cell_per_anchor_and_marks_the_other_two_points() {
        let t = Triplet::default();
        let key = MapKey::new(&t, &Config::default(), DistanceFunction::Cosine, false);
        let chart = map_chart(&key).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((chart.grid.nx, chart.grid.ny), (MAP_CELLS, MAP_CELLS));
        assert_eq!(chart.rgba.len(), 4 * MAP_CELLS * MAP_CELLS);
        assert_eq!(chart.grid.x, view_range(t.points()));
        let marked: Vec<Point> = chart
            .overlays
            .iter()
            .filter_map(|o| match o {
                Overlay::Marker { at, .. } => Some(*at),
                _ => None,
            })
            .collect();
        assert_eq!(marked, [t.positive, t.negative]);
        // The cosine distance lies in [0, 2]: the loss max(0, m + d₊ − d₋) in [0, m + 2].
        assert!(chart.grid.values.iter().all(|v| (0.0..=3.0).contains(v)));
        // Moving the anchor keeps the key (inside the plane's range).
        let moved = Triplet {
            anchor: (1.0, -1.0),
            ..t
        };
        let same = MapKey::new(&moved, &Config::default(), DistanceFunction::Cosine, false);
        assert_eq!(same, key);
    }
}
