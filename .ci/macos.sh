#!/usr/bin/env bash
# The macOS check: the whole crate (library, binary, tests and benches) type-checked and linted
# for aarch64-apple-darwin. cargo-zigbuild with zig (both from PyPI) gives the C compiler and
# macOS headers that ring's build script needs; no macOS SDK is needed to type-check.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/lib.sh

target=aarch64-apple-darwin
rust_target_need "$target"
# pip puts the cargo-zigbuild command in Python's scripts folder, which may not be on PATH.
PATH=$PATH:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
if ! command -v cargo-zigbuild >/dev/null 2>&1 || ! python3 -c 'import ziglang' 2>/dev/null; then
    echo "ci: installing ziglang and cargo-zigbuild from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check 'ziglang==0.17.1' 'cargo-zigbuild==0.24.1'
fi

timed "macos: cargo zigbuild clippy --target $target" \
    cargo-zigbuild clippy --locked --target "$target" --all-targets -- -D warnings
