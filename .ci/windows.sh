#!/usr/bin/env bash
# The Windows build: cross-compiled for x86_64-pc-windows-gnu with Debian's MinGW compiler, then
# its non-interactive commands run under Wine and compared with the Linux binary's output for the
# same input (.ci/windows-compare.py says what is normalised). Wine 8 lacks bcryptprimitives.dll,
# whose ProcessPrng Rust's standard library imports: a test-only stand-in (.ci/wine/) is built
# beside the exe. Nothing built here ships.
#
# Compares with the Linux debug binary (target/debug/leadwiz, which `cargo test` builds).
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

# A warning in leadwiz's own code built for Windows fails here, as clippy's do for Linux (cargo
# shows warnings only for leadwiz, and again when the build is fresh; RUSTFLAGS=-Dwarnings
# would rebuild every dependency whenever it changed).
log=target/ci-windows-build.log
timed "windows: cargo build --target $target" \
    cargo build --locked --target "$target" --bin leadwiz 2>&1 | tee "$log"
if grep -q '^warning' "$log"; then
    echo "ci: the Windows build has warnings (above)" >&2
    exit 1
fi
cargo build --locked --bin leadwiz --quiet  # a no-op after `cargo test`

dir=target/$target/debug
x86_64-w64-mingw32-gcc -shared -O2 -o "$dir/bcryptprimitives.dll" .ci/wine/bcryptprimitives.c

export WINEPREFIX=$PWD/target/wine-prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# One wine server for every run (persistent), with Wine's own background services started here
# with their output to /dev/null: started by the first command compared, they would keep its
# output pipes open after it ends. (This also makes the prefix the first time.)
wineserver=$(dirname "$wine")/wineserver
"$wineserver" -p || true # 2: one is running already
trap '"$wineserver" -k || true' EXIT
wine_services() { "$wine" wineboot </dev/null >/dev/null 2>&1; }
timed "windows: wine services" wine_services

out=$PWD/target/ci-windows
rm -rf "$out"
timed "windows: compare under wine" \
    python3 .ci/windows-compare.py "$PWD/target/debug/leadwiz" "$wine" "$PWD/$dir/leadwiz.exe" "$out"
