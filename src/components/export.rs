//! The export tools next to "Share": save every figure of the view as PNG (at the display's pixel
//! ratio, 2× or 4×), as SVG, and its data as CSV. Files are named `<view>-<testid>.<ext>`.
//!
//! Figures register themselves with `chart::export` while mounted; the buttons walk the view's
//! `canvas[data-testid]` (except overlays) in page order and export each registered figure. PNG at
//! the display's ratio copies the on-screen canvas (exactly what is shown); 2× and 4× repaint the
//! figure on an off-screen canvas with the same drawing function.
//!
//! Test ids: `png-scale` (select: `display`, `2`, `4`), `save-png`, `save-svg`, `save-csv`,
//! `export-status` (what the last export did).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlCanvasElement};

use crate::chart::export::{self, data_url};
use crate::embed::{self, figure_file_name};
use crate::route::View;

/// The PNG sizes offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PngScale {
    Display,
    Double,
    Quadruple,
}

impl PngScale {
    const ALL: [PngScale; 3] = [PngScale::Display, PngScale::Double, PngScale::Quadruple];

    fn key(self) -> &'static str {
        match self {
            PngScale::Display => "display",
            PngScale::Double => "2",
            PngScale::Quadruple => "4",
        }
    }

    fn label(self) -> &'static str {
        match self {
            PngScale::Display => "as on screen",
            PngScale::Double => "2× (slides)",
            PngScale::Quadruple => "4× (print)",
        }
    }

    fn parse(key: &str) -> PngScale {
        PngScale::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or(PngScale::Display)
    }

    fn factor(self) -> Option<f64> {
        match self {
            PngScale::Display => None,
            PngScale::Double => Some(2.0),
            PngScale::Quadruple => Some(4.0),
        }
    }
}

/// What to save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Png(PngScale),
    Svg,
    Csv,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Png(_) => "png",
            Format::Svg => "svg",
            Format::Csv => "csv",
        }
    }
}

/// The PNG size control and the PNG, SVG and CSV buttons.
#[component]
pub fn ExportTools(view: ReadSignal<View>) -> impl IntoView {
    let scale = RwSignal::new(PngScale::Display);
    let (status, set_status) = signal(String::new());
    let save = move |format: Format| set_status.set(save_figures(view.get_untracked(), format));
    let options = PngScale::ALL
        .into_iter()
        .map(|s| view! { <option value=s.key() selected=move || scale.get() == s>{s.label()}</option> })
        .collect_view();
    view! {
        <div class="export-tools">
            <label for="png-scale">"PNG size"</label>
            <select
                id="png-scale"
                name="png-scale"
                data-testid="png-scale"
                on:change=move |ev| {
                    if let Some(key) = crate::dom::target_value(&ev) {
                        scale.set(PngScale::parse(&key));
                    }
                }
            >
                {options}
            </select>
            <button type="button" data-testid="save-png" on:click=move |_| save(Format::Png(scale.get_untracked()))>
                "Save figure as PNG"
            </button>
            <button type="button" data-testid="save-svg" on:click=move |_| save(Format::Svg)>
                "SVG"
            </button>
            <button type="button" data-testid="save-csv" on:click=move |_| save(Format::Csv)>
                "Data (CSV)"
            </button>
            <p class="export-status" role="status" data-testid="export-status">{move || status.get()}</p>
        </div>
    }
}

/// Save every exportable figure of the view in `format`; returns the message for the page.
fn save_figures(view: View, format: Format) -> String {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return "Nothing saved: no document.".into();
    };
    let mut saved = 0;
    let mut missing = Vec::new();
    for canvas in figure_canvases(&document) {
        let test_id = canvas.get_attribute("data-testid").unwrap_or_default();
        let href = match export_one(&canvas, &test_id, format) {
            Ok(Some(href)) => href,
            Ok(None) => {
                missing.push(test_id);
                continue;
            }
            Err(message) => {
                crate::dom::warn(&format!("export of {test_id}: {message}"));
                missing.push(test_id);
                continue;
            }
        };
        let name = figure_file_name(view.key(), &test_id, format.extension());
        if crate::dom::download(&href, &name).is_some() {
            saved += 1;
        }
    }
    let files = if saved == 1 { "file" } else { "files" };
    match (saved, missing.is_empty()) {
        (0, true) => {
            crate::dom::warn("export: this view has no figure to save");
            "This view has no figure to save.".into()
        }
        (_, true) => format!("Saved {saved} {files}."),
        (_, false) => format!(
            "Saved {saved} {files}; not available as {} for: {}.",
            format.extension().to_ascii_uppercase(),
            missing.join(", ")
        ),
    }
}

/// One figure as a URL to download; `None` when the figure has no export of this kind.
fn export_one(
    canvas: &HtmlCanvasElement,
    test_id: &str,
    format: Format,
) -> Result<Option<String>, String> {
    let figure = export::figure(test_id);
    match (format, figure) {
        // As on screen: the canvas itself, drawn at the display's pixel ratio.
        (Format::Png(PngScale::Display), _) => {
            if canvas.width() == 0 || canvas.height() == 0 {
                return Ok(None);
            }
            canvas
                .to_data_url_with_type("image/png")
                .map(Some)
                .map_err(|_| "could not read the canvas".into())
        }
        (Format::Png(scale), Some(figure)) => {
            figure.png_data_url(scale.factor().unwrap_or(1.0)).map(Some)
        }
        (Format::Svg, Some(figure)) => figure
            .svg()
            .map(|svg| Some(data_url("image/svg+xml", &svg))),
        (Format::Csv, Some(figure)) => figure.csv().map(|csv| Some(data_url("text/csv", &csv))),
        (_, None) => Ok(None),
    }
}

/// The view's shown figure canvases (with a `data-testid`, without the crosshair overlays), in
/// page order.
fn figure_canvases(document: &Document) -> Vec<HtmlCanvasElement> {
    let Ok(Some(main)) = document.query_selector("#main") else {
        return Vec::new();
    };
    // `querySelectorAll` through Reflect: web-sys's `NodeList` needs a feature we do not enable.
    let list = js_sys::Reflect::get(&main, &"querySelectorAll".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&main, &"canvas[data-testid]".into()).ok())
        .map(|list| js_sys::Array::from(&list))
        .unwrap_or_default();
    list.iter()
        .filter_map(|node| node.dyn_into::<HtmlCanvasElement>().ok())
        // Hidden figures (a training panel of no network, the image task's target on another
        // task) have no layout: nothing to save.
        .filter(|canvas| canvas.client_width() > 0)
        .filter(|canvas| {
            embed::exports_canvas(&canvas.get_attribute("data-testid").unwrap_or_default())
        })
        .collect()
}
