//! The family's main figure from the address, before the app has arrived
//! ([`crate::first_plot`]): each family builds it with the function its view uses.

use super::canvas::AxesLayer;
use super::chart::{self, Plot};
use super::state::{Family, LossState};
use crate::theme::ChartTheme;
use crate::url::UrlState;

/// Draw the figure of the family the address opens.
pub(super) async fn draw_first_plot() {
    let (state, _) = LossState::from_pairs(&crate::url::pairs());
    match state.family {
        Family::Regression => regression(state).await,
        Family::Landscape => landscape(state).await,
        Family::Classification => classification(state).await,
        Family::Sequences => sequences(state).await,
        Family::Binary => binary(state).await,
        Family::Distributions => distributions(state).await,
        Family::Ranking => ranking(state).await,
    }
}

/// `family_first_plot!(chunk, name, draw)`: `async fn name(state)` runs the family's `draw`; with
/// the `split` feature its code is the chunk `first_losses_<family>`, which the page's preload
/// script fetches with `first_losses` when the address opens that family (`family=<key>`).
macro_rules! family_first_plot {
    ($chunk:ident, $name:ident, $draw:path) => {
        #[cfg(feature = "split")]
        async fn $name(state: LossState) {
            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split)]
            fn $chunk(state: LossState) {
                $draw(&state)
            }
            $chunk(state).await
        }
        #[cfg(not(feature = "split"))]
        async fn $name(state: LossState) {
            $draw(&state)
        }
    };
}
family_first_plot!(
    first_losses_regression,
    regression,
    super::regression::first_plot
);
family_first_plot!(first_losses_landscape, landscape, super::lab::first_plot);
family_first_plot!(
    first_losses_classification,
    classification,
    super::classification::first_plot
);
family_first_plot!(
    first_losses_sequences,
    sequences,
    super::sequences::first_plot
);
family_first_plot!(first_losses_binary, binary, super::binary::first_plot);
family_first_plot!(
    first_losses_distributions,
    distributions,
    super::distributions::first_plot
);
family_first_plot!(first_losses_ranking, ranking, super::ranking::first_plot);

/// The loss chart `plot` builds (for dark or light colours), drawn as [`chart::PlotCanvas`]
/// draws it.
pub(super) fn loss_chart(plot: impl FnOnce(bool) -> Result<Plot, String>) {
    let measure = super::DRAW_LOSS;
    crate::first_plot::draw_on_canvas("chart loss-chart", "", measure, |canvas, css, dark| {
        let plot = plot(dark)?;
        let theme = ChartTheme::new(dark);
        chart::draw(canvas, css, &plot, &theme, &mut AxesLayer::default()).map(|_| ())
    });
}
