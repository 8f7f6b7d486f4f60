//! The crosshair's read-out: x, f(x) and f′(x) of every shown function at the crosshair, rounded
//! for reading and exact in `data-*` attributes (for tests and copying).

use leptos::prelude::*;
use nnfunc::plot::format_significant;
use nnfunc::FnSpec;

use super::explorer::Explorer;
use super::state::format_number;
use crate::theme::use_environment;

/// Significant digits of the read-out.
pub(super) const READOUT_DIGITS: usize = 6;

/// f(x) and f′(x) of every shown function at the crosshair.
#[derive(Debug, Clone, PartialEq)]
struct ReadoutRow {
    spec: &'static FnSpec,
    color: String,
    values: Option<(f64, f64, f64)>,
}

/// The read-out table (a hint while there is no crosshair).
#[component]
pub(super) fn Readout(explorer: Explorer) -> impl IntoView {
    let environment = use_environment();
    let rows = Memo::new(move |_| {
        let dark = environment.dark.get();
        let probe = explorer.probe.get();
        explorer
            .shown_slots()
            .into_iter()
            .map(|slot| ReadoutRow {
                spec: slot.spec,
                color: explorer.color(slot.spec.id, dark),
                values: probe
                    .zip(slot.function.get())
                    .map(|(x, f)| (x, f.value(x), f.derivative(x))),
            })
            .collect::<Vec<_>>()
    });
    let number = |v: f64| format_significant(v, READOUT_DIGITS);
    let body = move || {
        rows.get()
            .into_iter()
            .map(|row| {
                let (x, fx, dfx) = match row.values {
                    Some((x, fx, dfx)) => (number(x), number(fx), number(dfx)),
                    None => ("—".into(), "—".into(), "—".into()),
                };
                let exact = |i: usize| {
                    row.values.map(|(x, fx, dfx)| format_number([x, fx, dfx][i]))
                };
                view! {
                    <tr
                        data-testid=format!("readout-{}", row.spec.name)
                        data-x=exact(0)
                        data-fx=exact(1)
                        data-dfx=exact(2)
                    >
                        <th scope="row">
                            <span class="swatch" style:border-top-color=row.color aria-hidden="true"></span>
                            {row.spec.display}
                        </th>
                        <td>"x = " {x}</td>
                        <td>"f(x) = " {fx}</td>
                        <td>"f′(x) = " {dfx}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let hint = move || {
        explorer.probe.get().is_none().then(|| {
            view! {
                <caption class="muted small">
                    "Point at the plot (or focus it and press ← →) to read exact values."
                </caption>
            }
        })
    };
    view! {
        <div class="readout-wrap">
            <table class="readout" data-testid="readout">
                {hint}
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
