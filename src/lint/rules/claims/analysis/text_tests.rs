use super::*;

fn lexicon() -> Lexicon {
    crate::lint::rules::claims::lexicon::example_lexicon()
}

fn words(text: &str) -> Vec<&str> {
    tokens(text).iter().map(|t| &text[t.range.clone()]).collect()
}

#[test]
fn sentences_split_at_ends_not_abbreviations() {
    let text = "Data stays in China. See e.g. the FAQ for more. 数据存储在中国。我们不访问。";
    let pieces: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(
        pieces,
        [
            "Data stays in China.",
            "See e.g. the FAQ for more.",
            "数据存储在中国。",
            "我们不访问。"
        ]
    );
}

#[test]
fn tokens_keep_numbers_and_split_han() {
    assert_eq!(
        words("Uptime is 99.9% since 2016-04-29, don't worry."),
        ["Uptime", "is", "99.9%", "since", "2016-04-29", "don't", "worry"]
    );
    assert_eq!(words("仅在Azure中"), ["仅", "在", "Azure", "中"]);
    assert_eq!(
        words("1,000 users,datacenters: help@example.com’s ISO/IEC 27001. Ünïcode-Wörds 50%,"),
        [
            "1,000",
            "users",
            "datacenters",
            "help@example.com’s",
            "ISO/IEC",
            "27001",
            "Ünïcode-Wörds",
            "50%"
        ]
    );
    assert_eq!(words("x.仅-"), ["x", "仅"]);
    assert_eq!(words("1a,5 7,5"), ["1a", "5", "7,5"]);
}

