//! The lab's one drawing effect: both canvases in one measure, `draw:landscape`, with the parts
//! `draw:landscape:<fits|descent|grid|rgba|contours|heatmap|scatter>`. A point move recomputes
//! only the selected loss's landscape (see `landscape::Cached`); descent frames reuse the cached
//! image and only redraw. Canvas sizes come from a `ResizeObserver`. The effect also keeps what it
//! drew for the export figures, which it registers. The landscape alone is also the lab's first
//! plot ([`first_plot`]).

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::loss_views::{fits, landscape_ranges, Fit, REGRESSION_LOSSES};

use super::landscape::{Cached, LandscapeFigure, LandscapeKey, LandscapeShown};
use super::landscape_draw::{draw_landscape, LandscapeCache, Marker};
use super::model::{descent, kinds, selected_index, selected_kind, Lab};
use super::paint::AxesKey;
use super::scatter::{NamedLine, ScatterFigure};
use super::scatter_draw::{draw_scatter, FitLine, Pulls};
use crate::chart::export::{register_figure, Size};
use crate::chart::heatmap::PlotArea;
use crate::theme::{use_environment, ChartTheme, Rgb};
use crate::views::losses::canvas::{use_css_size, AxesLayer, Timer};
use crate::views::losses::chart::loss_color;
use crate::views::losses::state::LossState;
use crate::views::losses::DRAW_LANDSCAPE;

const WHITE: Rgb = (255, 255, 255);

/// The lab's two canvases and what their drawing reports: where each plotting area is (pointer
/// positions map through it) and the last error (shown in the page).
#[derive(Clone, Copy)]
pub struct Canvases {
    pub scatter: NodeRef<leptos::html::Canvas>,
    pub landscape: NodeRef<leptos::html::Canvas>,
    pub scatter_area: RwSignal<Option<PlotArea>>,
    pub landscape_area: RwSignal<Option<PlotArea>>,
    pub error: RwSignal<Option<String>>,
}

