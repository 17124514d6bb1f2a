#!/usr/bin/env bash
# Proves tclint's pre-commit hooks with the real pre-commit, installed from
# PyPI into a temporary virtualenv, on a small site in a temporary git
# repository whose .pre-commit-config.yaml points at this checkout:
#   1. a commit adding a page with a staging host is blocked, the diagnostic printed;
#   2. after the tclint-fix hook (manual stage) the commit passes;
#   3. a commit touching only a non-page file does not run the hook.
# The checkout must be committed (pre-commit clones it at HEAD).
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$checkout" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-home"
# pre-commit builds the hook with `cargo install` (release profile): share this
# checkout's build cache, and skip optimizing (and link-time optimization),
# which only the hook's speed needs.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$checkout/target}"
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

site="$work/site"
mkdir -p "$site/privacy"
cd "$site"
git init --quiet
git config user.email ci@example.com
git config user.name "tclint CI"
git config commit.gpgsign false

cat > tclint.toml <<'TOML'
[site]
production-hosts = ["www.example.com"]
[site.staging]
"stage.example.com" = "www.example.com"
TOML
cat > privacy/default.md <<'PAGE'
---
layout: TrustCenterPage
---
<div id="ContentWrapper"><label id="data_other">Customer Data</label></div>
PAGE
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: tclint
      - id: tclint-fix
        stages: [manual]
YAML
pre-commit install --install-hooks >/dev/null
git add -A
git commit --quiet -m "A clean site" >"$work/clean.log" 2>&1 || { cat "$work/clean.log"; exit 1; }
echo "ok: a clean site commits"

# 1. A staging host is blocked, with the diagnostic.
cat > privacy/you-own-your-data.md <<'PAGE'
---
layout: TrustCenterPage
---
<p><a href="http://stage.example.com/privacy/default.html#data_other">How data is defined</a></p>
PAGE
git add privacy/you-own-your-data.md
if git commit -m "Add a page" >"$work/blocked.log" 2>&1; then
    cat "$work/blocked.log"
    echo "FAIL: the commit with a staging host was not blocked" >&2
    exit 1
fi
grep -q "stale-host" "$work/blocked.log" || { cat "$work/blocked.log"; echo "FAIL: no diagnostic" >&2; exit 1; }
grep -q "stage.example.com" "$work/blocked.log"
sed -n '1,16p' "$work/blocked.log" | sed 's/^/    | /'
echo "ok: the staging host is blocked, with its diagnostic"

# 2. The fix hook rewrites the link (and fails, as files changed); then the commit passes.
if pre-commit run tclint-fix --hook-stage manual --files privacy/you-own-your-data.md >"$work/fix.log" 2>&1; then
    cat "$work/fix.log"
    echo "FAIL: tclint-fix should fail when it changed files" >&2
    exit 1
fi
grep -q 'href="default.html#data_other"' privacy/you-own-your-data.md || { cat "$work/fix.log"; echo "FAIL: not fixed" >&2; exit 1; }
git add privacy/you-own-your-data.md
git commit --quiet -m "Add a page" >"$work/fixed.log" 2>&1 || { cat "$work/fixed.log"; echo "FAIL: the fixed page is blocked" >&2; exit 1; }
echo "ok: after tclint-fix the commit passes"

# 3. A commit touching no page does not run tclint.
echo "notes" > notes.txt
git add notes.txt
git commit -m "Notes" >"$work/unrelated.log" 2>&1 || { cat "$work/unrelated.log"; exit 1; }
grep -q "tclint.*no files to check.*Skipped" "$work/unrelated.log" || { cat "$work/unrelated.log"; echo "FAIL: tclint ran" >&2; exit 1; }
echo "ok: a commit without pages skips tclint"
