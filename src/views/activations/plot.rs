//! The plot card: the toolbar, the plot of the shown functions (f solid, f′ dashed, saturation
//! shaded, softplus' switch marked, GELU's other form dotted), its legend and read-out. The plot's
//! data is assembled here from the slots' finished curves; drawing is the chart kit's
//! [`FunctionPlot`].

use leptos::prelude::*;
use nnfunc::activation::Elementwise;
use nnfunc::catalogue::FnId;
use nnfunc::plot::{
    extent, format_significant, nice_ticks, safe_value, sample, tick_step, AxisRange,
};
use nnfunc::FnSpec;
use std::sync::Arc;

use super::explorer::Explorer;
use super::legend::Legend;
use super::readout::{Readout, READOUT_DIGITS};
use super::slot::{samples_for, Slot, SAMPLES};
use super::state::{elementwise, MIN_X_WIDTH, X_LIMIT};
use super::toolbar::PlotToolbar;
use crate::chart::export::Csv;
use crate::chart::function_plot::{CrosshairPoint, Lines};
use crate::chart::{series_color, Band, Curve, FunctionPlot, Marker, PlotData, Stroke};
use crate::theme::use_environment;
use crate::torch::torch_call;

/// Padding around the curves, as a fraction of the y range.
const Y_PADDING: f64 = 0.06;

/// The plot with its toolbar, legend and read-out.
#[component]
pub(super) fn PlotCard(explorer: Explorer) -> impl IntoView {
    let environment = use_environment();
    let plot = Memo::new(move |_| plot_data(explorer, environment.dark.get()));
    let crosshair = Memo::new(move |_| {
        let Some(x) = explorer.probe.get() else {
            return Vec::new();
        };
        crosshair(explorer, x, environment.dark.get())
    });
    let label = Signal::derive(move || label(explorer));
    view! {
        <div class="card plot-card">
            <PlotToolbar explorer=explorer />
            <FunctionPlot
                data=plot
                x_range=explorer.x
                probe=explorer.probe
                crosshair=crosshair
                min_width=MIN_X_WIDTH
                limit=X_LIMIT
                test_id="plot-main"
                measure="draw:activation"
                label=label
                csv=Callback::new(move |()| csv(explorer))
            />
            <Legend explorer=explorer />
            <Readout explorer=explorer />
        </div>
    }
}

/// The crosshair's points at `x`: f, and f′ when shown, of every shown function.
fn crosshair(explorer: Explorer, x: f64, dark: bool) -> Vec<CrosshairPoint> {
    let deriv = explorer.show_derivative.get();
    let mut points = Vec::new();
    for (index, slot) in explorer.shown_slots().into_iter().enumerate() {
        if let Some(f) = slot.function.get() {
            let color = series_color(index, dark);
            points.push(CrosshairPoint {
                y: f.value(x),
                color,
            });
            if deriv {
                points.push(CrosshairPoint {
                    y: f.derivative(x),
                    color,
                });
            }
        }
    }
    points
}

/// The plot's text alternative: what is drawn, with every parameter (as PyTorch code), and the
/// crosshair's read-out once there is one (tracks both).
fn label(explorer: Explorer) -> String {
    let slots = explorer.shown_slots();
    let calls: Vec<String> = slots.iter().map(|s| s.params.with(torch_call)).collect();
    let x = explorer.x.get();
    let mut text = format!(
        "Plot of {}{} for x from {} to {}.",
        if calls.is_empty() {
            "no function".to_string()
        } else {
            calls.join(", ")
        },
        if explorer.show_derivative.get() {
            " and their derivatives (dashed)"
        } else {
            ""
        },
        format_significant(x.min, 4),
        format_significant(x.max, 4)
    );
    if let Some(at) = explorer.probe.get() {
        let number = |v: f64| format_significant(v, READOUT_DIGITS);
        text.push_str(&format!(" At x = {}:", number(at)));
        for slot in &slots {
            if let Some(f) = slot.function.get() {
                text.push_str(&format!(
                    " {} f(x) = {}, f′(x) = {};",
                    slot.spec.display,
                    number(f.value(at)),
                    number(f.derivative(at))
                ));
            }
        }
    }
    text
}

/// The plot's data for the CSV export: x over the view and, per shown function, f and f′ at the
/// sample positions the curves are drawn from (the PyTorch call names the parameters).
fn csv(explorer: Explorer) -> Result<String, String> {
    let removed = || "the plot was removed".to_owned();
    let x = explorer.x.try_get_untracked().ok_or_else(removed)?;
    let shown = explorer.shown.try_get_untracked().ok_or_else(removed)?;
    let functions: Vec<(String, Elementwise)> = shown
        .into_iter()
        .filter_map(|id| explorer.slot(id))
        .filter_map(|slot| {
            let params = slot.params.try_get_untracked()?;
            let f = elementwise(&params).ok()?;
            Some((torch_call(&params), f))
        })
        .collect();
    let n = functions
        .iter()
        .map(|(_, f)| samples_for(f, x))
        .max()
        .unwrap_or(SAMPLES);
    let mut header = vec!["x".to_owned()];
    for (call, _) in &functions {
        header.push(format!("{call} f"));
        header.push(format!("{call} df/dx"));
    }
    let mut csv = Csv::new(header);
    // The same positions as `nnfunc::plot::sample` (a single x is a column of its own).
    let xs = sample(|v| v, x.min, x.max, n);
    for &(v, _) in xs.iter().flatten() {
        let mut row = vec![Some(v)];
        for (_, f) in &functions {
            row.push(safe_value(f.value(v)));
            row.push(safe_value(f.derivative(v)));
        }
        csv.push(row);
    }
    Ok(csv.text())
}

