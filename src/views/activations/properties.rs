//! A function's properties, computed from the math for its current parameters: output range,
//! monotonic, smooth, zero-centred, where it saturates, f′(0) as PyTorch has it.

use leptos::prelude::*;
use nnfunc::plot::format_significant;
use nnfunc::properties::Properties;

use super::slot::Slot;

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The properties table of one function.
#[component]
pub(super) fn PropertiesTable(entry: Slot) -> impl IntoView {
    let row = |label: &'static str, value: Box<dyn Fn() -> String + Send + Sync>| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td>{value}</td>
            </tr>
        }
    };
    let get = move |f: fn(&Properties) -> String| {
        Box::new(move || entry.properties.get().map_or("—".into(), |p| f(&p)))
            as Box<dyn Fn() -> String + Send + Sync>
    };
    view! {
        <table class="props" data-testid=format!("properties-{}", entry.spec.name)>
            <caption>"Properties (computed from the math, for these parameters)"</caption>
            <tbody>
                {row("Output range", get(|p| p.range_text()))}
                {row("Monotonic", get(|p| yes_no(p.monotonic).into()))}
                {row("Smooth (C¹)", get(|p| yes_no(p.smooth).into()))}
                {row("Zero-centred (odd)", get(|p| yes_no(p.zero_centred).into()))}
                {row(
                    "Saturates",
                    get(|p| {
                        match (p.saturates_left, p.saturates_right) {
                            (true, true) => "both sides",
                            (true, false) => "for x → −∞",
                            (false, true) => "for x → +∞",
                            (false, false) => "no",
                        }
                        .into()
                    }),
                )}
                {row("f′(0) in PyTorch", get(|p| format_significant(p.derivative_at_zero, 6)))}
            </tbody>
        </table>
    }
}
