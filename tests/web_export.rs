//! Browser tests of the export layer (`src/chart/export.rs`): a mounted figure registers itself,
//! its SVG parses and holds the curves, its CSV holds the core crate's values, and it unregisters
//! when unmounted.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web_export`
//! (chromedriver on PATH). On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use explorer::chart::export;
use explorer::chart::series_color;
use explorer::views::activations::state::{elementwise, parse_activation_state};
use explorer::views::activations::ActivationExplorer;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> HtmlElement {
    let document = document();
    let Some(div) = document
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        panic!("document.createElement('div') failed");
    };
    let Some(body) = document.body() else {
        panic!("the test page has no <body>");
    };
    if body.append_child(&div).is_err() {
        panic!("cannot append the container to <body>");
    }
    div
}

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
    let (initial, notices) = parse_activation_state(&pairs);
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
