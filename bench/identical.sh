#!/usr/bin/env bash
# Are two tclint binaries the same to their users? Runs both on the
# reference sites and compares, byte for byte: `check` with every rule in
# the machine formats, `convert` (the written tree and its report), and the
# rule list and every rule's documentation. For restructurings that must not
# change behaviour.
#
#   BASE_BIN=/path/to/old/tclint bench/identical.sh [SITE...]
#
# TCLINT_BIN defaults to this checkout's release build. SITE defaults to the
# two reference sites in ../shared/corpus. Exit status 1 when anything
# differs (the differing files are named), 0 when all is identical.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${BASE_BIN:-}" ] || { echo "set BASE_BIN to the binary to compare with" >&2; exit 2; }
. bench/lib.sh
tclint=$(tclint_binary)
if [ $# -eq 0 ]; then
    set -- ../shared/corpus/trustcenter-site ../shared/corpus/acom-docs-site
fi
work=$(mktemp -d)
export COLUMNS=100
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# Writes everything one binary says about one site into $work/$side/$name.
record() {
    local side=$1 binary=$2 site=$3 name=$4
    local dir=$work/$side/$name
    mkdir -p "$dir"
    local config=()
    if [ -f "examples/$name.toml" ]; then config=(--config "$PWD/examples/$name.toml"); fi
    for format in json sarif concise junit github full; do
        (cd "$site" && "$binary" check "${config[@]}" --select all $(preview_flag "$binary") --format "$format" --color never . \
            >"$dir/check.$format" 2>"$dir/check.$format.stderr"; echo "exit $?" >>"$dir/check.$format.stderr") || true
    done
    (cd "$site" && "$binary" convert "${config[@]}" . --out "$work/$side-out-$name" \
        >"$dir/convert.stdout" 2>"$dir/convert.stderr"; echo "exit $?" >>"$dir/convert.stderr") || true
    # The output folder's name is the only expected difference.
    sed -i "s#$work/$side-out-$name#OUT#g" "$dir/convert.stdout" "$dir/convert.stderr" "$work/$side-out-$name/migration-report.json"
    mv "$work/$side-out-$name" "$dir/converted"
}

for site in "$@"; do
    name=$(basename "$site")
    name=${name%-site}
    site=$(cd "$site" && pwd)
    record base "$BASE_BIN" "$site" "$name"
    record new "$tclint" "$site" "$name"
done
for side in base new; do
    binary=$BASE_BIN
    [ "$side" = new ] && binary=$tclint
    mkdir -p "$work/$side/rules"
    "$binary" rules >"$work/$side/rules/list" 2>&1 || true
    for rule in $("$binary" rules --format json 2>/dev/null | python3 -c 'import json,sys; [print(r["name"]) for r in json.load(sys.stdin)]' 2>/dev/null); do
        "$binary" rule "$rule" >"$work/$side/rules/$rule" 2>&1 || true
    done
done

if diff -rq "$work/base" "$work/new"; then
    echo "identical: $(find "$work/new" -type f | wc -l) files compared"
else
    echo "DIFFERENT (above)"
    exit 1
fi
