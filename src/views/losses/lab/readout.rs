//! The read-out table: each loss's best line and its loss (mean over the points), the selected
//! loss's row in bold; and the swatch that shows a loss's colour here and in the controls.

use leptos::prelude::*;
use nnfunc::loss_views::{Fit, REGRESSION_LOSSES};
use nnfunc::plot::{format_significant, hex};

use super::model::Lab;
use crate::theme::use_environment;
use crate::views::losses::chart::loss_color;

/// The colour of loss `index` of `REGRESSION_LOSSES`, as its line is drawn (it follows the theme).
#[component]
pub fn LossSwatch(index: usize) -> impl IntoView {
    let dark = use_environment().dark;
    view! {
        <span class="swatch" style:background=move || hex(loss_color(index, dark.get()))></span>
    }
}

fn fit_text(fit: Option<Fit>) -> String {
    match fit {
        Some(f) => format!(
            "w = {}, b = {}",
            format_significant(f.w, 5),
            format_significant(f.b, 5)
        ),
        None => "needs two different x".into(),
    }
}

/// Every loss's best line and its value.
#[component]
pub fn FitTable(lab: Lab) -> impl IntoView {
    let rows = REGRESSION_LOSSES
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let name = id.spec().name;
            let fit = move || lab.fitted.with(|f| f.get(i).copied().flatten());
            view! {
                <tr class:selected=move || lab.selected.get() == i>
                    <th scope="row">
                        <LossSwatch index=i />
                        {id.spec().display}
                    </th>
                    <td data-testid=format!("fit-{name}")
                        data-w=move || fit().map(|f| f.w.to_string())
                        data-b=move || fit().map(|f| f.b.to_string())>
                        {move || fit_text(fit())}
                    </td>
                    <td data-testid="readout-loss" data-loss=name>
                        {move || fit().map_or("—".into(), |f| format_significant(f.value, 8))}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="readout lab-fits">
            <caption>"Best line per loss and its loss (mean over the points)"</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}
