#!/usr/bin/env bash
# The mobile binding's figures for benches/README.md: the size of the release cdylib with its
# symbols stripped, and the per-call overhead of trivial calls through UniFFI's Python output.
# Builds the release library alone (`-p tally-mobile --lib`: without the bindgen's `cli`
# feature, as an app build would), so it takes a few minutes on 2 cores the first time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="$root/target/mobile-bench"
mkdir -p "$out"

cargo build --release --locked -p tally-mobile --lib
lib="$root/target/release/libtally_mobile.so"
strip --strip-all -o "$out/libtally_mobile.stripped.so" "$lib"
size() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
echo "release cdylib:           $(mib "$(size "$lib")") ($(size "$lib") bytes)"
echo "release cdylib, stripped: $(mib "$(size "$out/libtally_mobile.stripped.so")") ($(size "$out/libtally_mobile.stripped.so") bytes)"
echo "release staticlib:        $(mib "$(size "$root/target/release/libtally_mobile.a")") (before the app's linker drops what it does not use)"

# The Python sources come from the (debug) bindgen; they load the stripped release library.
TALLY_MOBILE_CARGO_ARGS="-p tally-mobile -p uniffi-bindgen" "$root/bindings-mobile/generate.sh" "$out/generated" >/dev/null
ln -sf "$out/libtally_mobile.stripped.so" "$out/generated/python/libtally_mobile.so"
python3 --version
python3 "$root/bindings-mobile/bench/call_overhead.py" "$out/generated/python"
