//! The browser tests' list of pages (`tests/e2e/lib/views.json`) is the view registry written out:
//! this test fails when the two differ, and `UPDATE_VIEWS=1 cargo test --test registry` rewrites
//! the file from the registry.
#![cfg(not(target_arch = "wasm32"))]

use explorer::views::{Page, REGISTRY};
use serde_json::{json, Value};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/lib/views.json");

/// Keys are written in alphabetical order, so the text is the same whether or not serde_json's
/// `preserve_order` feature is on (the workspace's other crates turn it on).
fn page_json(page: &Page) -> Value {
    let mut entry = serde_json::Map::new();
    if let Some(alive) = page.alive {
        entry.insert("alive".into(), json!(alive));
    }
    if let Some(control) = &page.control {
        entry.insert(
            "control".into(),
            json!({
                "key": control.key,
                "selector": control.selector,
                "value": control.value,
                "want": control.want,
            }),
        );
    }
    entry.insert("name".into(), json!(page.name));
    entry.insert("plot".into(), json!(page.figure));
    entry.insert("query".into(), json!(page.query));
    Value::Object(entry)
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
