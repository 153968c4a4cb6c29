#!/usr/bin/env bash
# Generates the Kotlin, Swift and Python sources of Tally's mobile binding from the built
# library, with the workspace's pinned uniffi-bindgen (library mode: the API is read from the
# metadata compiled into libtally_mobile, the names from bindings-mobile/uniffi.toml).
#
#   bindings-mobile/generate.sh [--release] [OUT_DIR]
#
# OUT_DIR defaults to target/mobile-bindings; it receives kotlin/app/tally/tally.kt,
# swift/Tally.swift (+ TallyFFI.h, TallyFFI.modulemap), python/tally.py (next to a link to the
# library it loads), and lib/ with the library. --release builds with the release profile.
# TALLY_MOBILE_CARGO_ARGS replaces the package selection (scripts/test passes the workspace's,
# so nothing is rebuilt with other features). The library and bindgen are taken from
# CARGO_TARGET_DIR when it is set (relative to the workspace root), else from target/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
profile=debug
cargo_profile=()
if [[ "${1:-}" == "--release" ]]; then
  profile=release
  cargo_profile=(--release)
  shift
fi
out=${1:-"$root/target/mobile-bindings"}
cd "$root"

# One cargo invocation for both, so `uniffi` is built once with the same features.
read -r -a selection <<<"${TALLY_MOBILE_CARGO_ARGS:--p tally-mobile -p uniffi-bindgen}"
cargo build --locked "${cargo_profile[@]}" "${selection[@]}"
target_dir=${CARGO_TARGET_DIR:-target}
[[ "$target_dir" == /* ]] || target_dir="$root/$target_dir"
lib="$target_dir/$profile/libtally_mobile.so"
[[ "$(uname -s)" == Darwin ]] && lib="$target_dir/$profile/libtally_mobile.dylib"
bindgen="$target_dir/$profile/uniffi-bindgen"

rm -rf "$out/kotlin" "$out/swift" "$out/python" "$out/lib"
mkdir -p "$out/lib"
for language in kotlin swift python; do
  "$bindgen" generate --library "$lib" --language "$language" --out-dir "$out/$language" --no-format
done
cp "$lib" "$out/lib/"
ln -sf "../lib/$(basename "$lib")" "$out/python/"
echo "generated Kotlin, Swift and Python sources in $out"
