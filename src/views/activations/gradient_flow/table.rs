//! The panel's table: per function the fractions of dead and saturated units, the factor per layer
//! and the gradient product through L layers (exact values in `data-value`, for tests).

use leptos::prelude::*;
use nnfunc::gradient_flow::SATURATION_THRESHOLD;

use super::FlowRows;
use crate::chart::format::scientific;
use crate::chart::style::css_rgb;

/// A fraction as a percentage with one decimal.
fn percent(fraction: f64) -> String {
    format!("{:.1} %", fraction * 100.0)
}

#[component]
pub(super) fn FlowTable(rows: Memo<Result<FlowRows, String>>, layers: Memo<u32>) -> impl IntoView {
    let body = move || {
        rows.with(|rows| match rows {
            Ok(rows) => rows
                .iter()
                .map(|(f, s)| {
                    view! {
                        <tr data-testid=format!("flow-row-{}", f.label)>
                            <th scope="row">
                                <span class="flow-swatch" aria-hidden="true" style:background=css_rgb(f.color)></span>
                                {f.label.clone()}
                            </th>
                            <td data-col="dead" data-value=s.dead_fraction.to_string()>{percent(s.dead_fraction)}</td>
                            <td data-col="saturated" data-value=s.saturated_fraction.to_string()>{percent(s.saturated_fraction)}</td>
                            <td data-col="factor" data-value=s.mean_abs_derivative.to_string()>{scientific(s.mean_abs_derivative)}</td>
                            <td data-col="product" data-value=s.gradient_product.to_string()>{scientific(s.gradient_product)}</td>
                            <td data-col="typical" data-value=s.typical_product.to_string()>{scientific(s.typical_product)}</td>
                        </tr>
                    }
                })
                .collect_view()
                .into_any(),
            Err(message) => view! {
                <tr><td colspan="6">{message.clone()}</td></tr>
            }
            .into_any(),
        })
    };
    view! {
        <div class="flow-table-wrap">
            <table class="flow-table" data-testid="flow-table">
                <caption>{move || format!("Gradients through L = {} layers", layers.get())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"function"</th>
                        <th scope="col">"dead: f′(x) = 0"</th>
                        <th scope="col">{format!("saturated: |f′(x)| < {SATURATION_THRESHOLD}")}</th>
                        <th scope="col">"per layer: E|f′(x)|"</th>
                        <th scope="col">"gradient product: (E|f′|)" <sup>"L"</sup></th>
                        <th scope="col">"typical path: exp(E ln|f′|)" <sup>"L"</sup></th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
