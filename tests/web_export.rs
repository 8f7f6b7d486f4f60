//! Browser tests of the export layer (`src/chart/export.rs`): a mounted figure registers itself,
//! its SVG parses and holds the curves, its CSV holds the core crate's values, and it unregisters
//! when unmounted.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_export`
//! (chromedriver on PATH). On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use explorer::chart::export;
use explorer::chart::series_color;
use explorer::url::UrlState;
use explorer::views::activations::state::{elementwise, ActivationState};
use explorer::views::activations::ActivationExplorer;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{fresh_container, settle};

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let Some(function) = js_sys::Reflect::get(target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        panic!("no method {method}");
    };
    let args: js_sys::Array = args.iter().cloned().collect();
    match function.apply(target, &args) {
        Ok(value) => value,
        Err(e) => panic!("{method} threw {e:?}"),
    }
}

/// `new DOMParser().parseFromString(text, "image/svg+xml")` (web-sys's `DomParser` is not enabled).
fn parse_svg(text: &str) -> JsValue {
    let constructor = js_sys::Reflect::get(&js_sys::global(), &"DOMParser".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(parser) =
        constructor.and_then(|c| js_sys::Reflect::construct(&c, &js_sys::Array::new()).ok())
    else {
        panic!("no DOMParser");
    };
    call(
        &parser,
        "parseFromString",
        &[text.into(), "image/svg+xml".into()],
    )
}

fn count(document: &JsValue, selector: &str) -> u32 {
    let list = call(document, "querySelectorAll", &[selector.into()]);
    js_sys::Array::from(&list).length()
}

#[wasm_bindgen_test]
async fn activation_plot_exports_svg_and_csv_and_unregisters() {
    let container = fresh_container();
    let pairs = vec![
        ("fn".to_string(), "elu,relu".to_string()),
        ("deriv".to_string(), "1".to_string()),
    ];
    let (initial, notices) = ActivationState::from_pairs(&pairs);
    assert!(notices.is_empty(), "{notices:?}");
    let params = initial.functions.clone();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <ActivationExplorer initial=initial /> }
    });
    leptos::task::tick().await;

    assert!(export::registered().iter().any(|id| id == "plot-main"));
    let Some(figure) = export::figure("plot-main") else {
        panic!("plot-main did not register");
    };

    // SVG: parses, is an <svg> of the canvas's CSS size, holds the curves in their colours.
    let svg = match figure.svg() {
        Ok(svg) => svg,
        Err(e) => panic!("SVG export failed: {e}"),
    };
    let document = parse_svg(&svg);
    assert_eq!(count(&document, "parsererror"), 0, "the SVG parses");
    let root = js_sys::Reflect::get(&document, &"documentElement".into()).unwrap_or_default();
    let tag = js_sys::Reflect::get(&root, &"tagName".into()).unwrap_or_default();
    assert_eq!(tag.as_string().as_deref(), Some("svg"));
    let Some(canvas) = container
        .query_selector("canvas[data-testid=plot-main]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        panic!("no plot-main canvas");
    };
    let width = call(&root, "getAttribute", &["width".into()]).as_string();
    assert_eq!(width, Some(canvas.client_width().to_string()), "CSS width");
    for index in 0..2 {
        let (r, g, b) = series_color(index, false);
        let colour = format!("#{r:02X}{g:02X}{b:02X}");
        let long_lines = js_sys::Array::from(&call(
            &document,
            "querySelectorAll",
            &[format!("polyline[stroke=\"{colour}\"]").into()],
        ))
        .iter()
        .filter(|line| {
            let points = call(line, "getAttribute", &["points".into()])
                .as_string()
                .unwrap_or_default();
            points.split_whitespace().count() > 200
        })
        .count();
        assert!(long_lines >= 1, "curve {index} ({colour}) is in the SVG");
    }
    // Dashed f′ curves: many short pieces.
    assert!(count(&document, "polyline") > 50, "the dashed f′ curves");

    // CSV: x, then f and f′ of each function, equal to nnfunc's values at the written x.
    let csv = match figure.csv() {
        Ok(csv) => csv,
        Err(e) => panic!("CSV export failed: {e}"),
    };
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default();
    assert!(
        header.starts_with("x,nn.ELU(alpha=1.0) f,nn.ELU(alpha=1.0) df/dx,nn.ReLU("),
        "{header}"
    );
    let functions: Vec<_> = params.iter().filter_map(|p| elementwise(p).ok()).collect();
    assert_eq!(functions.len(), 2);
    let mut rows = 0;
    for line in lines {
        let cells: Vec<f64> = line.split(',').filter_map(|c| c.parse().ok()).collect();
        assert_eq!(cells.len(), 5, "{line}");
        let x = cells[0];
        for (i, f) in functions.iter().enumerate() {
            assert_eq!(cells[1 + 2 * i], f.value(x), "f at {x}");
            assert_eq!(cells[2 + 2 * i], f.derivative(x), "f′ at {x}");
        }
        rows += 1;
    }
    assert_eq!(rows, 1201);

    // Unmounting unregisters the figure.
    drop(handle);
    leptos::task::tick().await;
    assert!(export::figure("plot-main").is_none());
}