#[test]
fn hashes_are_those_of_the_lower_cased_text() {
    // The definition: FNV-1a over the UTF-8 of the lower-cased text.
    let by_definition = |text: &str| {
        let lower: String = text.chars().flat_map(char::to_lowercase).collect();
        lower.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    for text in [
        "",
        "Azure",
        "DATA-Center 2016",
        "Ünïcode ÉTÉ",
        "İstanbul",
        "ΣΊΣΥΦΟΣ",
        "仅在Azure中",
        "x’s",
    ] {
        assert_eq!(hash_lower(text), by_definition(text), "{text}");
    }
    assert_eq!(hash_lower("Azure"), hash_lower("aZURE"));
}

#[test]
fn dates_normalize_across_formats() {
    let lexicon = lexicon();
    let of = |text: &str| {
        let tokens = tokens(text);
        let lang = language(text, &tokens);
        features(text, &tokens, lang, &lexicon).numbers
    };
    assert_eq!(
        of("Published on April 29, 2016 here"),
        of("Published on 2016-04-29 here")
    );
    assert_eq!(of("Published on April 29, 2016 here"), of("发布于2016年4月29日"));
}

#[test]
fn figures_written_together_are_the_same_figures() {
    let lexicon = lexicon();
    let of = |text: &str| {
        let tokens = tokens(text);
        features(text, &tokens, Lang::En, &lexicon).numbers
    };
    assert_eq!(of("a 1.7MB PDF"), of("a 1.7 MB PDF"));
    assert_eq!(of("support 7x24x365"), of("support 7 24 365"));
    assert_eq!(of("audited to Type1"), of("audited to Type 1"));
    assert_ne!(of("audited to Type 1"), of("audited to Type 2"));
    assert_ne!(of("a 1.7 MB PDF"), of("a 17 MB PDF"));
}

#[test]
fn we_is_the_first_person_party_and_a_possessive_is_not() {
    let lexicon = lexicon();
    let parties = |text: &str, lang: Lang| -> Vec<String> {
        let tokens = tokens(text);
        features(text, &tokens, lang, &lexicon)
            .entities
            .into_iter()
            .map(|i| lexicon.entities[i].name.clone())
            .collect()
    };
    assert_eq!(
        parties("We monitor access to customer data", Lang::En),
        ["21Vianet"]
    );
    assert_eq!(
        parties("Microsoft engineers, as we said, monitor access", Lang::En),
        ["Microsoft"]
    );
    assert!(parties("Our engineers monitor access to customer data", Lang::En).is_empty());
    assert_eq!(parties("我们会密切监控此类访问", Lang::Zh), ["21Vianet"]);
    assert!(parties("我们的工程师会密切监控此类访问", Lang::Zh).is_empty());
}

#[test]
fn pointers_to_documents_are_not_statements() {
    let lexicon = lexicon();
    let is = |text: &str, lang: Lang| is_statement(text, lang, &tokens(text), &lexicon);
    assert!(!is(
        "Learn more about Azure network security groups and their rules",
        Lang::En
    ));
    assert!(!is("了解更多有关 Azure 网络安全组的详细信息和配置方法", Lang::Zh));
    assert!(is(
        "Learning more about network security groups helps every customer",
        Lang::En
    ));
    assert!(is(
        "Azure network security groups filter traffic between subnets",
        Lang::En
    ));
}

#[test]
fn chinese_markers_skip_false_friends() {
    let lexicon = lexicon();
    let names = |text: &str| {
        let tokens = tokens(text);
        features(text, &tokens, Lang::Zh, &lexicon)
            .marker_names(&lexicon)
            .join(",")
    };
    assert_eq!(names("数据仅存储在中国境内的数据中心"), "exclusively");
    assert_eq!(names("我们不仅保护数据，而且非常重视未来"), "");
    assert_eq!(names("微软可能访问数据"), "may");
}

#[test]
fn may_before_a_day_is_a_month() {
    let lexicon = lexicon();
    let text = "Updated May 25, 2016 and you may opt out";
    let tokens = tokens(text);
    let features = features(text, &tokens, Lang::En, &lexicon);
    assert_eq!(features.marker_names(&lexicon), ["may"]);
    assert_eq!(features.numbers.len(), 3);
}

#[test]
fn entities_match_aliases_whole() {
    let lexicon = lexicon();
    let names = |text: &str| -> Vec<String> {
        entities(text, &lexicon)
            .into_iter()
            .map(|i| lexicon.entities[i].name.clone())
            .collect()
    };
    assert_eq!(names("Microsoft Azure and Office 365"), ["Azure", "Office 365"]);
    assert_eq!(names("由世纪互联运营的Azure"), ["Azure", "21Vianet"]);
    assert!(names("Azurepipes").is_empty());
}

/// The implementations these functions replaced (slower, plainly
/// written): the differential test below holds the new ones to them.
mod oracle {
    use std::ops::Range;

    use super::super::{Features, Lang, Token, has_digit, hash_lower, is_han};
    use crate::lint::rules::claims::analysis::numbers;
    use crate::lint::rules::claims::lexicon::Lexicon;

    pub fn tokens(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let char_at = |at: usize| text.get(at..).and_then(|rest| rest.chars().next());
        let mut at = 0;
        while let Some(c) = char_at(at) {
            let width = c.len_utf8();
            if is_han(c) {
                out.push(token(text, at..at + width));
                at += width;
            } else if c.is_alphanumeric() {
                let (mut end, mut previous) = (at + width, c);
                while let Some(d) = char_at(end) {
                    let next = char_at(end + d.len_utf8());
                    let joins = match d {
                        ',' => previous.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
                        '.' | '．' | '-' | '/' | '\'' | '’' | '@' => {
                            next.is_some_and(|n| n.is_alphanumeric() && !is_han(n))
                        }
                        _ => false,
                    };
                    if !((d.is_alphanumeric() && !is_han(d)) || joins) {
                        break;
                    }
                    end += d.len_utf8();
                    previous = d;
                }
                if let Some(percent @ ('%' | '％')) = char_at(end) {
                    end += percent.len_utf8();
                }
                out.push(token(text, at..end));
                at = end;
            } else {
                at += width;
            }
        }
        out
    }

    fn token(text: &str, range: Range<usize>) -> Token {
        let hash = hash_lower(&text[range.clone()]);
        Token { range, hash }
    }

    pub fn month(word: &str) -> Option<usize> {
        const MONTHS: [&str; 12] = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        if !word.is_ascii() || word.len() > 9 {
            return None;
        }
        let word = word.to_ascii_lowercase();
        MONTHS
            .iter()
            .position(|m| {
                *m == word
                    || (word.len() == 3 && m.starts_with(&word))
                    || (word == "sept" && *m == "september")
            })
            .map(|index| index + 1)
    }

    pub fn features(text: &str, tokens: &[Token], lang: Lang, lexicon: &Lexicon) -> Features {
        let mut features = Features::default();
        let (entities, named) = entities_at(text, lexicon);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.range.clone()]).collect();
        for (index, word) in words.iter().enumerate() {
            let in_name = named
                .iter()
                .any(|r| r.start <= tokens[index].range.start && tokens[index].range.end <= r.end);
            if in_name {
                continue;
            }
            let word = &*numbers::ascii_digits(word);
            if word.contains('@') {
                features.emails.push(word.to_lowercase().into());
            } else if has_digit(word) {
                if !numbers::is_label(text, &tokens[index].range, index == 0, word) {
                    numbers::push_number(word, &mut features.numbers);
                }
            } else if let Some(value) =
                numbers::english_word(&word.to_lowercase()).filter(|_| word.is_ascii())
            {
                features.spelled.push(value.to_string().into());
            } else if let Some(number) = month(word) {
                let beside_number =
                    |i: Option<usize>| i.and_then(|i| words.get(i)).is_some_and(|w| has_digit(w));
                if beside_number(index.checked_add(1)) || beside_number(index.checked_sub(1)) {
                    features.numbers.push(number.to_string().into());
                    continue;
                }
                english_marker(word, lexicon, &mut features.markers);
            } else if lang == Lang::En || !word.chars().next().is_some_and(is_han) {
                english_marker(word, lexicon, &mut features.markers);
            }
        }
        if lang == Lang::Zh {
            let mut rest = without_false_markers(text, lexicon);
            for (word, index) in &lexicon.zh_markers {
                let count = rest.matches(word.as_str()).count();
                if count > 0 {
                    features.markers.push((*index, count as u16));
                    rest = rest.replace(word.as_str(), " ");
                }
            }
            for (_, value) in numbers::chinese(text) {
                features.spelled.push(value.to_string().into());
            }
        }
        features.entities = entities;
        if let Some(party) = first_person_party(text, &words, &features.entities, lexicon) {
            features.entities.push(party);
            features.entities.sort_unstable();
        }
        features.numbers.sort_unstable();
        features.spelled.sort_unstable();
        features.emails.sort_unstable();
        let mut counted: Vec<(usize, u16)> = Vec::new();
        features.markers.sort_unstable();
        for (index, count) in features.markers.drain(..) {
            match counted.last_mut() {
                Some(last) if last.0 == index => last.1 += count,
                _ => counted.push((index, count)),
            }
        }
        features.markers = counted;
        features
    }

    fn english_marker(word: &str, lexicon: &Lexicon, out: &mut Vec<(usize, u16)>) {
        if let Some(index) = lexicon.english_marker(&word.to_lowercase().replace('’', "'")) {
            out.push((index, 1));
        }
    }

    fn first_person_party(
        text: &str,
        words: &[&str],
        entities: &[usize],
        lexicon: &Lexicon,
    ) -> Option<usize> {
        let first = lexicon.first_person.as_ref()?;
        if entities.iter().any(|&e| lexicon.entities[e].party) {
            return None;
        }
        let english = words.iter().any(|w| lexicon.first_person_word(&w.to_lowercase()));
        let chinese = first.zh.iter().any(|w| {
            text.match_indices(w.as_str())
                .any(|(at, _)| !text[at + w.len()..].starts_with('的'))
        });
        (english || chinese).then_some(first.entity)
    }

    pub fn without_false_markers(text: &str, lexicon: &Lexicon) -> String {
        let mut rest = text.to_owned();
        for word in &lexicon.zh_false_markers {
            if rest.contains(word.as_str()) {
                rest = rest.replace(word.as_str(), " ");
            }
        }
        rest
    }

    fn entities_at(text: &str, lexicon: &Lexicon) -> (Vec<usize>, Vec<Range<usize>>) {
        let (mut found, mut ranges) = (Vec::new(), Vec::new());
        let mut rest = text.to_owned();
        for (alias, index) in &lexicon.aliases {
            let mut from = 0;
            while let Some(at) = find_ignoring_ascii_case(&rest[from..], alias) {
                let start = from + at;
                let end = start + alias.len();
                let bounded = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric());
                if bounded(rest[..start].chars().next_back()) && bounded(rest[end..].chars().next()) {
                    found.push(*index);
                    ranges.push(start..end);
                    rest.replace_range(start..end, &" ".repeat(alias.len()));
                }
                from = end.min(rest.len());
                while !rest.is_char_boundary(from) {
                    from += 1;
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        (found, ranges)
    }

    fn find_ignoring_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        if n.is_empty() || n.len() > h.len() {
            return None;
        }
        (0..=h.len() - n.len())
            .find(|&i| haystack.is_char_boundary(i) && h[i..i + n.len()].eq_ignore_ascii_case(n))
    }
}

