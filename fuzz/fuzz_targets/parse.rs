//! The page parser, every format: no panic, no abort, spans inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    if let Err(problem) = tclint::harness::parse(input) {
        panic!("{problem}");
    }
});
