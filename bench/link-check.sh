#!/usr/bin/env bash
# Link-check benchmark: tclint against hyperlink and lychee, side by side in
# one run, on the reference site copied COPIES times (default 100, about
# 17,000 pages) in a temporary folder. Also times tclint on a tenth of the
# copies to show how time grows with the site.
#
#   bench/link-check.sh [REFERENCE_SITE]     (default: $TCLINT_REFERENCE_SITE,
#                                             else ../shared/corpus/trustcenter-site)
#
# Needs hyperfine, GNU time, and `cargo install hyperlink lychee`. Peer tools
# get HTML copies of the pages (front matter stripped, `.md` -> `.html`), as
# they do not read Jekyll pages. Figures are ratios: machines are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-${TCLINT_REFERENCE_SITE:-../shared/corpus/trustcenter-site}}
copies=${COPIES:-100}
runs=${RUNS:-5}
[ -d "$reference" ] || { echo "no reference site at $reference" >&2; exit 2; }
for tool in hyperfine hyperlink lychee; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

cargo build --release --quiet
tclint=$PWD/target/release/tclint
config=$PWD/examples/trustcenter.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building $copies copies of $reference in $work ..."
mkdir -p "$work/md" "$work/md10" "$work/html"
for i in $(seq 1 "$copies"); do
    cp -r "$reference" "$work/md/copy$i"
    if [ "$i" -le $((copies / 10)) ]; then cp -r "$reference" "$work/md10/copy$i"; fi
done
chmod -R u+w "$work"
python3 - "$work/md" "$work/html" <<'PY'
import os, sys, shutil
source, target = sys.argv[1], sys.argv[2]
for root, dirs, files in os.walk(source):
    out_dir = os.path.join(target, os.path.relpath(root, source))
    os.makedirs(out_dir, exist_ok=True)
    for name in files:
        path = os.path.join(root, name)
        if name.endswith('.md'):
            text = open(path, 'rb').read()
            body = text
            stripped = text.lstrip(b'\xef\xbb\xbf')
            if stripped.startswith(b'---'):
                end = stripped.find(b'\n---', 3)
                if end >= 0:
                    body = stripped[stripped.find(b'\n', end + 1) + 1:]
            open(os.path.join(out_dir, name[:-3] + '.html'), 'wb').write(body)
        else:
            shutil.copy(path, os.path.join(out_dir, name))
PY
pages=$(find "$work/md" -name '*.md' | wc -l)
bytes=$(find "$work/md" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "$pages pages, $((bytes / 1000000)) MB of page text"

hyperfine --warmup 1 --runs "$runs" -i --export-json "$work/times.json" \
    -n tclint "$tclint check --config $config --quiet --format concise $work/md" \
    -n hyperlink "hyperlink --check-anchors $work/html" \
    -n lychee "lychee --offline --include-fragments --no-progress '$work/html/**/*.html'" \
    -n "tclint (10% of the site)" "$tclint check --config $config --quiet --format concise $work/md10" \
    > "$work/hyperfine.txt"

peak() { /usr/bin/time -f '%M' "$@" >/dev/null 2>"$work/rss" || true; tail -1 "$work/rss"; }
rss_tclint=$(peak "$tclint" check --config "$config" --quiet --format concise "$work/md")
rss_hyperlink=$(peak hyperlink --check-anchors "$work/html")
rss_lychee=$(peak sh -c "lychee --offline --include-fragments --no-progress '$work/html/**/*.html'")

python3 - "$work/times.json" "$rss_tclint" "$rss_hyperlink" "$rss_lychee" <<'PY'
import json, sys
results = {r['command']: r for r in json.load(open(sys.argv[1]))['results']}
rss = {'tclint': int(sys.argv[2]), 'hyperlink': int(sys.argv[3]), 'lychee': int(sys.argv[4])}
base = results['hyperlink']['mean']
print(f"{'tool':<26} {'mean s':>8} {'± s':>6} {'vs hyperlink':>13} {'peak MB':>8}")
for name, r in results.items():
    peak = rss.get(name)
    peak = f"{peak / 1024:8.0f}" if peak else f"{'-':>8}"
    print(f"{name:<26} {r['mean']:8.3f} {r['stddev']:6.3f} {r['mean'] / base:13.2f} {peak}")
growth = results['tclint']['mean'] / results['tclint (10% of the site)']['mean']
print(f"tclint growth, 10x the pages: {growth:.2f}x the time (target <= 11x)")
PY
