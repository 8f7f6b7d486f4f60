//! Entry point: install the panic hook, mount the app. Everything else lives in the library.

fn main() {
    explorer::panic_banner::install();
    explorer::panic_banner::install_debug_trigger();
    leptos::mount::mount_to_body(explorer::App);
}
