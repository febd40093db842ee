#!/usr/bin/env bash
# Builds the release archives for people without a Rust toolchain, in dist/:
#
#   leadwiz-VERSION-x86_64-linux.tar.gz    static (musl): runs on any x86_64 Linux
#   leadwiz-VERSION-x86_64-windows.zip     MinGW build: leadwiz.exe
#   leadwiz-VERSION-aarch64-macos.tar.gz   only when it links here (see below)
#
# each holding the program, README.md, completions/ (bash, zsh, fish, PowerShell) and man/
# (leadwiz.1 and a page per command), with its SHA-256 sum beside it (ARCHIVE.sha256) and all
# sums in dist/SHA256SUMS.
#
# Usage: scripts/dist.sh [linux] [windows] [macos]    (default: all three)
#
# Installs what it needs when missing (Debian packages musl-tools and gcc-mingw-w64-x86-64,
# the Rust targets, and for macOS ziglang and cargo-zigbuild from PyPI). A macOS binary links
# against Apple's frameworks (Security, CoreFoundation, CoreServices), which only the macOS SDK
# has: without one (SDKROOT) the macOS archive is skipped with a note; on a Mac,
# `cargo install --locked --path .` is the way.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/lib.sh

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
wanted=("$@")
[[ ${#wanted[@]} -gt 0 ]] || wanted=(linux windows macos)
dist=$PWD/dist
mkdir -p "$dist"

# The completions and manual pages come from a binary that runs here.
docs=$(mktemp -d)
trap 'rm -rf "$docs"' EXIT
host_docs() {
    local bin=$1
    mkdir -p "$docs/completions"
    "$bin" completions bash >"$docs/completions/leadwiz.bash"
    "$bin" completions zsh >"$docs/completions/_leadwiz"
    "$bin" completions fish >"$docs/completions/leadwiz.fish"
    "$bin" completions powershell >"$docs/completions/leadwiz.ps1"
    "$bin" man --dir "$docs/man"
}

# pack NAME FORMAT FILE...: an archive NAME.FORMAT in dist/ holding a folder NAME with the
# files given, README.md, completions/ and man/.
pack() {
    local name=$1 format=$2
    shift 2
    local stage
    stage=$(mktemp -d)
    mkdir "$stage/$name"
    cp "$@" README.md "$stage/$name/"
    cp -r "$docs/completions" "$docs/man" "$stage/$name/"
    rm -f "$dist/$name.$format"
    case $format in
    tar.gz) tar -C "$stage" --owner=0 --group=0 -czf "$dist/$name.$format" "$name" ;;
    zip) (cd "$stage" && python3 -m zipfile -c "$dist/$name.$format" "$name") ;;
    esac
    rm -rf "$stage"
    (cd "$dist" && sha256sum "$name.$format" >"$name.$format.sha256")
    echo "dist: $dist/$name.$format"
}

build_linux() {
    local target=x86_64-unknown-linux-musl
    apt_need musl-gcc musl-tools
    rust_target_need "$target"
    timed "dist: linux ($target)" cargo build --locked --release --target "$target"
    local bin=target/$target/release/leadwiz
    if ldd "$bin" 2>&1 | grep -q '=>'; then
        echo "dist: $bin is not static" >&2
        exit 1
    fi
    host_docs "$bin"
    pack "leadwiz-$version-x86_64-linux" tar.gz "$bin"
}

build_windows() {
    local target=x86_64-pc-windows-gnu
    apt_need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
    rust_target_need "$target"
    timed "dist: windows ($target)" cargo build --locked --release --target "$target"
    [[ -f $docs/man/leadwiz.1 ]] || host_docs "$(host_binary)"
    pack "leadwiz-$version-x86_64-windows" zip "target/$target/release/leadwiz.exe"
}

build_macos() {
    local target=aarch64-apple-darwin
    if [[ -z ${SDKROOT:-} ]]; then
        echo "dist: macOS skipped: linking needs the macOS SDK's frameworks (set SDKROOT to one);" \
            "on a Mac: cargo install --locked --path ." >&2
        return 0
    fi
    rust_target_need "$target"
    PATH=$PATH:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
    command -v cargo-zigbuild >/dev/null 2>&1 ||
        python3 -m pip install --quiet --disable-pip-version-check 'ziglang==0.17.1' 'cargo-zigbuild==0.24.1'
    timed "dist: macos ($target)" cargo-zigbuild zigbuild --locked --release --target "$target"
    [[ -f $docs/man/leadwiz.1 ]] || host_docs "$(host_binary)"
    pack "leadwiz-$version-aarch64-macos" tar.gz "target/$target/release/leadwiz"
}

# A binary that runs here, for the completions and manual pages.
host_binary() {
    local musl=target/x86_64-unknown-linux-musl/release/leadwiz
    if [[ -x $musl ]]; then
        echo "$musl"
    else
        cargo build --locked --release --quiet >&2
        echo target/release/leadwiz
    fi
}

for w in "${wanted[@]}"; do
    case $w in
    linux) build_linux ;;
    windows) build_windows ;;
    macos) build_macos ;;
    *)
        echo "usage: scripts/dist.sh [linux] [windows] [macos]" >&2
        exit 2
        ;;
    esac
done
(cd "$dist" && cat ./*.sha256 >SHA256SUMS && sha256sum -c --quiet SHA256SUMS && cat SHA256SUMS)
