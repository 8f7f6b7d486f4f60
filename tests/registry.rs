//! The browser tests' list of pages (`tests/e2e/lib/views.json`) is the view registry written out:
//! this test fails when the two differ, and `UPDATE_VIEWS=1 cargo test --test registry` rewrites
//! the file from the registry.
#![cfg(not(target_arch = "wasm32"))]

use explorer::views::{Page, REGISTRY};
use serde_json::{json, Value};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/lib/views.json");

fn page_json(page: &Page) -> Value {
    let mut entry = json!({
        "name": page.name,
        "query": page.query,
        "plot": page.figure,
    });
    if let Some(control) = &page.control {
        entry["control"] = json!({
            "selector": control.selector,
            "value": control.value,
            "key": control.key,
            "want": control.want,
        });
    }
    if let Some(alive) = page.alive {
        entry["alive"] = json!(alive);
    }
    entry
}

fn registry_json() -> String {
    let views: Vec<Value> = REGISTRY
        .iter()
        .map(|view| {
            json!({
                "key": view.key,
                "label": view.label,
                "pages": view.pages.iter().map(page_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&views).unwrap_or_default();
    text.push('\n');
    text
}

#[test]
fn the_e2e_page_list_is_the_registry() {
    let want = registry_json();
    if std::env::var_os("UPDATE_VIEWS").is_some() {
        std::fs::write(PATH, &want).unwrap_or_else(|e| panic!("writing {PATH}: {e}"));
        return;
    }
    let have = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        have == want,
        "tests/e2e/lib/views.json is not the view registry: run `UPDATE_VIEWS=1 cargo test --test registry`"
    );
}
