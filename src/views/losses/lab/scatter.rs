//! The scatter panel: the points as buttons over the canvas (drag, arrow keys, double-click or
//! Delete to remove), a click on empty space adds one; the canvas shows every loss's best line.
//! Also the scatter's export figure.

use leptos::prelude::*;
use nnfunc::plot::{format_significant, AxisRange};
use plotters::prelude::DrawingBackend;

use super::model::{round3, Lab};
use super::scatter_draw::{paint_scatter, FitLine, Pulls};
use crate::chart::export::{Cell, Csv, Figure, Surface};
use crate::chart::heatmap::PlotArea;
use crate::dom::{arrow_step, end_drag, start_drag};

/// A named line of the scatter (a loss's best line, gradient descent's current one).
pub type NamedLine = (&'static str, FitLine);

/// The scatter as the export buttons see it: the points, and the lines and pulls as last drawn.
pub struct ScatterFigure {
    pub points: RwSignal<Vec<(f64, f64)>>,
    pub range: RwSignal<(AxisRange, AxisRange)>,
    pub lines: StoredValue<(Vec<NamedLine>, Pulls)>,
}

struct ScatterShown {
    points: Vec<(f64, f64)>,
    range: (AxisRange, AxisRange),
    lines: Vec<NamedLine>,
    pulls: Pulls,
}

impl ScatterFigure {
    /// The points, the ranges and the lines.
    fn read(&self) -> Result<ScatterShown, String> {
        let removed = || "the lab was removed".to_string();
        let (lines, pulls) = self.lines.try_get_value().ok_or_else(removed)?;
        Ok(ScatterShown {
            points: self.points.try_get_untracked().ok_or_else(removed)?,
            range: self.range.try_get_untracked().ok_or_else(removed)?,
            lines,
            pulls,
        })
    }
}

impl Figure for ScatterFigure {
    fn paint<DB: DrawingBackend>(&self, to: &mut Surface<'_, '_, DB>) -> Result<(), String> {
        let shown = self.read()?;
        let lines: Vec<FitLine> = shown.lines.into_iter().map(|(_, line)| line).collect();
        paint_scatter(
            to.root,
            to.scale,
            shown.range,
            &lines,
            &shown.pulls,
            &shown.points,
            &to.theme,
        )
    }

    /// `point` rows (x, y, and the selected loss's residual and weight next to MSE's), then one
    /// row per line (w, b): each loss's best line and, while it runs, gradient descent's current
    /// line.
    fn csv(&self) -> Result<String, String> {
        let ScatterShown {
            points,
            lines,
            pulls,
            ..
        } = self.read()?;
        let header = ["layer", "x", "y", "w", "b", "residual", "weight_vs_mse"];
        let mut csv = Csv::new(header.map(String::from).to_vec());
        for (i, (x, y)) in points.into_iter().enumerate() {
            let (residual, weight) = pulls
                .points
                .get(i)
                .map_or((None, None), |p| (Some(p.2), Some(p.3)));
            csv.rows.push(vec![
                Cell::Text("point".into()),
                x.into(),
                y.into(),
                Cell::Empty,
                Cell::Empty,
                residual.into(),
                weight.into(),
            ]);
        }
        for (name, line) in lines {
            csv.rows.push(vec![
                Cell::Text(name.into()),
                Cell::Empty,
                Cell::Empty,
                Cell::Number(line.w),
                Cell::Number(line.b),
                Cell::Empty,
                Cell::Empty,
            ]);
        }
        Ok(csv.text())
    }
}

/// The scatter's text alternative: the data and every fit; it follows each change.
fn scatter_label(lab: Lab) -> String {
    let n4 = |v: f64| format_significant(v, 4);
    let fits = lab
        .fitted
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
        .join("; ");
    format!(
        "{} points and the best line under each loss: {fits}.",
        lab.points.with(Vec::len)
    )
}

/// Where the scatter's canvas and plotting area are: client coordinates to data, and whether they
/// fall inside the plotting area.
#[derive(Clone, Copy)]
struct Mapping {
    canvas: NodeRef<leptos::html::Canvas>,
    area: RwSignal<Option<PlotArea>>,
}

impl Mapping {
    fn data_at(self, client_x: f64, client_y: f64) -> Option<((f64, f64), bool)> {
        let (canvas, area) = (self.canvas.get_untracked()?, self.area.get_untracked()?);
        let (cx, cy) = crate::dom::client_to_local(&canvas, client_x, client_y);
        let inside = cx >= area.left
            && cx <= area.left + area.width
            && cy >= area.top
            && cy <= area.top + area.height;
        Some((area.to_data(cx, cy), inside))
    }
}

/// The scatter canvas with a handle per point; `area` is where the drawing put the plotting area.
#[component]
pub fn ScatterPanel(
    lab: Lab,
    canvas: NodeRef<leptos::html::Canvas>,
    area: RwSignal<Option<PlotArea>>,
    children: Children,
) -> impl IntoView {
    let mapping = Mapping { canvas, area };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some((at, true)) =
            mapping.data_at(f64::from(ev.client_x()), f64::from(ev.client_y()))
        {
            lab.add_point(at);
        }
    };
    // Only the number of points re-creates the handles: a dragged handle keeps its pointer capture.
    let count = Memo::new(move |_| lab.points.with(Vec::len));
    let handles = move || {
        (0..count.get())
            .map(|i| view! { <PointHandle lab=lab index=i mapping=mapping /> })
            .collect_view()
    };
    let label = Signal::derive(move || scatter_label(lab));
    view! {
        <figure class="card lab-scatter">
            <div class="lab-scatter-stage">
                <canvas node_ref=canvas data-testid="scatter" role="img"
                    aria-label=label
                    on:click=on_click></canvas>
                {handles}
            </div>
            {children()}
            <figcaption>"Points and the best line of each loss (the selected loss thicker; dashed: gradient descent's current line). In the selected loss's colour: each point's residual to its line, a halo as large as the point's weight ψ(r)/r next to MSE's (under L1 and Huber an outlier's fades), and below, each point's pull on the line's intercept b (−∂ℓᵢ/∂b ÷ n; up when positive)."</figcaption>
        </figure>
    }
}

