//! The UniFFI bindgen, pinned to the workspace's `uniffi` version so the generated Kotlin, Swift
//! and Python always match the scaffolding compiled into `libtally_mobile`. Run it through
//! `bindings-mobile/generate.sh`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
