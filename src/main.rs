use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <main data-testid="app"><h1>"Activation & Loss Explorer"</h1></main> });
}
