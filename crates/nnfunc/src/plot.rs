//! Plot-safe data helpers: sampling, axis ranges, ticks, grid evaluation and colour mapping.
//!
//! **Invariant:** everything this module hands out is finite and bounded by [`SAFE_MAX`]; ranges have
//! `min < max` and a finite width. Plotting libraries hang, panic or draw spikes on NaN, ±∞, reversed,
//! enormous (`-MAX..MAX`) or tiny (`1..1+1e-12`) ranges, so the UI passes only data from here to them.
//! Empty data is `None` internally, never an `INFINITY`-seeded fold.

/// The largest magnitude handed to a plot. Values beyond are clamped, so that the width of any range
/// (at most `2 * SAFE_MAX` plus padding) stays finite.
pub const SAFE_MAX: f64 = 1e300;

/// The smallest width of an axis relative to the magnitude of its values: `[1, 1 + 1e-12]` would make
/// tick computations overflow or loop (float granularity), so it is widened.
pub const MIN_RELATIVE_WIDTH: f64 = 1e-6;

/// The smallest absolute width of an axis (values closer than this to each other look flat anyway).
pub const MIN_ABSOLUTE_WIDTH: f64 = 1e-200;

/// The most samples [`sample`] takes, whatever it is asked.
pub const MAX_SAMPLES: usize = 1_000_000;

/// Okabe–Ito: a categorical palette that stays distinguishable with the common colour-vision
/// deficiencies. Order: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
pub const PALETTE: [(u8, u8, u8); 8] = [
    (0x00, 0x72, 0xB2),
    (0xE6, 0x9F, 0x00),
    (0x00, 0x9E, 0x73),
    (0xD5, 0x5E, 0x00),
    (0xCC, 0x79, 0xA7),
    (0x56, 0xB4, 0xE9),
    (0xF0, 0xE4, 0x42),
    (0x00, 0x00, 0x00),
];

/// The colour of grid cells whose value is not a number (a neutral grey, readable in light and dark).
pub const NOT_A_NUMBER_GREY: (u8, u8, u8) = (0x99, 0x99, 0x99);

/// Viridis (matplotlib's default), sampled at 16 evenly spaced stops; [`viridis`] interpolates.
const VIRIDIS: [(u8, u8, u8); 16] = [
    (0x44, 0x01, 0x54),
    (0x48, 0x1A, 0x6C),
    (0x47, 0x2F, 0x7D),
    (0x41, 0x44, 0x87),
    (0x39, 0x56, 0x8C),
    (0x31, 0x68, 0x8E),
    (0x2A, 0x78, 0x8E),
    (0x23, 0x88, 0x8E),
    (0x1F, 0x98, 0x8B),
    (0x22, 0xA8, 0x84),
    (0x35, 0xB7, 0x79),
    (0x54, 0xC5, 0x68),
    (0x7A, 0xD1, 0x51),
    (0xA5, 0xDB, 0x36),
    (0xD2, 0xE2, 0x1B),
    (0xFD, 0xE7, 0x25),
];

/// Clamp a finite value into `[-SAFE_MAX, SAFE_MAX]`; `None` for NaN and ±∞.
pub fn safe_value(v: f64) -> Option<f64> {
    v.is_finite().then(|| v.clamp(-SAFE_MAX, SAFE_MAX))
}

/// The smallest and largest finite value (clamped to ±[`SAFE_MAX`]); `None` if there is none.
pub fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter_map(safe_value)
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// A plot axis: always finite, `min < max`, with a finite width of at least the minimum width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxisRange {
    pub min: f64,
    pub max: f64,
}

impl Default for AxisRange {
    fn default() -> Self {
        AxisRange::DEFAULT
    }
}

impl AxisRange {
    /// What an axis shows when there is nothing to show.
    pub const DEFAULT: AxisRange = AxisRange {
        min: -1.0,
        max: 1.0,
    };

    /// A safe range from any two numbers: NaN or ±∞ bounds fall back to the default (one bad bound
    /// keeps the good one), reversed bounds are swapped, equal or too-close bounds are widened.
    pub fn new(a: f64, b: f64) -> AxisRange {
        match (safe_value(a), safe_value(b)) {
            (Some(a), Some(b)) => AxisRange::around(a.min(b), a.max(b)),
            (Some(v), None) | (None, Some(v)) => AxisRange::around(v, v),
            (None, None) => AxisRange::DEFAULT,
        }
    }

    /// Widen `[lo, hi]` (finite, `lo <= hi`, within ±SAFE_MAX) to the minimum width about its centre.
    fn around(lo: f64, hi: f64) -> AxisRange {
        let magnitude = lo.abs().max(hi.abs());
        // A flat range around v gets ±10 % of |v| (±1 around 0), like most plotting tools.
        let min_width = if hi - lo > 0.0 {
            (magnitude * MIN_RELATIVE_WIDTH).max(MIN_ABSOLUTE_WIDTH)
        } else if magnitude > 0.0 {
            (magnitude * 0.2).max(MIN_ABSOLUTE_WIDTH)
        } else {
            2.0
        };
        let width = hi - lo;
        if width >= min_width {
            return AxisRange { min: lo, max: hi };
        }
        // Halves avoid overflow of `lo + hi` near ±SAFE_MAX.
        let centre = lo / 2.0 + hi / 2.0;
        let half = min_width / 2.0;
        AxisRange {
            min: centre - half,
            max: centre + half,
        }
    }

    pub fn width(&self) -> f64 {
        self.max - self.min
    }

    pub fn contains(&self, v: f64) -> bool {
        v >= self.min && v <= self.max
    }

    /// Grow by `fraction` of the width on each side (a negative, NaN or ∞ fraction counts as 0; at most 10).
    pub fn padded(self, fraction: f64) -> AxisRange {
        let fraction = if fraction.is_finite() {
            fraction.clamp(0.0, 10.0)
        } else {
            0.0
        };
        let pad = self.width() * fraction;
        AxisRange::new(self.min - pad, self.max + pad)
    }

