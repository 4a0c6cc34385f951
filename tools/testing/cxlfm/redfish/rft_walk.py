#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Walk a Redfish service with Debian's redfishtool.

Every resource linked from the service root is read, breadth first, by
redfishtool's own command line, `redfishtool -r HOST -S Always -s
AUTH... raw GET URI`, run in this one Python process (a Python start per
resource costs a second or more under TCG).  Writes a JSON list of
{uri, status, body} to OUT; what redfishtool printed on a failure goes to
stderr.

    rft_walk.py HOST:PORT OUT -t TOKEN
    rft_walk.py HOST:PORT OUT -u USER -p PASSWORD
"""
import contextlib
import io
import json
import re
import sys

from redfishtoollib import main as redfishtool_main

ROOT = "/redfish/v1/"


def redfishtool(args):
    """redfishtool ARGS: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    rc = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            redfishtool_main(["redfishtool"] + args)
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 1
    return rc, out.getvalue(), err.getvalue()


def get(host, auth, uri):
    """One resource: (status, body or None).  With -s, redfishtool prints
    '#STATUS: Last Response: r.status_code: N' before the body."""
    rc, out, err = redfishtool(["-r", host, "-S", "Always", "-T", "30", "-s"] + auth +
                               ["raw", "GET", uri])
    m = re.search(r"r\.status_code: (\d+)", out) or re.search(r"\b([45]\d\d)\b", err)
    status = int(m.group(1)) if m else 0
    text = "\n".join(line for line in out.splitlines() if not line.startswith("#"))
    try:
        body = json.loads(text) if rc == 0 else None
    except ValueError:
        body = None
    if rc != 0 or body is None:
        sys.stderr.write(f"{uri}: redfishtool exit {rc}\n{out}{err}")
    return (status if body is not None else status or 0), body


def links(body):
    """The @odata.id values in BODY that name resources of this service."""
    found = []
    if isinstance(body, dict):
        for k, v in body.items():
            if k == "@odata.id" and isinstance(v, str):
                found.append(v)
            else:
                found += links(v)
    elif isinstance(body, list):
        for v in body:
            found += links(v)
    return [u for u in found if u.startswith(ROOT) and "#" not in u]


def main(argv):
    host, out, auth = argv[1], argv[2], argv[3:]
    auth = ["-A", "Session" if auth[:1] == ["-t"] else "Basic"] + auth
    seen, level, walked = {ROOT}, [ROOT], []
    while level:
        nxt = []
        for uri in level:
            status, body = get(host, auth, uri)
            walked.append({"uri": uri, "status": status, "body": body})
            for u in sorted(set(links(body))):
                if u not in seen:
                    seen.add(u)
                    nxt.append(u)
        level = nxt
    with open(out, "w") as f:
        json.dump(walked, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
