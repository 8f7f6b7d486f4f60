//! Entry point: install the panic hook, start the page (the first plot, then the app). Everything else lives in the library.

fn main() {
    explorer::panic_banner::install();
    explorer::panic_banner::install_debug_trigger();
    explorer::start();
}
