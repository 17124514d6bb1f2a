#!/usr/bin/env bash
# A/B: two tclint binaries side by side on the reference site copied
# COPIES times (default 20): `check` with every rule, and `convert`.
# Rounds are interleaved (the order rotating), RUNS of them (default 5,
# after a warm-up round), so that the machine's slow and fast spells fall
# on both alike. Prints medians of wall and CPU time and B/A ratios; with
# INSTRUCTIONS=1 also the instructions of each command on one copy
# (callgrind: the same count every run, whatever the machine does).
#
#   BASE_BIN=/path/to/old/tclint bench/ab.sh [REFERENCE_SITE]
#
# TCLINT_BIN (B) defaults to this checkout's release build.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-${TCLINT_REFERENCE_SITE:-../shared/corpus/trustcenter-site}}
copies=${COPIES:-20}
runs=${RUNS:-5}
[ -d "$reference" ] || { echo "no reference site at $reference" >&2; exit 2; }
[ -n "${BASE_BIN:-}" ] || { echo "set BASE_BIN to the binary to compare with" >&2; exit 2; }
. bench/lib.sh
tclint=$(tclint_binary)
config=$PWD/examples/trustcenter.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/site" "$work/one"
for i in $(seq 1 "$copies"); do cp -r "$reference" "$work/site/copy$i"; done
cp -r "$reference" "$work/one/copy1"
chmod -R u+w "$work"

python3 - "$work" "$runs" "$BASE_BIN" "$tclint" "$config" "$copies" \
    "$(preview_flag "$BASE_BIN")" "$(preview_flag "$tclint")" <<'PY'
import os, shutil, statistics, subprocess, sys, time
work, runs, base, new, config, copies = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
# `--preview` where a binary has it: every rule runs in both.
flags = {base: [sys.argv[7]] if sys.argv[7] else [], new: [sys.argv[8]] if sys.argv[8] else []}

def preview(binary):
    return flags[binary]

def commands(binary, site, out):
    return {
        "check": [binary, "check", "--config", config, site, "--format", "json", "--select", "all"] + preview(binary),
        "convert": [binary, "convert", "--config", config, site, "--out", out, "--force"],
    }

def run(command):
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(command)} failed with {status}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime

jobs = [(name, which, command)
        for which, binary in (("A", base), ("B", new))
        for name, command in commands(binary, f"{work}/site", f"{work}/out-{which}").items()]
samples = {(name, which): [] for name, which, _ in jobs}
for round_ in range(runs + 1):
    shift = round_ % len(jobs)
    for name, which, command in jobs[shift:] + jobs[:shift]:
        result = run(command)
        if round_ > 0:
            samples[(name, which)].append(result)
print(f"x{copies} copies, {runs} interleaved rounds (A = {base}, B = {new})")
for name in ("check", "convert"):
    a, b = samples[(name, "A")], samples[(name, "B")]
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    print(f"  {name}: wall A {med(a, 0):.2f} s, B {med(b, 0):.2f} s (B/A {med(b, 0) / med(a, 0):.3f}); "
          f"CPU A {med(a, 1):.2f} s, B {med(b, 1):.2f} s (B/A {med(b, 1) / med(a, 1):.3f})")

if os.environ.get("INSTRUCTIONS") and shutil.which("valgrind"):
    def instructions(command):
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + command,
                             capture_output=True, text=True).stderr
        return int(next(l for l in out.splitlines() if "Collected" in l).split()[-1])
    for name in ("check", "convert"):
        counts = {}
        for which, binary in (("A", base), ("B", new)):
            command = commands(binary, f"{work}/one", f"{work}/one-out-{which}")[name]
            counts[which] = instructions(command[:1] + ["--color", "never"] + command[1:])
        print(f"  {name} instructions, one copy: A {counts['A'] / 1e6:.0f}M, B {counts['B'] / 1e6:.0f}M "
              f"(B/A {counts['B'] / counts['A']:.3f})")
PY
