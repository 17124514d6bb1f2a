#!/usr/bin/env bash
# Online benchmark: `tclint check --online` against lychee, side by side in
# one run, on a generated site linking URLS distinct URLs (default 2,000)
# served by examples/latency_server.rs on loopback with LATENCY_MS of latency
# per request (default 20). Both tools get the same limit on requests in
# flight (CONCURRENCY, default 64) and the same URLs spread over HOSTS
# loopback addresses (default 1, so the per-host limit is the limit).
# Then counts the requests a second, cached tclint run makes (must be 0).
#
#   bench/online.sh
#
# Needs hyperfine, curl and `cargo install lychee`. Figures are ratios and
# fractions of the ideal URLS x LATENCY / CONCURRENCY: machines are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
urls=${URLS:-2000}
latency=${LATENCY_MS:-20}
concurrency=${CONCURRENCY:-64}
hosts=${HOSTS:-1}
runs=${RUNS:-5}
for tool in hyperfine lychee curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

cargo build --release --quiet --bin tclint --example latency_server
tclint=$PWD/target/release/tclint
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

target/release/examples/latency_server "$latency" "$hosts" > "$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(head -1 "$work/port")
count() { curl -s "http://127.0.0.1:$port/__count"; }

# 100 pages of URLS/100 links each, every URL distinct.
mkdir -p "$work/site"
per_page=$((urls / 100))
for page in $(seq 0 99); do
    {
        echo "<html><body><h1>Page $page</h1><ul>"
        for link in $(seq 0 $((per_page - 1))); do
            n=$((page * per_page + link))
            host=$((1 + n % hosts))
            echo "<li><a href=\"http://127.0.0.$host:$port/doc/$n\">Document $n</a></li>"
        done
        echo "</ul></body></html>"
    } > "$work/site/page$page.html"
done
cat > "$work/site/tclint.toml" <<TOML
[online]
concurrency = $concurrency
per-host = $concurrency
[stale-host]
allow = [$(seq -s, 1 "$hosts" | sed 's/\([0-9]*\)/"127.0.0.\1"/g')]
TOML
echo "$urls URLs on $hosts host(s), ${latency} ms latency, $concurrency requests in flight"
ideal_ms=$((urls * latency / concurrency))
echo "ideal: $urls x $latency ms / $concurrency = $ideal_ms ms; one at a time: $((urls * latency)) ms"

hyperfine --warmup 1 --runs "$runs" -i --export-json "$work/times.json" \
    -n tclint "$tclint check --online --no-cache --allow-private --quiet --select TC106,TC107,TC108 $work/site" \
    -n lychee "lychee --no-progress --max-concurrency $concurrency --host-concurrency $concurrency --host-request-interval 0ms --timeout 20 $work/site/*.html"

python3 - "$work/times.json" "$ideal_ms" <<'PY'
import json, sys
results = {r['command']: r for r in json.load(open(sys.argv[1]))['results']}
ideal = int(sys.argv[2]) / 1000
t, l = results['tclint']['median'], results['lychee']['median']
print(f"median: tclint {t:.3f} s ({t / ideal:.2f}x ideal), lychee {l:.3f} s ({l / ideal:.2f}x ideal); lychee/tclint = {l / t:.2f}")
PY

# The cache: a run that fills it, then one that must not request anything.
rm -rf "$work/site/.tclint-cache"
"$tclint" check --online --allow-private --quiet --select TC106 "$work/site" >/dev/null || true
before=$(count)
"$tclint" check --online --allow-private --select TC106 "$work/site" | tail -2
after=$(count)
echo "requests made by the cached run: $((after - before))"
