#!/usr/bin/env bash
# Claims benchmark: what the claims rules add to `tclint check`, side by
# side with what the link rules add, on the reference site copied COPIES
# times (default 100) and COPIES/10 times (for the scaling figure).
#
#   bench/claims.sh [REFERENCE_SITE]   (default: $TCLINT_REFERENCE_SITE,
#                                       else ../shared/corpus/trustcenter-site)
#
# The baseline is `--select page` (walk, parse, the page rules). "Links add"
# is `--select links,page` minus the baseline; "claims add" is
# `--select claims,page` minus the baseline (the claims run also collects
# the visible text blocks while parsing: that is part of its cost). Peak
# memory comes from GNU time on one run of each. Needs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-${TCLINT_REFERENCE_SITE:-../shared/corpus/trustcenter-site}}
copies=${COPIES:-100}
runs=${RUNS:-5}
[ -d "$reference" ] || { echo "no reference site at $reference" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "missing hyperfine" >&2; exit 2; }

cargo build --release --quiet --bin tclint
tclint=$PWD/target/release/tclint
config=$PWD/examples/trustcenter.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build_copies() { # DIR COUNT
    mkdir -p "$1"
    for i in $(seq 1 "$2"); do cp -r "$reference" "$1/copy$i"; done
    chmod -R u+w "$1"
}

measure() { # NAME SITE
    local name=$1 site=$2
    hyperfine --warmup 1 --runs "$runs" -i --export-json "$work/$name.json" \
        -n page "$tclint check --config $config $site --select page --format json" \
        -n links "$tclint check --config $config $site --select links,page --format json" \
        -n claims "$tclint check --config $config $site --select claims,page --format json" >&2
    for select in page links,page claims,page; do
        /usr/bin/time -f "%M" -o "$work/$name.$select.mem" \
            "$tclint" check --config "$config" "$site" --select "$select" --format json >/dev/null || true
    done
}

small=$((copies / 10))
echo "building $small and $copies copies ..." >&2
build_copies "$work/small" "$small"
build_copies "$work/big" "$copies"
pages=$(find "$work/big" -name '*.md' -o -name '*.html' | wc -l)
measure small "$work/small"
measure big "$work/big"

python3 - "$work" "$small" "$copies" "$pages" <<'PY'
import json, sys
work, small, big, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def medians(name):
    runs = json.load(open(f"{work}/{name}.json"))["results"]
    return {r["command"]: r["median"] for r in runs}
def peak(name, select):
    return int(open(f"{work}/{name}.{select}.mem").read().split()[-1]) / 1024
s, b = medians("small"), medians("big")
for label, copies, m, name in (("small", small, s, "small"), ("big", big, b, "big")):
    links, claims = m["links"] - m["page"], m["claims"] - m["page"]
    print(f"x{copies}: page {m['page']:.2f} s, links,page {m['links']:.2f} s, claims,page {m['claims']:.2f} s")
    print(f"  link rules add {links:.2f} s, claims rules add {claims:.2f} s "
          f"(claims/links = {claims / links:.2f}; target <= 1)")
    print(f"  peak memory: page {peak(name, 'page'):.0f} MB, links {peak(name, 'links,page'):.0f} MB, "
          f"claims {peak(name, 'claims,page'):.0f} MB (target < 500)")
growth = (b["claims"] - b["page"]) / (s["claims"] - s["page"])
print(f"scaling: {big // small}x the pages ({pages} pages at x{big}) costs {growth:.1f}x the claims time "
      f"(target <= {1.1 * big / small:.0f}x); whole claims run {b['claims'] / s['claims']:.1f}x")
PY
