//! The Losses view: one tab per family of losses (`family=` in the URL) and the robust-regression
//! landscape lab. The lecture's message — the choice of loss decides how training behaves — made
//! visible: the same points, fitted under MSE, L1, smooth L1 and Huber.
//!
//! - `state` — the typed state, its address-bar codec and the shared signals.
//! - `chart` — the family plots (curves, markers, bars) on HiDPI canvases, timed as `draw:loss`.
//! - `regression`, `lab`, `classification`, `sequences`, `binary`, `distributions`, `ranking` — one
//!   family each (`sequences`' CTC lattice is `ctc_lattice`);
//!   `class_plots` holds the classification family's figures as plain, natively tested data.
//! - `hinge`, `poisson`, `gaussian`, `multi_margin`, `multilabel`, `multilabel_margin` — a panel of one loss inside its
//!   family (its figure, controls and read-outs).
//!
//! A new loss of an existing catalogue group joins its family's state and URL keys by itself (the
//! families read the catalogue's groups); its panel is drawn in that family's file or a panel file
//! of its own that the family mounts.

mod binary;
mod canvas;
mod chart;
mod class_batch;
mod class_plots;
mod classification;
mod ctc_lattice;
mod distributions;
mod first;
mod gaussian;
mod hinge;
mod lab;
mod multi_margin;
mod multilabel;
mod multilabel_margin;
mod poisson;
pub mod pytorch;
mod pytorch_panels;
mod ranking;
mod regression;
mod sequences;
pub mod state;

use crate::chart::format::in_words;
use crate::effect::effect;
use leptos::prelude::*;

use crate::components::{Intro, Notices};
use crate::url::{self, UrlState};
use crate::views::{Control, Page, ViewSpec};
use nnfunc::FnSpec;

use state::{Family, LossState, LossStore};

/// The `performance.measure` name of a family plot's redraw.
pub const DRAW_LOSS: &str = "draw:loss";
/// The `performance.measure` name of the landscape lab's redraw.
pub const DRAW_LANDSCAPE: &str = "draw:landscape";

crate::views::lazy_mount!(losses, LossesView);
crate::views::lazy_script!(losses, pytorch::script);
crate::views::lazy_first_plot!(first_losses, first::draw_first_plot());

// Each family is a chunk of its own, `losses_<family>`: the page's preload script fetches it with
// the view when the address opens that family (`family=<key>`, the first family when none).
macro_rules! family_part {
    ($chunk:ident, $name:ident, $module:ident::$component:ident) => {
        crate::views::lazy_part!(
            $chunk,
            fn $name(store: LossStore) {
                view! { <$module::$component store=store /> }.into_any()
            }
        );
    };
}
family_part!(
    losses_regression,
    regression_family,
    regression::RegressionFamily
);
family_part!(losses_landscape, landscape_family, lab::LandscapeLab);
family_part!(
    losses_classification,
    classification_family,
    classification::ClassificationFamily
);
family_part!(
    losses_sequences,
    sequences_family,
    sequences::SequenceFamily
);
family_part!(losses_binary, binary_family, binary::BinaryFamily);
family_part!(
    losses_distributions,
    distributions_family,
    distributions::DistributionFamily
);
family_part!(losses_ranking, ranking_family, ranking::RankingFamily);

/// The losses view in the registry: a page per family.
pub const SPEC: ViewSpec = ViewSpec {
    key: "losses",
    label: "Losses",
    mount,
    pytorch,
    first_plot: Some(first_plot),
    owns: LossState::owns,
    pages: &[
        Page::new(
            "losses-regression",
            "?view=losses&family=regression",
            "plot-loss",
        )
        .with_control(Control {
            selector: r#"input[name="huber_loss.delta"]"#,
            value: "2",
            key: "huber_loss.delta",
            want: "2",
        }),
        Page::new(
            "losses-landscape",
            "?view=losses&family=landscape",
            "landscape",
        ),
        Page::new(
            "losses-classification",
            "?view=losses&family=classification",
            "plot-class-curve",
        ),
        Page::new(
            "losses-sequences",
            "?view=losses&family=sequences",
            "plot-ctc-lattice",
        ),
        Page::new("losses-binary", "?view=losses&family=binary", "plot-bce"),
        Page::new(
            "losses-distributions",
            "?view=losses&family=distributions",
            "plot-kl",
        ),
        Page::new(
            "losses-ranking",
            "?view=losses&family=ranking",
            "plot-cosine",
        ),
    ],
};

