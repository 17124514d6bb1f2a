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
# so that the machine's slow and fast spells fall on all three alike, over
# RUNS rounds (default 7, after one warm-up round). The figures: medians of
# wall time and of CPU time (user + system); minimums of CPU time (the
# least disturbed run of each); and the median over rounds of each round's
# own differences. On a shared machine the same run's CPU time varies by a
# quarter from one run to the next (the spread of the baseline is shown):
# when the figures disagree, that is the noise. With INSTRUCTIONS=1, the
# instructions of the three runs on the smaller copy (callgrind), which do
# not vary. Peak memory is the largest resident set of any run.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-${TCLINT_REFERENCE_SITE:-../shared/corpus/trustcenter-site}}
copies=${COPIES:-100}
runs=${RUNS:-7}
[ -d "$reference" ] || { echo "no reference site at $reference" >&2; exit 2; }

. bench/lib.sh
tclint=$(tclint_binary)
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

python3 - "$work" "$small" "$copies" "$pages" "$runs" "$tclint" "$config" "$(preview_flag "$tclint")" <<'PY'
import os, shutil, statistics, subprocess, sys, time
work, small, big, pages, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
tclint, config = sys.argv[6], sys.argv[7]
# The claims rules are in preview: they run with --preview.
preview = [sys.argv[8]] if sys.argv[8] else []
SELECTS = ("page", "links,page", "claims,page")

def command(site, select):
    return [tclint, "check", "--config", config, site, "--select", select, "--format", "json"] + preview

def run(site, select):
    """Wall seconds, CPU seconds and peak RSS (MB) of one check."""
    started = time.perf_counter()
    child = subprocess.Popen(command(site, select), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(command(site, select))} failed with {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024

def measure(site):
    """Per select, the (wall, CPU, RSS) of each round, rounds interleaved."""
    samples = {select: [] for select in SELECTS}
    for round_ in range(runs + 1):
        order = SELECTS[round_ % 3:] + SELECTS[:round_ % 3]
        for select in order:
            result = run(site, select)
            if round_ > 0:  # round 0 warms the disk cache
                samples[select].append(result)
    return samples

def report(copies, samples):
    page, links, claims = (samples[s] for s in SELECTS)
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    low = lambda rows, i: min(r[i] for r in rows)
    print(f"x{copies}: page {med(page, 0):.2f} s, links,page {med(links, 0):.2f} s, claims,page {med(claims, 0):.2f} s "
          f"(CPU {med(page, 1):.2f} / {med(links, 1):.2f} / {med(claims, 1):.2f} s; "
          f"page CPU spread {low(page, 1):.2f}-{max(r[1] for r in page):.2f} s)")
    figures = [("wall, medians", [med(x, 0) for x in (page, links, claims)]),
               ("CPU, medians", [med(x, 1) for x in (page, links, claims)]),
               ("CPU, minimums", [low(x, 1) for x in (page, links, claims)])]
    for kind, (p, l, c) in figures:
        print(f"  {kind}: link rules add {l - p:.2f} s, claims rules add {c - p:.2f} s "
              f"(claims/links = {(c - p) / (l - p):.2f}; target <= 1)")
    # The three runs of a round are made one after the other: their
    # differences share the machine's state of the moment.
    paired = lambda rows: statistics.median(r[1] - q[1] for r, q in zip(rows, page))
    print(f"  CPU, median of each round's differences: link rules add {paired(links):.2f} s, "
          f"claims rules add {paired(claims):.2f} s (claims/links = {paired(claims) / paired(links):.2f})")
    print(f"  peak memory: page {max(r[2] for r in page):.0f} MB, links {max(r[2] for r in links):.0f} MB, "
          f"claims {max(r[2] for r in claims):.0f} MB (target < 500)")
    return med(claims, 0) - med(page, 0), med(claims, 0)

def instructions(site, select):
    """Instructions of one check, counted by callgrind (the same every time)."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
                         + command(site, select), capture_output=True, text=True).stderr
    return int(next(l for l in out.splitlines() if "Collected" in l).split()[-1])

results = {}
for name, copies in (("small", small), ("big", big)):
    print(f"measuring x{copies} ({runs} interleaved rounds) ...", file=sys.stderr)
    results[name] = (copies, measure(f"{work}/{name}"))
adds = {name: report(*results[name]) for name in ("small", "big")}
(small_add, small_run), (big_add, big_run) = adds["small"], adds["big"]
print(f"scaling: {big // small}x the pages ({pages} pages at x{big}) costs {big_add / small_add:.1f}x the claims time "
      f"(target <= {1.1 * big / small:.0f}x); whole claims run {big_run / small_run:.1f}x")
if os.environ.get("INSTRUCTIONS") and shutil.which("valgrind"):
    # Machine noise aside: what each run executes, on the smaller copy.
    print(f"instructions at x{small} (callgrind) ...", file=sys.stderr)
    p, l, c = (instructions(f"{work}/small", s) for s in SELECTS)
    print(f"x{small} instructions: page {p / 1e6:.0f}M, link rules add {(l - p) / 1e6:.0f}M, "
          f"claims rules add {(c - p) / 1e6:.0f}M (claims/links = {(c - p) / (l - p):.2f})")
PY
