#!/usr/bin/env bash
# check-manpage.sh ENTRA_DOCTOR MANPAGE
# The hand-written man page documents every command and option the program's --help lists.
set -euo pipefail
program="$1"
manpage="$2"
missing=0

# In groff source a dash of an option is written \-.
man_has() {
    local escaped="${1//-/\\-}"
    grep -qF -- "$escaped" "$manpage"
}

overview="$(QT_QPA_PLATFORM=offscreen "$program" --help)"
commands="$(printf '%s\n' "$overview" | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')"
[ -n "$commands" ] || { echo "no commands found in --help" >&2; exit 1; }
for command in $commands; do
    if ! grep -qE "^\.B $command( |\$)" "$manpage"; then
        echo "man page: command '$command' is not documented" >&2
        missing=1
    fi
    options="$(QT_QPA_PLATFORM=offscreen "$program" "$command" --help | grep -oE '^  --[a-z-]+' || true)"
    for option in $options; do
        man_has "$option" || { echo "man page: '$command $option' is not documented" >&2; missing=1; }
    done
done
for option in $(printf '%s\n' "$overview" | sed -n '/^Global options/,/^$/p' | grep -oE -- '--[a-z-]+'); do
    man_has "$option" || { echo "man page: global option '$option' is not documented" >&2; missing=1; }
done
# groff must render it without warnings.
if command -v groff >/dev/null; then
    warnings="$(groff -man -Tutf8 -ww -z "$manpage" 2>&1 || true)"
    [ -z "$warnings" ] || { echo "groff warnings:" >&2; echo "$warnings" >&2; missing=1; }
fi
[ "$missing" -eq 0 ] && echo "man page documents $(echo $commands | wc -w) commands and their options"
exit "$missing"
