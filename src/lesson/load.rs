//! Fetching a lesson's file (same origin, under the page's CSP; the service worker answers
//! offline) and parsing it.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The lesson at `file` (relative to the page), or what went wrong, in words for the page.
pub async fn lesson(file: &str) -> Result<lessons::Lesson, String> {
    let text = fetch_text(file).await?;
    Ok(lessons::parse(&text))
}

async fn fetch_text(file: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let unreachable = || format!("Could not load the lesson file {file}: the network failed.");
    let response = JsFuture::from(window.fetch_with_str(file))
        .await
        .map_err(|_| unreachable())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| unreachable())?;
    if !response.ok() {
        return Err(match response.status() {
            404 => format!("There is no lesson file {file} beside this page."),
            status => {
                format!("Could not load the lesson file {file} (the server answered {status}).")
            }
        });
    }
    let text = JsFuture::from(response.text().map_err(|_| unreachable())?)
        .await
        .map_err(|_| unreachable())?;
    text.as_string()
        .ok_or_else(|| format!("The lesson file {file} is not text."))
}
