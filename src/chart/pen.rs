//! [`Pen`]: the part of the canvas 2D context that figures drawn by hand use (the triplet plane), so
//! that one drawing function serves the screen (`CanvasRenderingContext2d`) and the exports
//! ([`PlottersPen`]: the same calls as plotters elements on any backend — SVG, or an off-screen
//! canvas at 2×/4×).
//!
//! Coordinates are CSS pixels (the screen sets the device-pixel-ratio transform; a `PlottersPen`
//! multiplies by its scale). Only what the figures use is supported: straight paths, full-circle
//! arcs, rectangular clips, `#rrggbb` and `rgba(…)` colours, `[bold] <n>px <family>` fonts.

use std::cell::RefCell;

use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::export::clip_polyline;
use super::function_plot::dashed;

/// The 2D-context calls a hand-drawn figure makes (same names and meaning as the canvas's).
pub trait Pen {
    fn begin_path(&self);
    fn move_to(&self, x: f64, y: f64);
    fn line_to(&self, x: f64, y: f64);
    fn close_path(&self);
    /// A full circle (the only arc the figures draw), as a new closed sub-path.
    fn circle(&self, x: f64, y: f64, radius: f64);
    fn rect(&self, x: f64, y: f64, w: f64, h: f64);
    fn fill(&self);
    fn stroke(&self);
    /// Clip to the current path (a rectangle).
    fn clip(&self);
    fn save(&self);
    fn restore(&self);
    fn set_fill_style_str(&self, color: &str);
    fn set_stroke_style_str(&self, color: &str);
    fn set_line_width(&self, width: f64);
    fn set_line_dash(&self, pattern: &[f64]);
    fn set_font(&self, font: &str);
    fn set_text_align(&self, align: &str);
    fn set_text_baseline(&self, baseline: &str);
    fn fill_text(&self, text: &str, x: f64, y: f64);
    /// Text outlined in the stroke style (a halo behind `fill_text`).
    fn stroke_text(&self, text: &str, x: f64, y: f64);
    fn fill_rect(&self, x: f64, y: f64, w: f64, h: f64);
    fn stroke_rect(&self, x: f64, y: f64, w: f64, h: f64);
}

impl Pen for CanvasRenderingContext2d {
    fn begin_path(&self) {
        CanvasRenderingContext2d::begin_path(self);
    }
    fn move_to(&self, x: f64, y: f64) {
        CanvasRenderingContext2d::move_to(self, x, y);
    }
    fn line_to(&self, x: f64, y: f64) {
        CanvasRenderingContext2d::line_to(self, x, y);
    }
    fn close_path(&self) {
        CanvasRenderingContext2d::close_path(self);
    }
    fn circle(&self, x: f64, y: f64, radius: f64) {
        CanvasRenderingContext2d::move_to(self, x + radius, y);
        let _ = CanvasRenderingContext2d::arc(self, x, y, radius, 0.0, std::f64::consts::TAU);
    }
    fn rect(&self, x: f64, y: f64, w: f64, h: f64) {
        CanvasRenderingContext2d::rect(self, x, y, w, h);
    }
    fn fill(&self) {
        CanvasRenderingContext2d::fill(self);
    }
    fn stroke(&self) {
        CanvasRenderingContext2d::stroke(self);
    }
    fn clip(&self) {
        CanvasRenderingContext2d::clip(self);
    }
    fn save(&self) {
        CanvasRenderingContext2d::save(self);
    }
    fn restore(&self) {
        CanvasRenderingContext2d::restore(self);
    }
    fn set_fill_style_str(&self, color: &str) {
        CanvasRenderingContext2d::set_fill_style_str(self, color);
    }
    fn set_stroke_style_str(&self, color: &str) {
        CanvasRenderingContext2d::set_stroke_style_str(self, color);
    }
    fn set_line_width(&self, width: f64) {
        CanvasRenderingContext2d::set_line_width(self, width);
    }
    fn set_line_dash(&self, pattern: &[f64]) {
        let array: js_sys::Array = pattern.iter().map(|v| JsValue::from_f64(*v)).collect();
        let _ = CanvasRenderingContext2d::set_line_dash(self, &array);
    }
    fn set_font(&self, font: &str) {
        CanvasRenderingContext2d::set_font(self, font);
    }
    fn set_text_align(&self, align: &str) {
        CanvasRenderingContext2d::set_text_align(self, align);
    }
    fn set_text_baseline(&self, baseline: &str) {
        CanvasRenderingContext2d::set_text_baseline(self, baseline);
    }
    fn fill_text(&self, text: &str, x: f64, y: f64) {
        let _ = CanvasRenderingContext2d::fill_text(self, text, x, y);
    }
    fn stroke_text(&self, text: &str, x: f64, y: f64) {
        let _ = CanvasRenderingContext2d::stroke_text(self, text, x, y);
    }
    fn fill_rect(&self, x: f64, y: f64, w: f64, h: f64) {
        CanvasRenderingContext2d::fill_rect(self, x, y, w, h);
    }
    fn stroke_rect(&self, x: f64, y: f64, w: f64, h: f64) {
        CanvasRenderingContext2d::stroke_rect(self, x, y, w, h);
    }
}