    /// The smallest range that holds this one and `v` (ignored unless finite); e.g. to keep y = 0 in view.
    pub fn including(self, v: f64) -> AxisRange {
        match safe_value(v) {
            Some(v) => AxisRange::new(self.min.min(v), self.max.max(v)),
            None => self,
        }
    }

    /// `min..max`, for plotting libraries.
    pub fn to_range(self) -> std::ops::Range<f64> {
        self.min..self.max
    }

    /// Zoom by `factor` about `anchor`: `factor > 1` shows more (zooms out), `anchor` stays where it
    /// is on screen. A factor that is not a positive finite number, or a non-finite anchor, changes
    /// nothing.
    pub fn zoomed(self, factor: f64, anchor: f64) -> AxisRange {
        if !(factor.is_finite() && factor > 0.0) || safe_value(anchor).is_none() {
            return self;
        }
        AxisRange::new(
            anchor + (self.min - anchor) * factor,
            anchor + (self.max - anchor) * factor,
        )
    }

    /// Move by `delta` (a pan); a non-finite delta changes nothing.
    pub fn shifted(self, delta: f64) -> AxisRange {
        match safe_value(delta) {
            Some(delta) => AxisRange::new(self.min + delta, self.max + delta),
            None => self,
        }
    }

    /// Keep a view inside `[-limit, limit]` and at least `min_width` wide (about its centre), so that
    /// zooming and panning can never reach ranges too large or too fine to sample and label.
    /// `limit` and `min_width` are positive with `min_width < limit`.
    pub fn limited(self, min_width: f64, limit: f64) -> AxisRange {
        // Bad limits change nothing (and `clamp` below must never see min > max or NaN).
        if !(limit.is_finite() && limit > 0.0 && min_width.is_finite() && min_width > 0.0) {
            return self;
        }
        let min_width = min_width.min(2.0 * limit);
        let width = self.width().clamp(min_width, 2.0 * limit);
        let half = width / 2.0;
        let centre = (self.min / 2.0 + self.max / 2.0).clamp(-limit + half, limit - half);
        AxisRange::new(centre - half, centre + half)
    }

    /// Grow outwards to the nearest multiples of `step` (a step that is not a positive finite
    /// number, or one that would give more than 10,000 steps, changes nothing). Ranges snapped this
    /// way change only now and then as the data moves, so a plot can keep its axes while a slider is
    /// dragged.
    pub fn snapped(self, step: f64) -> AxisRange {
        if !(step.is_finite() && step > 0.0) || self.width() / step > 1e4 {
            return self;
        }
        let (lo, hi) = (
            (self.min / step).floor() * step,
            (self.max / step).ceil() * step,
        );
        if lo.is_finite() && hi.is_finite() && lo < hi {
            AxisRange::new(lo, hi)
        } else {
            self
        }
    }

    /// The value at `position` of a screen interval `[start, end]` (pixels, either direction) showing
    /// this range: the inverse of the plot's projection, for pointer read-outs. `None` for a
    /// degenerate interval or a non-finite position.
    pub fn value_at(self, position: f64, start: f64, end: f64) -> Option<f64> {
        let span = end - start;
        if !(position.is_finite() && span.is_finite() && span != 0.0) {
            return None;
        }
        safe_value(self.min + (position - start) / span * self.width())
    }

    /// The screen position of `value` on `[start, end]` (the projection [`AxisRange::value_at`] inverts).
    pub fn position_of(self, value: f64, start: f64, end: f64) -> f64 {
        start + (value - self.min) / self.width() * (end - start)
    }
}

/// `v` with `digits` significant digits (1..=17), for read-outs: plain decimals for magnitudes in
/// [1e−4, 1e6), scientific notation otherwise, trailing zeros dropped, `-0` shown as `0`, an ASCII
/// minus (so that the text parses back as a number); "NaN", "inf" and "-inf" for non-finite values.
pub fn format_significant(v: f64, digits: usize) -> String {
    let digits = digits.clamp(1, 17);
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    // Rounded once, in scientific notation, so that 999999.7 becomes 1e6 and picks its notation
    // from the rounded value; the plain form is the same digits with the point moved (no text is
    // parsed back into a float, which would also pull the decimal parser into the browser's code).
    let text = format!("{v:.*e}", digits - 1);
    let Some((mantissa, exponent)) = text.split_once('e') else {
        return text;
    };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..6).contains(&exponent) {
        return format!("{}e{exponent}", trim(mantissa.to_string()));
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let mut figures: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let plain = if exponent < 0 {
        format!("0.{}{figures}", "0".repeat((-exponent - 1) as usize))
    } else {
        let whole = exponent as usize + 1;
        if figures.len() <= whole {
            figures.push_str(&"0".repeat(whole - figures.len()));
            figures
        } else {
            format!("{}.{}", &figures[..whole], &figures[whole..])
        }
    };
    trim(format!("{sign}{plain}"))
}

/// The axis range for some data: the finite values' extent, padded by `pad_fraction` of its width on each
/// side. NaN and ±∞ are ignored, magnitudes are clamped to [`SAFE_MAX`], no data gives
/// [`AxisRange::DEFAULT`], flat data gets a range around its value.
pub fn axis_range(values: impl IntoIterator<Item = f64>, pad_fraction: f64) -> AxisRange {
    match extent(values) {
        Some((lo, hi)) => AxisRange::new(lo, hi).padded(pad_fraction),
        None => AxisRange::DEFAULT,
    }
}

