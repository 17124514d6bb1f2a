# Shared by the bench scripts (sourced, from the repository root).

# The tclint binary to measure: TCLINT_BIN if set (a binary built already,
# another commit's say), else this checkout's release build, built now.
tclint_binary() {
    if [ -n "${TCLINT_BIN:-}" ]; then
        echo "$TCLINT_BIN"
    else
        cargo build --release --quiet --bin tclint >&2
        echo "$PWD/target/release/tclint"
    fi
}

# `--preview` if BIN knows it (binaries before it ran every rule by default):
# for comparing the same work across versions.
preview_flag() {
    if "$1" check --help 2>/dev/null | grep -q -- '--preview'; then echo "--preview"; fi
}
