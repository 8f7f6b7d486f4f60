//! Hinge embedding: `hinge_embedding_loss` against its input x (usually a distance between two
//! embeddings) for both targets at once: y = 1 (a similar pair: the loss is x, pulling it to 0)
//! and y = −1 (a dissimilar pair: max(0, margin − x), pushing it out to the margin), each with its
//! gradient, the marked x on both. Every number comes from `loss::evaluate` through `binary_at`.

use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::binary_at;
use nnfunc::plot::{format_significant, sample, AxisRange};
use nnfunc::Params;

use super::chart::{loss_color, Line, Plot, PlotCanvas, VLine};
use super::{event_number, plot_label, readout};
use crate::components::ParamControl;
use crate::theme::{use_environment, ChartTheme};

/// The slider's range of x, and the plot's.
pub const X_RANGE: (f64, f64) = (-1.0, 4.0);
const SAMPLES: usize = 301;
const TARGETS: [(f64, &str); 2] = [(1.0, "y = 1 (similar)"), (-1.0, "y = −1 (dissimilar)")];

/// Both targets' loss (solid) and gradient (dashed) over x, marked at `at`.
fn hinge_plot(params: &Params, at: f64, dark: bool) -> Plot {
    let mut plot = Plot {
        x: AxisRange::new(X_RANGE.0, X_RANGE.1),
        y: AxisRange::new(-1.5, 4.5),
        x_label: "input x (a distance)".into(),
        y_label: "loss (solid), ∂loss/∂x (dashed)".into(),
        vlines: vec![VLine {
            x: at,
            color: ChartTheme::new(dark).axis,
            label: String::new(),
        }],
        ..Plot::default()
    };
    for (i, (y, name)) in TARGETS.into_iter().enumerate() {
        let color = loss_color(i, dark);
        for (dashed, pick) in [(false, 0usize), (true, 1usize)] {
            let f = |x: f64| binary_at(params, x, y).map_or(f64::NAN, |v| [v.0, v.1][pick]);
            for points in sample(f, X_RANGE.0, X_RANGE.1, SAMPLES) {
                let what = if dashed { "gradient" } else { "loss" };
                plot.lines.push(Line {
                    name: format!("{what} {name}"),
                    points,
                    color,
                    dashed,
                });
            }
        }
        if let Ok((l, d)) = binary_at(params, at, y) {
            plot.dots.extend([((at, l), color), ((at, d), color)]);
        }
    }
    plot
}

/// The hinge embedding loss's figure, its input slider, margin and read-outs; `x` is the marked
/// input (shared with the PyTorch panel by the family).
#[component]
pub fn HingePanel(params: RwSignal<Params>, x: RwSignal<f64>) -> impl IntoView {
    let dark = use_environment().dark;
    let plot = Signal::derive(move || Ok(params.with(|p| hinge_plot(p, x.get(), dark.get()))));
    let label = Signal::derive(move || {
        let at = x.get();
        let values: Vec<String> = TARGETS
            .iter()
            .map(|&(y, name)| {
                params.with(|p| {
                    plot_label(
                        name,
                        p,
                        &format!("x = {}", format_significant(at, 4)),
                        binary_at(p, at, y),
                    )
                })
            })
            .collect();
        format!(
            "hinge_embedding_loss against x, for both targets. {}",
            values.join(" ")
        )
    });
    let rows = TARGETS
        .into_iter()
        .map(|(y, name)| {
            let value = move || params.with(|p| binary_at(p, x.get(), y));
            view! {
                <tr>
                    <th scope="row"><code>"hinge_embedding_loss"</code>" " {name}</th>
                    <td data-testid="readout-loss" data-loss="hinge_embedding_loss" data-y=y.to_string()
                        data-value=move || value().map_or(String::new(), |v| v.0.to_string())>
                        {move || readout(value().map(|v| v.0))}
                    </td>
                    <td data-testid="readout-grad" data-loss="hinge_embedding_loss" data-y=y.to_string()>
                        {move || readout(value().map(|v| v.1))}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let margin = FnId::HingeEmbeddingLoss.spec().param("margin");
    view! {
        <div class="loss-main">
            <PlotCanvas plot=plot test_id="plot-hinge" label=label />
        </div>
        <div class="loss-side">
            <fieldset class="loss-controls">
                <legend>"Hinge embedding: distance"</legend>
                <label class="loss-field">
                    <span>"input x"</span>
                    <input type="range" name="hinge-x" min=X_RANGE.0 max=X_RANGE.1 step="0.01"
                        prop:value=move || x.get().to_string()
                        on:input=move |ev| if let Some(v) = event_number(&ev) { x.set(v.clamp(X_RANGE.0, X_RANGE.1)) } />
                    <output>{move || format_significant(x.get(), 4)}</output>
                </label>
                {margin.map(|s| view! { <ParamControl param=s params=params /> })}
            </fieldset>
            <table class="readout">
                <caption>"float64, as PyTorch"</caption>
                <thead><tr><th scope="col">"loss"</th><th scope="col">"value"</th><th scope="col">"∂/∂x"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint">"A similar pair (y = 1) costs its distance x; a dissimilar pair (y = −1) costs nothing once it is margin apart and is pushed out until then. At x = margin PyTorch's gradient for y = −1 is 0."</p>
        </div>
    }
}
