//! The implicit-image task's picture, drawn in code: four quadrants with sharp edges and fine detail
//! (a checkerboard, concentric rings, a ring-shaped disc, fine diagonal stripes), grey levels in
//! [0, 1]. A ReLU network of a few thousand weights smooths it into blobs; SIREN's sine layers
//! reproduce the edges and the rings.

use super::data::grid_inputs;

/// Width and height in pixels.
pub const SIZE: usize = 64;

/// The grey level at (x, y) ∈ [−1, 1]² (y up).
pub fn value_at(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    match (x < 0.0, y >= 0.0) {
        // Top left: a checkerboard of 8-pixel squares.
        (true, true) => {
            let cell = (x / 0.25).floor() + (y / 0.25).floor();
            if cell.rem_euclid(2.0) < 1.0 {
                0.9
            } else {
                0.1
            }
        }
        // Top right: concentric rings, each about 3 pixels wide.
        (false, true) => {
            let r = ((x - 0.5).powi(2) + (y - 0.5).powi(2)).sqrt();
            if (PI * r / 0.1).cos() > 0.0 {
                0.85
            } else {
                0.25
            }
        }
        // Bottom left: a bright ring (a disc with a dark hole) on a dark background.
        (true, false) => {
            let r = ((x + 0.5).powi(2) + (y + 0.5).powi(2)).sqrt();
            if (0.15..0.35).contains(&r) {
                0.95
            } else {
                0.15
            }
        }
        // Bottom right: fine smooth diagonal stripes.
        (false, false) => 0.5 + 0.4 * (6.0 * PI * (x + y)).sin(),
    }
}

/// The image at `size × size` pixel centres, row-major, row 0 at the top.
pub fn pixels(size: usize) -> Vec<f64> {
    grid_inputs(size, size)
        .chunks_exact(2)
        .map(|p| match p {
            [x, y] => value_at(*x, *y),
            _ => 0.0,
        })
        .collect()
}