/// A heatmap's SVG: parses, holds exactly one `<image>` (a PNG `data:` URL, inside the figure)
/// under its vector layers, at least `lines` polylines and `circles` circles.
fn check_heatmap_svg(svg: &str, lines: u32, circles: u32) {
    let document = parse_svg(svg);
    assert_eq!(count(&document, "parsererror"), 0, "the SVG parses");
    assert_eq!(count(&document, "image"), 1, "one raster layer");
    assert_eq!(svg.matches("<image").count(), 1);
    let image = call(&document, "querySelector", &["image".into()]);
    let href = call(&image, "getAttribute", &["href".into()])
        .as_string()
        .unwrap_or_default();
    assert!(
        href.starts_with("data:image/png;base64,"),
        "{}",
        &href[..href.len().min(40)]
    );
    assert!(
        href.len() > 1000,
        "the PNG holds the cells ({} chars)",
        href.len()
    );
    let number = |name: &str| {
        call(&image, "getAttribute", &[name.into()])
            .as_string()
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    assert!(
        number("width") > 100.0 && number("height") > 100.0,
        "the image covers the plot"
    );
    assert!(number("x") > 0.0 && number("y") > 0.0, "inside the axes");
    // Under the vector layers: before the first polyline and the first text.
    let at = svg.find("<image").unwrap_or(usize::MAX);
    assert!(
        svg.find("<polyline").is_some_and(|p| p > at),
        "contours drawn over the cells"
    );
    assert!(
        svg.find("<text").is_some_and(|p| p > at),
        "labels drawn over the cells"
    );
    assert!(
        count(&document, "polyline") >= lines,
        "the contours are polylines"
    );
    assert!(
        count(&document, "circle") >= circles,
        "the markers are circles"
    );
}

/// A grid CSV's `cell` rows as (x, y, value), and its header.
fn cells(csv: &str) -> (String, Vec<(f64, f64, f64)>) {
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default().to_string();
    let rows = lines
        .filter_map(|l| l.strip_prefix("cell,"))
        .map(|l| {
            let v: Vec<f64> = l
                .split(',')
                .map(|c| c.parse().unwrap_or(f64::NAN))
                .collect();
            assert_eq!(v.len(), 3, "{l}");
            (v[0], v[1], v[2])
        })
        .collect();
    (header, rows)
}

#[wasm_bindgen_test]
async fn landscape_lab_exports_its_cells_as_an_image_and_the_grid_as_csv() {
    use explorer::views::losses::LossesView;
    use nnfunc::landscape::landscape;
    use nnfunc::loss_views::{fits, landscape_ranges, regression_kind, REGRESSION_LOSSES};
    use nnfunc::Params;

    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), || view! { <LossesView /> });
    leptos::task::tick().await;
    let Some(tab) = container
        .query_selector("[data-testid=family-landscape]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        panic!("no landscape tab");
    };
    tab.click();
    settle().await;
    let (Some(land), Some(scatter)) = (export::figure("landscape"), export::figure("scatter"))
    else {
        panic!(
            "the lab's figures did not register: {:?}",
            export::registered()
        );
    };

    // Markers: the start, four minimisers and the current step, each a dot and its ring.
    check_heatmap_svg(&land.svg().unwrap_or_else(|e| panic!("SVG: {e}")), 10, 10);
    let scatter_svg = scatter.svg().unwrap_or_else(|e| panic!("scatter SVG: {e}"));
    let document = parse_svg(&scatter_svg);
    assert_eq!(count(&document, "parsererror"), 0);
    assert_eq!(count(&document, "image"), 0, "the scatter is all vector");

    // The scatter's CSV: the points (with the selected loss's residual and weight), then one line
    // per loss; every row has the header's seven fields.
    let scatter_csv = scatter.csv().unwrap_or_else(|e| panic!("scatter CSV: {e}"));
    assert!(
        scatter_csv.starts_with("layer,x,y,w,b,residual,weight_vs_mse\n"),
        "{scatter_csv}"
    );
    assert!(
        scatter_csv.lines().all(|l| l.split(',').count() == 7),
        "{scatter_csv}"
    );
    let points: Vec<(f64, f64)> = scatter_csv
        .lines()
        .filter_map(|l| l.strip_prefix("point,"))
        .map(|l| {
            let v: Vec<f64> = l.split(',').filter_map(|c| c.parse().ok()).collect();
            (v[0], v[1])
        })
        .collect();
    assert!(points.len() >= 2, "{scatter_csv}");
    for id in REGRESSION_LOSSES {
        assert!(
            scatter_csv.contains(&format!("\n{},,,", id.spec().name)),
            "{} line",
            id.spec().name
        );
    }

    // The landscape's CSV: every cell of nnfunc's grid over the same ranges, bit for bit.
    let csv = land.csv().unwrap_or_else(|e| panic!("CSV: {e}"));
    let (header, rows) = cells(&csv);
    assert!(header.starts_with("layer,slope w,intercept b,"), "{header}");
    let selected = REGRESSION_LOSSES
        .iter()
        .position(|id| header.ends_with(&format!(",{} (reduction=mean)", id.spec().name)))
        .unwrap_or_else(|| panic!("which loss? {header}"));
    let kinds = REGRESSION_LOSSES.map(|id| regression_kind(&Params::defaults(id.spec())));
    let (w, b) = landscape_ranges(&fits(&points, &kinds));
    let Some(kind) = kinds[selected] else {
        panic!("no kind");
    };
    let grid = landscape(&points, kind, w, b, 256, 256);
    assert_eq!(rows.len(), grid.nx * grid.ny, "one row per cell");
    for (k, &(x, y, value)) in rows.iter().enumerate() {
        let (i, j) = (k % grid.nx, k / grid.nx);
        assert_eq!((x, y), (grid.x_at(i), grid.y_at(j)), "cell {k}'s place");
        assert_eq!(Some(value), grid.get(i, j), "cell {k}'s value");
    }
    assert!(
        csv.contains("\npath,") && csv.contains("\nmarker,"),
        "the descent and the minimisers"
    );

    drop(handle);
    leptos::task::tick().await;
    assert!(export::figure("landscape").is_none());
}

