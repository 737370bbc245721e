#!/usr/bin/env bash
# Installs what is missing, builds, and starts Entra Doctor. Arguments go to the program
# (e.g. `scripts/run-app.sh status --json`).
set -euo pipefail
source "$(dirname "$0")/common.sh"
entra_install_packages "${ENTRA_BUILD_PACKAGES[@]}"
entra_build "$ENTRA_ROOT/build"
exec "$ENTRA_ROOT/build/app/entra-doctor" "$@"
