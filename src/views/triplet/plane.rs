//! The embedding plane on a HiDPI canvas, drawn with the 2D context directly (a few dozen paths per
//! frame; plotters' layout would cost more than the drawing): the margin ball, the distances, the
//! gradient arrows and trails of a single triplet, or a batch of labelled points with its mined
//! triplets. The handles themselves are `<button>`s over the canvas (see `mod.rs`).

use nnfunc::plot::{
    format_significant, hex, nice_ticks, tick_label, tick_step, AxisRange, PALETTE,
};
use nnfunc::triplet::{Batch, Config, Evaluation, Point, Triplet, TripletIndices};
use web_sys::HtmlCanvasElement;

use crate::chart::canvas;
use crate::chart::export::context_2d;
use crate::chart::heatmap::PlotArea;
use crate::chart::pen::Pen;
use crate::chart::style::css_rgba;
use crate::theme::{ChartTheme, Rgb};

/// The plane always shows at least `[-PLANE_HALF_WIDTH, PLANE_HALF_WIDTH]²`.
pub const PLANE_HALF_WIDTH: f64 = 3.0;
/// At most this many mined triplets are drawn (all of them are trained on).
pub const MAX_DRAWN_TRIPLETS: usize = 400;

/// The plane's CSS size while layout gives it none.
pub const FALLBACK_CSS_SIZE: (u32, u32) = (520, 520);
/// Left, bottom, top, right margins in CSS pixels (tick labels).
const MARGINS: (f64, f64, f64, f64) = (40.0, 26.0, 10.0, 10.0);

/// Colours of anchor, positive and negative.
pub fn role_colors(dark: bool) -> [Rgb; 3] {
    if dark {
        [PALETTE[5], PALETTE[2], PALETTE[1]]
    } else {
        [PALETTE[0], PALETTE[2], PALETTE[3]]
    }
}

/// The colour of class `c` in a batch.
pub fn class_color(class: usize, dark: bool) -> Rgb {
    const LIGHT: [usize; 5] = [0, 3, 2, 4, 1];
    const DARK: [usize; 5] = [5, 1, 2, 4, 6];
    let order = if dark { DARK } else { LIGHT };
    PALETTE[order[class % order.len()]]
}

/// What the plane shows.
pub enum Scene<'a> {
    Single {
        triplet: &'a Triplet,
        evaluation: Option<&'a Evaluation>,
        config: &'a Config,
        trail: &'a [Triplet],
        /// Arrows are `−gradient × arrow_scale` in data units.
        arrow_scale: f64,
    },
    Batch {
        batch: &'a Batch,
        triplets: &'a [TripletIndices],
    },
}

/// A square data range holding `[-3, 3]²` and every point, padded.
pub fn view_range(points: impl IntoIterator<Item = Point>) -> AxisRange {
    let mut lo = -PLANE_HALF_WIDTH;
    let mut hi = PLANE_HALF_WIDTH;
    for (x, y) in points {
        for v in [x, y] {
            if v.is_finite() {
                lo = lo.min(v - 0.4);
                hi = hi.max(v + 0.4);
            }
        }
    }
    AxisRange::new(lo, hi)
}

struct Painter<'a, C: Pen> {
    ctx: &'a C,
    area: PlotArea,
    theme: &'a ChartTheme,
}

