//! With the `split` feature (the release build), the linker keeps its relocations in the app's
//! WebAssembly: `wasm-split-cli` (tools/split.mjs) needs them to cut the module at the views'
//! split points. Only the app's binary gets them (the training worker is built without).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=explorer=--emit-relocs");
    }
}
