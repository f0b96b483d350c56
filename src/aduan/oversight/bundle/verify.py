#!/usr/bin/env python3
"""Verify an Aduan investigation bundle without Aduan: Python 3.8+ standard library only.

    python3 verify.py                 # the bundle this file was unpacked with (its own folder)
    python3 verify.py bundle.zip      # or a ZIP, read in place
    python3 verify.py path/to/folder

Checks, for every file and every report in the bundle:
  1. MANIFEST.sha256: every file listed has that SHA-256, and no file is missing or unlisted;
  2. each reports/<code>/events.json: the hash chain, recomputed event by event as
       hash = sha256(prev_hash + "\\n" + canonical_json(fields))
     where canonical_json is JSON with sorted keys, no spaces, UTF-8 (not ASCII-escaped), the first
     prev_hash is 64 zeros, and every prev_hash is the hash of the event before;
  3. the chain ends where reports/<code>/chain.json says the report's head was (count and last hash);
  4. each attachment's SHA-256 is the one recorded when it was uploaded (attachments.json).
An event marked "redacted" (personal data of an anonymous reporter removed from its text) cannot have its
content recomputed; its links to the events before and after are still checked, and it is listed.

Exit status 0 when everything checks, 1 when anything does not (each problem is printed), 2 on bad usage.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zipfile

GENESIS = "0" * 64
MANIFEST = "MANIFEST.sha256"


def canonical(fields):
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link(prev_hash, fields):
    return hashlib.sha256((prev_hash + "\n" + canonical(fields)).encode("utf-8")).hexdigest()


class Folder:
    def __init__(self, root):
        self.root = root

    def names(self):
        found = []
        for directory, _subdirs, files in os.walk(self.root):
            for name in files:
                path = os.path.relpath(os.path.join(directory, name), self.root).replace(os.sep, "/")
                found.append(path)
        return found

    def open(self, name):
        return open(os.path.join(self.root, *name.split("/")), "rb")


class Zip:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)

    def names(self):
        return [name for name in self.zip.namelist() if not name.endswith("/")]

    def open(self, name):
        return self.zip.open(name)


def sha256_of(bundle, name):
    digest = hashlib.sha256()
    with bundle.open(name) as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read_json(bundle, name):
    with bundle.open(name) as handle:
        return json.loads(handle.read().decode("utf-8"))


def check_manifest(bundle, problems):
    names = set(bundle.names())
    if MANIFEST not in names:
        problems.append(MANIFEST + ": missing")
        return
    with bundle.open(MANIFEST) as handle:
        lines = handle.read().decode("utf-8").splitlines()
    listed = {}
    for line in lines:
        if line.strip():
            digest, _sep, name = line.partition("  ")
            listed[name] = digest
    for name, digest in sorted(listed.items()):
        if name not in names:
            problems.append(name + ": listed in the manifest but missing")
        elif sha256_of(bundle, name) != digest:
            problems.append(name + ": SHA-256 differs from the manifest (file changed)")
    for name in sorted(names - set(listed) - {MANIFEST}):
        # Files a person adds by unpacking (e.g. __pycache__) are not part of the bundle.
        if "__pycache__" not in name:
            problems.append(name + ": not in the manifest (file added)")


def check_chain(bundle, folder, problems, notes):
    history = read_json(bundle, folder + "events.json")
    head = read_json(bundle, folder + "chain.json")
    code = history.get("code", folder)
    prev = GENESIS
    events = history.get("events", [])
    for position, event in enumerate(events, start=1):
        fields = event["fields"]
        where = "{} event {}".format(code, fields.get("seq"))
        if fields.get("seq") != position:
            problems.append(where + f": sequence broken, expected event {position}")
        if fields.get("report") != history.get("report"):
            problems.append(where + ": belongs to another report")
        if event["prev_hash"] != prev:
            problems.append(where + ": previous-hash link broken")
        if event.get("redacted"):
            notes.append(
                where + ": redacted ({}); content not recomputable, links checked".format(", ".join(event["redacted"]))
            )
        elif link(event["prev_hash"], fields) != event["hash"]:
            problems.append(where + ": content does not match its hash (altered)")
        prev = event["hash"]
    if len(events) != head.get("event_count") or prev != head.get("last_hash"):
        problems.append(code + ": chain does not end at the report's recorded head (events added or removed)")
    return len(events)


def check_attachments(bundle, folder, problems):
    listing = folder + "attachments.json"
    if listing not in set(bundle.names()):
        return
    for item in read_json(bundle, listing):
        if item.get("missing"):
            continue
        if sha256_of(bundle, folder + item["path"]) != item["sha256"]:
            problems.append(folder + item["path"] + ": SHA-256 differs from the one recorded at upload")


def main(argv):
    if len(argv) > 2:
        print(__doc__)
        return 2
    target = argv[1] if len(argv) == 2 else os.path.dirname(os.path.abspath(__file__))
    if os.path.isdir(target):
        bundle = Folder(target)
    elif zipfile.is_zipfile(target):
        bundle = Zip(target)
    else:
        print("not a bundle folder or ZIP: " + target)
        return 2
    problems, notes = [], []
    check_manifest(bundle, problems)
    folders = sorted({name.rsplit("/", 1)[0] + "/" for name in bundle.names() if name.endswith("/events.json")})
    total = 0
    for folder in folders:
        try:
            total += check_chain(bundle, folder, problems, notes)
            check_attachments(bundle, folder, problems)
        except (KeyError, ValueError, TypeError) as error:
            problems.append(folder + f": unreadable ({type(error).__name__}: {error})")
    for note in notes:
        print("NOTE  " + note)
    for problem in problems:
        print("FAIL  " + problem)
    if problems or not folders:
        print(f"NOT VERIFIED: {len(problems) or 1} problem(s) in {len(folders)} report(s)")
        return 1
    print(f"VERIFIED: {len(folders)} report(s), {total} event(s), every file matches the manifest")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
