//! The outputs as numbers: a row per function, a column per logit, and the sum that makes 1
//! (each cell carries its full-precision value in `data-value` and its title).

use leptos::prelude::*;

use super::model::{subscript_name, Outputs, KINDS};

/// The table of outputs, or why there are none.
#[component]
pub fn OutputTable(results: Memo<Result<Outputs, String>>) -> impl IntoView {
    move || {
        results.with(|r| match r {
            Ok(out) => table(out).into_any(),
            Err(message) => {
                view! { <p class="chart-message" role="status">{message.clone()}</p> }.into_any()
            }
        })
    }
}

fn table(out: &Outputs) -> impl IntoView {
    let rows = KINDS
        .iter()
        .map(|(kind, _, name)| {
            let cells = out
                .of(*kind)
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    view! {
                        <td data-testid=format!("out-{name}-{i}") data-value=v.to_string() title=v.to_string()>
                            {format!("{v:.6}")}
                        </td>
                    }
                })
                .collect_view();
            let total = out.total(*kind);
            view! {
                <tr>
                    <th scope="row"><code>{*name}</code></th>
                    {cells}
                    <td class="sum" data-testid=format!("sum-{name}") data-value=total.to_string() title=total.to_string()>
                        {format!("{total:.12}")}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let heads = (0..out.softmax.len())
        .map(|i| view! { <th scope="col">{subscript_name("x", i)}</th> })
        .collect_view();
    view! {
        <table class="softmax-table" data-testid="softmax-table">
            <caption>"Outputs for x/τ (hover a value for all its digits)"</caption>
            <thead>
                <tr><th scope="col">"function"</th>{heads}<th scope="col">"Σ (for log_softmax: Σ exp)"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
