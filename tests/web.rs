//! Browser tests: Leptos views mounted into a real DOM in headless Chromium.
//!
//! Run with `cargo test -p explorer --target wasm32-unknown-unknown --test web` (chromedriver on
//! PATH; `.cargo/config.toml` sets `wasm-bindgen-test-runner` as the wasm32 runner), or as a step
//! of `cargo xtask test`. On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{fresh_container, text};

#[wasm_bindgen_test]
fn mounts_a_view_and_unmounts_it() {
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), || {
        view! { <p data-testid="greeting">"σ(x) = 1 / (1 + " <b>"e"</b> "^−x)"</p> }
    });
    assert_eq!(text(&container), "σ(x) = 1 / (1 + e^−x)");
    assert!(matches!(
        container.query_selector("[data-testid=greeting] b"),
        Ok(Some(_))
    ));

    drop(handle);
    assert_eq!(
        container.child_element_count(),
        0,
        "dropping the handle unmounts the view"
    );
}

#[wasm_bindgen_test]
async fn a_signal_update_reaches_the_dom() {
    let container = fresh_container();
    let slope = RwSignal::new(0.01);
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <output>"negative_slope = " {move || slope.get()}</output> }
    });
    assert_eq!(text(&container), "negative_slope = 0.01");

    slope.set(0.2);
    // Render effects run on the wasm-bindgen-futures executor, not synchronously.
    leptos::task::tick().await;
    assert_eq!(text(&container), "negative_slope = 0.2");
}

/// In the browser the one number parser hands the digits to JavaScript: it must give the very
/// `f64` Rust's parser gives, for the hard cases (halfway between two doubles, more than 17
/// digits, the subnormal and overflow edges) and for random decimals of up to 30 digits.
#[wasm_bindgen_test]
fn numbers_parse_in_the_browser_as_rust_reads_them() {
    let mut cases: Vec<String> = [
        "0.1",
        "1e23",
        "8.988465674311579e307",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "9007199254740993",
        "9007199254740992.5",
        "0.500000000000000166533453693773481063544750213623046875",
        "1.00000000000000011102230246251565404236316680908203125",
        "123456789012345678901234567890",
        "-0",
        "-0.0e-5",
        ".5",
        "1.",
        "+3e+2",
        "1e-400",
        "1e400",
    ]
    .map(String::from)
    .to_vec();
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..5_000 {
        let digits = 1 + (next() % 30) as usize;
        let mut text: String = (0..digits)
            .map(|_| char::from(b'0' + (next() % 10) as u8))
            .collect();
        let point = (next() % (digits as u64 + 1)) as usize;
        text.insert(point, '.');
        let exponent = (next() % 640) as i64 - 330;
        cases.push(format!(
            "{}{text}e{exponent}",
            if next() % 2 == 0 { "-" } else { "" }
        ));
    }
    for text in &cases {
        let want = text.parse::<f64>().map(f64::to_bits).ok();
        assert_eq!(
            explorer::url::parse_number(text).map(f64::to_bits),
            want,
            "{text}"
        );
    }
}

/// A lesson's HTML in the page: what the allowlist keeps of hostile markup, parsed by the browser.
#[wasm_bindgen_test]
fn a_lessons_html_keeps_text_mathml_and_safe_links_only() {
    let Some(fragment) = explorer::lesson::html::sanitized(
        "<p onclick=\"x\">Text <script>alert(1)</script><img src=x>\
         <math display=\"block\"><mi mathvariant=\"bold\" style=\"color:red\">σ</mi></math>\
         <a href=\"javascript:alert(1)\">bad</a> <a href=\"?view=softmax\">good</a> \
         <a href=\"https://pytorch.org\">docs</a> <blink>kept text</blink>\
         <iframe src=\"x\"></iframe><!-- a comment --></p>",
    ) else {
        panic!("the browser could not parse the HTML");
    };
    let container = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
        .expect("a div");
    container
        .append_child(&fragment)
        .expect("the fragment goes in");
    assert_eq!(
        container.inner_html(),
        "<p>Text <math display=\"block\"><mi mathvariant=\"bold\">σ</mi></math>\
         <a>bad</a> <a href=\"?view=softmax\">good</a> \
         <a href=\"https://pytorch.org\" target=\"_blank\" rel=\"noopener\">docs</a> kept text</p>"
    );
}
