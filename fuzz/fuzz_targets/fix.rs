//! Checking with every rule and planning the fixes: no panic, no abort, and
//! every fix edit inside the file's bytes, finding the text it expects.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let dir = tclint::harness::fresh_case_dir();
    if let Err(problem) = tclint::harness::check_and_fix(&dir, input) {
        panic!("{problem}");
    }
});