impl<C: Pen> Painter<'_, C> {
    fn css(&self, p: Point) -> Point {
        self.area.to_css(p)
    }

    fn dash(&self, pattern: &[f64]) {
        self.ctx.set_line_dash(pattern);
    }

    fn stroke(&self, color: &str, width: f64, dash: &[f64]) {
        self.ctx.set_stroke_style_str(color);
        self.ctx.set_line_width(width);
        self.dash(dash);
        self.ctx.stroke();
        self.dash(&[]);
    }

    fn polyline(&self, points: &[Point]) {
        self.ctx.begin_path();
        for (k, p) in points.iter().enumerate() {
            let (x, y) = self.css(*p);
            if k == 0 {
                self.ctx.move_to(x, y);
            } else {
                self.ctx.line_to(x, y);
            }
        }
    }

    fn segment(&self, a: Point, b: Point, color: &str, width: f64, dash: &[f64]) {
        self.polyline(&[a, b]);
        self.stroke(color, width, dash);
    }

    fn dot(&self, at: Point, radius: f64, fill: &str) {
        let (x, y) = self.css(at);
        self.ctx.begin_path();
        self.ctx.circle(x, y, radius);
        self.ctx.set_fill_style_str(fill);
        self.ctx.fill();
    }

    /// Text with a halo in the background colour, readable over lines.
    fn label(&self, text: &str, (x, y): Point, color: Rgb) {
        self.ctx.set_line_width(4.0);
        self.ctx.set_stroke_style_str(&hex(self.theme.background));
        self.ctx.stroke_text(text, x, y);
        self.ctx.set_fill_style_str(&hex(color));
        self.ctx.fill_text(text, x, y);
    }

    /// An arrow from `from` along `v` (data units).
    fn arrow(&self, from: Point, v: Point, color: Rgb) {
        let (x0, y0) = self.css(from);
        let (x1, y1) = self.css((from.0 + v.0, from.1 + v.1));
        let (dx, dy) = (x1 - x0, y1 - y0);
        let length = dx.hypot(dy);
        if !(length.is_finite() && length >= 2.0) {
            return;
        }
        let (ux, uy) = (dx / length, dy / length);
        let head = length.min(12.0);
        let (bx, by) = (x1 - ux * head, y1 - uy * head);
        self.ctx.begin_path();
        self.ctx.move_to(x0, y0);
        self.ctx.line_to(bx, by);
        self.stroke(&hex(color), 2.5, &[]);
        self.ctx.begin_path();
        self.ctx.move_to(x1, y1);
        self.ctx
            .line_to(bx - uy * head * 0.45, by + ux * head * 0.45);
        self.ctx
            .line_to(bx + uy * head * 0.45, by - ux * head * 0.45);
        self.ctx.close_path();
        self.ctx.set_fill_style_str(&hex(color));
        self.ctx.fill();
    }
}

/// Draw `scene` over `range` (square) on `canvas`, sized for the device pixel ratio. Returns where the
/// plotting area is, for the handles and the pointer.
pub fn draw(
    canvas: &HtmlCanvasElement,
    scene: &Scene,
    range: AxisRange,
    theme: &ChartTheme,
    dark: bool,
) -> Result<PlotArea, String> {
    let fitted = canvas::fit_to_layout(canvas, FALLBACK_CSS_SIZE);
    let (dpr, (css_w, css_h)) = (fitted.dpr, fitted.css);
    let ctx = context_2d(canvas)?;
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)
        .map_err(|_| "could not scale the plane".to_string())?;
    Ok(paint(
        &ctx,
        (f64::from(css_w), f64::from(css_h)),
        scene,
        range,
        theme,
        dark,
    ))
}

/// The plane of CSS size `css` with any [`Pen`]: the screen's 2D context or an export's plotters
/// backend. Returns where the plotting area is.
pub fn paint<C: Pen>(
    ctx: &C,
    (css_w, css_h): (f64, f64),
    scene: &Scene,
    range: AxisRange,
    theme: &ChartTheme,
    dark: bool,
) -> PlotArea {
    ctx.set_fill_style_str(&hex(theme.background));
    ctx.fill_rect(0.0, 0.0, css_w, css_h);

    let (ml, mb, mt, mr) = MARGINS;
    let side = (css_w - ml - mr).min(css_h - mt - mb).max(10.0);
    let area = PlotArea {
        left: ml + ((css_w - ml - mr) - side) / 2.0,
        top: mt,
        width: side,
        height: side,
        x: range,
        y: range,
    };
    let painter = Painter { ctx, area, theme };
    draw_grid(&painter, css_w < 420.0);

    ctx.save();
    ctx.begin_path();
    ctx.rect(area.left, area.top, area.width, area.height);
    ctx.clip();
    match scene {
        Scene::Single {
            triplet,
            evaluation,
            config,
            trail,
            arrow_scale,
        } => draw_single(
            &painter,
            triplet,
            *evaluation,
            config,
            trail,
            *arrow_scale,
            dark,
        ),
        Scene::Batch { batch, triplets } => draw_batch(&painter, batch, triplets, dark),
    }
    ctx.restore();
    ctx.set_stroke_style_str(&hex(theme.axis));
    ctx.set_line_width(1.0);
    ctx.stroke_rect(area.left, area.top, area.width, area.height);
    area
}