#[component]
pub fn LossesView() -> impl IntoView {
    let (state, notices) = url::read::<LossState>();
    let store = LossStore::new(state);
    url::sync(move || store.snapshot());
    let family = store.family;

    let tabs = Family::ALL
        .into_iter()
        .map(|f| {
            view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("family-tab-{}", f.key())
                    data-testid=format!("family-{}", f.key())
                    aria-selected=move || (family.get() == f).to_string()
                    aria-controls="family-panel"
                    tabindex=move || if family.get() == f { "0" } else { "-1" }
                    on:click=move |_| family.set(f)
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        let i = Family::ALL.iter().position(|x| *x == f).unwrap_or(0);
                        let n = Family::ALL.len();
                        let next = match ev.key().as_str() {
                            "ArrowRight" => (i + 1) % n,
                            "ArrowLeft" => (i + n - 1) % n,
                            "Home" => 0,
                            "End" => n - 1,
                            _ => return,
                        };
                        ev.prevent_default();
                        family.set(Family::ALL[next]);
                        focus_by_id(&format!("family-tab-{}", Family::ALL[next].key()));
                    }
                >
                    {f.label()}
                </button>
            }
        })
        .collect_view();
    // On a phone the tabs are one line that scrolls sideways: keep the selected one in sight.
    let tablist = NodeRef::<leptos::html::Div>::new();
    effect(move || {
        let id = format!("family-tab-{}", family.get().key());
        if let Some(list) = tablist.get() {
            if let Ok(Some(tab)) = list.query_selector(&format!("#{id}")) {
                crate::dom::reveal_in_row(&list, &tab);
            }
        }
    });

    view! {
        <section class="view losses-view" data-testid="view-losses">
            <h2>"Losses"</h2>
            <Intro summary="About losses" class="losses-intro">
                <p>"The choice of loss depends on the output you want, and it decides how the whole system behaves in training. Every value below is PyTorch's, in float64."</p>
            </Intro>
            <Notices notices=notices />
            <div class="losses-tabs" role="tablist" aria-label="Loss families" node_ref=tablist>{tabs}</div>
            <div id="family-panel" class="losses-panel" role="tabpanel"
                aria-labelledby=move || format!("family-tab-{}", family.get().key())>
                {move || match family.get() {
                    Family::Regression => regression_family(store),
                    Family::Landscape => landscape_family(store),
                    Family::Classification => classification_family(store),
                    Family::Sequences => sequences_family(store),
                    Family::Binary => binary_family(store),
                    Family::Distributions => distributions_family(store),
                    Family::Ranking => ranking_family(store),
                }}
            </div>
        </section>
    }
}

fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A loss's formula (the catalogue's trusted, static MathML) and the lecture's notes.
#[component]
fn LossNotes(spec: &'static FnSpec) -> impl IntoView {
    view! {
        <section class="loss-notes" data-testid=format!("notes-{}", spec.name)>
            <h3>{spec.display} " " <code class="torch">{spec.torch}</code></h3>
            <math display="block" data-testid="formula" inner_html=spec.formula></math>
            <ul class="notes">
                {spec.notes.iter().map(|note| view! { <li>{*note}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// A plot's text alternative: `what` it draws, the PyTorch call with every parameter, and the
/// value and gradient at the marked input (`at`, e.g. "p = 0.3, y = 1").
fn plot_label(
    what: &str,
    params: &nnfunc::Params,
    at: &str,
    value: Result<(f64, f64), String>,
) -> String {
    let call = crate::torch::torch_call(params);
    match value {
        Ok((loss, grad)) => format!(
            "{what}, for {call}. At {at}: loss {}, gradient {}.",
            nnfunc::plot::format_significant(loss, 6),
            nnfunc::plot::format_significant(grad, 6)
        ),
        Err(message) => format!("{what}, for {call}. At {at}: {message}"),
    }
}

/// The formulas and notes of `ids`, side by side under a family.
#[component]
fn NotesGrid(ids: &'static [nnfunc::catalogue::FnId]) -> impl IntoView {
    let notes = ids.iter().map(|id| view! { <LossNotes spec=id.spec() /> });
    view! { <div class="loss-notes-grid">{notes.collect_view()}</div> }
}

/// A read-out table's row: the loss's name (after `children`, e.g. a swatch), its value (also as
/// `data-value`, every digit) and, if given, its gradient.
#[component]
fn ReadoutRow(
    name: &'static str,
    #[prop(into)] value: Signal<Result<f64, String>>,
    #[prop(optional, into)] grad: Option<Signal<Result<f64, String>>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let exact = move || value.get().map_or(String::new(), |v| v.to_string());
    view! {
        <tr>
            <th scope="row">{children.map(|c| c())}<code>{name}</code></th>
            <td data-testid="readout-loss" data-loss=name data-value=exact>{move || readout(value.get())}</td>
            {grad.map(|g| view! { <td data-testid="readout-grad" data-loss=name>{move || readout(g.get())}</td> })}
        </tr>
    }
}

/// A read-out of a float64 value: 12 significant digits, "—" for an error.
fn readout(v: Result<f64, String>) -> String {
    match v {
        Ok(v) => in_words(v, 12),
        Err(_) => "—".into(),
    }
}

/// A read-out of one value per logit (4 significant digits each), "—" for an error.
fn readout_list(values: Result<Vec<f64>, String>) -> String {
    match values {
        Ok(values) => values
            .iter()
            .map(|v| in_words(*v, 4))
            .collect::<Vec<_>>()
            .join(", "),
        Err(_) => "—".into(),
    }
}

/// A number from an input or change event (finite only).
fn event_number(ev: &web_sys::Event) -> Option<f64> {
    crate::dom::target_value(ev)
        .and_then(|t| crate::url::parse_number(t.trim()))
        .filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::{readout, readout_list};

    #[test]
    fn read_outs_say_values_that_are_not_finite_in_words() {
        assert_eq!(readout(Ok(f64::INFINITY)), "infinite");
        assert_eq!(readout(Ok(f64::NEG_INFINITY)), "minus infinite");
        assert_eq!(readout(Ok(f64::NAN)), "not a number");
        assert_eq!(readout(Ok(-0.625)), "-0.625");
        assert_eq!(readout(Err("refused".into())), "—");
        assert_eq!(
            readout_list(Ok(vec![0.5, f64::NAN, -2.0])),
            "0.5, not a number, -2"
        );
    }
}
