#!/usr/bin/env bash
# The Windows build: cross-compiled for x86_64-pc-windows-gnu with Debian's MinGW compiler, then
# its non-interactive commands run under Wine and compared with the Linux binary's output for the
# same input (.ci/windows-compare.py says what is normalised). Wine 8 lacks bcryptprimitives.dll,
# whose ProcessPrng Rust's standard library imports: a test-only stand-in (.ci/wine/) is built
# beside the exe. Nothing built here ships.
#
# Needs the Linux debug binary (target/debug/leadwiz, built by `cargo test`); builds it if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/lib.sh

target=x86_64-pc-windows-gnu
apt_need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
# Debian's wine64 installs its loader beside its libraries, not on PATH.
wine_loader() {
    local p
    for p in /usr/lib/wine/wine64 /usr/lib/x86_64-linux-gnu/wine/wine64 "$(command -v wine64 || true)"; do
        [[ -n $p && -x $p ]] && { echo "$p"; return 0; }
    done
    return 1
}
wine_loader >/dev/null || apt_need /usr/lib/wine/wine64 wine64
wine=$(wine_loader) || { echo "ci: no wine64 loader after installing wine64" >&2; exit 1; }
rust_target_need "$target"

# Warnings in code built only for Windows fail here as clippy's do for Linux.
timed "windows: cargo build --target $target" \
    env CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-D warnings" \
    cargo build --locked --target "$target" --bin leadwiz
[[ -x target/debug/leadwiz ]] || cargo build --locked --bin leadwiz

dir=target/$target/debug
x86_64-w64-mingw32-gcc -shared -O2 -o "$dir/bcryptprimitives.dll" .ci/wine/bcryptprimitives.c

export WINEPREFIX=$PWD/target/wine-prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [[ ! -f $WINEPREFIX/system.reg ]]; then
    timed "windows: wine prefix" "$wine" wineboot --init >/dev/null 2>&1 || true
fi

out=$PWD/target/ci-windows
rm -rf "$out"
timed "windows: compare under wine" \
    python3 .ci/windows-compare.py "$PWD/target/debug/leadwiz" "$wine" "$PWD/$dir/leadwiz.exe" "$out"