/// A colour of a canvas style string: `#rrggbb` or `rgba(r,g,b,a)` / `rgb(r,g,b)`; else black.
pub fn parse_color(style: &str) -> RGBAColor {
    let style = style.trim();
    if let Some(hex) = style.strip_prefix('#').filter(|h| h.len() == 6) {
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        return RGBAColor(byte(0), byte(2), byte(4), 1.0);
    }
    let inner = style
        .strip_prefix("rgba(")
        .or_else(|| style.strip_prefix("rgb("))
        .and_then(|s| s.strip_suffix(')'));
    if let Some(inner) = inner {
        let parts: Vec<f64> = inner
            .split(',')
            .filter_map(|p| crate::url::parse_number(p.trim()))
            .collect();
        if let [r, g, b, rest @ ..] = parts.as_slice() {
            let channel = |v: f64| v.clamp(0.0, 255.0).round() as u8;
            let alpha = rest.first().copied().unwrap_or(1.0).clamp(0.0, 1.0);
            return RGBAColor(channel(*r), channel(*g), channel(*b), alpha);
        }
    }
    RGBAColor(0, 0, 0, 1.0)
}

/// The size in pixels and the weight of a CSS font shorthand (`bold 13px sans-serif`).
fn parse_font(font: &str) -> (f64, bool) {
    let size = font
        .split_whitespace()
        .find_map(|w| w.strip_suffix("px").and_then(crate::url::parse_number))
        .unwrap_or(10.0);
    (size, font.split_whitespace().any(|w| w == "bold"))
}

/// A polygon clipped to the rectangle `left..=right × top..=bottom` (Sutherland–Hodgman).
pub fn clip_polygon(
    points: &[(f64, f64)],
    (left, right, top, bottom): (f64, f64, f64, f64),
) -> Vec<(f64, f64)> {
    type Edge = (
        fn((f64, f64), f64) -> bool,
        fn((f64, f64), (f64, f64), f64) -> (f64, f64),
    );
    let at_x = |a: (f64, f64), b: (f64, f64), x: f64| {
        let t = (x - a.0) / (b.0 - a.0);
        (x, a.1 + t * (b.1 - a.1))
    };
    let at_y = |a: (f64, f64), b: (f64, f64), y: f64| {
        let t = (y - a.1) / (b.1 - a.1);
        (a.0 + t * (b.0 - a.0), y)
    };
    let edges: [(Edge, f64); 4] = [
        ((|p, v| p.0 >= v, at_x), left),
        ((|p, v| p.0 <= v, at_x), right),
        ((|p, v| p.1 >= v, at_y), top),
        ((|p, v| p.1 <= v, at_y), bottom),
    ];
    let mut out = points.to_vec();
    for ((inside, cut), value) in edges {
        let input = std::mem::take(&mut out);
        for (k, &current) in input.iter().enumerate() {
            let previous = input[(k + input.len() - 1) % input.len()];
            match (inside(current, value), inside(previous, value)) {
                (true, true) => out.push(current),
                (true, false) => {
                    out.push(cut(previous, current, value));
                    out.push(current);
                }
                (false, true) => out.push(cut(previous, current, value)),
                (false, false) => {}
            }
        }
    }
    out
}

/// What `save` keeps.
#[derive(Clone)]
struct Style {
    fill: RGBAColor,
    stroke: RGBAColor,
    width: f64,
    dash: Vec<f64>,
    font: (f64, bool),
    align: HPos,
    baseline: VPos,
    /// left, right, top, bottom (CSS pixels).
    clip: Option<(f64, f64, f64, f64)>,
}

#[derive(Clone)]
struct State {
    style: Style,
    saved: Vec<Style>,
    /// Sub-paths and whether each is closed.
    path: Vec<(Vec<(f64, f64)>, bool)>,
    error: Option<String>,
}

/// A [`Pen`] that draws plotters elements on `root` at `scale` backend pixels per CSS pixel.
pub struct PlottersPen<'a, DB: DrawingBackend> {
    root: &'a DrawingArea<DB, Shift>,
    scale: f64,
    state: RefCell<State>,
}

