# SPDX-License-Identifier: GPL-2.0
"""Write generated files, or check that the committed ones are current.

Shared by the generators in this directory: each computes its files' text
and hands them here with what to say in the check's one TAP line.
"""
import os


def write_or_check(files, top, check, what, detail, stale_hint=""):
    """files: {path: text}.  Without check, rewrite the files whose text
    differs; with it, print one TAP test: WHAT up to date (DETAIL), or
    which files are stale.  Returns the exit status."""
    stale = []
    for path, txt in files.items():
        cur = open(path).read() if os.path.exists(path) else None
        if cur == txt:
            continue
        stale.append(os.path.relpath(path, top))
        if not check:
            with open(path, "w") as f:
                f.write(txt)
    if not check:
        return 0
    print("1..1")
    if stale:
        print("not ok 1 %s up to date: stale %s%s" %
              (what, " ".join(stale), stale_hint))
        return 1
    print("ok 1 %s up to date (%s)" % (what, detail))
    return 0
