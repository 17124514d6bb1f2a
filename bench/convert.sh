#!/usr/bin/env bash
# Conversion benchmark: `tclint convert` (conversion and verification of the
# whole site) side by side with pandoc (`-f html -t gfm`, one process per
# page) and turndown (one Node process), on the reference site; then tclint
# alone on the site copied COPIES times (default 100) for throughput per
# core and peak memory.
#
#   bench/convert.sh [REFERENCE_SITE]   (default: $TCLINT_REFERENCE_SITE,
#                                        else ../shared/corpus/trustcenter-site)
#
# Needs hyperfine, GNU time, pandoc, node and npm (turndown is installed
# into a temporary folder). pandoc and turndown get HTML copies of the pages
# (front matter stripped); they do not verify anything.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-${TCLINT_REFERENCE_SITE:-../shared/corpus/trustcenter-site}}
copies=${COPIES:-100}
runs=${RUNS:-5}
[ -d "$reference" ] || { echo "no reference site at $reference" >&2; exit 2; }
for tool in hyperfine pandoc node npm; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

cargo build --release --quiet --bin tclint
tclint=$PWD/target/release/tclint
config=$PWD/examples/trustcenter.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund turndown >/dev/null 2>&1)

mkdir -p "$work/html"
python3 - "$reference" "$work/html" <<'PY'
import os, sys
source, target = sys.argv[1], sys.argv[2]
for root, dirs, files in os.walk(source):
    for name in files:
        if not name.endswith('.md'):
            continue
        text = open(os.path.join(root, name), 'rb').read().lstrip(b'\xef\xbb\xbf')
        if text.startswith(b'---'):
            end = text.find(b'\n---', 3)
            if end >= 0:
                text = text[text.find(b'\n', end + 1) + 1:]
        out_dir = os.path.join(target, os.path.relpath(root, source))
        os.makedirs(out_dir, exist_ok=True)
        open(os.path.join(out_dir, name[:-3] + '.html'), 'wb').write(text)
PY
pages=$(find "$work/html" -name '*.html' | wc -l)
echo "$pages pages"

cat > "$work/pandoc-all.sh" <<SH
#!/usr/bin/env bash
cd "$work/html"
find . -name '*.html' | while read -r page; do
    mkdir -p "$work/pandoc/\$(dirname "\$page")"
    pandoc -f html -t gfm "\$page" -o "$work/pandoc/\${page%.html}.md"
done
SH
chmod +x "$work/pandoc-all.sh"

hyperfine --warmup 1 --runs "$runs" -i --export-json "$work/site.json" \
    -n tclint "$tclint convert --config $config $reference --out $work/tclint --force --assets none" \
    -n turndown "env NODE_PATH=$work/node_modules node $PWD/bench/turndown-site.js $work/html $work/turndown" \
    -n pandoc "$work/pandoc-all.sh"
NODE_PATH="$work/node_modules" node "$PWD/bench/turndown-site.js" "$work/html" "$work/turndown"

echo "building $copies copies ..."
mkdir -p "$work/big"
for i in $(seq 1 "$copies"); do cp -r "$reference" "$work/big/copy$i"; done
chmod -R u+w "$work/big"
bytes=$(find "$work/big" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
cores=$(nproc)
# Several runs, each into a new folder (the first write of 17,300 files is
# what a migration does); the run with the median wall time is reported.
# Outputs are deleted only at the end: on ext4, creating files right after
# deleting thousands costs several times the system time.
for run in $(seq 1 "${BIG_RUNS:-3}"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/big.time.$run" \
        "$tclint" convert --config "$config" "$work/big" --out "$work/big-out-$run" --force --assets none | tail -1
    cat "$work/big.time.$run"
done
sort -n "$work"/big.time.* | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }' > "$work/big.time"
read -r wall user sys peak < "$work/big.time"
python3 - "$bytes" "$wall" "$user" "$sys" "$peak" "$cores" "$work/site.json" "$copies" <<'PY'
import json, sys
size, wall, user, sys_, peak, cores = int(sys.argv[1]), *map(float, sys.argv[2:5]), int(sys.argv[5]), int(sys.argv[6])
mb = size / 1e6
print(f"x{sys.argv[8]}: {mb:.0f} MB of pages in {wall:.2f} s wall (median run) on {cores} cores: "
      f"{mb / wall:.1f} MB/s, {mb / wall / cores:.1f} MB/s per core, {mb / (user + sys_):.1f} MB per CPU-second; "
      f"peak memory {peak / 1024:.0f} MB")
results = {r['command']: r['median'] for r in json.load(open(sys.argv[7]))['results']}
t = results['tclint']
print(f"reference site medians: tclint {t:.3f} s (convert + verify), "
      + ", ".join(f"{name} {value:.3f} s ({value / t:.1f}x tclint)" for name, value in results.items() if name != 'tclint'))
PY
