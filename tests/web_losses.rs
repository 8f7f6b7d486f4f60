//! Browser test of the Losses view: it mounts, the regression read-outs show the core crate's values,
//! the family tabs switch panels, the landscape lab shows a fit per loss, and the Sequences tab the
//! CTC lattice with the core crate's loss.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_losses`.
#![cfg(target_arch = "wasm32")]

use explorer::views::losses::LossesView;
use leptos::prelude::*;
use nnfunc::catalogue::FnId;
use nnfunc::loss_views::regression_at;
use nnfunc::plot::format_significant;
use nnfunc::Params;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{find, fresh_container};

async fn tick() {
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn regression_readouts_equal_the_core_crate() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || view! { <LossesView /> });
    tick().await;
    find(&container, "[data-testid=view-losses]");
    find(&container, "[data-testid=plot-loss]");
    for id in [
        FnId::MseLoss,
        FnId::L1Loss,
        FnId::SmoothL1Loss,
        FnId::HuberLoss,
    ] {
        let Ok((loss, _)) = regression_at(&Params::defaults(id.spec()), 1.5) else {
            panic!("{id:?} does not evaluate");
        };
        let cell = find(
            &container,
            &format!("[data-testid=readout-loss][data-loss={}]", id.spec().name),
        );
        assert_eq!(
            cell.text_content().unwrap_or_default(),
            format_significant(loss, 12)
        );
    }
}

#[wasm_bindgen_test]
async fn the_landscape_tab_shows_the_lab() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || view! { <LossesView /> });
    tick().await;
    find(&container, "[data-testid=family-landscape]").click();
    tick().await;
    find(&container, "[data-testid=landscape]");
    find(&container, "[data-testid=scatter]");
    let fit = find(&container, "[data-testid=fit-l1_loss]");
    assert!(
        fit.text_content().unwrap_or_default().starts_with("w = "),
        "L1 fit read-out"
    );
}

#[wasm_bindgen_test]
async fn the_sequences_tab_shows_the_ctc_lattice_and_the_core_crates_loss() {
    use nnfunc::ctc::example::{evaluate, parse_target, Preset};
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || view! { <LossesView /> });
    tick().await;
    find(&container, "[data-testid=family-sequences]").click();
    tick().await;
    find(&container, "[data-testid=plot-ctc-lattice]");
    find(&container, "[data-testid=ctc-grad]");
    // The default example: "cab" over 8 steps of logits aligned with it, temperature 1.
    let letters = parse_target("cab").unwrap_or_default();
    let params = Params::defaults(FnId::CtcLoss.spec());
    let Ok(e) = evaluate(&params, &letters, 8, Preset::Aligned, 1.0) else {
        panic!("the default CTC example does not evaluate");
    };
    let cell = find(&container, "[data-testid=readout-loss][data-loss=ctc_loss]");
    assert_eq!(
        cell.text_content().unwrap_or_default(),
        format_significant(e.loss, 12)
    );
    // The gradient's heatmap: drawn, exported, its cells the core crate's gradient (time across,
    // class 0 on top), its columns named by whole time steps.
    find(&container, "[data-testid=plot-ctc-grad]");
    let Some(figure) = explorer::chart::export::figure("plot-ctc-grad") else {
        panic!("plot-ctc-grad did not register for export");
    };
    let csv = match figure.csv() {
        Ok(csv) => csv,
        Err(message) => panic!("the gradient's CSV failed: {message}"),
    };
    let grid = nnfunc::ctc::example::grad_grid(&e.grad, 8);
    let cells: Vec<f64> = csv
        .lines()
        .skip(1)
        .filter(|line| line.starts_with("cell,"))
        .filter_map(|line| line.rsplit(',').next()?.parse().ok())
        .collect();
    assert_eq!(
        cells, grid.values,
        "the CSV holds the gradient, cell by cell"
    );
    let svg = match figure.svg() {
        Ok(svg) => svg,
        Err(message) => panic!("the gradient's SVG failed: {message}"),
    };
    // The texts of the SVG's <text> elements: the tick labels among them.
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>').and_then(|(_, rest)| rest.split_once('<')))
        .map(|(text, _)| text.trim())
        .collect();
    // Steps 0, 1, 2 … (every other one on a narrow figure), never between two steps.
    assert!(
        texts.contains(&"2"),
        "the steps are named t = 0, 1, 2 …: {texts:?}"
    );
    for between in ["-0.5", "−0.5", "0.5", "6.5"] {
        assert!(
            !texts.contains(&between),
            "no column labelled between steps: {texts:?}"
        );
    }
}
