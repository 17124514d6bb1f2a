#!/usr/bin/env python3
"""Print findings as a reading sheet for judges who do not know the rules.

    tclint check --preview --select claims --format json SITE > f.json
    bench/ledger-sheet.py f.json [--rule NAME] [--match REGEX] [--sample N]
        [--skip-judged tests/ledger/claims.tsv --site NAME]

`--sample N` keeps N findings per rule, spread evenly over the findings in
fingerprint order (the same sample every time for the same findings);
`--match` keeps findings whose message matches.

Each finding gets its fingerprint, rule, location, message, help and related
locations; the judge opens the pages named and writes one ledger line per
finding: site, fingerprint, rule, verdict (real / noise / false), reason.
"""
import argparse
import json
import re


def judged(ledger, site):
    seen = set()
    if not ledger:
        return seen
    with open(ledger, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if fields[0] == site:
                seen.add(fields[1])
    return seen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("findings")
    parser.add_argument("--rule")
    parser.add_argument("--skip-judged")
    parser.add_argument("--site", default="")
    parser.add_argument("--match")
    parser.add_argument("--sample", type=int)
    args = parser.parse_args()
    with open(args.findings, encoding="utf-8") as source:
        findings = json.load(source)
    skip = judged(args.skip_judged, args.site)
    findings = [
        finding
        for finding in findings
        if (not args.rule or finding["rule"] == args.rule)
        and finding["fingerprint"] not in skip
        and (not args.match or re.search(args.match, finding["message"]))
    ]
    if args.sample:
        findings = sample(findings, args.sample)
    for finding in findings:
        print(f"### {finding['fingerprint']}  {finding['rule']}")
        print(f"at: {finding['path']}:{finding['line']}:{finding['column']}")
        print(f"message: {finding['message']}")
        if finding.get("help"):
            print(f"help: {finding['help']}")
        for related in finding["related"]:
            print(f"  related {related['path']}:{related['line']}: {related['message']}")
        print()


def sample(findings, size):
    """`size` findings per rule, evenly spread in fingerprint order."""
    by_rule = {}
    for finding in sorted(findings, key=lambda f: f["fingerprint"]):
        by_rule.setdefault(finding["rule"], []).append(finding)
    kept = []
    for rule_findings in by_rule.values():
        step = max(1, len(rule_findings) / size)
        picked = {int(i * step) for i in range(min(size, len(rule_findings)))}
        kept.extend(f for i, f in enumerate(rule_findings) if i in picked)
    return kept


if __name__ == "__main__":
    main()
