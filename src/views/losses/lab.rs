//! The robust-regression lab: points on a scatter (drag, click to add, double-click or Delete to
//! remove), the best line under each regression loss, and the selected loss's landscape over (w, b)
//! with contours, every minimiser and an animated gradient descent from a draggable start.
//!
//! Speed: a point move recomputes only the selected loss's 256 × 256 grid (MSE in O(1) per cell, a
//! tight loop for the others), its colours and its contours (on a 64² grid), straight inside the
//! drawing effect, timed as `draw:landscape` with parts `draw:landscape:<fits|descent|grid|rgba|
//! contours|heatmap|scatter>`; axes are cached (`lab_draw`), canvas sizes come from a
//! `ResizeObserver`; descent frames reuse the cached image and only redraw.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::contour::Segment;
use nnfunc::landscape::{gradient_descent, landscape, line_loss};
use nnfunc::loss::Regression;
use nnfunc::loss_views::{
    fits, landscape_contours, landscape_ranges, landscape_rgba, regression_kind, Fit, Preset,
    LR_RANGE, MAX_POINTS, POINT_LIMIT, REGRESSION_LOSSES,
};
use nnfunc::plot::{axis_range, format_significant, hex, AxisRange, ColorScale};
use wasm_bindgen::JsCast;

use super::canvas::{use_css_size, AxesLayer, Timer};
use super::chart::loss_color;
use super::lab_draw::{
    draw_landscape, draw_scatter, paint_landscape, paint_scatter, FitLine, LandscapeCache,
    LandscapeFrame, Marker, AXIS_LABELS,
};
use super::state::LossStore;
use super::{event_number, LossNotes, DRAW_LANDSCAPE};
use crate::chart::export::{
    chart_theme, observed_size, register_figure, Cell, Csv, Figure, RasterSink,
};
use crate::chart::heatmap::{grid_csv, PlotArea};
use crate::components::ParamControl;
use crate::dom::target_checked;
use crate::theme::{use_environment, ChartTheme};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// Cells per side of the landscape.
const CELLS: usize = 256;
const CONTOURS: usize = 10;
/// Play stops after this many steps.
const MAX_STEPS: usize = 2000;
const STEPS_PER_FRAME: usize = 2;

fn round3(v: f64) -> f64 {
    ((v * 1000.0).round() / 1000.0).clamp(-POINT_LIMIT, POINT_LIMIT)
}

/// The scatter's ranges: the points, padded, at least 6 × 6.
fn scatter_ranges(points: &[(f64, f64)]) -> (AxisRange, AxisRange) {
    let widen = |r: AxisRange, min: f64| {
        let mid = (r.min + r.max) / 2.0;
        let half = (r.width() / 2.0).max(min / 2.0);
        AxisRange::new((mid - half).floor(), (mid + half).ceil())
    };
    (
        widen(axis_range(points.iter().map(|p| p.0), 0.12), 6.0),
        widen(axis_range(points.iter().map(|p| p.1), 0.12), 6.0),
    )
}

/// The cached landscape: recomputed only when what it shows changes.
#[derive(Clone, PartialEq)]
struct LandscapeKey {
    points: Vec<(f64, f64)>,
    kind: Regression,
    ranges: (AxisRange, AxisRange),
    log: bool,
}

struct Cached {
    key: LandscapeKey,
    /// Changes with every recomputation (the canvas re-uploads the cells only then).
    id: u64,
    rgba: Vec<u8>,
    scale: ColorScale,
    contours: Vec<Segment>,
}