/// Point `index` as a button over the scatter: drag it, move it with the arrow keys (Shift: by
/// 1), remove it with a double-click, Delete or Backspace.
#[component]
fn PointHandle(lab: Lab, index: usize, mapping: Mapping) -> impl IntoView {
    let i = index;
    let point = move || lab.points.with(|p| p.get(i).copied());
    let position = move || {
        let area = mapping.area.get()?;
        point().map(|p| area.to_css(p))
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let step = if ev.shift_key() { 1.0 } else { 0.1 };
        let key = ev.key();
        if key == "Delete" || key == "Backspace" {
            ev.prevent_default();
            lab.delete_point(i);
            return;
        }
        let Some((dx, dy)) = arrow_step(&key, step) else {
            return;
        };
        ev.prevent_default();
        lab.stop();
        lab.points.update(|p| {
            if let Some(q) = p.get_mut(i) {
                *q = (round3(q.0 + dx), round3(q.1 + dy));
            }
        });
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
            hidden=move || mapping.area.get().is_none() || point().is_none()
            style:left=move || position().map(|p| format!("{:.2}px", p.0))
            style:top=move || position().map(|p| format!("{:.2}px", p.1))
            on:pointerdown=move |ev: web_sys::PointerEvent| {
                if start_drag(&ev) {
                    lab.stop();
                    lab.dragging.set(Some(i));
                }
            }
            on:pointermove=move |ev: web_sys::PointerEvent| {
                if lab.dragging.get_untracked() != Some(i) {
                    return;
                }
                if let Some((at, _)) = mapping.data_at(f64::from(ev.client_x()), f64::from(ev.client_y())) {
                    lab.move_point(i, at);
                }
            }
            on:pointerup=move |ev: web_sys::PointerEvent| {
                end_drag(&ev);
                lab.dragging.set(None);
            }
            on:pointercancel=move |_| lab.dragging.set(None)
            on:dblclick=move |_| lab.delete_point(i)
            on:keydown=on_key
        ></button>
    }
}