fn draw_grid<C: Pen>(p: &Painter<C>, small: bool) {
    let (ctx, area, theme) = (p.ctx, p.area, p.theme);
    let ticks = nice_ticks(area.x, if small { 5 } else { 7 });
    let step = tick_step(&ticks).unwrap_or(area.x.width());
    ctx.set_font(if small {
        "11px sans-serif"
    } else {
        "12px sans-serif"
    });
    for &t in &ticks {
        let (x, y) = p.css((t, t));
        let color = if t == 0.0 { theme.axis } else { theme.grid };
        ctx.begin_path();
        ctx.move_to(x, area.top);
        ctx.line_to(x, area.top + area.height);
        ctx.move_to(area.left, y);
        ctx.line_to(area.left + area.width, y);
        p.stroke(&hex(color), 1.0, &[]);
        ctx.set_fill_style_str(&hex(theme.text));
        ctx.set_text_align("center");
        ctx.set_text_baseline("top");
        let text = tick_label(t, step);
        ctx.fill_text(&text, x, area.top + area.height + 6.0);
        ctx.set_text_align("right");
        ctx.set_text_baseline("middle");
        ctx.fill_text(&text, area.left - 6.0, y);
    }
    ctx.set_text_align("left");
    ctx.set_text_baseline("alphabetic");
}

/// The drag handles' radius in CSS pixels (44 px buttons, `style/main.css`) plus a little air.
const HANDLE_CLEARANCE: f64 = 25.0;

/// A label's box in CSS pixels: left, top, right, bottom.
type LabelBox = (f64, f64, f64, f64);

/// The box of `text` centred at `x` with its baseline at `y`, in a `font_px` sans-serif font
/// (widths estimated: the canvas's text metrics are not worth a call per candidate).
fn label_box(text: &str, (x, y): Point, font_px: f64) -> LabelBox {
    let half = text.chars().count() as f64 * font_px * 0.31;
    (x - half, y - font_px, x + half, y + 0.3 * font_px)
}

fn boxes_overlap(a: LabelBox, b: LabelBox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn box_hits_circle(b: LabelBox, (cx, cy): Point, r: f64) -> bool {
    let dx = cx - cx.clamp(b.0, b.2);
    let dy = cy - cy.clamp(b.1, b.3);
    dx * dx + dy * dy < r * r
}

/// Where to put the label of the segment from `a` to `b` (CSS pixels): beside the segment, off the
/// drag handles at `handles`, off the labels already `placed` and inside `bounds`; the first free
/// spot of a few along both sides, else the one with the fewest collisions. On a phone the points
/// sit close together and a label over a handle hid it.
fn place_label(
    text: &str,
    (a, b): (Point, Point),
    font_px: f64,
    handles: &[Point],
    placed: &[LabelBox],
    bounds: LabelBox,
) -> Point {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = dx.hypot(dy);
    let normal = if length > 1e-9 {
        (-dy / length, dx / length)
    } else {
        (0.0, -1.0)
    };
    let (width, height) = {
        let b = label_box(text, (0.0, 0.0), font_px);
        (b.2 - b.0, b.3 - b.1)
    };
    let mut best = None;
    // Nearest first: along the segment's middle, then further out, then towards its ends.
    let spots = [0.0, 14.0, 28.0, 42.0, 56.0, 70.0]
        .into_iter()
        .flat_map(|extra| [0.5, 0.35, 0.65, 0.2, 0.8].map(|t| (extra, t)));
    for (extra, t) in spots {
        for side in [-1.0, 1.0] {
            let base = (a.0 + dx * t, a.1 + dy * t);
            // Far enough along the normal that the box clears the segment itself.
            let d = extra + 6.0 + (normal.0.abs() * width + normal.1.abs() * height) / 2.0;
            let centre = (base.0 + side * normal.0 * d, base.1 + side * normal.1 * d);
            let at = (centre.0, centre.1 + height / 2.0 - 0.3 * font_px);
            let candidate = label_box(text, at, font_px);
            let hits = handles
                .iter()
                .filter(|h| box_hits_circle(candidate, **h, HANDLE_CLEARANCE))
                .count()
                + placed
                    .iter()
                    .filter(|p| boxes_overlap(candidate, **p))
                    .count()
                // Outside the plane is worse than over something.
                + 10 * usize::from(
                    candidate.0 < bounds.0
                        || candidate.1 < bounds.1
                        || candidate.2 > bounds.2
                        || candidate.3 > bounds.3,
                );
            if hits == 0 {
                return at;
            }
            if best.is_none_or(|(fewest, _)| hits < fewest) {
                best = Some((hits, at));
            }
        }
    }
    best.map_or(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0), |(_, at)| at)
}

