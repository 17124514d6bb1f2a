#!/usr/bin/env python3
"""Print claims findings as a reading sheet for judges who do not know the rules.

    tclint check --preview --select claims --format json SITE > f.json
    bench/claims-sheet.py f.json [--rule NAME] [--skip-judged tests/ledger/claims.tsv --site NAME]

Each finding gets its fingerprint, rule, location, message, help and related
locations; the judge opens the pages named and writes one ledger line per
finding: site, fingerprint, rule, verdict (real / noise / false), reason.
"""
import argparse
import json


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
    args = parser.parse_args()
    with open(args.findings, encoding="utf-8") as source:
        findings = json.load(source)
    skip = judged(args.skip_judged, args.site)
    for finding in findings:
        if args.rule and finding["rule"] != args.rule:
            continue
        if finding["fingerprint"] in skip:
            continue
        print(f"### {finding['fingerprint']}  {finding['rule']}")
        print(f"at: {finding['path']}:{finding['line']}:{finding['column']}")
        print(f"message: {finding['message']}")
        if finding.get("help"):
            print(f"help: {finding['help']}")
        for related in finding["related"]:
            print(f"  related {related['path']}:{related['line']}: {related['message']}")
        print()


if __name__ == "__main__":
    main()