/// Texts made of the pieces the functions above treat specially: the
/// lexicon's aliases (in three cases), markers and false markers in both
/// languages, months, figures, joiners, Han and other non-ASCII letters,
/// put together with and without spaces. A fixed generator: the same
/// texts on every run.
fn generated_texts(lexicon: &Lexicon, count: usize) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for (alias, _) in &lexicon.aliases {
        pieces.extend([alias.clone(), alias.to_uppercase(), capitalized(alias)]);
    }
    pieces.extend(lexicon.zh_markers.iter().map(|(word, _)| word.clone()));
    pieces.extend(lexicon.zh_false_markers.iter().cloned());
    for marker in &lexicon.markers {
        pieces.extend(marker.en.iter().flat_map(|w| [w.clone(), capitalized(w)]));
    }
    if let Some(first) = &lexicon.first_person {
        pieces.extend(first.en.iter().flat_map(|w| [w.clone(), w.to_uppercase()]));
        pieces.extend(first.zh.iter().flat_map(|w| [w.clone(), format!("{w}的")]));
    }
    let fixed = [
        "May",
        "may",
        "Sept",
        "SEPT",
        "dec",
        "December",
        "Mayo",
        "jun",
        "ja",
        "2016-04-29",
        "99.9%",
        "1,000",
        "7x24x365",
        "SOC1",
        "1.7MB",
        "help@example.com",
        "a@b",
        ".",
        ",",
        "-",
        "/",
        "'",
        "’",
        "@",
        "%",
        "。",
        "，",
        "的",
        "数",
        "中国",
        "Ünïcode",
        "İstanbul",
        "\u{212a}elvin",
        "ΣΊΣΥΦΟΣ",
        "x",
        "9",
        "0,5",
        "９９．９％",
        "２",
        "两张",
        "第三级",
        "十二小时",
        "two",
        "Step",
        "2.1",
    ];
    pieces.extend(fixed.iter().map(|p| p.to_string()));
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    (0..count)
        .map(|_| {
            let mut text = String::new();
            for _ in 0..1 + next(24) {
                text.push_str(&pieces[next(pieces.len())]);
                if next(3) > 0 {
                    text.push(' ');
                }
            }
            text
        })
        .collect()
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[test]
fn tokens_features_and_months_are_those_of_the_plain_implementations() {
    let lexicon = lexicon();
    let texts = generated_texts(&lexicon, 4_000);
    let (mut markers, mut entities, mut numbers) = (0, 0, 0);
    for text in &texts {
        let (ours, theirs) = (tokens(text), oracle::tokens(text));
        let as_pairs = |list: &[Token]| list.iter().map(|t| (t.range.clone(), t.hash)).collect::<Vec<_>>();
        assert_eq!(as_pairs(&ours), as_pairs(&theirs), "tokens of {text:?}");
        for token in &ours {
            let word = &text[token.range.clone()];
            assert_eq!(month(word), oracle::month(word), "month of {word:?}");
        }
        for lang in [Lang::En, Lang::Zh] {
            let expected = oracle::features(text, &theirs, lang, &lexicon);
            assert_eq!(
                features(text, &ours, lang, &lexicon),
                expected,
                "features of {text:?}"
            );
            markers += expected.markers.len();
            entities += expected.entities.len();
            numbers += expected.numbers.len();
        }
        assert_eq!(
            without_false_markers(text, &lexicon),
            oracle::without_false_markers(text, &lexicon)
        );
    }
    // The texts exercise what is compared.
    assert!(
        markers > 4_000 && entities > 4_000 && numbers > 1_000,
        "{markers} {entities} {numbers}"
    );
}

#[test]
fn a_sentences_tokens_are_the_blocks_tokens_in_its_range() {
    let lexicon = lexicon();
    let mut sentences_seen = 0;
    for text in generated_texts(&lexicon, 4_000) {
        let block = tokens(&text);
        for range in sentences(&text) {
            let within = &block[tokens_within(&block, &range)];
            let shifted: Vec<(Range<usize>, u64)> = (within.iter())
                .map(|t| (t.range.start - range.start..t.range.end - range.start, t.hash))
                .collect();
            let alone: Vec<(Range<usize>, u64)> = (tokens(&text[range.clone()]).into_iter())
                .map(|t| (t.range, t.hash))
                .collect();
            assert_eq!(shifted, alone, "{:?} in {text:?}", &text[range]);
            sentences_seen += 1;
        }
    }
    assert!(sentences_seen > 3_000, "{sentences_seen}");
}
