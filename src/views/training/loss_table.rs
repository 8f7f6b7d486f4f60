//! The per-activation table: each network's batch loss, its loss on the whole data set, its
//! dead units and whether it diverged (the data attributes are what the browser tests read).

use leptos::prelude::*;

use super::trainer::{loss_text, Measured, Summary};
use crate::chart::series_color;
use crate::chart::style::css_rgb;
use crate::theme::use_environment;

#[component]
pub fn LossTable(summary: Memo<Summary>, measured: RwSignal<Measured>) -> impl IntoView {
    let environment = use_environment();
    let rows = move || {
        let numbers = measured.get();
        let dark = environment.dark.get();
        summary
            .get()
            .networks
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                let dataset = numbers.dataset_losses.get(i).copied();
                let dead = numbers.dead.get(i).copied();
                view! {
                    <tr data-testid=format!("loss-{}", n.name)
                        data-first-loss=n.first_loss.map(|v| v.to_string())
                        data-last-loss=n.last_loss.map(|v| v.to_string())
                        data-dataset-loss=dataset.map(|v| v.to_string())
                        data-dead=dead.map(|v| v.to_string())
                        data-step=numbers.step.to_string()>
                        <th scope="row"><span class="train-swatch" style:background=css_rgb(series_color(i, dark))></span>{n.display}</th>
                        <td>{loss_text(n.batch_loss)}</td>
                        <td>{loss_text(dataset)}</td>
                        <td>{dead.map_or_else(|| "—".to_string(), |d| format!("{:.0} %", d * 100.0))}</td>
                        <td>{n.diverged_at.map_or_else(|| "no".to_string(), |at| format!("at step {at}"))}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="train-table-wrap">
            <table class="train-table" data-testid="train-losses">
                <caption>{move || format!("At step {} (loss on the whole data set and dead units: updated with the figures)", measured.with(|m| m.step))}</caption>
                <thead><tr>
                    <th scope="col">"network"</th><th scope="col">"batch loss"</th>
                    <th scope="col">"data-set loss"</th><th scope="col">"dead units"</th><th scope="col">"diverged"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