impl<'a, DB: DrawingBackend> PlottersPen<'a, DB> {
    pub fn new(root: &'a DrawingArea<DB, Shift>, scale: f64) -> Self {
        let black = RGBAColor(0, 0, 0, 1.0);
        PlottersPen {
            root,
            scale,
            state: RefCell::new(State {
                style: Style {
                    fill: black,
                    stroke: black,
                    width: 1.0,
                    dash: Vec::new(),
                    font: (10.0, false),
                    align: HPos::Left,
                    baseline: VPos::Bottom,
                    clip: None,
                },
                saved: Vec::new(),
                path: Vec::new(),
                error: None,
            }),
        }
    }

    /// The first drawing error, if any.
    pub fn finish(self) -> Result<(), String> {
        self.state.into_inner().error.map_or(Ok(()), Err)
    }

    fn px(&self, (x, y): (f64, f64)) -> (i32, i32) {
        (
            (x * self.scale).round() as i32,
            (y * self.scale).round() as i32,
        )
    }

    fn draw<E>(&self, element: &E)
    where
        for<'b> &'b E: PointCollection<'b, (i32, i32)>,
        E: Drawable<DB>,
    {
        if let Err(e) = self.root.draw(element) {
            let mut state = self.state.borrow_mut();
            state.error.get_or_insert(e.to_string());
        }
    }

    fn with_path(&self, f: impl FnOnce(&mut Vec<(Vec<(f64, f64)>, bool)>)) {
        f(&mut self.state.borrow_mut().path);
    }

    fn text(&self, text: &str, (x, y): (f64, f64), color: RGBAColor) {
        let style = self.state.borrow().style.clone();
        let (size, bold) = style.font;
        let font = crate::chart::style::sans_serif(size * self.scale);
        let font = if bold {
            font.style(FontStyle::Bold)
        } else {
            font
        };
        let text_style = font
            .color(&color)
            .pos(Pos::new(style.align, style.baseline));
        if let Err(e) = self.root.draw_text(text, &text_style, self.px((x, y))) {
            self.state.borrow_mut().error.get_or_insert(e.to_string());
        }
    }

    fn stroke_polyline(&self, points: Vec<(f64, f64)>, style: &Style) {
        let pieces = match style.clip {
            Some(clip) => clip_polyline(&points, clip),
            None => vec![points],
        };
        let shape = ShapeStyle {
            color: style.stroke,
            filled: false,
            stroke_width: (style.width * self.scale).round().max(1.0) as u32,
        };
        for piece in pieces {
            let dashes = match style.dash.as_slice() {
                [on, off, ..] => dashed(&piece, *on, *off),
                _ => vec![piece],
            };
            for dash in dashes.into_iter().filter(|d| d.len() > 1) {
                let pixels: Vec<(i32, i32)> = dash.into_iter().map(|p| self.px(p)).collect();
                self.draw(&PathElement::new(pixels, shape));
            }
        }
    }

    fn fill_polygon(&self, points: &[(f64, f64)], style: &Style) {
        let clipped = match style.clip {
            Some(clip) => clip_polygon(points, clip),
            None => points.to_vec(),
        };
        if clipped.len() > 2 {
            let pixels: Vec<(i32, i32)> = clipped.into_iter().map(|p| self.px(p)).collect();
            self.draw(&Polygon::new(pixels, style.fill.filled()));
        }
    }
}

fn h_pos(align: &str) -> HPos {
    match align {
        "center" => HPos::Center,
        "right" | "end" => HPos::Right,
        _ => HPos::Left,
    }
}

fn v_pos(baseline: &str) -> VPos {
    match baseline {
        "top" | "hanging" => VPos::Top,
        "middle" => VPos::Center,
        _ => VPos::Bottom,
    }
}

