#!/usr/bin/env bash
# check-package.sh CPACK_CONFIG SCRATCH_DIR VERSION
# Builds the .deb from the already built tree (cpack only installs and packs; nothing is
# compiled), then checks what it holds and runs the program unpacked into a scratch root.
set -euo pipefail
config="$1"
scratch="$2"
version="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$scratch"
mkdir -p "$scratch/out" "$scratch/root"
cpack --config "$config" -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1 \
    || { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }
deb="$(find "$scratch/out" -maxdepth 1 -name 'entra-doctor_*.deb' | head -n 1)"
[ -n "$deb" ] || { cat "$scratch/cpack.log" >&2; fail "cpack wrote no entra-doctor_*.deb"; }
echo "package: $deb"

dpkg-deb -c "$deb" >"$scratch/contents.txt"
files="$(awk '{ print $NF }' "$scratch/contents.txt" | sed 's|^\./|/|')"
for expected in \
    /usr/bin/entra-doctor \
    /usr/share/applications/io.github.entradoctor.EntraDoctor.desktop \
    /usr/share/icons/hicolor/scalable/apps/io.github.entradoctor.EntraDoctor.svg \
    /usr/share/metainfo/io.github.entradoctor.EntraDoctor.metainfo.xml \
    /usr/share/man/man1/entra-doctor.1.gz; do
    grep -qxF "$expected" <<<"$files" || fail "$expected is not in the package"
done
# Only the program and its data: no test programs, fakecloud, benchmarks or build leftovers.
unexpected="$(grep -vE '^/(usr/((bin|share)/?|bin/entra-doctor|share/(applications|icons|metainfo|man|doc)(/.*)?)?)?$' <<<"$files" || true)"
[ -z "$unexpected" ] || fail "unexpected files in the package:"$'\n'"$unexpected"
grep -qiE 'fakecloud|tst_|bench' <<<"$files" && fail "test or benchmark files in the package"

# Control data: name, version, computed dependencies.
dpkg-deb -f "$deb" Package | grep -qx entra-doctor || fail "Package is not entra-doctor"
dpkg-deb -f "$deb" Version | grep -qx "$version" || fail "Version is not $version"
depends="$(dpkg-deb -f "$deb" Depends)"
echo "Depends: $depends"
for lib in libqt6widgets6 libqt6network6 libssl3 libtss2-esys; do
    grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib"
done

# Unpack into the scratch root and run the program from there.
dpkg-deb -x "$deb" "$scratch/root"
out="$(QT_QPA_PLATFORM=offscreen "$scratch/root/usr/bin/entra-doctor" --version)" \
    || fail "entra-doctor --version failed"
[ "$out" = "entra-doctor $version" ] || fail "--version printed '$out'"
QT_QPA_PLATFORM=offscreen "$scratch/root/usr/bin/entra-doctor" --help >/dev/null \
    || fail "entra-doctor --help failed"
zcat "$scratch/root/usr/share/man/man1/entra-doctor.1.gz" | grep -q '^\.TH ENTRA-DOCTOR 1' \
    || fail "the man page is not a man page"
grep -qx 'Exec=entra-doctor' "$scratch/root/usr/share/applications/io.github.entradoctor.EntraDoctor.desktop" \
    || fail "the desktop file does not start entra-doctor"
echo "OK: $(wc -l <"$scratch/contents.txt") entries; $out runs from the unpacked package"
rm -rf "$scratch/root"