impl Canvases {
    pub fn new() -> Canvases {
        Canvases {
            scatter: NodeRef::new(),
            landscape: NodeRef::new(),
            scatter_area: RwSignal::new(None),
            landscape_area: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Keep what the drawing reported (setting a signal only when its value changes).
    fn report(&self, result: Result<(PlotArea, PlotArea), String>) {
        match result {
            Ok((scatter, landscape)) => {
                for (signal, area) in [
                    (self.scatter_area, scatter),
                    (self.landscape_area, landscape),
                ] {
                    if signal.get_untracked() != Some(area) {
                        signal.set(Some(area));
                    }
                }
                if self.error.get_untracked().is_some() {
                    self.error.set(None);
                }
            }
            Err(message) => {
                crate::dom::warn(&format!("drawing the landscape lab failed: {message}"));
                self.error.set(Some(message));
            }
        }
    }
}

/// The landscape's markers: the start (white), each loss's minimiser in its colour (the selected
/// one bigger), where descent is now (small, white).
fn markers(
    sel: usize,
    fitted: &[Option<Fit>],
    start: Option<(f64, f64)>,
    now: Option<(f64, f64)>,
    dark: bool,
) -> Vec<Marker> {
    let mut out: Vec<Marker> = start
        .map(|at| Marker {
            at,
            color: WHITE,
            radius_css: 4.0,
        })
        .into_iter()
        .collect();
    for (i, fit) in fitted.iter().enumerate() {
        if let Some(f) = fit {
            out.push(Marker {
                at: (f.w, f.b),
                color: loss_color(i, dark),
                radius_css: if i == sel { 7.0 } else { 4.5 },
            });
        }
    }
    out.extend(now.map(|at| Marker {
        at,
        color: WHITE,
        radius_css: 3.0,
    }));
    out
}

/// The scatter's lines: every loss's best line, the selected one last (on top) and thicker, then
/// gradient descent's current line, dashed.
fn lines(lab: &Lab, now: Option<(f64, f64)>, theme: &ChartTheme, dark: bool) -> Vec<NamedLine> {
    let sel = lab.selected.get();
    let fits = lab.fitted.get();
    let mut named: Vec<NamedLine> = (0..fits.len())
        .filter(|i| *i != sel)
        .chain([sel])
        .filter_map(|i| {
            let f = fits.get(i).copied().flatten()?;
            let name = REGRESSION_LOSSES.get(i)?.spec().name;
            let line = FitLine {
                w: f.w,
                b: f.b,
                color: loss_color(i, dark),
                width_css: if i == sel { 3.5 } else { 2.0 },
                dashed: false,
            };
            Some((name, line))
        })
        .collect();
    if let Some((w, b)) = now {
        let line = FitLine {
            w,
            b,
            color: theme.axis,
            width_css: 1.5,
            dashed: true,
        };
        named.push(("gradient descent", line));
    }
    named
}

/// The selected loss's pull on each point, for the scatter (none without a best line).
fn pulls(lab: &Lab, dark: bool) -> Pulls {
    let points = lab.points.with(|p| {
        lab.influence.with(|inf| {
            p.iter()
                .zip(inf)
                .map(|(&(x, y), i)| (x, y, i.residual, i.weight_vs_mse()))
                .collect()
        })
    });
    Pulls {
        color: loss_color(lab.selected.get(), dark),
        points,
    }
}

/// Register the lab's figures and draw both canvases whenever what they show changes.
pub fn use_drawing(lab: Lab, canvases: Canvases) {
    let environment = use_environment();
    let scatter_css = use_css_size(canvases.scatter);
    let landscape_css = use_css_size(canvases.landscape);
    let cache = StoredValue::new(None::<Cached>);
    let layers =
        StoredValue::new_local((LandscapeCache::default(), AxesLayer::<AxesKey>::default()));
    let landscape_shown = StoredValue::new((Vec::new(), Vec::new(), "") as LandscapeShown);
    let scatter_shown = StoredValue::new((Vec::<NamedLine>::new(), Pulls::default()));
    let landscape = LandscapeFigure {
        cache,
        shown: landscape_shown,
    };
    let (dark, fallback) = (environment.dark, (480, 400));
    register_figure(
        "landscape",
        Size::Observed(landscape_css, fallback),
        dark,
        landscape,
    );
    let scatter = ScatterFigure {
        points: lab.points,
        range: lab.scatter_range,
        lines: scatter_shown,
    };
    register_figure(
        "scatter",
        Size::Observed(scatter_css, fallback),
        dark,
        scatter,
    );
    let next_image_id = StoredValue::new(0u64);
    effect(move || {
        let dark = environment.dark.get();
        environment.viewport.track();
        let (Some(scatter_canvas), Some(landscape_canvas)) =
            (canvases.scatter.get(), canvases.landscape.get())
        else {
            return;
        };
        let theme = ChartTheme::new(dark);
        let timer = Timer::new(DRAW_LANDSCAPE);
        let result = timer.whole(|| -> Result<(PlotArea, PlotArea), String> {
            timer.part("fits", || lab.fitted.track());
            let now = timer.part("descent", || lab.current.get());
            let key = LandscapeKey {
                points: lab.points.get(),
                kind: lab.kind.get(),
                ranges: lab.ranges.get(),
                log: lab.log.get(),
            };
            cache.update_value(|slot| {
                let mut id = next_image_id.get_value();
                Cached::refresh(slot, key, &timer, &mut id);
                next_image_id.set_value(id);
            });
            let path = lab.path.get();
            let (sel, fitted) = (lab.selected.get(), lab.fitted.get());
            let markers = markers(sel, &fitted, path.first().copied(), now, dark);
            let land = timer.part("heatmap", || {
                cache.with_value(|slot| {
                    let cached = slot.as_ref().ok_or("no landscape")?;
                    let frame = cached.frame(&path, &markers);
                    let css = landscape_css.get_untracked().unwrap_or((480, 400));
                    landscape_shown.set_value((path.clone(), markers.clone(), lab.selected_name()));
                    layers
                        .try_update_value(|(land, _)| {
                            draw_landscape(&landscape_canvas, css, &frame, &theme, land)
                        })
                        .unwrap_or_else(|| Err("the lab is gone".into()))
                })
            })?;
            let named = lines(&lab, now, &theme, dark);
            let fit_lines: Vec<FitLine> = named.iter().map(|(_, line)| *line).collect();
            let pulls = pulls(&lab, dark);
            scatter_shown.set_value((named, pulls.clone()));
            let css = scatter_css.get().unwrap_or((480, 400));
            let range = lab.scatter_range.get();
            let scatter = timer.part("scatter", || {
                layers
                    .try_update_value(|(_, axes)| {
                        draw_scatter(
                            &scatter_canvas,
                            css,
                            range,
                            &fit_lines,
                            &pulls,
                            &theme,
                            axes,
                        )
                    })
                    .unwrap_or_else(|| Err("the lab is gone".into()))
            })?;
            Ok((scatter, land))
        });
        let _ = landscape_css.get();
        canvases.report(result);
    });
}

/// The landscape from the address, before the app has arrived ([`crate::first_plot`]): the
/// selected loss over (w, b) for the address's points, every loss's minimiser and descent's start,
/// as the effect above draws it before a step.
pub fn first_plot(state: &LossState) {
    let draw = |canvas: &web_sys::HtmlCanvasElement, css: (u32, u32), dark: bool| {
        let lab = &state.lab;
        let kinds = kinds(|id| state.params_or_default(id));
        let selected = selected_index(lab.loss);
        let kind = selected_kind(&kinds, selected);
        let fitted = fits(&lab.points, &kinds);
        let ranges = landscape_ranges(&fitted);
        let path = descent(&lab.points, kind, ranges, lab.start, lab.lr, 0);
        let (start, now) = (path.first().copied(), path.last().copied());
        let markers = markers(selected, &fitted, start, now, dark);
        let key = LandscapeKey {
            points: lab.points.clone(),
            kind,
            ranges,
            log: lab.log,
        };
        let mut slot = None;
        Cached::refresh(&mut slot, key, &Timer::new(DRAW_LANDSCAPE), &mut 0);
        let cached = slot.ok_or("no landscape")?;
        let frame = cached.frame(&path, &markers);
        let (theme, mut layer) = (ChartTheme::new(dark), LandscapeCache::default());
        draw_landscape(canvas, css, &frame, &theme, &mut layer).map(|_| ())
    };
    crate::first_plot::draw_on_canvas("card lab-landscape", "", DRAW_LANDSCAPE, draw);
}
