# Helpers for the CI scripts (sourced, not run).

# Runs a command and says how long it took: "ci: NAME: 12 s".
timed() {
    local name=$1 start=$SECONDS
    shift
    echo "ci: $name ..."
    "$@"
    echo "ci: $name: $((SECONDS - start)) s"
}

# Installs Debian packages unless CHECK (a command on PATH, or an absolute path) is already
# there: `apt_need CHECK PACKAGE...`. CI runs as root on a clean Debian machine.
_apt_updated=
apt_need() {
    local check=$1
    shift
    if [[ $check == /* ]] && [[ -e $check ]]; then return 0; fi
    if [[ $check != /* ]] && command -v "$check" >/dev/null 2>&1; then return 0; fi
    if [[ $(id -u) != 0 ]] && ! command -v sudo >/dev/null 2>&1; then
        echo "ci: $check is missing: install the Debian package(s) $* (as root: apt-get install $*)" >&2
        return 1
    fi
    local sudo=
    [[ $(id -u) == 0 ]] || sudo=sudo
    echo "ci: installing $* (for $check)"
    if [[ -z $_apt_updated ]]; then
        $sudo apt-get update -qq
        _apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Adds a Rust target to the toolchain unless it is there.
rust_target_need() {
    rustup target list --installed | grep -qx "$1" || rustup target add "$1"
}