/// Sample `f` at `n` evenly spaced points of `[x_min, x_max]` as polylines for a line plot.
///
/// The interval goes through [`AxisRange::new`] (bad bounds become sensible ones), `n` is clamped to
/// `2..=MAX_SAMPLES`. A NaN or ±∞ value ends the current polyline (a gap, not a spike to the edge), finite
/// values are clamped to ±[`SAFE_MAX`]. No polyline is empty and no point is non-finite.
pub fn sample(f: impl Fn(f64) -> f64, x_min: f64, x_max: f64, n: usize) -> Vec<Vec<(f64, f64)>> {
    let range = AxisRange::new(x_min, x_max);
    let n = n.clamp(2, MAX_SAMPLES);
    let step = range.width() / (n - 1) as f64;
    let mut lines = Vec::new();
    let mut current = Vec::new();
    for i in 0..n {
        // The last point is exactly max, not min + (n - 1) * step with rounding.
        let x = if i + 1 == n {
            range.max
        } else {
            range.min + step * i as f64
        };
        match safe_value(f(x)) {
            Some(y) => current.push((x, y)),
            None if current.is_empty() => {}
            None => lines.push(std::mem::take(&mut current)),
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Split polylines between consecutive points that straddle one of `breaks` (e.g. the kinks where a
/// derivative jumps), so that a line plot shows a jump as a gap instead of a vertical segment. A
/// sample exactly at a break becomes a polyline of its own (the value there, e.g. PyTorch's choice).
pub fn split_at(lines: Vec<Vec<(f64, f64)>>, breaks: &[f64]) -> Vec<Vec<(f64, f64)>> {
    if breaks.is_empty() {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len() + breaks.len());
    for line in lines {
        let mut current: Vec<(f64, f64)> = Vec::with_capacity(line.len());
        for point in line {
            if let Some(&(x0, _)) = current.last() {
                let (lo, hi) = (x0.min(point.0), x0.max(point.0));
                // A break on a sample isolates that sample: it may belong to either side.
                if breaks.iter().any(|b| *b >= lo && *b <= hi) {
                    out.push(std::mem::take(&mut current));
                }
            }
            current.push(point);
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

/// Up to `max_ticks` round tick positions inside `range`, spaced 1, 2 or 5 × 10^k apart.
pub fn nice_ticks(range: AxisRange, max_ticks: usize) -> Vec<f64> {
    if max_ticks == 0 {
        return Vec::new();
    }
    let range = AxisRange::new(range.min, range.max);
    if max_ticks == 1 {
        // One tick: the roundest number near the centre.
        let centre = range.min / 2.0 + range.max / 2.0;
        let tick = nice_step(range.width()).map_or(centre, |step| (centre / step).round() * step);
        return vec![if range.contains(tick) { tick } else { centre }];
    }
    // Start at the smallest step that could fit and take larger nice steps until the ticks fit.
    let raw = range.width() / max_ticks as f64;
    let Some(mut step) = nice_step(raw) else {
        return vec![range.min, range.max];
    };
    for _ in 0..6 {
        let ticks = ticks_with_step(range, step, max_ticks + 1);
        if ticks.len() <= max_ticks {
            return ticks;
        }
        step = nice_step(step * 1.5).unwrap_or(step * 2.0);
    }
    ticks_with_step(range, step, max_ticks)
}

/// The smallest 1-2-5 step at least `raw` (None if `raw` is not a positive finite number).
fn nice_step(raw: f64) -> Option<f64> {
    if !(raw.is_finite() && raw > 0.0) {
        return None;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0, 20.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-12))
        .filter(|s| s.is_finite() && *s > 0.0)
}

fn ticks_with_step(range: AxisRange, step: f64, limit: usize) -> Vec<f64> {
    let first = (range.min / step).ceil();
    let tolerance = step * 1e-9;
    (0..limit)
        .map(|i| (first + i as f64) * step)
        .map(|t| if t.abs() < tolerance { 0.0 } else { t })
        .take_while(|t| *t <= range.max + tolerance)
        .filter(|t| t.is_finite())
        .collect()
}

/// The distance between consecutive ticks (what [`tick_label`] needs); `None` for fewer than two.
pub fn tick_step(ticks: &[f64]) -> Option<f64> {
    match ticks {
        [a, b, ..] if (b - a).is_finite() && b > a => Some(b - a),
        _ => None,
    }
}

/// A short label for a tick at `value` on an axis with ticks `step` apart: as many decimals as the step
/// needs (so `0.30000000000000004` reads `0.3`), never `-0`, scientific notation for very large or very
/// small steps.
pub fn tick_label(value: f64, step: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let step = if step.is_finite() && step > 0.0 {
        step
    } else {
        value.abs().max(1.0)
    };
    // Values a rounding error away from 0 are 0.
    let value = if value.abs() < step * 1e-6 {
        0.0
    } else {
        value
    };
    let exponent = step.log10().floor();
    if !(-4.0..6.0).contains(&exponent) || value.abs() >= 1e9 {
        // Enough significant digits to tell neighbouring ticks apart.
        let digits = (value.abs().max(step).log10().floor() - exponent).clamp(0.0, 15.0) as usize;
        let text = format!("{value:.digits$e}");
        return if value == 0.0 { "0".into() } else { text };
    }
    let decimals = (-exponent).max(0.0) as usize;
    // A 2.5-style step needs one more decimal than its exponent says.
    let decimals = if ((step / 10f64.powf(exponent)) * 10.0).round() % 10.0 != 0.0 {
        decimals + 1
    } else {
        decimals
    };
    let text = format!("{value:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0".into()
    } else {
        text
    }
}

/// A function of two variables evaluated at the centres of an `nx × ny` grid of cells covering `x × y`.
///
/// `values[j * nx + i]` is `f(x_i, y_j)`, with `i` counting left to right and `j` bottom to top (y up).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub nx: usize,
    pub ny: usize,
    pub x: AxisRange,
    pub y: AxisRange,
    pub values: Vec<f64>,
}

impl Grid {
    /// The largest number of cells a grid holds (4096 × 4096); larger requests are scaled down.
    pub const MAX_CELLS: usize = 1 << 24;

    /// Evaluate `f` on the cell centres. `nx` and `ny` are at least 1, their product at most
    /// [`Grid::MAX_CELLS`]; the ranges go through [`AxisRange::new`].
    pub fn evaluate(
        f: impl Fn(f64, f64) -> f64,
        x: AxisRange,
        y: AxisRange,
        nx: usize,
        ny: usize,
    ) -> Grid {
        let x = AxisRange::new(x.min, x.max);
        let y = AxisRange::new(y.min, y.max);
        let (nx, ny) = Self::clamp_size(nx, ny);
        let mut values = Vec::with_capacity(nx * ny);
        for j in 0..ny {
            let yj = cell_centre(y, j, ny);
            for i in 0..nx {
                values.push(f(cell_centre(x, i, nx), yj));
            }
        }
        Grid {
            nx,
            ny,
            x,
            y,
            values,
        }
    }

    fn clamp_size(nx: usize, ny: usize) -> (usize, usize) {
        let (nx, ny) = (nx.clamp(1, 4096), ny.clamp(1, 4096));
        debug_assert!(nx * ny <= Self::MAX_CELLS);
        (nx, ny)
    }

    /// The x of column `i`'s centre.
    pub fn x_at(&self, i: usize) -> f64 {
        cell_centre(self.x, i, self.nx)
    }

    /// The y of row `j`'s centre (row 0 at the bottom).
    pub fn y_at(&self, j: usize) -> f64 {
        cell_centre(self.y, j, self.ny)
    }

    /// The value of cell `(i, j)`, `None` outside the grid.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        if i < self.nx && j < self.ny {
            self.values.get(j * self.nx + i).copied()
        } else {
            None
        }
    }

    /// A colour scale fitted to this grid's values.
    pub fn color_scale(&self, log: bool) -> ColorScale {
        if log {
            ColorScale::log(self.values.iter().copied())
        } else {
            ColorScale::linear(self.values.iter().copied())
        }
    }
}

fn cell_centre(range: AxisRange, index: usize, count: usize) -> f64 {
    let count = count.max(1);
    range.min + range.width() * ((index as f64 + 0.5) / count as f64)
}

/// Maps values to `[0, 1]` for a sequential colour map. Never panics: a flat grid maps to 0.5 and
/// non-finite values to `None` (drawn as [`NOT_A_NUMBER_GREY`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColorScale {
    /// The value (or, for a log scale, its log10) that maps to 0; finite, `<= high`.
    low: f64,
    /// The value (or log10) that maps to 1.
    high: f64,
    log: bool,
}

impl ColorScale {
    /// A linear scale from the smallest to the largest finite value.
    pub fn linear(values: impl IntoIterator<Item = f64>) -> ColorScale {
        let (low, high) = extent(values).unwrap_or((0.0, 0.0));
        ColorScale {
            low,
            high,
            log: false,
        }
    }

    /// A log10 scale over the positive finite values, for surfaces spanning orders of magnitude (losses).
    /// Values `<= 0` map to 0, the bottom of the scale. Without any positive value it is linear.
    pub fn log(values: impl IntoIterator<Item = f64>) -> ColorScale {
        let values: Vec<f64> = values.into_iter().collect();
        match extent(values.iter().copied().filter(|v| *v > 0.0).map(f64::log10)) {
            Some((low, high)) => ColorScale {
                low,
                high,
                log: true,
            },
            None => ColorScale::linear(values),
        }
    }

    /// A linear scale from −m to m, m the largest finite |value|: zero sits in the middle, for
    /// signed values on a diverging colour map (gradients). All zero (or none finite) is flat.
    pub fn symmetric(values: impl IntoIterator<Item = f64>) -> ColorScale {
        let m = extent(values.into_iter().filter_map(safe_value).map(f64::abs))
            .map_or(0.0, |(_, high)| high);
        ColorScale {
            low: -m,
            high: m,
            log: false,
        }
    }

    pub fn is_log(&self) -> bool {
        self.log
    }

    /// The value range the scale spans (for a legend), in data units.
    pub fn bounds(&self) -> (f64, f64) {
        if self.log {
            (10f64.powf(self.low), 10f64.powf(self.high))
        } else {
            (self.low, self.high)
        }
    }

    /// `v` mapped into `[0, 1]`; `None` for NaN and ±∞.
    pub fn normalize(&self, v: f64) -> Option<f64> {
        let v = safe_value(v)?;
        let v = if self.log {
            if v <= 0.0 {
                return Some(0.0);
            }
            v.log10()
        } else {
            v
        };
        let width = self.high - self.low;
        if !(width > 0.0 && width.is_finite()) {
            return Some(0.5);
        }
        let t = (v - self.low) / width;
        Some(if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) })
    }
}

