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
