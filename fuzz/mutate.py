#!/usr/bin/env python3
"""Mutation fuzzer for the tclint binary: hostile pages through `check` and
`convert`, looking for aborts, panics, timeouts and unstable conversions.

Each case is a small site: one mutated page and a few healthy neighbours
(so links, twins and includes resolve), all taken from the seed folders.
A case fails when tclint is killed by a signal (a stack overflow aborts),
panics (exit 101 or "panicked" on stderr), exits with an unexpected code,
takes longer than the timeout, or when converting the converted site again
changes a page the first conversion passed.

Usage:
  fuzz/mutate.py --bin target/release/tclint --minutes 30 --out /tmp/fuzz \
      corpus tests/fixtures ../shared/corpus

Failing cases are kept under OUT/failures/<n>/ with a note of what failed.
Only the standard library is used.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PAGE_EXTENSIONS = (".md", ".markdown", ".html", ".htm")
TOKENS = [
    b"<", b">", b"<!--", b"-->", b"--!>", b'"', b"'", b"---\n", b"\x00",
    b"\xff\xfe", b"\xef\xbb\xbf", b"\r\n", b"\r", b"[AZURE.NOTE]",
    b"> [AZURE.LANGUAGE]\n", b"[AZURE.INCLUDE [x](../includes/x.md)]",
    b"[AZURE.SELECTOR]", b"<properties pageTitle=\"x\" />\n", b"<a href=\"#",
    b"<a href=\"", b"</a>", b"<div>", b"</div>", b"<table><tr><td>", b"<svg>",
    b"<math>", b"<![CDATA[", b"<script>", b"<style>", b"<textarea>", b"```\n",
    b"    ", b"|", b"*", b"_", b"`", b"[", b"](", b")", b"#", b"&", b"&#x",
    b"\xe3\x80\x82\xe3\x80\x82\xe3\x80\x82", b"\xed\xa0\x80", b"\xc3",
]
NESTERS = [b"<div>", b"<b><i>", b"<table><tr><td>", b"<svg>", b"<ul><li>",
           b"<blockquote>", b"<span>", b"<a href=\"#x\">", b"> ", b"- ", b"*",
           b"[", b"<!--", b"<p>", b"<font>", b"<select><option>"]


def seed_pages(folders):
    pages = []
    for folder in folders:
        for root, _, files in os.walk(folder):
            for name in files:
                if name.lower().endswith(PAGE_EXTENSIONS):
                    path = os.path.join(root, name)
                    if os.path.getsize(path) <= 400_000:
                        pages.append(path)
    return sorted(pages)


def mutate(data, rng):
    """One to eight mutations of the kinds hostile pages carry."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        kind = rng.randrange(11)
        at = rng.randint(0, len(data))
        if kind == 0 and data:  # byte flips
            for _ in range(rng.randint(1, 16)):
                i = rng.randrange(len(data))
                data[i] ^= 1 << rng.randrange(8)
        elif kind == 1:  # truncation
            data = data[:at]
        elif kind == 2:  # a token
            data[at:at] = rng.choice(TOKENS)
        elif kind == 3:  # a token many times
            data[at:at] = rng.choice(TOKENS) * rng.randint(2, 5000)
        elif kind == 4:  # deep nesting
            data[at:at] = rng.choice(NESTERS) * rng.choice([100, 1000, 20000])
        elif kind == 5:  # a huge attribute
            data[at:at] = b'<p title="' + b"x" * rng.randint(1000, 300_000) + b'">'
        elif kind == 6:  # many attributes
            count = rng.randint(100, 20_000)
            data[at:at] = b"<p " + b" ".join(b"a%d=1" % i for i in range(count)) + b">"
        elif kind == 7:  # line endings and byte-order marks
            data = data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\r"]))
            if rng.random() < 0.5:
                data[0:0] = rng.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf"])
        elif kind == 8:  # UTF-16
            try:
                text = bytes(data).decode("utf-8", "replace")
                data = bytearray(rng.choice([b"\xff\xfe", b"\xfe\xff"]))
                data += text.encode("utf-16-le" if data[0] == 0xFF else "utf-16-be")
            except Exception:
                pass
        elif kind == 9:  # a slice copied elsewhere
            if data:
                start = rng.randrange(len(data))
                piece = data[start:start + rng.randint(1, 4000)]
                data[at:at] = piece
        else:  # invalid UTF-8
            data[at:at] = bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randint(1, 8)))
    return bytes(data)