/// Every value mapped to `[0, 1]` by a linear scale over the finite ones (`None` for non-finite values).
pub fn normalize(values: &[f64]) -> Vec<Option<f64>> {
    let scale = ColorScale::linear(values.iter().copied());
    values.iter().map(|v| scale.normalize(*v)).collect()
}

/// An RGBA image of `width` pixels a row with each pixel made a `k` × `k` block: a few cells
/// that stay crisp squares when a canvas stretches the image (it smooths between pixels).
pub fn blocks(rgba: &[u8], width: usize, k: usize) -> Vec<u8> {
    let k = k.max(1);
    let mut out = Vec::with_capacity(rgba.len() * k * k);
    for row in rgba.chunks(4 * width.max(1)) {
        let wide: Vec<u8> = row
            .chunks(4)
            .flat_map(|px| std::iter::repeat_n(px, k).flatten().copied())
            .collect();
        for _ in 0..k {
            out.extend_from_slice(&wide);
        }
    }
    out
}

/// Viridis at `t` in `[0, 1]` (clamped; NaN gives the middle), interpolated between 16 stops.
pub fn viridis(t: f64) -> (u8, u8, u8) {
    interpolate(&VIRIDIS, t)
}

/// The colour at `t` in `[0, 1]` (clamped; NaN gives the middle) between evenly spaced `stops`
/// (at least two), linearly per channel.
fn interpolate(stops: &[(u8, u8, u8)], t: f64) -> (u8, u8, u8) {
    let t = if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) };
    let last = stops.len().saturating_sub(1).max(1);
    let position = t * last as f64;
    let index = (position.floor() as usize).min(last - 1);
    let frac = position - index as f64;
    let (Some(&a), Some(&b)) = (stops.get(index), stops.get(index + 1)) else {
        return stops.first().copied().unwrap_or(NOT_A_NUMBER_GREY);
    };
    let mix = |p: u8, q: u8| {
        (f64::from(p) + (f64::from(q) - f64::from(p)) * frac)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// A blue–white–red diverging map at `t` in `[0, 1]` (clamped; NaN gives the middle): blue below
/// 0.5, near-white at 0.5, red above, for signed values on a [`ColorScale::symmetric`] scale. Its
/// ends are ColorBrewer's RdBu (dark enough to read on a white page).
pub fn diverging(t: f64) -> (u8, u8, u8) {
    const STOPS: [(u8, u8, u8); 5] = [
        (0x21, 0x66, 0xAC),
        (0x92, 0xC5, 0xDE),
        (0xF7, 0xF7, 0xF7),
        (0xF4, 0xA5, 0x82),
        (0xB2, 0x18, 0x2B),
    ];
    interpolate(&STOPS, t)
}

/// An RGBA buffer (`4 * nx * ny` bytes, opaque) for `putImageData`: image row 0 is the grid's top row
/// (largest y), so the picture has y pointing up. Non-finite cells are [`NOT_A_NUMBER_GREY`].
pub fn to_rgba(grid: &Grid, scale: &ColorScale, palette: impl Fn(f64) -> (u8, u8, u8)) -> Vec<u8> {
    let mut rgba = Vec::with_capacity(4 * grid.nx * grid.ny);
    for j in (0..grid.ny).rev() {
        for i in 0..grid.nx {
            let (r, g, b) = match grid.get(i, j).and_then(|v| scale.normalize(v)) {
                Some(t) => palette(t),
                None => NOT_A_NUMBER_GREY,
            };
            rgba.extend_from_slice(&[r, g, b, 255]);
        }
    }
    rgba
}

/// `#rrggbb` for a colour, for CSS and canvas styles.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn blocks_repeat_each_pixel_as_a_square() {
        let rgba = [1, 2, 3, 4, 5, 6, 7, 8];
        let out = super::blocks(&rgba, 2, 2);
        assert_eq!(out.len(), 32);
        assert_eq!(
            &out[..16],
            &[1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8]
        );
        assert_eq!(&out[16..], &out[..16]);
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_symmetric_scale_puts_zero_in_the_middle_of_a_diverging_map() {
        let scale = ColorScale::symmetric([-0.5, 0.25, f64::NAN, f64::NEG_INFINITY]);
        assert_eq!(scale.bounds(), (-0.5, 0.5));
        assert_eq!(scale.normalize(0.0), Some(0.5));
        assert_eq!(scale.normalize(-0.5), Some(0.0));
        assert_eq!(scale.normalize(0.25), Some(0.75));
        assert_eq!(diverging(0.5), (0xF7, 0xF7, 0xF7));
        assert_eq!(diverging(0.0), (0x21, 0x66, 0xAC));
        assert_eq!(diverging(1.0), (0xB2, 0x18, 0x2B));
        assert_eq!(diverging(f64::NAN), diverging(0.5));
        // All zero: flat, every value in the middle (white), never a panic.
        let flat = ColorScale::symmetric([0.0, 0.0]);
        assert_eq!(flat.normalize(0.0), Some(0.5));
        assert_eq!(ColorScale::symmetric([]).bounds(), (0.0, 0.0));
    }

    #[test]
    fn significant_digits_for_read_outs() {
        let cases: &[(f64, usize, &str)] = &[
            (0.0, 6, "0"),
            (-0.0, 6, "0"),
            (1.0, 6, "1"),
            (0.5, 6, "0.5"),
            (std::f64::consts::PI, 6, "3.14159"),
            (-1.7580993408473766, 6, "-1.7581"),
            (123456.7, 6, "123457"),
            (999999.7, 6, "1e6"),
            (0.000123456789, 6, "0.000123457"),
            (0.0000123456789, 6, "1.23457e-5"),
            (-2.5e300, 6, "-2.5e300"),
            (f64::NAN, 6, "NaN"),
            (f64::NEG_INFINITY, 6, "-inf"),
            (0.1 + 0.2, 6, "0.3"),
            (1000.0, 1, "1000"),
            (999.5, 3, "1000"),
            (-0.00099999, 3, "-0.001"),
            (99999.5, 5, "100000"),
            (0.0001, 17, "0.0001"),
            (1.0 / 3.0, 17, "0.33333333333333331"),
            (9007199254740993.0, 17, "9.007199254740992e15"),
            (-123.456, 2, "-120"),
        ];
        for &(v, digits, want) in cases {
            let got = format_significant(v, digits);
            assert_eq!(got, want, "{v} with {digits} digits");
            if v.is_finite() {
                let back: f64 = got.parse().expect("parses back");
                let tolerance = v.abs() * 10f64.powi(1 - digits as i32);
                assert!((back - v).abs() <= tolerance, "{got} ≉ {v}");
            }
        }
    }

    #[test]
    fn split_at_breaks_between_samples() {
        let line = vec![(-1.0, 1.0), (-0.5, 1.0), (0.5, 2.0), (1.0, 2.0)];
        let split = split_at(vec![line.clone()], &[0.0]);
        assert_eq!(split, vec![line[..2].to_vec(), line[2..].to_vec()]);
        // A break on a sample isolates it; one outside splits nothing.
        assert_eq!(
            split_at(vec![line.clone()], &[-0.5, 7.0]),
            vec![line[..1].to_vec(), line[1..2].to_vec(), line[2..].to_vec()]
        );
        assert_eq!(split_at(vec![line.clone()], &[7.0]), vec![line.clone()]);
        assert_eq!(split_at(vec![line.clone()], &[]), vec![line]);
    }

    #[test]
    fn zoom_pan_and_limits_keep_views_safe() {
        let r = AxisRange::new(-5.0, 5.0);
        assert_eq!(r.zoomed(0.5, 0.0), AxisRange::new(-2.5, 2.5));
        // The anchor stays put: 4 is at 90 % of the width before and after.
        let z = r.zoomed(0.5, 4.0);
        assert!(
            (z.min - -0.5).abs() < 1e-12 && (z.max - 4.5).abs() < 1e-12,
            "{z:?}"
        );
        assert_eq!(r.zoomed(f64::NAN, 0.0), r);
        assert_eq!(r.zoomed(-1.0, 0.0), r);
        assert_eq!(r.zoomed(2.0, f64::INFINITY), r);
        assert_eq!(r.shifted(1.0), AxisRange::new(-4.0, 6.0));
        assert_eq!(r.shifted(f64::NAN), r);
        // Limits: not wider than 2·limit, not narrower than min_width, inside ±limit.
        let wide = AxisRange::new(-1e9, 1e9).limited(1e-3, 1e4);
        assert_eq!(wide, AxisRange::new(-1e4, 1e4));
        let narrow = AxisRange::new(1.0, 1.0 + 1e-9).limited(1e-3, 1e4);
        assert!((narrow.width() - 1e-3).abs() < 1e-12, "{narrow:?}");
        let far = AxisRange::new(2e4, 2e4 + 10.0).limited(1e-3, 1e4);
        assert_eq!(far, AxisRange::new(1e4 - 10.0, 1e4));
        assert_eq!(r.limited(f64::NAN, 1e4), r);
        assert_eq!(
            AxisRange::new(-1.07, 2.93).snapped(0.5),
            AxisRange::new(-1.5, 3.0)
        );
        assert_eq!(
            AxisRange::new(-1.0, 3.0).snapped(0.5),
            AxisRange::new(-1.0, 3.0)
        );
        assert_eq!(r.snapped(0.0), r);
        assert_eq!(r.snapped(f64::NAN), r);
        assert_eq!(r.snapped(1e-9), r);
        assert_eq!(r.limited(1.0, 0.0), r);
        // The projection and its inverse, on a y axis (pixels grow downwards).
        let y = AxisRange::new(-1.0, 1.0);
        assert_eq!(y.value_at(100.0, 200.0, 0.0), Some(0.0));
        assert_eq!(y.position_of(1.0, 200.0, 0.0), 0.0);
        assert_eq!(r.value_at(50.0, 0.0, 0.0), None);
        assert_eq!(r.value_at(f64::NAN, 0.0, 100.0), None);
    }

    proptest! {
        #[test]
        fn zooming_and_panning_stay_within_limits(
            a in -1e6f64..1e6, b in -1e6f64..1e6, factor in 1e-3f64..1e3, anchor in -1e6f64..1e6,
            delta in -1e7f64..1e7,
        ) {
            let r = AxisRange::new(a, b).zoomed(factor, anchor).shifted(delta).limited(1e-3, 1e4);
            check_range(r);
            prop_assert!(r.min >= -1e4 * (1.0 + 1e-12) && r.max <= 1e4 * (1.0 + 1e-12), "{:?}", r);
            prop_assert!(r.width() >= 1e-3 * (1.0 - 1e-9), "{:?}", r);
        }
    }

    proptest! {
        /// Read-outs show `v` rounded to `digits` figures: the text parses back to `v` formatted
        /// that way, and plain notation is used exactly for rounded magnitudes in [1e−4, 1e6).
        #[test]
        fn significant_digits_are_v_rounded(
            mantissa in 1.0f64..10.0, exponent in -12i32..12, negative: bool, digits in 1usize..=17,
        ) {
            let v = mantissa * 10f64.powi(exponent) * if negative { -1.0 } else { 1.0 };
            let got = format_significant(v, digits);
            let back: f64 = got.parse().map_err(|_| TestCaseError::fail(got.clone()))?;
            let rounded: f64 = format!("{v:.*e}", digits - 1).parse().unwrap_or(f64::NAN);
            prop_assert_eq!(back, rounded, "{} with {} digits: {}", v, digits, got);
            prop_assert_eq!(got.contains('e'), !(1e-4..1e6).contains(&rounded.abs()), "{}", got);
        }
    }

    #[track_caller]
    fn check_range(r: AxisRange) {
        assert!(r.min.is_finite() && r.max.is_finite(), "{r:?}");
        assert!(r.min < r.max, "{r:?}");
        assert!(r.width().is_finite() && r.width() > 0.0, "{r:?}");
        let magnitude = r.min.abs().max(r.max.abs());
        assert!(
            r.width() >= magnitude * MIN_RELATIVE_WIDTH * 0.999,
            "too narrow: {r:?}"
        );
    }

    #[track_caller]
    fn check_axis(values: &[f64], pad: f64, expect: (f64, f64)) {
        let r = axis_range(values.iter().copied(), pad);
        check_range(r);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        assert!(
            close(r.min, expect.0) && close(r.max, expect.1),
            "{values:?} pad {pad}: got {r:?}, want {expect:?}"
        );
    }

    #[test]
    fn axis_range_table() {
        check_axis(&[], 0.1, (-1.0, 1.0));
        check_axis(
            &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
            0.1,
            (-1.0, 1.0),
        );
        check_axis(&[0.0, 10.0], 0.0, (0.0, 10.0));
        check_axis(&[0.0, 10.0], 0.1, (-1.0, 11.0));
        check_axis(&[10.0, 0.0, f64::NAN, f64::INFINITY], 0.1, (-1.0, 11.0));
        check_axis(&[0.0, 0.0, -0.0], 0.0, (-1.0, 1.0));
        check_axis(&[5.0], 0.0, (4.5, 5.5));
        check_axis(&[-5.0, -5.0], 0.0, (-5.5, -4.5));
        check_axis(&[1.0, 1.0 + 1e-12], 0.0, (1.0 - 5e-7, 1.0 + 5e-7));
        check_axis(&[1e308, -1e308], 0.0, (-SAFE_MAX, SAFE_MAX));
        check_axis(&[f64::MAX], 0.0, (0.9 * SAFE_MAX, SAFE_MAX));
        // A bad pad fraction is no padding.
        check_axis(&[0.0, 1.0], f64::NAN, (0.0, 1.0));
        check_axis(&[0.0, 1.0], -1.0, (0.0, 1.0));
        check_axis(&[0.0, 1.0], f64::INFINITY, (0.0, 1.0));
    }

    #[test]
    fn axis_range_new_sanitises() {
        assert_eq!(
            AxisRange::new(3.0, -2.0),
            AxisRange {
                min: -2.0,
                max: 3.0
            }
        );
        assert_eq!(AxisRange::new(f64::NAN, f64::NAN), AxisRange::DEFAULT);
        assert_eq!(
            AxisRange::new(f64::NEG_INFINITY, f64::INFINITY),
            AxisRange::DEFAULT
        );
        check_axis(&[f64::NAN, 2.0], 0.0, (1.8, 2.2));
        check_range(AxisRange::new(-f64::MAX, f64::MAX));
        check_range(AxisRange::new(f64::MIN_POSITIVE, f64::MIN_POSITIVE * 2.0));
        check_range(AxisRange::new(5e-324, 5e-324));
        assert_eq!(
            AxisRange::new(0.0, 1.0).including(-2.0),
            AxisRange {
                min: -2.0,
                max: 1.0
            }
        );
        assert_eq!(
            AxisRange::new(0.0, 1.0).including(f64::NAN),
            AxisRange { min: 0.0, max: 1.0 }
        );
    }

    #[test]
    fn sample_splits_at_non_finite_values() {
        let lines = sample(
            |x| if x.abs() < 0.5 { f64::NAN } else { 1.0 / x },
            -2.0,
            2.0,
            9,
        );
        assert_eq!(
            lines,
            vec![
                vec![(-2.0, -0.5), (-1.5, -1.0 / 1.5), (-1.0, -1.0), (-0.5, -2.0)],
                vec![(0.5, 2.0), (1.0, 1.0), (1.5, 1.0 / 1.5), (2.0, 0.5)]
            ]
        );
        // 1/x at 0 is +∞: a gap, not a spike.
        let lines = sample(|x| 1.0 / x, -1.0, 1.0, 3);
        assert_eq!(lines, vec![vec![(-1.0, -1.0)], vec![(1.0, 1.0)]]);
        assert!(sample(|_| f64::NAN, 0.0, 1.0, 100).is_empty());
        assert_eq!(
            sample(|_| 1e308, 0.0, 1.0, 2),
            vec![vec![(0.0, SAFE_MAX), (1.0, SAFE_MAX)]]
        );
    }

    #[test]
    fn sample_sanitises_the_interval() {
        let ends = |lines: Vec<Vec<(f64, f64)>>| {
            let all: Vec<_> = lines.concat();
            (all.len(), all.first().map(|p| p.0), all.last().map(|p| p.0))
        };
        assert_eq!(
            ends(sample(|x| x, -5.0, 5.0, 101)),
            (101, Some(-5.0), Some(5.0))
        );
        assert_eq!(
            ends(sample(|x| x, 5.0, -5.0, 11)),
            (11, Some(-5.0), Some(5.0))
        );
        assert_eq!(
            ends(sample(|x| x, f64::NAN, f64::INFINITY, 0)),
            (2, Some(-1.0), Some(1.0))
        );
        assert_eq!(ends(sample(|x| x, 0.0, 0.0, 3)), (3, Some(-1.0), Some(1.0)));
    }

    #[test]
    fn nice_ticks_table() {
        assert_eq!(
            nice_ticks(AxisRange::new(0.0, 10.0), 6),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(
            nice_ticks(AxisRange::new(-5.0, 5.0), 11),
            vec![-5.0, -4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        );
        assert_eq!(
            nice_ticks(AxisRange::new(-0.3, 1.1), 4),
            vec![0.0, 0.5, 1.0]
        );
        assert_eq!(nice_ticks(AxisRange::new(0.0, 1.0), 0), Vec::<f64>::new());
        assert_eq!(nice_ticks(AxisRange::new(-1.0, 1.0), 1), vec![0.0]);
        assert!(nice_ticks(AxisRange::new(-1.0, 1.0), 5).contains(&0.0));
    }

    #[track_caller]
    fn check_label(value: f64, step: f64, expect: &str) {
        assert_eq!(
            tick_label(value, step),
            expect,
            "tick_label({value}, {step})"
        );
    }

    #[test]
    fn tick_labels() {
        check_label(0.30000000000000004, 0.1, "0.3");
        check_label(-0.0, 1.0, "0");
        check_label(-1e-17, 0.5, "0");
        check_label(2.0, 1.0, "2");
        check_label(-2.5, 0.5, "-2.5");
        check_label(0.25, 0.25, "0.25");
        check_label(0.05, 0.05, "0.05");
        check_label(1e6, 1e6, "1e6");
        check_label(2.5e-7, 5e-8, "2.5e-7");
        check_label(1.0 + 2e-6, 1e-6, "1.000002e0");
        check_label(f64::NAN, 1.0, "");
        check_label(3.0, f64::NAN, "3");
        let ticks = nice_ticks(AxisRange::new(-0.3, 1.1), 8);
        assert_eq!(tick_step(&ticks), Some(0.2));
        assert_eq!(
            ticks
                .iter()
                .map(|t| tick_label(*t, 0.2))
                .collect::<Vec<_>>(),
            ["-0.2", "0", "0.2", "0.4", "0.6", "0.8", "1.0"]
        );
    }

    #[test]
    fn color_scale_edge_cases() {
        assert_eq!(
            normalize(&[2.0, 2.0, f64::NAN]),
            vec![Some(0.5), Some(0.5), None]
        );
        assert_eq!(
            normalize(&[0.0, 5.0, 10.0, f64::INFINITY]),
            vec![Some(0.0), Some(0.5), Some(1.0), None]
        );
        assert_eq!(normalize(&[]), Vec::<Option<f64>>::new());
        assert_eq!(normalize(&[-1e308, 1e308]), vec![Some(0.0), Some(1.0)]);
        let log = ColorScale::log([0.01, 1.0, 100.0, 0.0, -3.0]);
        assert!(log.is_log());
        assert_eq!(
            [0.01, 1.0, 100.0, 0.0, -3.0].map(|v| log.normalize(v)),
            [Some(0.0), Some(0.5), Some(1.0), Some(0.0), Some(0.0)]
        );
        let (lo, hi) = log.bounds();
        assert!((lo - 0.01).abs() < 1e-12 && (hi - 100.0).abs() < 1e-9);
        // Without a positive value a log scale falls back to linear.
        assert!(!ColorScale::log([0.0, -1.0]).is_log());
    }

    #[test]
    fn grid_and_rgba() {
        let grid = Grid::evaluate(
            |x, y| x + 10.0 * y,
            AxisRange::new(0.0, 2.0),
            AxisRange::new(0.0, 2.0),
            2,
            2,
        );
        assert_eq!(grid.values, vec![5.5, 6.5, 15.5, 16.5]);
        assert_eq!((grid.x_at(0), grid.y_at(1)), (0.5, 1.5));
        assert_eq!(grid.get(1, 1), Some(16.5));
        assert_eq!(grid.get(2, 0), None);
        let rgba = to_rgba(&grid, &grid.color_scale(false), viridis);
        assert_eq!(rgba.len(), 16);
        // Image row 0 is the top (largest y): its right pixel holds the largest value, 16.5.
        assert_eq!(&rgba[4..8], &[0xFD, 0xE7, 0x25, 255]);
        assert_eq!(&rgba[8..12], &[0x44, 0x01, 0x54, 255]);
        let flat = Grid::evaluate(
            |_, _| f64::NAN,
            AxisRange::DEFAULT,
            AxisRange::DEFAULT,
            3,
            1,
        );
        let rgba = to_rgba(&flat, &flat.color_scale(true), viridis);
        assert_eq!(&rgba[0..4], &[0x99, 0x99, 0x99, 255]);
        let empty = Grid::evaluate(|_, _| 0.0, AxisRange::DEFAULT, AxisRange::DEFAULT, 0, 0);
        assert_eq!((empty.nx, empty.ny, empty.values.len()), (1, 1, 1));
    }

    #[test]
    fn viridis_ends_and_palette() {
        assert_eq!(viridis(0.0), (0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), (0xFD, 0xE7, 0x25));
        assert_eq!(viridis(-3.0), viridis(0.0));
        assert_eq!(viridis(f64::NAN), viridis(0.5));
        assert_eq!(hex(PALETTE[0]), "#0072b2");
        assert_eq!(hex(PALETTE[3]), "#d55e00");
    }

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            prop::num::f64::ANY,
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(1e308),
            Just(-1e308),
            Just(f64::MAX),
            Just(f64::MIN),
            Just(0.0),
            Just(-0.0),
            Just(5e-324),
            -10.0..10.0f64,
        ]
    }

    proptest! {
        #[test]
        fn axis_range_is_always_safe(values in prop::collection::vec(any_f64(), 0..20), pad in any_f64()) {
            let r = axis_range(values.iter().copied(), pad);
            check_range(r);
            for v in values.iter().filter(|v| v.is_finite()) {
                prop_assert!(r.contains(v.clamp(-SAFE_MAX, SAFE_MAX)), "{v} outside {r:?}");
            }
        }

        #[test]
        fn axis_range_new_is_always_safe(a in any_f64(), b in any_f64(), pad in any_f64(), v in any_f64()) {
            check_range(AxisRange::new(a, b));
            check_range(AxisRange::new(a, b).padded(pad));
            check_range(AxisRange::new(a, b).including(v));
        }

        #[test]
        fn sample_emits_only_finite_points(a in any_f64(), b in any_f64(), n in 0usize..300, k in any_f64(), c in any_f64()) {
            let lines = sample(|x| if x > c { f64::NAN } else { k * x * x }, a, b, n);
            for line in &lines {
                prop_assert!(!line.is_empty());
                for (x, y) in line {
                    prop_assert!(x.is_finite() && y.is_finite() && y.abs() <= SAFE_MAX);
                }
            }
        }

        #[test]
        fn nice_ticks_are_finite_and_inside(a in any_f64(), b in any_f64(), max_ticks in 0usize..30) {
            let range = AxisRange::new(a, b);
            let ticks = nice_ticks(range, max_ticks);
            prop_assert!(ticks.len() <= max_ticks);
            for t in &ticks {
                prop_assert!(t.is_finite());
                prop_assert!(*t >= range.min - range.width() * 1e-6 && *t <= range.max + range.width() * 1e-6);
            }
            prop_assert!(ticks.windows(2).all(|w| w[0] < w[1]));
        }

        #[test]
        fn tick_labels_are_short_and_never_negative_zero(a in any_f64(), b in any_f64(), max_ticks in 2usize..15) {
            let ticks = nice_ticks(AxisRange::new(a, b), max_ticks);
            let step = tick_step(&ticks).unwrap_or(1.0);
            for t in &ticks {
                let label = tick_label(*t, step);
                prop_assert!(!label.is_empty() && label.len() <= 24, "{t} -> {label:?}");
                prop_assert!(label != "-0" && !label.starts_with("-0e"), "{t} -> {label:?}");
            }
        }

        #[test]
        fn normalisation_is_within_unit_interval(values in prop::collection::vec(any_f64(), 0..30), log in any::<bool>()) {
            let scale = if log { ColorScale::log(values.iter().copied()) } else { ColorScale::linear(values.iter().copied()) };
            for v in &values {
                match scale.normalize(*v) {
                    Some(t) => prop_assert!((0.0..=1.0).contains(&t)),
                    None => prop_assert!(!v.is_finite()),
                }
            }
            for t in normalize(&values).into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&t));
            }
        }
    }
}