fn draw_single<C: Pen>(
    p: &Painter<C>,
    t: &Triplet,
    evaluation: Option<&Evaluation>,
    config: &Config,
    trail: &[Triplet],
    arrow_scale: f64,
    dark: bool,
) {
    let [c_a, c_p, c_n] = role_colors(dark);
    let points = t.points();
    // PyTorch's distance is ‖a − x + eps‖_p = ‖x − (a + eps·1)‖_p: balls centred at a + eps·(1, 1).
    let centre = (t.anchor.0 + config.eps, t.anchor.1 + config.eps);
    if let Some(e) = evaluation {
        let radius = e.d_pos + config.margin;
        let ball = config.norm.ball(centre, radius, 192);
        p.polyline(&ball);
        p.ctx.set_fill_style_str(&css_rgba(c_n, 0.08));
        p.ctx.fill();
        p.stroke(&hex(c_n), 2.0, &[7.0, 5.0]);
        let inner = config.norm.ball(centre, e.d_pos, 192);
        p.polyline(&inner);
        p.stroke(&css_rgba(c_p, 0.8), 1.25, &[2.0, 4.0]);
        // Label the margin boundary at its top.
        let top = p.css((centre.0, centre.1 + radius));
        p.ctx.set_text_align("center");
        p.label(
            &format!("δ₊ + margin = {}", format_significant(radius, 4)),
            (top.0, top.1 - 6.0),
            c_n,
        );
        p.ctx.set_text_align("left");
    }
    // Trails: where each point has been.
    if !trail.is_empty() {
        for (role, color) in [c_a, c_p, c_n].into_iter().enumerate() {
            let mut path: Vec<Point> = trail.iter().map(|t| t.points()[role]).collect();
            path.push(points[role]);
            p.polyline(&path);
            p.stroke(&css_rgba(color, 0.55), 1.5, &[]);
            for q in trail.iter().step_by(10) {
                p.dot(q.points()[role], 1.5, &css_rgba(color, 0.55));
            }
        }
    }
    let used_swap = evaluation.is_some_and(|e| e.swapped);
    p.segment(t.anchor, t.positive, &hex(c_p), 3.0, &[]);
    p.segment(
        t.anchor,
        t.negative,
        &hex(c_n),
        if used_swap { 1.5 } else { 3.0 },
        if used_swap { &[6.0, 5.0] } else { &[] },
    );
    if config.swap {
        p.segment(
            t.positive,
            t.negative,
            &hex(c_n),
            if used_swap { 3.0 } else { 1.5 },
            if used_swap { &[] } else { &[6.0, 5.0] },
        );
    }
    if let Some(e) = evaluation {
        // Smaller on a phone, where the plane is narrow.
        let font_px = if p.area.width < 420.0 { 11.0 } else { 13.0 };
        p.ctx.set_font(&format!("bold {font_px}px sans-serif"));
        p.ctx.set_text_align("center");
        let handles = [p.css(t.anchor), p.css(t.positive), p.css(t.negative)];
        let bounds = (
            p.area.left,
            p.area.top,
            p.area.left + p.area.width,
            p.area.top + p.area.height,
        );
        let mut placed: Vec<LabelBox> = Vec::new();
        let mut labels = vec![
            (
                format!("δ₊ = {}", format_significant(e.d_pos, 4)),
                (t.anchor, t.positive),
                c_p,
            ),
            (
                format!("d(a, n) = {}", format_significant(e.d_anchor_negative, 4)),
                (t.anchor, t.negative),
                c_n,
            ),
        ];
        if config.swap {
            labels.push((
                format!("d(p, n) = {}", format_significant(e.d_positive_negative, 4)),
                (t.positive, t.negative),
                c_n,
            ));
        }
        for (text, (from, to), color) in labels {
            let at = place_label(
                &text,
                (p.css(from), p.css(to)),
                font_px,
                &handles,
                &placed,
                bounds,
            );
            placed.push(label_box(&text, at, font_px));
            p.label(&text, at, color);
        }
        p.ctx.set_text_align("left");
        p.ctx.set_font("12px sans-serif");
        for (point, g) in points.into_iter().zip(e.grad) {
            let v = (-g.0 * arrow_scale, -g.1 * arrow_scale);
            p.arrow(point, v, p.theme.text);
        }
    }
    for (point, color) in points.into_iter().zip([c_a, c_p, c_n]) {
        p.dot(point, 5.0, &hex(color));
    }
}

