use super::*;
use crate::config::Config;
use crate::data::LintData;
use crate::page::ParseOptions;

#[test]
fn keys_are_numbered_in_order_of_first_appearance_whatever_the_chunks() {
    let keys: Vec<u32> = (0..20_000u32).map(|i| (i * 7919) % 613).collect();
    let (mut expected, mut firsts) = (FxHashMap::default(), Vec::new());
    for (at, &key) in keys.iter().enumerate() {
        if !expected.contains_key(&key) {
            expected.insert(key, expected.len() as u32);
            firsts.push(at as u64);
        }
    }
    let appearances = keys.par_iter().enumerate().map(|(at, &key)| (key, at as u64));
    let (got_firsts, got) = number_by_first_appearance(appearances.with_max_len(64));
    assert_eq!(got, expected);
    assert_eq!(got_firsts, firsts);
}

#[test]
fn distinct_blocks_are_numbered_in_site_order_by_store_numbers_hashes_or_text() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        ("a.html", "<p>Data stays in China.</p><p>Shared block.</p>"),
        ("b.html", "<p>Shared block.</p><p>Data may leave China.</p>"),
    ];
    for (path, text) in pages {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let config = Config::parse("").unwrap();
    let data = LintData::load(&config).unwrap();
    let options = ParseOptions {
        text_blocks: true,
        shared_texts: crate::page::SharedTexts::new(),
        vocabulary: false,
    };
    // The store numbers texts as pages come (here, last first): the
    // analysis numbers them in site order all the same.
    let regions = crate::page::regions::RegionRules::default();
    let earlier = "<p>Data may leave China.</p><p>Shared block.</p><p>Data stays in China.</p>";
    crate::page::parse_page(
        "x.html",
        earlier,
        &crate::source::Decoding::Utf8,
        &options,
        &regions,
    );
    let numbered = Site::load(dir.path(), &config, &data, &options).unwrap();
    let ids: Vec<u32> = (0..2)
        .map(|block| numbered.pages[0].text_blocks.get(block).text_id)
        .collect();
    assert_eq!(ids, [2, 1]);
    let by_text = number_blocks(&numbered, |_, text| text);
    assert_eq!(
        by_text.0,
        ["Data stays in China.", "Shared block.", "Data may leave China."]
    );
    assert_eq!(distinct_blocks(&numbered), by_text);
    assert_eq!(distinct_blocks_numbered(&numbered), by_text);
    // Every block with one hash: the texts must still decide.
    assert_eq!(distinct_blocks_hashed(&numbered, |_| 7), by_text);
    // Without numbers (no store), the hashes are used.
    let unnumbered = ParseOptions {
        text_blocks: true,
        ..ParseOptions::default()
    };
    let mut site = Site::load(dir.path(), &config, &data, &unnumbered).unwrap();
    assert_eq!(distinct_blocks(&site), by_text);
    // Pages numbered by two stores: "Data may leave China." is 0 in
    // its own store, as "Data stays in China." is in the first's.
    let other = ParseOptions {
        text_blocks: true,
        shared_texts: crate::page::SharedTexts::new(),
        vocabulary: false,
    };
    let mut apart = crate::page::parse_page(
        "b.html",
        pages[1].1,
        &crate::source::Decoding::Utf8,
        &other,
        &regions,
    );
    site.pages[0].text_blocks = numbered.pages[0].text_blocks.clone();
    apart.path = site.pages[1].path.clone();
    site.pages[1] = apart;
    assert_eq!(site.pages[1].text_blocks.get(1).text_id, 1);
    assert_eq!(site.pages[0].text_blocks.get(1).text_id, 1);
    assert_eq!(distinct_blocks(&site), by_text);
}