/// Everything the plot draws (tracks what it reads).
fn plot_data(explorer: Explorer, dark: bool) -> PlotData {
    let shows = Shows {
        derivative: explorer.show_derivative.get(),
        saturation: explorer.shade_saturation.get(),
        gelu_comparison: explorer.compare_gelu.get(),
    };
    let gelu_other = || explorer.gelu_comparison.get().map(|c| c.lines);
    assemble(
        explorer.x.get(),
        shows,
        &explorer.shown_slots(),
        gelu_other,
        dark,
    )
}

/// What the plot shows besides the curves of f (the toolbar's and GELU's checkboxes).
#[derive(Debug, Clone, Copy)]
pub(super) struct Shows {
    pub derivative: bool,
    pub saturation: bool,
    pub gelu_comparison: bool,
}

/// A shown function as the plot takes it: a slot of the explorer, or the first plot's (each part
/// is read only if the plot shows it).
pub(super) trait Shown {
    fn spec(&self) -> &'static FnSpec;
    fn function(&self) -> Option<Elementwise>;
    fn f_lines(&self) -> Arc<Lines>;
    fn df_lines(&self) -> Arc<Lines>;
    fn zones(&self) -> Vec<(f64, f64)>;
}

impl Shown for Slot {
    fn spec(&self) -> &'static FnSpec {
        self.spec
    }
    fn function(&self) -> Option<Elementwise> {
        self.function.get()
    }
    fn f_lines(&self) -> Arc<Lines> {
        self.f_lines.get()
    }
    fn df_lines(&self) -> Arc<Lines> {
        self.df_lines.get()
    }
    fn zones(&self) -> Vec<(f64, f64)> {
        self.zones.get()
    }
}

/// The plot of `shown` over `x`: its curves, bands and markers in the series' colours, and a y
/// range that holds them (`gelu_other`: GELU's other form, when compared).
pub(super) fn assemble<S: Shown>(
    x: AxisRange,
    shows: Shows,
    shown: &[S],
    gelu_other: impl Fn() -> Option<Arc<Lines>>,
    dark: bool,
) -> PlotData {
    let mut derivatives = Vec::new();
    let mut values = Vec::new();
    let mut bands = Vec::new();
    let mut markers = Vec::new();
    for (index, slot) in shown.iter().enumerate() {
        let color = series_color(index, dark);
        if shows.saturation {
            bands.extend(
                slot.zones()
                    .into_iter()
                    .map(|(from, to)| Band { from, to, color }),
            );
        }
        if shows.derivative {
            derivatives.push(Curve {
                lines: slot.df_lines(),
                color,
                stroke: Stroke::Dashed,
                width: 1.75,
            });
        }
        values.push(Curve {
            lines: slot.f_lines(),
            color,
            stroke: Stroke::Solid,
            width: 2.25,
        });
        match (slot.spec().id, slot.function()) {
            (FnId::Softplus, Some(f)) => {
                if let Some(&kink) = f.kinks().first() {
                    markers.push(Marker {
                        x: kink,
                        color,
                        label: format!("β·x = threshold (x = {})", format_significant(kink, 4)),
                    });
                }
            }
            (FnId::Gelu, Some(_)) if shows.gelu_comparison => {
                if let Some(lines) = gelu_other() {
                    values.push(Curve {
                        lines,
                        color,
                        stroke: Stroke::Dotted,
                        width: 2.5,
                    });
                }
            }
            _ => {}
        }
    }
    // Solid curves on top of dashed ones.
    let curves: Vec<Curve> = derivatives.into_iter().chain(values).collect();
    let ys = curves
        .iter()
        .flat_map(|c| c.lines.iter().flatten().map(|(_, y)| *y));
    // Padded, then snapped out to half a tick: while a slider is dragged the axes mostly stay put
    // (the plot reuses its grid) and move in round steps when they do.
    let y = match extent(ys) {
        Some((lo, hi)) => {
            let padded = AxisRange::new(lo, hi).padded(Y_PADDING);
            let half_tick = tick_step(&nice_ticks(padded, 8)).map_or(0.0, |s| s / 2.0);
            padded.snapped(half_tick)
        }
        None => AxisRange::DEFAULT,
    };
    PlotData {
        x,
        y,
        bands,
        curves,
        markers,
    }
}
