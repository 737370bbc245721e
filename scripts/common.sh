# Shared by the two entry scripts: installs missing Debian packages and builds the project.
# Sourced, not run.

ENTRA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# What building and running the app needs.
ENTRA_BUILD_PACKAGES=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins qt6-httpserver-dev qt6-websockets-dev
    qt6-charts-dev qt6-svg-dev libgl-dev
    libssl-dev libtss2-dev libarchive-dev
    fonts-dejavu-core
)
# What the test suite needs on top: a software TPM, a virtual display, the .evtx oracle, the
# installer checks (desktop-file-validate, appstreamcli, dpkg-shlibdeps for CPack), a browser
# that renders the support bundle's report.html (tst_reportbrowser), and clang with its
# sanitizer and libFuzzer runtimes (libclang-rt-14-dev; clang only recommends it) and
# llvm-symbolizer (llvm) and the lld linker for the sanitized test trees.
ENTRA_TEST_PACKAGES=(
    clang libclang-rt-14-dev llvm lld
    swtpm swtpm-tools tpm2-tools
    xvfb xauth
    libevtx-utils libevtx-dev libbfio-dev
    desktop-file-utils appstream dpkg-dev
    chromium
)

entra_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# entra_install_packages PKG... : apt-get install whatever is not installed yet.
entra_install_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "Need root or sudo to install: ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    entra_log "Installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# entra_build BUILD_DIR [extra cmake args...]
entra_build() {
    local dir="$1"; shift
    entra_log "Configuring and building in $dir"
    cmake -S "$ENTRA_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" --parallel "$(nproc)"
}