#[wasm_bindgen_test]
async fn triplet_figures_export_svg_and_csv() {
    use explorer::views::triplet::TripletView;
    use nnfunc::triplet::{surface, Config, Shading, TripletLoss};

    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), TripletView);
    settle().await;
    for (test_id, loss, margin) in [
        (
            "surface-margin",
            TripletLoss::Margin,
            Config::default().margin,
        ),
        ("surface-ratio", TripletLoss::Ratio, 1.0),
    ] {
        let Some(figure) = export::figure(test_id) else {
            panic!("{test_id} did not register: {:?}", export::registered());
        };
        // Contours (and the margin's zero-loss edge); the current position's dot and ring.
        check_heatmap_svg(&figure.svg().unwrap_or_else(|e| panic!("SVG: {e}")), 5, 2);
        let csv = figure.csv().unwrap_or_else(|e| panic!("CSV: {e}"));
        let (header, rows) = cells(&csv);
        assert_eq!(header, "layer,\"δ₊ = d(a, p)\",\"δ₋ = d(a, n)\",loss");
        let grid = surface(loss, margin, 4.0, Shading::Value, 256);
        assert_eq!(rows.len(), 256 * 256);
        for k in [0, 1, 255, 256, 12_345, 40_000, 65_535] {
            let (i, j) = (k % 256, k / 256);
            assert_eq!(
                rows[k],
                (
                    grid.x_at(i),
                    grid.y_at(j),
                    grid.get(i, j).unwrap_or(f64::NAN)
                )
            );
        }
        assert!(
            rows.iter().zip(&grid.values).all(|(r, v)| r.2 == *v),
            "every cell"
        );
        assert!(csv.contains("\nmarker,"), "the current (δ₊, δ₋)");
    }
    // The plane: drawn through the Pen, all vector; its CSV holds the default triplet's points.
    let Some(plane) = export::figure("plane") else {
        panic!("the plane did not register");
    };
    let svg = plane.svg().unwrap_or_else(|e| panic!("plane SVG: {e}"));
    let document = parse_svg(&svg);
    assert_eq!(count(&document, "parsererror"), 0, "the plane's SVG parses");
    assert_eq!(count(&document, "image"), 0);
    assert!(count(&document, "polyline") > 20, "grid, balls, segments");
    assert!(
        count(&document, "polygon") >= 4,
        "the ball's fill, the dots, the arrow heads"
    );
    let t = nnfunc::triplet::Triplet::default();
    let csv = plane.csv().unwrap_or_else(|e| panic!("plane CSV: {e}"));
    let want = format!(
        "layer,x,y,class\nanchor,{},{},\npositive,{},{},\nnegative,{},{},\n",
        t.anchor.0, t.anchor.1, t.positive.0, t.positive.1, t.negative.0, t.negative.1
    );
    assert_eq!(csv, want);

    drop(handle);
    leptos::task::tick().await;
    assert!(export::figure("surface-margin").is_none());
    assert!(export::figure("plane").is_none());
}
