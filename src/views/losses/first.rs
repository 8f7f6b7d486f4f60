//! The family's main figure from the address, before the app has arrived
//! ([`crate::first_plot`]): each family builds it with the function its view uses.

use super::canvas::AxesLayer;
use super::chart::{self, Plot};
use super::state::{Family, LossState};
use crate::theme::ChartTheme;
use crate::url::UrlState;

/// Draw the figure of the family the address opens.
pub(super) fn draw_first_plot() {
    let (state, _) = LossState::from_pairs(&crate::url::pairs());
    match state.family {
        Family::Regression => super::regression::first_plot(&state),
        Family::Landscape => super::lab::first_plot(&state),
        Family::Classification => super::classification::first_plot(&state),
        Family::Sequences => super::sequences::first_plot(&state),
        Family::Binary => super::binary::first_plot(&state),
        Family::Distributions => super::distributions::first_plot(&state),
        Family::Ranking => super::ranking::first_plot(&state),
    }
}

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
