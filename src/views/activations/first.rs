//! The plot before the app has arrived ([`crate::first_plot`]): the address's functions, sampled
//! and assembled as the plot card does it, drawn by the chart kit's painter.

use std::sync::Arc;

use nnfunc::activation::Elementwise;
use nnfunc::plot::AxisRange;
use nnfunc::FnSpec;

use super::explorer::compare_gelu;
use super::plot::{assemble, Shown, Shows};
use super::slot::lines;
use super::state::{elementwise, ActivationState};
use crate::chart::function_plot::{draw, Lines, MeshCache};
use crate::theme::ChartTheme;
use crate::url::UrlState;

/// The classes of the plot card's figure, which the stylesheet lays out.
const FIGURE: &str = "chart function-plot";

/// One function of the address, sampled when the plot asks.
struct Sampled {
    spec: &'static FnSpec,
    function: Option<Elementwise>,
    x: AxisRange,
}

impl Shown for Sampled {
    fn spec(&self) -> &'static FnSpec {
        self.spec
    }
    fn function(&self) -> Option<Elementwise> {
        self.function
    }
    fn f_lines(&self) -> Arc<Lines> {
        lines(self.function, self.x, Elementwise::value)
    }
    fn df_lines(&self) -> Arc<Lines> {
        lines(self.function, self.x, Elementwise::derivative)
    }
    fn zones(&self) -> Vec<(f64, f64)> {
        self.function
            .map_or_else(Vec::new, |f| super::slot::zones(&f, self.x))
    }
}

/// Draw the plot the address describes (its notices are the app's to show).
pub(super) fn draw_first_plot() {
    crate::first_plot::draw_on_canvas(FIGURE, "", "draw:activation", |canvas, css, dark| {
        let (state, _) = ActivationState::from_pairs(&crate::url::pairs());
        let shown: Vec<Sampled> = state
            .functions
            .iter()
            .map(|params| Sampled {
                spec: params.spec,
                function: elementwise(params).ok(),
                x: state.x,
            })
            .collect();
        let shows = Shows {
            derivative: state.show_derivative,
            saturation: state.shade_saturation,
            gelu_comparison: state.compare_gelu,
        };
        let gelu_other = || {
            let gelu = shown.iter().find_map(|s| match s.function {
                Some(f @ Elementwise::Gelu { .. }) => Some(f),
                _ => None,
            })?;
            compare_gelu(gelu, state.x).map(|c| c.lines)
        };
        let data = assemble(state.x, shows, &shown, gelu_other, dark);
        draw(
            canvas,
            css,
            &data,
            &ChartTheme::new(dark),
            &mut MeshCache::default(),
        )
        .map(|_| ())
    });
}
