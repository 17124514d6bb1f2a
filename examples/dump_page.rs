//! Prints the page model of one file: `cargo run --example dump_page -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump_page FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let source = tclint::source::decode(bytes);
    let data = tclint::data::LintData::load(&tclint::config::Config::default()).expect("shipped data");
    let options = tclint::page::ParseOptions {
        text_blocks: true,
        ..Default::default()
    };
    let page = tclint::page::parse_page(&path, source.text(), &source.decoding, &options, &data.regions);
    println!("{page:#?}");
}