fn draw_batch<C: Pen>(p: &Painter<C>, batch: &Batch, triplets: &[TripletIndices], dark: bool) {
    let [_, c_p, c_n] = role_colors(dark);
    let point = |i: usize| batch.points.get(i).copied();
    for &(a, pos, neg) in triplets.iter().take(MAX_DRAWN_TRIPLETS) {
        if let (Some(a), Some(pos), Some(neg)) = (point(a), point(pos), point(neg)) {
            p.segment(a, neg, &css_rgba(c_n, 0.3), 1.0, &[]);
            p.segment(a, pos, &css_rgba(c_p, 0.3), 1.0, &[]);
        }
    }
    for (q, class) in batch.points.iter().zip(&batch.labels) {
        p.dot(*q, 7.0, &hex(p.theme.background));
        p.dot(*q, 5.5, &hex(class_color(*class, dark)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clear_of(text: &str, at: Point, handles: &[Point], placed: &[LabelBox]) -> bool {
        let b = label_box(text, at, 11.0);
        handles
            .iter()
            .all(|h| !box_hits_circle(b, *h, HANDLE_CLEARANCE))
            && placed.iter().all(|p| !boxes_overlap(b, *p))
    }

    #[test]
    fn labels_keep_off_the_handles_on_a_phone_sized_plane() {
        // A 300 px plane (a 360 px phone), the default triplet's handles ~60-90 px apart.
        let bounds = (40.0, 10.0, 340.0, 310.0);
        let cases: &[[Point; 3]] = &[
            [(190.0, 160.0), (250.0, 160.0), (190.0, 90.0)],
            [(150.0, 200.0), (200.0, 150.0), (260.0, 230.0)],
            [(100.0, 100.0), (140.0, 100.0), (120.0, 140.0)],
            [(60.0, 30.0), (300.0, 290.0), (60.0, 290.0)],
        ];
        for handles in cases {
            let mut placed = Vec::new();
            for (text, seg) in [
                ("δ₊ = 0.8485", (handles[0], handles[1])),
                ("d(a, n) = 1.414", (handles[0], handles[2])),
            ] {
                let at = place_label(text, seg, 11.0, handles, &placed, bounds);
                assert!(
                    clear_of(text, at, handles, &placed),
                    "{text} at {at:?} for {handles:?}"
                );
                let b = label_box(text, at, 11.0);
                assert!(
                    b.0 >= bounds.0 && b.2 <= bounds.2 && b.1 >= bounds.1 && b.3 <= bounds.3,
                    "{text} at {at:?} ({b:?}) for {handles:?}"
                );
                placed.push(b);
            }
        }
    }

    #[test]
    fn crowded_labels_still_get_a_spot() {
        // All three handles on top of each other: no free spot; the least-bad one, still finite.
        let handles = [(100.0, 100.0); 3];
        let at = place_label(
            "δ₊ = 0",
            (handles[0], handles[1]),
            13.0,
            &handles,
            &[],
            (0.0, 0.0, 200.0, 200.0),
        );
        assert!(at.0.is_finite() && at.1.is_finite());
    }
}
