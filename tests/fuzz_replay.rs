//! The fuzz targets' properties (`tclint::harness`) on a deterministic
//! sample, in every CI run: the committed inputs that once broke tclint
//! (`fuzz/regressions/`), then a few thousand mutations of the repository's
//! own pages (`corpus/`, `tests/fixtures/`). Long runs are cargo-fuzz's and
//! `fuzz/mutate.py`'s (see `fuzz/README.md`).

use std::path::{Path, PathBuf};

use tclint::harness;

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_below(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn repository(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every property on one input; the message names the input.
fn all_properties(name: &str, input: &[u8]) {
    harness::parse(input).unwrap_or_else(|problem| panic!("{name}: parse: {problem}"));
    let dir = tempfile::tempdir().unwrap();
    harness::check_and_fix(&dir.path().join("check"), input)
        .unwrap_or_else(|problem| panic!("{name}: check and fix: {problem}"));
    harness::convert_twice(&dir.path().join("convert"), input)
        .unwrap_or_else(|problem| panic!("{name}: convert twice: {problem}"));
}

#[test]
fn inputs_that_once_broke_tclint_no_longer_do() {
    let mut inputs = Vec::new();
    files_below(&repository("fuzz/regressions"), &mut inputs);
    inputs.sort();
    assert!(!inputs.is_empty(), "fuzz/regressions is empty");
    for path in inputs {
        let input = std::fs::read(&path).unwrap();
        all_properties(&path.display().to_string(), &input);
    }
}

/// xorshift64: the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"<!--",
    b"-->",
    b"\"",
    b"'",
    b"---\n",
    b"\0",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"\r",
    b"[AZURE.NOTE]",
    b"> [AZURE.LANGUAGE]\n",
    b"<a href=\"#",
    b"</a>",
    b"<div>",
    b"<table><tr><td>",
    b"<svg>",
    b"```\n",
    b"|",
    b"*",
    b"_",
    b"[",
    b"](",
    b"&#x",
    b"\xe3\x80\x82\xe3\x80\x82\xe3\x80\x82",
    b"\xc3",
];
const NESTERS: &[&[u8]] = &[
    b"<div>",
    b"<b><i>",
    b"<table><tr><td>",
    b"<ul><li>",
    b"> ",
    b"<!--",
    b"*",
    b"[",
];

/// The mutations `fuzz/mutate.py` makes, smaller.
fn mutate(rng: &mut Rng, mut data: Vec<u8>) -> Vec<u8> {
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(data.len() + 1);
        match rng.below(8) {
            0 if !data.is_empty() => {
                for _ in 0..1 + rng.below(16) {
                    let i = rng.below(data.len());
                    data[i] ^= 1 << rng.below(8);
                }
            }
            1 => data.truncate(at),
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())].repeat(2 + rng.below(500));
                data.splice(at..at, token);
            }
            4 => {
                let nest = NESTERS[rng.below(NESTERS.len())].repeat([100, 1000, 3000][rng.below(3)]);
                data.splice(at..at, nest);
            }
            5 => {
                let attributes: Vec<u8> = (0..200 + rng.below(2000))
                    .flat_map(|i| format!(" a{i}=1").into_bytes())
                    .collect();
                data.splice(at..at, [b"<p".as_slice(), &attributes, b">"].concat());
            }
            6 => {
                let start = rng.below(data.len() + 1);
                let end = (start + rng.below(2000)).min(data.len());
                let piece = data[start..end].to_vec();
                data.splice(at..at, piece);
            }
            _ => {
                let bytes: Vec<u8> = (0..1 + rng.below(8))
                    .map(|_| 0x80 + rng.below(0x80) as u8)
                    .collect();
                data.splice(at..at, bytes);
            }
        }
    }
    data
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut paths = Vec::new();
    files_below(&repository("corpus"), &mut paths);
    files_below(&repository("tests/fixtures"), &mut paths);
    paths.retain(|p| {
        p.extension()
            .is_some_and(|e| ["md", "html", "htm"].contains(&e.to_string_lossy().as_ref()))
    });
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.display().to_string(), bytes)
        })
        .collect()
}

#[test]
fn mutations_of_the_repository_pages_hold_every_property() {
    let seeds = seeds();
    assert!(seeds.len() > 20, "{} seed pages", seeds.len());
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let dir = tempfile::tempdir().unwrap();
    for case in 0..3000 {
        let (name, seed) = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed.clone());
        // A failing input is kept where the message says, for fuzz/regressions.
        let kept = std::env::temp_dir().join(format!("tclint-fuzz-replay-case-{case}"));
        let label = format!("case {case} (a mutation of {name}, kept in {})", kept.display());
        let _ = std::fs::write(&kept, &input);
        harness::parse(&input).unwrap_or_else(|problem| panic!("{label}: parse: {problem}"));
        // The whole-site properties on a tenth of the cases (each loads sites).
        if case % 10 == 0 {
            let here = dir.path().join(case.to_string());
            harness::check_and_fix(&here.join("check"), &input)
                .unwrap_or_else(|problem| panic!("{label}: check and fix: {problem}"));
            harness::convert_twice(&here, &input)
                .unwrap_or_else(|problem| panic!("{label}: convert twice: {problem}"));
            std::fs::remove_dir_all(&here).unwrap();
        }
        let _ = std::fs::remove_file(&kept);
    }
}