def run(command, timeout):
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", time.monotonic() - started
    return done, done.stderr, time.monotonic() - started


def verdict(done, stderr, allowed):
    """What went wrong with a run, or None."""
    if done is None:
        return "timeout"
    if done.returncode < 0:
        return "signal %s" % signal.Signals(-done.returncode).name
    if done.returncode == 101 or b"panicked" in stderr:
        return "panic"
    if done.returncode not in allowed:
        return "exit %d" % done.returncode
    return None


def unstable_pages(first, second):
    """Pages written by both conversions whose bytes differ, among those the
    first conversion passed."""
    try:
        with open(os.path.join(first, "migration-report.json")) as report:
            pages = json.load(report)["pages"]
    except (OSError, ValueError, KeyError):
        return []
    differing = []
    for page in pages:
        if page.get("needs_review"):
            continue
        a = os.path.join(first, page["output"])
        b = os.path.join(second, page["output"])
        try:
            with open(a, "rb") as fa, open(b, "rb") as fb:
                if fa.read() != fb.read():
                    differing.append(page["output"])
        except OSError:
            differing.append(page["output"])
    return differing


def one_case(binary, seeds, rng, timeout, work):
    site = os.path.join(work, "site")
    os.makedirs(site)
    chosen = rng.sample(seeds, min(len(seeds), rng.randint(1, 4)))
    names = []
    for i, path in enumerate(chosen):
        name = "p%d%s" % (i, os.path.splitext(path)[1].lower())
        with open(path, "rb") as f:
            data = f.read()
        if i == 0:
            data = mutate(data, rng)
        with open(os.path.join(site, name), "wb") as f:
            f.write(data)
        names.append(name)
    failures = []
    # Every reporter: `full`, the one people see, draws snippets.
    report = rng.choice(["full", "json", "sarif", "concise", "github", "junit"])
    # --preview: every rule, those in preview too.
    done, err, _ = run(
        [binary, "check", "--isolated", "--preview", "--color", "always", "--format", report, site], timeout
    )
    problem = verdict(done, err, {0, 1, 2})
    if problem:
        failures.append("check: " + problem)
    out = os.path.join(work, "out")
    done, err, _ = run([binary, "convert", "--isolated", site, "--out", out], timeout)
    problem = verdict(done, err, {0, 1})
    if problem:
        failures.append("convert: " + problem + " " + err[-300:].decode("utf-8", "replace"))
    elif os.path.isdir(out):
        again = os.path.join(work, "again")
        done, err, _ = run([binary, "convert", "--isolated", out, "--out", again], timeout)
        problem = verdict(done, err, {0, 1})
        if problem:
            failures.append("convert of the output: " + problem)
        else:
            differing = unstable_pages(out, again)
            if differing:
                failures.append("unstable: " + ", ".join(differing))
    return failures, chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args()
    seeds = seed_pages(args.folders)
    if not seeds:
        sys.exit("no seed pages")
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "failures"), exist_ok=True)
    deadline = time.monotonic() + args.minutes * 60
    runs, counts = 0, {}
    while time.monotonic() < deadline:
        work = tempfile.mkdtemp(prefix="tclint-fuzz-")
        try:
            failures, chosen = one_case(args.bin, seeds, rng, args.timeout, work)
            runs += 1
            for failure in failures:
                kind = failure.split(":")[0] + ": " + failure.split(":")[1].split()[0]
                counts[kind] = counts.get(kind, 0) + 1
            if failures:
                kept = os.path.join(args.out, "failures", str(runs))
                shutil.copytree(os.path.join(work, "site"), kept)
                with open(os.path.join(kept, "FAILURE.txt"), "w") as note:
                    note.write("\n".join(failures) + "\nseeds: " + ", ".join(chosen) + "\n")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if runs % 100 == 0:
            print("%d runs, failures: %s" % (runs, counts or "none"), flush=True)
    summary = {"runs": runs, "minutes": args.minutes, "failures": counts}
    print(json.dumps(summary))
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f)


if __name__ == "__main__":
    main()
