#!/usr/bin/env bash
# Adversarial pages: the inputs that once made tclint quadratic (or crash),
# each at a size and at twice that size, through `tclint check` and
# `tclint convert`. Linear work takes about twice as long at twice the size
# (the "x2" column); quadratic work four times as long. Time per MB says
# what a user waits for such a page.
#
#   bench/adversarial.sh            (SCALE=1: the sizes below; SCALE=2 doubles them)
#
# TCLINT_BIN: a binary built already instead of this checkout's release
# build. BASE_BIN: another binary run on the same pages, side by side (an
# older commit's, say), each run cut at TIMEOUT seconds (default 120).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${SCALE:-1}
timeout_s=${TIMEOUT:-120}
. bench/lib.sh
tclint=$(tclint_binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make_page CASE N FILE: writes one adversarial page of size parameter N.
make_page() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
case, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if case == "anchors":          # n anchors, n/10 links to anchors that do not exist
    body = "".join('<p id="a%d">x</p>' % i for i in range(n))
    body += "".join('<a href="#missing%d">m</a>' % i for i in range(n // 10))
elif case == "guesses":        # 4,000 anchors, n broken links, each worth a "did you mean"
    body = "".join('<p id="section-%d-of-the-long-agreement">x</p>' % i for i in range(4000))
    body += "".join('<a href="#sectoin-%d-of-the-long-agreement">m</a>' % i for i in range(n))
elif case == "one-line":       # n findings on one line
    body = '<a href="#nowhere">x</a>' * n
elif case == "attributes":     # one tag with n distinct attributes
    body = "<p " + " ".join("a%d=1" % i for i in range(n)) + ">x</p>"
elif case == "unique-ids":     # n MB of elements with unique ids
    body = "".join('<p id="id%d">x</p>' % i for i in range(n * 45000))
elif case == "nesting":        # n nested <div>
    body = "<p>" + "<div>" * n + "deep" + "</div>" * n
elif case == "inline-nesting": # n nested <b><i>
    body = "<p>" + "<b><i>" * n + "deep" + "</i></b>" * n
elif case == "comments":       # n times <!--
    body = "<p>x</p>" + "<!--" * n
elif case == "quotes":         # a Markdown quote n levels deep
    body = "# T\n\n" + ">" * n + " deep [link](/x.md)\n"
else:
    raise SystemExit("unknown case " + case)
open(path, "w").write(body)
PY
}

# seconds BIN ARGS...: wall seconds of one run, ">TIMEOUT" when it was
# cut, or "crash" when a signal killed it (a stack overflow aborts).
seconds() {
    local start end status
    start=$(date +%s.%N)
    set +e
    timeout "$timeout_s" "$@" >/dev/null 2>&1
    status=$?
    set -e
    end=$(date +%s.%N)
    case $status in
        124) echo ">$timeout_s" ;;
        12[5-9] | 1[3-9][0-9] | 2[0-9][0-9]) echo "crash" ;;
        *) echo "$end - $start" | bc -l | xargs printf '%.2f' ;;
    esac
}

ratio() { case "$1$2" in *'>'* | *crash*) echo "-" ;; *) echo "$2 / $1" | bc -l | xargs printf '%.1f' ;; esac; }

printf '%-15s %8s %8s | %8s %8s %5s %7s | %8s %8s %5s' case N 'MB(2N)' check 2N x2 s/MB convert 2N x2
[ -n "${BASE_BIN:-}" ] && printf ' | base check 2N, convert 2N'
printf '\n'
for spec in anchors:20000 guesses:5000 one-line:50000 attributes:40000 unique-ids:25 nesting:50000 \
            inline-nesting:50000 comments:50000 quotes:50000; do
    case_name=${spec%%:*}
    n=$(( ${spec##*:} * scale ))
    extension=html
    [ "$case_name" = quotes ] && extension=md
    row=()
    for size in $n $(( n * 2 )); do
        site=$work/$case_name-$size
        mkdir -p "$site"
        printf '[files]\nmax-page-bytes = 1000000000\n' > "$site/tclint.toml"
        make_page "$case_name" "$size" "$site/page.$extension"
        row+=("$(seconds "$tclint" check "$site")" "$(seconds "$tclint" convert "$site" --out "$site.out")")
        megabytes=$(du -m "$site/page.$extension" | cut -f1)
        if [ -n "${BASE_BIN:-}" ] && [ "$size" != "$n" ]; then
            rm -rf "$site.base"
            base=("$(seconds "$BASE_BIN" check "$site")" "$(seconds "$BASE_BIN" convert "$site" --out "$site.base")")
        fi
        rm -rf "$site" "$site.out" "$site.base"
    done
    per_mb=$(case "${row[2]}" in *'>'* | crash) echo "-" ;; *) echo "${row[2]} / ($megabytes + 0.5)" | bc -l | xargs printf '%.2f' ;; esac)
    printf '%-15s %8s %8s | %8s %8s %5s %7s | %8s %8s %5s' "$case_name" "$n" "$megabytes" \
        "${row[0]}" "${row[2]}" "$(ratio "${row[0]}" "${row[2]}")" "$per_mb" \
        "${row[1]}" "${row[3]}" "$(ratio "${row[1]}" "${row[3]}")"
    [ -n "${BASE_BIN:-}" ] && printf ' | %s, %s' "${base[0]}" "${base[1]}"
    printf '\n'
done