impl<DB: DrawingBackend> Pen for PlottersPen<'_, DB> {
    fn begin_path(&self) {
        self.with_path(Vec::clear);
    }
    fn move_to(&self, x: f64, y: f64) {
        self.with_path(|path| path.push((vec![(x, y)], false)));
    }
    fn line_to(&self, x: f64, y: f64) {
        self.with_path(|path| match path.last_mut() {
            Some((points, false)) => points.push((x, y)),
            _ => path.push((vec![(x, y)], false)),
        });
    }
    fn close_path(&self) {
        self.with_path(|path| {
            if let Some((_, closed)) = path.last_mut() {
                *closed = true;
            }
        });
    }
    fn circle(&self, x: f64, y: f64, radius: f64) {
        let steps = ((radius * self.scale).ceil() as usize * 2).clamp(16, 96);
        let points = (0..steps)
            .map(|k| {
                let t = std::f64::consts::TAU * k as f64 / steps as f64;
                (x + radius * t.cos(), y + radius * t.sin())
            })
            .collect();
        self.with_path(|path| path.push((points, true)));
    }
    fn rect(&self, x: f64, y: f64, w: f64, h: f64) {
        let points = vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
        self.with_path(|path| path.push((points, true)));
    }
    fn fill(&self) {
        let (path, style) = {
            let state = self.state.borrow();
            (state.path.clone(), state.style.clone())
        };
        for (points, _) in path {
            self.fill_polygon(&points, &style);
        }
    }
    fn stroke(&self) {
        let (path, style) = {
            let state = self.state.borrow();
            (state.path.clone(), state.style.clone())
        };
        for (mut points, closed) in path {
            if closed {
                if let Some(first) = points.first().copied() {
                    points.push(first);
                }
            }
            self.stroke_polyline(points, &style);
        }
    }
    fn clip(&self) {
        let mut state = self.state.borrow_mut();
        let points = state.path.iter().flat_map(|(p, _)| p.iter().copied());
        let (mut left, mut right, mut top, mut bottom) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for (x, y) in points {
            (left, right, top, bottom) = (left.min(x), right.max(x), top.min(y), bottom.max(y));
        }
        if left <= right && top <= bottom {
            let clip = match state.style.clip {
                Some((l, r, t, b)) => (left.max(l), right.min(r), top.max(t), bottom.min(b)),
                None => (left, right, top, bottom),
            };
            state.style.clip = Some(clip);
        }
    }
    fn save(&self) {
        let mut state = self.state.borrow_mut();
        let style = state.style.clone();
        state.saved.push(style);
    }
    fn restore(&self) {
        let mut state = self.state.borrow_mut();
        if let Some(style) = state.saved.pop() {
            state.style = style;
        }
    }
    fn set_fill_style_str(&self, color: &str) {
        self.state.borrow_mut().style.fill = parse_color(color);
    }
    fn set_stroke_style_str(&self, color: &str) {
        self.state.borrow_mut().style.stroke = parse_color(color);
    }
    fn set_line_width(&self, width: f64) {
        if width.is_finite() && width > 0.0 {
            self.state.borrow_mut().style.width = width;
        }
    }
    fn set_line_dash(&self, pattern: &[f64]) {
        self.state.borrow_mut().style.dash = pattern.to_vec();
    }
    fn set_font(&self, font: &str) {
        self.state.borrow_mut().style.font = parse_font(font);
    }
    fn set_text_align(&self, align: &str) {
        self.state.borrow_mut().style.align = h_pos(align);
    }
    fn set_text_baseline(&self, baseline: &str) {
        self.state.borrow_mut().style.baseline = v_pos(baseline);
    }
    fn fill_text(&self, text: &str, x: f64, y: f64) {
        let color = self.state.borrow().style.fill;
        self.text(text, (x, y), color);
    }
    /// Plotters has no outlined text: the text in the stroke colour, shifted by half the line
    /// width in eight directions, makes the same halo.
    fn stroke_text(&self, text: &str, x: f64, y: f64) {
        let (color, width) = {
            let style = &self.state.borrow().style;
            (style.stroke, style.width)
        };
        let d = width / 2.0;
        for (dx, dy) in [
            (-d, 0.0),
            (d, 0.0),
            (0.0, -d),
            (0.0, d),
            (-d, -d),
            (d, d),
            (-d, d),
            (d, -d),
        ] {
            self.text(text, (x + dx, y + dy), color);
        }
    }
    fn fill_rect(&self, x: f64, y: f64, w: f64, h: f64) {
        let style = self.state.borrow().style.clone();
        self.fill_polygon(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], &style);
    }
    fn stroke_rect(&self, x: f64, y: f64, w: f64, h: f64) {
        let style = self.state.borrow().style.clone();
        let points = vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
        self.stroke_polyline(points, &style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_fonts_parse() {
        assert_eq!(parse_color("#0072B2"), RGBAColor(0, 0x72, 0xb2, 1.0));
        assert_eq!(
            parse_color("rgba(213,94,0,0.08)"),
            RGBAColor(213, 94, 0, 0.08)
        );
        assert_eq!(parse_color("rgb(1, 2, 3)"), RGBAColor(1, 2, 3, 1.0));
        assert_eq!(parse_color("teal"), RGBAColor(0, 0, 0, 1.0));
        assert_eq!(parse_font("bold 13px sans-serif"), (13.0, true));
        assert_eq!(parse_font("11px sans-serif"), (11.0, false));
    }

    #[test]
    fn polygons_are_clipped_to_the_rectangle() {
        let square = [(-1.0, -1.0), (2.0, -1.0), (2.0, 2.0), (-1.0, 2.0)];
        let clipped = clip_polygon(&square, (0.0, 1.0, 0.0, 1.0));
        assert_eq!(clipped.len(), 4);
        for p in &clipped {
            assert!(
                (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1),
                "{p:?}"
            );
        }
        assert!(clip_polygon(&square, (5.0, 6.0, 5.0, 6.0)).is_empty());
    }
}
