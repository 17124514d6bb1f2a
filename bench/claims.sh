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
# the visible text blocks while parsing: that is part of its cost).
#
# The three runs are interleaved, round after round (the order rotating),
# so that the machine's slow and fast spells fall on all three alike; each
# figure is the median over RUNS rounds (default 7, after one warm-up
# round), of wall time and of CPU time (user + system, less noisy on a
# shared machine). Peak memory is the largest resident set of any run.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-${TCLINT_REFERENCE_SITE:-../shared/corpus/trustcenter-site}}
copies=${COPIES:-100}
runs=${RUNS:-7}
[ -d "$reference" ] || { echo "no reference site at $reference" >&2; exit 2; }

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

small=$((copies / 10))
echo "building $small and $copies copies ..." >&2
build_copies "$work/small" "$small"
build_copies "$work/big" "$copies"
sync
pages=$(find "$work/big" -name '*.md' -o -name '*.html' | wc -l)

python3 - "$work" "$small" "$copies" "$pages" "$runs" "$tclint" "$config" <<'PY'
import os, statistics, subprocess, sys, time
work, small, big, pages, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
tclint, config = sys.argv[6], sys.argv[7]
SELECTS = ("page", "links,page", "claims,page")

def run(site, select):
    """Wall seconds, CPU seconds and peak RSS (MB) of one check."""
    command = [tclint, "check", "--config", config, site, "--select", select, "--format", "json"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(command)} failed with {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024

def measure(site):
    samples = {select: [] for select in SELECTS}
    for round_ in range(runs + 1):
        order = SELECTS[round_ % 3:] + SELECTS[:round_ % 3]
        for select in order:
            result = run(site, select)
            if round_ > 0:  # round 0 warms the disk cache
                samples[select].append(result)
    median = lambda select, i: statistics.median(r[i] for r in samples[select])
    return {select: (median(select, 0), median(select, 1), max(r[2] for r in samples[select]))
            for select in SELECTS}

results = {}
for name, copies in (("small", small), ("big", big)):
    print(f"measuring x{copies} ({runs} interleaved rounds) ...", file=sys.stderr)
    results[name] = measure(f"{work}/{name}")
for name, copies in (("small", small), ("big", big)):
    m = results[name]
    page, links, claims = m["page"], m["links,page"], m["claims,page"]
    print(f"x{copies}: page {page[0]:.2f} s, links,page {links[0]:.2f} s, claims,page {claims[0]:.2f} s "
          f"(CPU {page[1]:.2f} / {links[1]:.2f} / {claims[1]:.2f} s)")
    for kind, i in (("wall", 0), ("CPU", 1)):
        link_add, claim_add = links[i] - page[i], claims[i] - page[i]
        print(f"  {kind}: link rules add {link_add:.2f} s, claims rules add {claim_add:.2f} s "
              f"(claims/links = {claim_add / link_add:.2f}; target <= 1)")
    print(f"  peak memory: page {page[2]:.0f} MB, links {links[2]:.0f} MB, claims {claims[2]:.0f} MB (target < 500)")
s, b = results["small"], results["big"]
growth = (b["claims,page"][0] - b["page"][0]) / (s["claims,page"][0] - s["page"][0])
print(f"scaling: {big // small}x the pages ({pages} pages at x{big}) costs {growth:.1f}x the claims time "
      f"(target <= {1.1 * big / small:.0f}x); whole claims run {b['claims,page'][0] / s['claims,page'][0]:.1f}x")
PY
