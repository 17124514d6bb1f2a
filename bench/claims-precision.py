#!/usr/bin/env python3
"""Precision of the claims rules per site, from the judged ledger.

    bench/claims-precision.py [--bin target/release/tclint] [--sites DIR]

Runs `tclint check --preview --select claims` on each reference site (the
trust-center site with examples/trustcenter.toml, the ACOM docs site with no
configuration) and counts the reported findings by their ledger verdict
(tests/ledger/claims.tsv). Prints a Markdown table: real / reported per rule
and site, findings not yet judged, and the judged-real findings no longer
reported (recall lost).
"""
import argparse
import collections
import json
import os
import subprocess

SITES = [("trustcenter-site", "examples/trustcenter.toml"), ("acom-docs-site", None)]


def ledger(path):
    verdicts = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            site, print_, rule, verdict, _, _ = line.rstrip("\n").split("\t")
            verdicts[(site, print_)] = (rule, verdict)
    return verdicts


def reported(binary, site_dir, config):
    args = [binary, "check", "--preview", "--select", "claims", "--format", "json"]
    args += ["--config", config] if config else ["--isolated"]
    run = subprocess.run(args + [site_dir], capture_output=True, text=True, check=False)
    return json.loads(run.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/tclint")
    parser.add_argument("--sites", default=os.environ.get("TCLINT_REFERENCE_SITES", "../shared/corpus"))
    parser.add_argument("--ledger", default="tests/ledger/claims.tsv")
    args = parser.parse_args()
    verdicts = ledger(args.ledger)
    print("| site | rule | real | noise | false | not judged | precision | missed (judged real, not reported) |")
    print("|---|---|---|---|---|---|---|---|")
    for site, config in SITES:
        findings = reported(args.bin, os.path.join(args.sites, site), config)
        counts = collections.defaultdict(collections.Counter)
        now = set()
        for finding in findings:
            now.add(finding["fingerprint"])
            verdict = verdicts.get((site, finding["fingerprint"]), (None, "not judged"))[1]
            counts[finding["rule"]][verdict] += 1
        for (where, print_), (rule, verdict) in verdicts.items():
            if where == site and verdict in ("real", "missed") and print_ not in now:
                counts[rule]["missed"] += 1
        for rule in sorted(counts):
            c = counts[rule]
            total = c["real"] + c["noise"] + c["false"] + c["not judged"]
            share = f"{100 * c['real'] / total:.0f} %" if total else "-"
            print(f"| {site} | {rule} | {c['real']} | {c['noise']} | {c['false']} | {c['not judged']} "
                  f"| {c['real']}/{total} = {share} | {c['missed']} |")


if __name__ == "__main__":
    main()
