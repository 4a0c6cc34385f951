#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Show that uapi_numbers.py catches a renumbered uAPI, and lets additions by.

Each case edits a copy of the spec (and of the baseline where it writes
one), runs uapi_numbers.py on the copies and looks at its exit status and
at the names it prints.  The last case runs the typed-op generator on a
copy of its inputs with an op inserted in the middle of its list: the
numbers of the ops after it must stay.  Prints TAP; a failing case prints
what the checker said.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "../../../.."))
SPEC = os.path.join(TOP, "Documentation/netlink/specs/cxlfm.yaml")
BASELINE = os.path.join(HERE, "uapi-numbers.txt")
CHECK = os.path.join(HERE, "uapi_numbers.py")
GEN_DIR = os.path.join(TOP, "tools/testing/cxlfm/gen")

results = []


def result(ok, what, saw=""):
    results.append((ok, what, saw))


def run_check(spec_text, tmp, *extra, baseline=BASELINE):
    spec = os.path.join(tmp, "cxlfm.yaml")
    with open(spec, "w") as f:
        f.write(spec_text)
    p = subprocess.run([sys.executable, CHECK, "--spec", spec,
                        "--baseline", baseline] + list(extra),
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def edit(text, old, new, count=1):
    if text.count(old) < count:
        sys.exit("uapi_numbers_test: the spec no longer has %r" % old)
    return text.replace(old, new, count)


def main():
    orig = open(SPEC).read()
    with tempfile.TemporaryDirectory() as tmp:
        rc, out = run_check(orig, tmp)
        result(rc == 0, "the spec as committed passes", out)

        # The old way: numbers from the order of the list.  With the
        # values of the operations taken out, an op inserted after
        # cci-get moves every op after it.
        ops = orig.split("\noperations:")[1]
        implicit = orig.split("\noperations:")[0] + "\noperations:" + \
            re.sub(r"\n      value: \d+", "", ops)
        implicit = edit(implicit, "\n    -\n      name: raw\n",
                        "\n    -\n      name: inserted-op\n"
                        "      attribute-set: cci\n"
                        "      do:\n        request:\n"
                        "          attributes: [ id ]\n"
                        "    -\n      name: raw\n")
        rc, out = run_check(implicit, tmp)
        result(rc != 0 and "moved: CXLFM_CMD_RAW from 2 to 3" in out and
               "not pinned (no value:): operations raw" in out,
               "an op inserted into an unpinned list fails, naming the ops "
               "that moved and the missing values", out)

        # A pinned number edited by hand.
        moved = edit(orig, "        name: vendor\n        value: 8\n",
                     "        name: vendor\n        value: 30\n")
        rc, out = run_check(moved, tmp)
        result(rc != 0 and "moved: CXLFM_A_CCI_VENDOR from 8 to 30" in out,
               "an attribute given another number fails, naming it", out)

        # Two enum entries swapped.
        swapped = edit(orig, "        name: notify\n        value: 1\n",
                       "        name: notify\n        value: 2\n")
        swapped = edit(swapped, "        name: \"off\"\n        value: 2\n",
                       "        name: \"off\"\n        value: 1\n")
        rc, out = run_check(swapped, tmp)
        result(rc != 0 and
               "moved: CXLFM_INBAND_POLICY_NOTIFY from 1 to 2" in out and
               "moved: CXLFM_INBAND_POLICY_OFF from 2 to 1" in out,
               "two enum values swapped fail, naming both", out)

        # An attribute taken out.
        gone = edit(orig, "      -\n        name: bg-seq\n        value: 7\n",
                    "      -\n        name: bg-seq-renamed\n"
                    "        value: 7\n")
        rc, out = run_check(gone, tmp)
        result(rc != 0 and "gone: CXLFM_A_RAW_BG_SEQ=7 (attribute-set raw)"
               in out and "takes the number of CXLFM_A_RAW_BG_SEQ" in out,
               "a renamed attribute fails: the old name is gone, its number "
               "reused", out)

        # An attribute added at the end (it takes bg-seq's type and doc):
        # fine once in the baseline, and only the deliberate update
        # writes it there.
        added = edit(orig, "        name: bg-seq\n        value: 7\n",
                     "        name: bg-seq\n        value: 7\n"
                     "        type: u32\n      -\n"
                     "        name: added-attr\n        value: 8\n")
        base = os.path.join(tmp, "baseline.txt")
        shutil.copy(BASELINE, base)
        rc, out = run_check(added, tmp, baseline=base)
        ok = rc != 0 and "not in the baseline: CXLFM_A_RAW_ADDED_ATTR=8" in \
            out and "moved: " not in out and "gone: " not in out
        rc2, out2 = run_check(added, tmp, "--update", baseline=base)
        rc3, out3 = run_check(added, tmp, baseline=base)
        result(ok and rc2 == 0 and rc3 == 0 and
               "CXLFM_A_RAW_ADDED_ATTR=8\n" in open(base).read(),
               "an attribute added at the end fails until make uapi-baseline "
               "adds it, then passes", out + out2 + out3)

        # The update takes additions only.
        shutil.copy(BASELINE, base)
        rc, out = run_check(moved, tmp, "--update", baseline=base)
        same = open(base).read() == open(BASELINE).read()
        result(rc != 0 and same and "moved: CXLFM_A_CCI_VENDOR" in out,
               "make uapi-baseline refuses a move and leaves the baseline "
               "as it was", out)

        result(*gen_insert_case(tmp))

    print("TAP version 13")
    print("1..%d" % len(results))
    for i, (ok, what, saw) in enumerate(results, 1):
        print("%s %d %s" % ("ok" if ok else "not ok", i, what))
        if not ok:
            print("\n".join("# " + ln for ln in saw.splitlines()))
    return 0 if all(r[0] for r in results) else 1


def gen_insert_case(tmp):
    """The generator with an op inserted second into its list, writing
    copies of its outputs: nothing may move."""
    sys.path.insert(0, GEN_DIR)
    import gen_fm_netlink as gen

    what = ("the typed-op generator with get_timestamp inserted second in "
            "its list keeps every number and appends the new ones")
    d = os.path.join(tmp, "gen")
    os.makedirs(d)
    for name in ("SPEC", "NL_MAP", "NL_OPS", "LIB_OPS"):
        copy = os.path.join(d, name + "." + getattr(gen, name).rsplit(".", 1)[1])
        shutil.copy(getattr(gen, name), copy)
        setattr(gen, name, copy)
    gen.EXPOSED.insert(1, "get_timestamp")
    attrs, ids, ops = gen.build(gen.codec_dump(), gen.spec_numbers())
    spec = gen.gen_yaml(ids, attrs, ops)
    rc, out = run_check(spec, tmp)
    new = [ln for ln in out.splitlines() if "not in the baseline:" in ln]
    ok = rc != 0 and "moved: " not in out and "gone: " not in out and \
        "CXLFM_CMD_GET_TIMESTAMP=52 (operations)" in out and \
        all("(operations)" in ln or "(attribute-set fm)" in ln for ln in new)
    return ok, what, out


if __name__ == "__main__":
    sys.exit(main())
