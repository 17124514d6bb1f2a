//! The converter: a site holding the input converts without panic or abort,
//! and converting the output again leaves every page that passed unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let dir = tclint::harness::fresh_case_dir();
    if let Err(problem) = tclint::harness::convert_twice(&dir, input) {
        panic!("{problem}");
    }
});