/// The landscape as last drawn: the descent path, the markers and the loss's name.
type LandscapeShown = (Vec<(f64, f64)>, Vec<Marker>, &'static str);

/// The landscape as the export buttons see it: the cached cells and contours, the path and markers
/// as last drawn, painted by the heatmap painter; its CSV is the grid (recomputed by the same
/// `nnfunc::landscape` call as the cells) and the path's and markers' points.
struct LandscapeFigure {
    cache: StoredValue<Option<Cached>>,
    shown: StoredValue<LandscapeShown>,
    size: ReadSignal<Option<(u32, u32)>>,
    dark: ReadSignal<bool>,
}

impl LandscapeFigure {
    fn with<R>(
        &self,
        f: impl FnOnce(&Cached, &LandscapeFrame, &str) -> Result<R, String>,
    ) -> Result<R, String> {
        let removed = || "the lab was removed".to_string();
        let (path, markers, name) = self.shown.try_get_value().ok_or_else(removed)?;
        self.cache
            .try_with_value(|slot| {
                let c = slot.as_ref().ok_or("no landscape yet")?;
                let frame = LandscapeFrame {
                    image_id: c.id,
                    rgba: &c.rgba,
                    cells: CELLS,
                    contours: &c.contours,
                    scale: &c.scale,
                    x: c.key.ranges.0,
                    y: c.key.ranges.1,
                    path: &path,
                    markers: &markers,
                };
                f(c, &frame, name)
            })
            .unwrap_or_else(|| Err(removed()))
    }
}

impl Figure for LandscapeFigure {
    fn css_size(&self) -> (u32, u32) {
        observed_size(self.size, (480, 400))
    }

    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
        raster: &mut RasterSink,
    ) -> Result<(), String> {
        let (theme, css) = (chart_theme(self.dark), self.css_size());
        self.with(|_, frame, _| paint_landscape(root, css.0, scale, frame, &theme, raster))
    }

    fn csv(&self) -> Result<String, String> {
        self.with(|c, frame, name| {
            let (w, b) = c.key.ranges;
            let grid = landscape(&c.key.points, c.key.kind, w, b, CELLS, CELLS);
            let value = format!("{name} (reduction=mean)");
            Ok(grid_csv(&grid, AXIS_LABELS, &value, &frame.overlays()))
        })
    }
}

/// The scatter as the export buttons see it: the points, and the lines as last drawn.
struct ScatterFigure {
    points: RwSignal<Vec<(f64, f64)>>,
    range: RwSignal<(AxisRange, AxisRange)>,
    lines: StoredValue<Vec<NamedLine>>,
    size: ReadSignal<Option<(u32, u32)>>,
    dark: ReadSignal<bool>,
}

/// A named line of the scatter (a loss's best line, gradient descent's current one).
type NamedLine = (&'static str, FitLine);

struct ScatterShown {
    points: Vec<(f64, f64)>,
    range: (AxisRange, AxisRange),
    lines: Vec<NamedLine>,
}

impl ScatterFigure {
    /// The points, the ranges and the lines.
    fn read(&self) -> Result<ScatterShown, String> {
        let removed = || "the lab was removed".to_string();
        Ok(ScatterShown {
            points: self.points.try_get_untracked().ok_or_else(removed)?,
            range: self.range.try_get_untracked().ok_or_else(removed)?,
            lines: self.lines.try_get_value().ok_or_else(removed)?,
        })
    }
}

impl Figure for ScatterFigure {
    fn css_size(&self) -> (u32, u32) {
        observed_size(self.size, (480, 400))
    }

    fn paint<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
        _raster: &mut RasterSink,
    ) -> Result<(), String> {
        let ScatterShown {
            points,
            range,
            lines,
        } = self.read()?;
        let lines: Vec<FitLine> = lines.into_iter().map(|(_, line)| line).collect();
        paint_scatter(root, scale, range, &lines, &points, &chart_theme(self.dark))
    }

    /// `point` rows (x, y), then one row per line (w, b): each loss's best line and, while it
    /// runs, gradient descent's current line.
    fn csv(&self) -> Result<String, String> {
        let ScatterShown { points, lines, .. } = self.read()?;
        let mut csv = Csv::new(["layer", "x", "y", "w", "b"].map(String::from).to_vec());
        for (x, y) in points {
            csv.push_named("point", &[x, y]);
        }
        for (name, line) in lines {
            csv.rows.push(vec![
                Cell::Text(name.into()),
                Cell::Empty,
                Cell::Empty,
                Cell::Number(line.w),
                Cell::Number(line.b),
            ]);
        }
        Ok(csv.text())
    }
}

