//! The precision ledgers (`tests/ledger/*.tsv`) held against what tclint
//! reports on the two reference sites: a finding judged false or noise that
//! was gone must stay gone, and one judged real must still be reported. The
//! claims ledger holds every claims finding, so there every reported finding
//! must have been judged; the links and markup ledger holds samples (their
//! rules report hundreds of findings of a few kinds).
//!
//! The reference sites are not part of the repository (their READMEs do not
//! allow it): they are looked for in `$TCLINT_REFERENCE_SITES`, else in a
//! `shared/corpus` folder above the checkout. Without them the test says so
//! and passes, unless `TCLINT_REQUIRE_REFERENCE_SITES` is set (as `.ci/run`
//! does where they are).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::json_findings;

/// One ledger: its file, the rules it judges, and each reference site with
/// the configuration it is checked with (its facts: `examples/`), or none:
/// a site tclint has never seen.
struct Ledger {
    file: &'static str,
    select: &'static [&'static str],
    sites: [(&'static str, Option<&'static str>); 2],
    every_finding_judged: bool,
}

const CLAIMS: Ledger = Ledger {
    file: "tests/ledger/claims.tsv",
    select: &["--preview", "--select", "claims"],
    sites: [
        ("trustcenter-site", Some("examples/trustcenter.toml")),
        ("acom-docs-site", None),
    ],
    every_finding_judged: true,
};

const LINKS_AND_MARKUP: Ledger = Ledger {
    file: "tests/ledger/links-markup.tsv",
    select: &["--select", "links,markup"],
    sites: [
        ("trustcenter-site", Some("examples/trustcenter.toml")),
        ("acom-docs-site", Some("examples/acom-docs.toml")),
    ],
    every_finding_judged: false,
};

struct Judged {
    rule: String,
    verdict: String,
    reported: bool,
}

fn read_ledger(file: &str) -> BTreeMap<(String, String), Judged> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(path).expect("the ledger is readable");
    let mut judged = BTreeMap::new();
    for line in text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            fields.len(),
            6,
            "ledger line with {} fields: {line}",
            fields.len()
        );
        assert!(
            ["real", "noise", "false", "missed"].contains(&fields[3]),
            "unknown verdict in: {line}"
        );
        assert!(
            ["yes", "no"].contains(&fields[4]),
            "`reported` is yes or no in: {line}"
        );
        let entry = Judged {
            rule: fields[2].to_owned(),
            verdict: fields[3].to_owned(),
            reported: fields[4] == "yes",
        };
        let previous = judged.insert((fields[0].to_owned(), fields[1].to_owned()), entry);
        assert!(previous.is_none(), "judged twice: {line}");
    }
    judged
}

fn reference_sites() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TCLINT_REFERENCE_SITES") {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.join(CLAIMS.sites[0].0).is_dir())
}

/// (fingerprint, rule) of every finding of the ledger's rules on `site`.
fn reported(ledger: &Ledger, site: &Path, config: Option<&str>) -> BTreeSet<(String, String)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = ledger.select.to_vec();
    let config_path = config.map(|config| manifest.join(config));
    if let Some(path) = &config_path {
        args.extend(["--config", path.to_str().expect("UTF-8 path")]);
    } else {
        args.push("--isolated");
    }
    let site_arg = site.to_str().expect("UTF-8 path");
    args.push(site_arg);
    (json_findings(manifest, &args).iter())
        .map(|finding| {
            let text = |field: &str| finding[field].as_str().expect(field).to_owned();
            (text("fingerprint"), text("rule"))
        })
        .collect()
}

#[test]
fn claims_findings_hold_to_the_precision_ledger() {
    check_ledger(&CLAIMS);
}

#[test]
fn links_and_markup_findings_hold_to_the_precision_ledger() {
    check_ledger(&LINKS_AND_MARKUP);
}

fn check_ledger(ledger: &Ledger) {
    let Some(sites) = reference_sites() else {
        assert!(
            std::env::var_os("TCLINT_REQUIRE_REFERENCE_SITES").is_none(),
            "the reference sites are required but not found"
        );
        eprintln!("reference sites not found: the precision ledger is not checked");
        return;
    };
    let judged = read_ledger(ledger.file);
    let mut problems = Vec::new();
    for (name, config) in ledger.sites {
        let now = reported(ledger, &sites.join(name), config);
        let now_prints: BTreeSet<&str> = now.iter().map(|(print, _)| print.as_str()).collect();
        for (print, rule) in &now {
            if ledger.every_finding_judged && !judged.contains_key(&(name.to_owned(), print.clone())) {
                problems.push(format!(
                    "{name}: {rule} finding {print} is reported but nobody judged it"
                ));
            }
        }
        for ((site, print), entry) in judged.iter().filter(|((site, _), _)| site == name) {
            let is_reported = now_prints.contains(print.as_str());
            match entry.verdict.as_str() {
                "real" if !is_reported => problems.push(format!(
                    "{site}: {} finding {print}, judged real, is no longer reported",
                    entry.rule
                )),
                "false" | "noise" if is_reported && !entry.reported => problems.push(format!(
                    "{site}: {} finding {print}, judged {}, is reported again",
                    entry.rule, entry.verdict
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