#[component]
pub fn LandscapeLab(store: LossStore) -> impl IntoView {
    let environment = use_environment();
    let LossStore {
        points,
        lab_loss,
        log,
        lr,
        start,
        ..
    } = store;
    let steps = RwSignal::new(0usize);
    let playing = RwSignal::new(false);
    let dragging = RwSignal::new(None::<usize>);
    let scatter_area = RwSignal::new(None::<PlotArea>);
    let landscape_area = RwSignal::new(None::<PlotArea>);
    let draw_error = RwSignal::new(None::<String>);
    let scatter_range = RwSignal::new(points.with_untracked(|p| scatter_ranges(p)));
    let cache = StoredValue::new(None::<Cached>);
    let scatter_ref = NodeRef::<leptos::html::Canvas>::new();
    let landscape_ref = NodeRef::<leptos::html::Canvas>::new();

    let kinds =
        Memo::new(move |_| REGRESSION_LOSSES.map(|id| store.params(id).with(regression_kind)));
    let selected = Memo::new(move |_| {
        let id = lab_loss.get();
        REGRESSION_LOSSES.iter().position(|x| *x == id).unwrap_or(0)
    });
    let kind = Memo::new(move |_| kinds.get()[selected.get()].unwrap_or(Regression::Mse));
    let fitted = Memo::new(move |_| points.with(|p| fits(p, &kinds.get())));
    let ranges = Memo::new(move |_| landscape_ranges(&fitted.get()));
    let path = Memo::new(move |_| {
        let (w, b) = ranges.get();
        let (sw, sb) = start.get();
        let from = (sw.clamp(w.min, w.max), sb.clamp(b.min, b.max));
        points.with(|p| gradient_descent(p, kind.get(), from, lr.get(), steps.get()))
    });
    let current = Memo::new(move |_| path.with(|p| p.last().copied()));

    // The figures' text alternatives: the data, every fit, the descent; they follow each change.
    let n4 = |v: f64| format_significant(v, 4);
    let fits_text = move || {
        fitted
            .get()
            .iter()
            .flatten()
            .map(|f| {
                format!(
                    "{}: y = {}·x + {} (loss {})",
                    f.loss.spec().name,
                    n4(f.w),
                    n4(f.b),
                    n4(f.value)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let scatter_label = Signal::derive(move || {
        format!(
            "{} points and the best line under each loss: {}.",
            points.with(Vec::len),
            fits_text()
        )
    });
    let landscape_label = Signal::derive(move || {
        let name = REGRESSION_LOSSES
            .get(selected.get())
            .map_or("the loss", |id| id.spec().name);
        let (w, b) = ranges.get();
        let descent = current.get().map_or_else(String::new, |(cw, cb)| {
            format!(
                " Gradient descent (learning rate {}) is at w = {}, b = {} after {} steps.",
                n4(lr.get()),
                n4(cw),
                n4(cb),
                steps.get()
            )
        });
        format!(
            "{name} over w from {} to {} and b from {} to {}{}: colour, contour lines, each loss's \
             minimiser and the gradient-descent path.{descent} Click or drag to move the start; \
             arrow keys move it too.",
            n4(w.min),
            n4(w.max),
            n4(b.min),
            n4(b.max),
            if log.get() { " (log colour scale)" } else { "" }
        )
    });

    // The scatter's axes follow the points, except while one is dragged (it would run away).
    Effect::new(move |_| {
        if dragging.get().is_none() {
            let r = points.with(|p| scatter_ranges(p));
            if scatter_range.get_untracked() != r {
                scatter_range.set(r);
            }
        }
    });

    // ---- drawing: scatter and landscape, one measure (with its parts) ----
    let scatter_css = use_css_size(scatter_ref);
    let landscape_css = use_css_size(landscape_ref);
    let layers = StoredValue::new_local((LandscapeCache::default(), AxesLayer::default()));
    let landscape_shown = StoredValue::new((Vec::new(), Vec::new(), "") as LandscapeShown);
    let scatter_shown = StoredValue::new(Vec::<NamedLine>::new());
    register_figure(
        "landscape",
        LandscapeFigure {
            cache,
            shown: landscape_shown,
            size: landscape_css,
            dark: environment.dark,
        },
    );
    register_figure(
        "scatter",
        ScatterFigure {
            points,
            range: scatter_range,
            lines: scatter_shown,
            size: scatter_css,
            dark: environment.dark,
        },
    );
    let next_image_id = StoredValue::new(0u64);
    Effect::new(move |_| {
        let dark = environment.dark.get();
        environment.viewport.track();
        let (Some(scatter_canvas), Some(landscape_canvas)) =
            (scatter_ref.get(), landscape_ref.get())
        else {
            return;
        };
        let theme = ChartTheme::new(dark);
        let timer = Timer::new(DRAW_LANDSCAPE);
        let result = timer.whole(|| -> Result<(PlotArea, PlotArea), String> {
            let fit_list = timer.part("fits", || fitted.get());
            let sel = selected.get();
            let now = timer.part("descent", || current.get());
            let key = LandscapeKey {
                points: points.get(),
                kind: kind.get(),
                ranges: ranges.get(),
                log: log.get(),
            };
            cache.update_value(|slot| {
                if slot.as_ref().is_none_or(|c| c.key != key) {
                    let (w, b) = key.ranges;
                    let grid = timer.part("grid", || {
                        landscape(&key.points, key.kind, w, b, CELLS, CELLS)
                    });
                    let scale = grid.color_scale(key.log);
                    let rgba = timer.part("rgba", || landscape_rgba(&grid, &scale));
                    let contours = timer.part("contours", || {
                        landscape_contours(&key.points, key.kind, w, b, CELLS, &scale, CONTOURS)
                    });
                    let id = next_image_id.get_value();
                    next_image_id.set_value(id + 1);
                    *slot = Some(Cached {
                        key: key.clone(),
                        id,
                        rgba,
                        scale,
                        contours,
                    });
                }
            });
            let mut markers: Vec<Marker> = Vec::new();
            let path_points = path.with(|p| {
                if let Some(first) = p.first() {
                    markers.push(Marker {
                        at: *first,
                        color: (255, 255, 255),
                        radius_css: 4.0,
                    });
                }
                p.clone()
            });
            for (i, fit) in fit_list.iter().enumerate() {
                if let Some(f) = fit {
                    markers.push(Marker {
                        at: (f.w, f.b),
                        color: loss_color(i, dark),
                        radius_css: if i == sel { 7.0 } else { 4.5 },
                    });
                }
            }
            if let Some(at) = now {
                markers.push(Marker {
                    at,
                    color: (255, 255, 255),
                    radius_css: 3.0,
                });
            }
            let (w_range, b_range) = key.ranges;
            let land = timer.part("heatmap", || {
                cache.with_value(|slot| {
                    let Some(c) = slot else {
                        return Err("no landscape".to_string());
                    };
                    let frame = LandscapeFrame {
                        image_id: c.id,
                        rgba: &c.rgba,
                        cells: CELLS,
                        contours: &c.contours,
                        scale: &c.scale,
                        x: w_range,
                        y: b_range,
                        path: &path_points,
                        markers: &markers,
                    };
                    let css = landscape_css.get_untracked().unwrap_or((480, 400));
                    let name = REGRESSION_LOSSES
                        .get(sel)
                        .map_or("loss", |id| id.spec().name);
                    landscape_shown.set_value((path_points.clone(), markers.clone(), name));
                    layers
                        .try_update_value(|(land, _)| {
                            draw_landscape(&landscape_canvas, css, &frame, &theme, land)
                        })
                        .unwrap_or_else(|| Err("the lab is gone".into()))
                })
            })?;
            // The fitted lines, the selected one last (on top) and thicker; the descent's dashed.
            let mut named: Vec<NamedLine> = (0..fit_list.len())
                .filter(|i| *i != sel)
                .chain([sel])
                .filter_map(|i| {
                    let f = fit_list.get(i).copied().flatten()?;
                    let name = REGRESSION_LOSSES.get(i)?.spec().name;
                    Some((
                        name,
                        FitLine {
                            w: f.w,
                            b: f.b,
                            color: loss_color(i, dark),
                            width_css: if i == sel { 3.5 } else { 2.0 },
                            dashed: false,
                        },
                    ))
                })
                .collect();
            if let Some((w, b)) = now {
                named.push((
                    "gradient descent",
                    FitLine {
                        w,
                        b,
                        color: theme.axis,
                        width_css: 1.5,
                        dashed: true,
                    },
                ));
            }
            let lines: Vec<FitLine> = named.iter().map(|(_, line)| *line).collect();
            scatter_shown.set_value(named);
            let css = scatter_css.get().unwrap_or((480, 400));
            let range = scatter_range.get();
            let scatter = timer.part("scatter", || {
                layers
                    .try_update_value(|(_, axes)| {
                        draw_scatter(&scatter_canvas, css, range, &lines, &theme, axes)
                    })
                    .unwrap_or_else(|| Err("the lab is gone".into()))
            })?;
            Ok((scatter, land))
        });
        let _ = landscape_css.get();
        match result {
            Ok((s, l)) => {
                if scatter_area.get_untracked() != Some(s) {
                    scatter_area.set(Some(s));
                }
                if landscape_area.get_untracked() != Some(l) {
                    landscape_area.set(Some(l));
                }
                if draw_error.get_untracked().is_some() {
                    draw_error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the landscape lab failed: {message}"));
                draw_error.set(Some(message));
            }
        }
    });

    // ---- descent ----
    let stop = move || {
        if playing.get_untracked() {
            playing.set(false);
        }
    };
    fn frame(playing: RwSignal<bool>, steps: RwSignal<usize>, path: Memo<Vec<(f64, f64)>>) {
        if !playing.try_get_untracked().unwrap_or(false) {
            return;
        }
        let before = path.with_untracked(|p| p.len());
        steps.update(|s| *s += STEPS_PER_FRAME);
        let (after, still) = path.with_untracked(|p| {
            let n = p.len();
            let still = n >= 2 && {
                let (a, b) = (p[n - 2], p[n - 1]);
                (a.0 - b.0).abs() + (a.1 - b.1).abs() < 1e-10
            };
            (n, still)
        });
        if after == before || still || steps.get_untracked() >= MAX_STEPS {
            playing.set(false);
            return;
        }
        request_animation_frame(move || frame(playing, steps, path));
    }
    let on_play = move |_| {
        if playing.get_untracked() {
            playing.set(false);
        } else {
            if steps.get_untracked() >= MAX_STEPS {
                steps.set(0);
            }
            playing.set(true);
            request_animation_frame(move || frame(playing, steps, path));
        }
    };
    let on_step = move |_| {
        stop();
        steps.update(|s| *s += 1);
    };
    let on_reset = move |_| {
        stop();
        steps.set(0);
    };
    let set_start = move |wb: (f64, f64)| {
        stop();
        steps.set(0);
        start.set((round3(wb.0), round3(wb.1)));
    };

    // ---- landscape pointer and keys: move the start ----
    let landscape_pressed = RwSignal::new(false);
    let landscape_at = move |ev: &web_sys::PointerEvent| -> Option<(f64, f64)> {
        let (canvas, area) = (
            landscape_ref.get_untracked()?,
            landscape_area.get_untracked()?,
        );
        let rect = canvas.get_bounding_client_rect();
        Some(area.to_data(
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
        ))
    };
    let on_landscape_key = move |ev: web_sys::KeyboardEvent| {
        let step = if ev.shift_key() { 0.5 } else { 0.1 };
        let (dw, db) = match ev.key().as_str() {
            "ArrowLeft" => (-step, 0.0),
            "ArrowRight" => (step, 0.0),
            "ArrowUp" => (0.0, step),
            "ArrowDown" => (0.0, -step),
            _ => return,
        };
        ev.prevent_default();
        let (w, b) = path
            .with_untracked(|p| p.first().copied())
            .unwrap_or(start.get_untracked());
        set_start((w + dw, b + db));
    };

    // ---- scatter: add, drag, delete ----
    let scatter_data = move |client_x: f64, client_y: f64| -> Option<((f64, f64), bool)> {
        let (canvas, area) = (scatter_ref.get_untracked()?, scatter_area.get_untracked()?);
        let rect = canvas.get_bounding_client_rect();
        let (cx, cy) = (client_x - rect.left(), client_y - rect.top());
        let inside = cx >= area.left
            && cx <= area.left + area.width
            && cy >= area.top
            && cy <= area.top + area.height;
        Some((area.to_data(cx, cy), inside))
    };
    let on_scatter_click = move |ev: web_sys::MouseEvent| {
        if let Some(((x, y), true)) =
            scatter_data(f64::from(ev.client_x()), f64::from(ev.client_y()))
        {
            if points.with_untracked(Vec::len) < MAX_POINTS {
                stop();
                points.update(|p| p.push((round3(x), round3(y))));
            }
        }
    };
    let delete = move |i: usize| {
        stop();
        points.update(|p| {
            if i < p.len() {
                p.remove(i);
            }
        });
    };
    let handle = move |i: usize| {
        let point = move || points.with(|p| p.get(i).copied());
        let position = move || {
            let area = scatter_area.get()?;
            point().map(|p| area.to_css(p))
        };
        view! {
            <button
                type="button"
                class="lab-point"
                data-testid=format!("point-{i}")
                data-x=move || point().map(|p| p.0.to_string())
                data-y=move || point().map(|p| p.1.to_string())
                aria-label=move || point().map(|(x, y)| format!(
                    "point {} at ({}, {}); arrow keys move it, Delete removes it",
                    i + 1, format_significant(x, 4), format_significant(y, 4)))
                hidden=move || scatter_area.get().is_none() || point().is_none()
                style:left=move || position().map(|p| format!("{:.2}px", p.0))
                style:top=move || position().map(|p| format!("{:.2}px", p.1))
                on:pointerdown=move |ev: web_sys::PointerEvent| {
                    if ev.pointer_type() == "mouse" && ev.button() != 0 {
                        return;
                    }
                    ev.prevent_default();
                    if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                        let _ = el.focus();
                    }
                    stop();
                    dragging.set(Some(i));
                }
                on:pointermove=move |ev: web_sys::PointerEvent| {
                    if dragging.get_untracked() != Some(i) {
                        return;
                    }
                    if let Some(((x, y), _)) = scatter_data(f64::from(ev.client_x()), f64::from(ev.client_y())) {
                        let next = (round3(x), round3(y));
                        if point() != Some(next) {
                            points.update(|p| if let Some(q) = p.get_mut(i) { *q = next });
                        }
                    }
                }
                on:pointerup=move |ev: web_sys::PointerEvent| {
                    if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = el.release_pointer_capture(ev.pointer_id());
                    }
                    dragging.set(None);
                }
                on:pointercancel=move |_| dragging.set(None)
                on:dblclick=move |_| delete(i)
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let step = if ev.shift_key() { 1.0 } else { 0.1 };
                    let (dx, dy) = match ev.key().as_str() {
                        "Delete" | "Backspace" => {
                            ev.prevent_default();
                            delete(i);
                            return;
                        }
                        "ArrowLeft" => (-step, 0.0),
                        "ArrowRight" => (step, 0.0),
                        "ArrowUp" => (0.0, step),
                        "ArrowDown" => (0.0, -step),
                        _ => return,
                    };
                    ev.prevent_default();
                    stop();
                    points.update(|p| if let Some(q) = p.get_mut(i) { *q = (round3(q.0 + dx), round3(q.1 + dy)) });
                }
            ></button>
        }
    };
    // Only the number of points re-creates the handles: a dragged handle keeps its pointer capture.
    let count = Memo::new(move |_| points.with(Vec::len));
    let handles = move || (0..count.get()).map(handle).collect_view();

    // ---- controls ----
    let loss_radios = REGRESSION_LOSSES
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let id = *id;
            view! {
                <label class="lab-radio">
                    <input type="radio" name="lab" value=id.spec().name
                        data-testid=format!("lab-loss-{}", id.spec().name)
                        prop:checked=move || lab_loss.get() == id
                        on:change=move |_| { stop(); steps.set(0); lab_loss.set(id) } />
                    <span class="swatch" style:background=move || hex(loss_color(i, environment.dark.get()))></span>
                    {id.spec().display}
                </label>
            }
        })
        .collect_view();
    let fit_rows = REGRESSION_LOSSES
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let name = id.spec().name;
            let fit = move || fitted.with(|f| f.get(i).copied().flatten());
            let text = move |f: Option<Fit>| match f {
                Some(f) => format!("w = {}, b = {}", format_significant(f.w, 5), format_significant(f.b, 5)),
                None => "needs two different x".into(),
            };
            view! {
                <tr class:selected=move || selected.get() == i>
                    <th scope="row">
                        <span class="swatch" style:background=move || hex(loss_color(i, environment.dark.get()))></span>
                        {id.spec().display}
                    </th>
                    <td data-testid=format!("fit-{name}")
                        data-w=move || fit().map(|f| f.w.to_string())
                        data-b=move || fit().map(|f| f.b.to_string())>
                        {move || text(fit())}
                    </td>
                    <td data-testid="readout-loss" data-loss=name>
                        {move || fit().map_or("—".into(), |f| format_significant(f.value, 8))}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let presets = Preset::ALL
        .into_iter()
        .map(|p| {
            view! {
                <button type="button" data-testid=format!("preset-{}", p.key())
                    on:click=move |_| { stop(); steps.set(0); points.set(p.points()) }>
                    {p.label()}
                </button>
            }
        })
        .collect_view();
    let descent_text = move || {
        let (w, b) = current.get()?;
        let l = points.with(|p| line_loss(p, kind.get(), w, b).0);
        Some(format!(
            "step {}: w = {}, b = {}, loss = {}",
            path.with(|p| p.len().saturating_sub(1)),
            format_significant(w, 5),
            format_significant(b, 5),
            format_significant(l, 6)
        ))
    };
    let smooth = store.params(FnId::SmoothL1Loss);
    let huber = store.params(FnId::HuberLoss);
    let beta_spec = FnId::SmoothL1Loss.spec().param("beta");
    let delta_spec = FnId::HuberLoss.spec().param("delta");

    view! {
        <div class="landscape-lab" data-testid="family-panel-landscape">
            <p class="hint">
                "Fit a line y = w·x + b to the points under each loss (reduction='mean'). Drag a point, click on empty space to add one, double-click a point (or focus it and press Delete) to remove it. Try “a few outliers”: MSE's line is dragged away, L1 and smooth L1 barely move."
            </p>
            <div class="lab-grid">
                <figure class="card lab-scatter">
                    <div class="lab-scatter-stage">
                        <canvas node_ref=scatter_ref data-testid="scatter" role="img"
                            aria-label=scatter_label
                            on:click=on_scatter_click></canvas>
                        {handles}
                    </div>
                    <figcaption>"Points and the best line of each loss (the selected loss thicker; dashed: gradient descent's current line)."</figcaption>
                </figure>
                <figure class="card lab-landscape">
                    <canvas node_ref=landscape_ref data-testid="landscape" role="img" tabindex="0"
                        aria-label=landscape_label
                        on:pointerdown=move |ev: web_sys::PointerEvent| {
                            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                let _ = el.set_pointer_capture(ev.pointer_id());
                            }
                            landscape_pressed.set(true);
                            if let Some(wb) = landscape_at(&ev) { set_start(wb) }
                        }
                        on:pointermove=move |ev: web_sys::PointerEvent| {
                            if landscape_pressed.get_untracked() {
                                if let Some(wb) = landscape_at(&ev) { set_start(wb) }
                            }
                        }
                        on:pointerup=move |_| landscape_pressed.set(false)
                        on:pointercancel=move |_| landscape_pressed.set(false)
                        on:keydown=on_landscape_key></canvas>
                    <figcaption>
                        {move || format!("{} over (w, b){}. Dots: each loss's minimiser (bigger: this loss); white: gradient descent from the start (click or drag to move it).",
                            lab_loss.get().spec().display, if log.get() { ", log colour scale" } else { "" })}
                    </figcaption>
                </figure>
            </div>
            {move || draw_error.get().map(|m| view! { <p class="chart-message" role="status">{m}</p> })}
            <div class="lab-controls">
                <fieldset class="loss-controls">
                    <legend>"Landscape of"</legend>
                    {loss_radios}
                    <label class="lab-radio">
                        <input type="checkbox" name="log" data-testid="log-scale"
                            prop:checked=move || log.get()
                            on:change=move |ev| if let Some(on) = target_checked(&ev) { log.set(on) } />
                        "log colour scale"
                    </label>
                </fieldset>
                <fieldset class="loss-controls">
                    <legend>"Parameters"</legend>
                    {beta_spec.map(|p| view! { <ParamControl param=p params=smooth /> })}
                    {delta_spec.map(|p| view! { <ParamControl param=p params=huber /> })}
                </fieldset>
                <fieldset class="loss-controls">
                    <legend>"Gradient descent"</legend>
                    <label class="loss-field">
                        <span>"step size (learning rate)"</span>
                        <input type="range" name="lr" min=LR_RANGE.0 max=LR_RANGE.1 step=LR_RANGE.2
                            prop:value=move || lr.get().to_string()
                            on:input=move |ev| if let Some(v) = event_number(&ev).filter(|v| *v > 0.0) { lr.set(v.min(LR_RANGE.1)) } />
                        <output>{move || format_significant(lr.get(), 3)}</output>
                    </label>
                    <div class="lab-buttons">
                        <button type="button" data-testid="descent-step" on:click=on_step>"Step"</button>
                        <button type="button" data-testid="descent-play" aria-pressed=move || playing.get().to_string() on:click=on_play>
                            {move || if playing.get() { "Pause" } else { "Play" }}
                        </button>
                        <button type="button" data-testid="descent-reset" on:click=on_reset>"Reset"</button>
                    </div>
                    <p class="hint" role="status" data-testid="descent-status">{descent_text}</p>
                </fieldset>
                <fieldset class="loss-controls">
                    <legend>"Points"</legend>
                    <div class="lab-buttons">{presets}</div>
                    <p class="hint">{move || format!("{} points (at most {MAX_POINTS})", points.with(Vec::len))}</p>
                </fieldset>
            </div>
            <table class="readout lab-fits">
                <caption>"Best line per loss and its loss (mean over the points)"</caption>
                <tbody>{fit_rows}</tbody>
            </table>
            <div class="loss-notes-grid">
                {REGRESSION_LOSSES.iter().map(|id| view! { <LossNotes spec=id.spec() /> }).collect_view()}
            </div>
        </div>
    }
}
