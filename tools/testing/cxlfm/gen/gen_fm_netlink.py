#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Derive the typed FM-API netlink ops from the FM-API codec.

The codec (drivers/cxlfm/fmapi) describes every command's request and
response as field tables.  This script turns those tables into:

  Documentation/netlink/specs/cxlfm.yaml   the "fm" attributes (with the
                                      fields' ranges as YNL checks) and
                                      the typed ops
  drivers/cxlfm/fmapi/fmapi_nl.c      field <-> attribute maps (kernel + lib)
  drivers/cxlfm/fm_nl_ops.c           the ops' doit/dumpit entry points
  include/cxlfm/fm_ops.h              one typed libcxlfm call per op

so a field's offset, width and netlink attribute are written down once.
The uAPI header, the policies and the genl_ops table are then the
kernel's ynl_gen_c.py's, from the spec (tools/testing/cxlfm/ynl/ynl_gen.py;
make netlink-gen runs both).
Numbers are pinned: every "fm" attribute and typed op keeps the value the
spec gives it (an explicit "value:" on each), whatever the order of the
lists below; a new name takes the next free number after its kind's last
one.  tools/testing/cxlfm/ynl/uapi_numbers.py checks the numbers against
the committed baseline.  Run with --check to verify the files are up to
date (make check does).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from genfiles import write_or_check

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../.."))
FMAPI = os.path.join(TOP, "drivers/cxlfm/fmapi")
SPEC = os.path.join(TOP, "Documentation/netlink/specs/cxlfm.yaml")
NL_MAP = os.path.join(FMAPI, "fmapi_nl.c")
NL_OPS = os.path.join(TOP, "drivers/cxlfm/fm_nl_ops.c")
LIB_OPS = os.path.join(TOP, "include/cxlfm/fm_ops.h")

# The first typed op's command id when the spec has none yet: the
# hand-written ops come before it.  Later ones keep the spec's numbers.
FIRST_CMD = 11

# Attributes every typed op shares, ahead of the field attributes.
FIXED_ATTRS = [
    ("cci-id", "u32", "The CCI (switch) the command goes to."),
    ("pad", "pad", None),
    ("seq", "u32", "The CCI's notification sequence number."),
    ("opcode", "u16", "FM-API opcode (command set << 8 | command)."),
    ("return-code", "u16", "CXL return code of the command."),
    ("vendor-status", "u16", "Vendor specific extended status."),
    ("background", "flag", "The command runs in the background."),
    ("wait", "flag",
     "Deprecated, accepted and ignored: a background command is answered "
     "once it started; wait for bg-done with the reply's opcode and bg-seq."),
    ("timeout-ms", "u32",
     "Deprecated with wait, accepted (1 to 600000) and ignored."),
    ("tunnel-port", "u8",
     "Send the command through Tunnel Management Command (0x5300) to the "
     "MLD or multi-headed device at this switch port."),
    ("tunnel-ld", "u8",
     "Second tunnel level: the LD of the MLD at tunnel-port."),
    ("tunnel-pool", "flag",
     "Second tunnel level: the LD-pool CCI of the multi-headed device at "
     "tunnel-port (target type 1)."),
    ("percent", "u8", "Percentage complete of a background command."),
]

# Attributes that are no field, added after the first field attributes
# (ids are stable: a new one is appended).
EXTRA_ATTRS = [
    ("bg-seq", "u32",
     "cxlfm's number of a background command on its CCI, from 1: with the "
     "opcode, the command's identity.  In the reply of an op that started "
     "one, in its bg-done notification, and in a Background Operation "
     "Status reply, the command that status describes."),
]

# Commands exposed as typed ops, by codec name.  Commands the driver owns
# (event logs, event interrupt policy), firmware, timestamp, features and
# the raw tunnel stay behind the raw op.
EXPOSED = [
    "identify", "bg_op_status", "request_abort_bg_op",
    "get_supported_logs", "get_log", "get_log_caps",
    "identify_switch", "get_phys_port_state", "phys_port_control",
    "send_ppb_cxlio_cfg", "get_dv_sv_state", "set_dv_sv",
    "get_vcs_dv_sv_state", "get_dv_sv",
    "get_vcs_info", "bind_vppb", "unbind_vppb", "gen_aer_event",
    "send_ld_cxlio_cfg", "send_ld_cxlio_mem",
    "get_ld_info", "get_ld_alloc", "set_ld_alloc", "get_qos_ctrl",
    "set_qos_ctrl", "get_qos_status", "get_qos_alloc_bw", "set_qos_alloc_bw",
    "get_qos_bw_limit", "set_qos_bw_limit",
    "get_mhd_info", "get_head_info",
    "get_dcd_info", "get_host_dc_region_cfg", "set_dc_region_cfg",
    "get_dc_region_extents", "initiate_dc_add", "initiate_dc_release",
    "dc_add_reference", "dc_remove_reference", "dc_list_tags",
]

# Ops with a dump (across every switch).
DUMP = {"identify_switch", "get_phys_port_state"}

# Request fields the kernel fills itself (pagination behind the scenes).
AUTO = {"get_vcs_info": {"start_vppb", "vppb_limit"}}

# Request fields and lists that may be left out, and their value then
# (None: an empty list, or zero bytes).
OPTIONAL = {
    "get_phys_port_state": {"port_ids": None},
    "send_ppb_cxlio_cfg": {"ext_reg_num": 0, "first_be": 0xF, "write": 0,
                           "write_data": 0},
    "send_ld_cxlio_cfg": {"ext_reg_num": 0, "first_be": 0xF, "write": 0,
                          "write_data": 0},
    "send_ld_cxlio_mem": {"first_be": 0xF, "last_be": 0xF, "write": 0,
                          "data": None},
    "bind_vppb": {"ld_id": 0xFFFF},
    "unbind_vppb": {"option": 0},
    "gen_aer_event": {"uncorrectable": 0, "tlp_header": None},
    "get_ld_alloc": {"start_ld_id": 0, "ld_limit": 0xFF},
    "get_qos_alloc_bw": {"start_ld_id": 0},
    "get_qos_bw_limit": {"start_ld_id": 0},
    "get_mhd_info": {"start_ld_id": 0, "ld_map_limit": 0xFF},
    "get_head_info": {"start_head": 0},
    "get_host_dc_region_cfg": {"start_region": 0, "region_count": 8},
    "get_dc_region_extents": {"start_index": 0, "extent_count": 64},
    "dc_list_tags": {"start_index": 0, "tag_count": 16},
    "initiate_dc_add": {"region": 0, "length": 0, "tag": None,
                        "extents": None},
    "initiate_dc_release": {"forced": 0, "sanitize": 0, "length": 0,
                            "tag": None, "extents": None},
    "set_dc_region_cfg": {"sanitize_on_release": 0},
}

# Fields whose name would clash with a fixed attribute of the reply.
RENAME = {
    ("bg_op_status", "opcode"): "bg_opcode",
    ("bg_op_status", "return_code"): "bg_return_code",
    ("bg_op_status", "vendor_status"): "bg_vendor_status",
}


# Commands that go to a switch's own CCI only (never tunnelled).
def tunnellable(opcode):
    return not 0x5100 <= opcode < 0x5400


def codec_dump():
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "fmapi_dump")
        srcs = [os.path.join(os.path.dirname(__file__), "fmapi_dump.c")]
        srcs += sorted(os.path.join(FMAPI, f) for f in os.listdir(FMAPI)
                       if f.endswith(".c") and not f.startswith("fmapi_nl"))
        subprocess.run(["gcc", "-Wall", "-Wextra", "-Werror", "-I" + FMAPI,
                        "-o", exe] + srcs, check=True)
        return json.loads(subprocess.run([exe], check=True,
                                         capture_output=True,
                                         text=True).stdout)


def struct_names():
    """codec name -> (request struct, response struct), from the sources"""
    txt = ""
    for f in sorted(os.listdir(FMAPI)):
        if f.startswith("fmapi_cmds_") and f.endswith(".c"):
            txt += open(os.path.join(FMAPI, f)).read()
    layout = {m.group(1): m.group(2) for m in re.finditer(
        r"struct fmapi_layout (\w+) = \{\s*FMAPI_FIXED(?:_MIN)?\((\w+),", txt)}
    layout.update({"fmapi_cfg_rsp_layout": "cfg_rsp", "bytes": "bytes",
                   "fmapi_tunnel_req_layout": "tunnel_req",
                   "fmapi_tunnel_rsp_layout": "tunnel_rsp"})
    out = {}
    for m in re.finditer(r"\{ FMAPI_OP_\w+,\s*\"(\w+)\",\s*[\w|]+,\s*([&\w]+),"
                         r"\s*([&\w]+)\s*\}", txt, re.S):
        out[m.group(1)] = tuple(None if x == "NULL" else layout[x.lstrip("&")]
                                for x in (m.group(2), m.group(3)))
    return out


def yname(name):
    return name.replace("_", "-")


def cname(name):
    return name.upper().replace("-", "_")


class Attrs:
    """The "fm" attribute set: fixed attributes, then one per field name."""

    def __init__(self, pinned):
        self.order = [a[0] for a in FIXED_ATTRS]
        self.kind = {a[0]: a[1] for a in FIXED_ATTRS}
        self.doc = {a[0]: a[2] for a in FIXED_ATTRS}
        self.pinned = pinned
        for name, kind, doc in EXTRA_ATTRS:
            self._add(name, kind)
            self.doc[name] = doc

    def field(self, f, op=None):
        name = yname(RENAME.get((op, f["name"]), f["name"]))
        kind = "binary" if f["bytes"] else "u%d" % (8 * f["st_size"])
        self._add(name, kind)
        return name

    def listattr(self, lst):
        name = yname(lst["name"])
        byte = len(lst["elem"]) == 1 and lst["elem"][0]["name"] == "byte"
        self._add(name, "binary" if byte else "nest")
        return name, byte

    def _add(self, name, kind):
        old = self.kind.get(name)
        if old is None:
            self.kind[name] = kind
            return
        ints = ["u8", "u16", "u32", "u64"]
        if old in ints and kind in ints:
            self.kind[name] = max(old, kind, key=ints.index)
        elif old != kind:
            sys.exit("attribute %s is both %s and %s" % (name, old, kind))

    def ids(self):
        """name -> number: the spec's, else the next free one (in the
        order of FIXED_ATTRS, then by name)"""
        ids = {n: v for n, v in self.pinned.items() if n in self.kind}
        new = [n for n in self.order if n not in ids]
        new += sorted(n for n in self.kind if n not in ids and
                      n not in self.order)
        nxt = max(self.pinned.values(), default=0) + 1
        for n in new:
            ids[n] = nxt
            nxt += 1
        return ids


def field_max(f):
    if f["mask"]:
        m = f["mask"]
        while not m & 1:
            m >>= 1
        return m
    return (1 << (8 * f["size"])) - 1


def build(codec, pinned):
    structs = struct_names()
    by_name = {c["name"]: c for c in codec}
    attrs = Attrs(pinned["attrs"])
    ops = []
    for name in EXPOSED:
        c = by_name[name]
        op = {"name": name, "opcode": c["opcode"], "bg": c["bg"],
              "dump": name in DUMP, "tunnel": tunnellable(c["opcode"]),
              "types": structs[name], "optional": OPTIONAL.get(name, {})}
        for part in ("req", "rsp"):
            lay = c[part]
            if lay is None:
                op[part] = None
                continue
            count = lay["list"]["count_field"] if lay["list"] else -1
            p = {"fields": [], "list": None, "elem": [], "tail": [],
                 "sub": None, "sub_elem": [], "member": None,
                 "sub_member": None}
            for i, f in enumerate(lay["fields"]):
                skip = part == "req" and (i == count or f["alias"] or
                                          f["name"] in AUTO.get(name, ()))
                p["fields"].append(None if skip else
                                   (attrs.field(f, name), f))
            if lay["list"]:
                p["list"], p["byte"] = attrs.listattr(lay["list"])
                p["member"] = lay["list"]["name"]
                if not p["byte"]:
                    p["elem"] = [None if part == "req" and f["alias"] else
                                 (attrs.field(f), f)
                                 for f in lay["list"]["elem"]]
                sub = lay["list"].get("sublist")
                if sub:
                    p["sub"], _ = attrs.listattr(sub)
                    p["sub_member"] = sub["name"]
                    p["sub_elem"] = [(attrs.field(f), f) for f in sub["elem"]]
            p["tail"] = [(attrs.field(f), f) for f in lay["tail"]]
            op[part] = p
        for opt in op["optional"]:
            if not any(x and x[0] == yname(opt) for x in
                       (op["req"]["fields"] if op["req"] else [])) and \
               not (op["req"] and op["req"]["list"] == yname(opt)):
                sys.exit("%s: optional %s is not a request field" %
                         (name, opt))
        ops.append(op)
    number_ops(ops, pinned["ops"], pinned["other_ops"])
    return attrs, attrs.ids(), ops


def number_ops(ops, pinned, other):
    """Give each op its pinned command number, a new one the next after
    the last typed op; sort them by number.  The typed ops must stay in a
    row (fmapi_nl_lookup() indexes by command) and clear of the others."""
    nxt = max(pinned.values(), default=FIRST_CMD - 1) + 1
    for op in ops:
        if op["name"] in pinned:
            op["value"] = pinned[op["name"]]
        else:
            op["value"] = nxt
            nxt += 1
    ops.sort(key=lambda op: op["value"])
    for prev, op in zip(ops, ops[1:]):
        if op["value"] != prev["value"] + 1:
            sys.exit("gen_fm_netlink: typed ops %s (%d) and %s (%d) are not "
                     "in a row" % (prev["name"], prev["value"], op["name"],
                                   op["value"]))
    clash = {op["value"] for op in ops} & set(other.values())
    if clash:
        sys.exit("gen_fm_netlink: typed op numbers %s are taken by %s" %
                 (sorted(clash), ", ".join(n for n, v in other.items()
                                          if v in clash)))


def spec_numbers():
    """The numbers the spec pins: "fm" attributes, typed ops (the ops of
    the generated block) and the other ops, each name -> value."""
    txt = open(SPEC).read()
    out = {"attrs": {}, "ops": {}, "other_ops": {}}
    if Y_ATTR_BEGIN in txt:
        blk = txt.split(Y_ATTR_BEGIN)[1].split(Y_ATTR_END)[0]
        out["attrs"] = {m.group(1): int(m.group(2)) for m in re.finditer(
            r"^        name: (\S+)\n        value: (\d+)$", blk, re.M)}
    if Y_OPS_BEGIN in txt:
        pre, blk = txt.split(Y_OPS_BEGIN)
        blk, post = blk.split(Y_OPS_END)
        pat = r"^      name: (\S+)\n      value: (\d+)$"
        out["ops"] = {yname(m.group(1)).replace("-", "_"): int(m.group(2))
                      for m in re.finditer(pat, blk, re.M)}
        out["other_ops"] = {m.group(1): int(m.group(2)) for m in
                            re.finditer(pat, pre + post, re.M)}
    return out


def replace_block(txt, begin, end, new, anchor):
    if begin in txt:
        pre, rest = txt.split(begin, 1)
        post = rest.split(end, 1)[1]
        return pre + new + post
    if anchor not in txt:
        sys.exit("anchor %r not found" % anchor)
    return txt.replace(anchor, new + "\n" + anchor, 1)


# ---------------------------------------------------------------- YAML ----

Y_ATTR_BEGIN = "  # fm attribute set: generated by gen_fm_netlink.py, do not edit"
Y_ATTR_END = "  # end of fm attribute set"
Y_OPS_BEGIN = "    # typed FM-API ops: generated by gen_fm_netlink.py, do not edit"
Y_OPS_END = "    # end of typed FM-API ops"


# Request checks of the fixed attributes.  timeout-ms is 1 to 600000: the
# upper bound is checked by fm_nl.c, as a range beyond s16 would make YNL
# point the policy at a const netlink_range_validation, which 6.1's
# nla_policy cannot take (Documentation/netlink/uapi.md).
FIXED_CHECKS = {"timeout-ms": {"min": 1}}


def req_checks(ids, attrs, ops):
    """attribute -> its YNL checks: the range (max) or exact length of its
    field where every request that carries it agrees; where they differ
    (length), none, and fm_nl.c checks each field's range itself."""
    uses = {}
    for op in ops:
        p = op["req"]
        if not p:
            continue
        for x in p["fields"] + p["tail"] + p["elem"] + p["sub_elem"]:
            if x:
                uses.setdefault(x[0], set()).add(
                    policy_entry(x[0], attrs.kind[x[0]], x[1]))
    checks = dict(FIXED_CHECKS)
    for n, pols in uses.items():
        if len(pols) != 1:
            continue
        m = re.fullmatch(r"NLA_POLICY_MAX\(NLA_U\d+, (0x[0-9a-f]+)\)|"
                         r"NLA_POLICY_EXACT_LEN\((\d+)\)", pols.pop())
        if m and m.group(1):
            checks[n] = {"max": int(m.group(1), 16)}
        elif m:
            checks[n] = {"exact-len": int(m.group(2))}
    return checks


def nested_sets(ops):
    """list attribute -> the attributes of one of its elements, in the
    order of the codec's fields: the subset of fm its nests hold"""
    sets = {}
    for op in ops:
        for part in ("req", "rsp"):
            p = op[part]
            if not p or not p["list"] or p["byte"]:
                continue
            elem = sets.setdefault(p["list"], [])
            for x in p["elem"]:
                if x and x[0] not in elem:
                    elem.append(x[0])
            if p["sub"]:
                if p["sub"] not in elem:
                    elem.append(p["sub"])
                sub = sets.setdefault(p["sub"], [])
                for x in p["sub_elem"]:
                    if x[0] not in sub:
                        sub.append(x[0])
    return sets


def yaml_attr_block(ids, attrs, ops):
    checks = req_checks(ids, attrs, ops)
    nests = nested_sets(ops)
    out = [Y_ATTR_BEGIN, "  -", "    name: fm", "    name-prefix: cxlfm-a-fm-",
           "    enum-name:", "    attr-cnt-name: __cxlfm-a-fm-max",
           "    attr-max-name: cxlfm-a-fm-max",
           "    doc: |",
           "      Typed FM-API commands: the attributes named after the",
           "      FM-API codec's fields (drivers/cxlfm/fmapi), and lists as",
           "      one nest per element, whose attributes are those of this",
           "      set (the fm-* subsets below).",
           "    attributes:"]
    for n, i in sorted(ids.items(), key=lambda x: x[1]):
        kind = attrs.kind[n]
        out += ["      -", "        name: %s" % n, "        value: %d" % i]
        if kind == "nest":
            out += ["        type: nest",
                    "        nested-attributes: fm-%s" % n,
                    "        multi-attr: true"]
        else:
            out.append("        type: %s" % kind)
        if n in checks:
            out.append("        checks:")
            out += ["          %s: %s" % (k, hex(v) if k == "max" else v)
                    for k, v in checks[n].items()]
        doc = attrs.doc.get(n)
        if doc:
            out.append("        doc: %s" % json.dumps(doc))
    for n in sorted(nests, key=lambda n: ids[n]):
        out += ["  -", "    name: fm-%s" % n, "    subset-of: fm",
                "    attributes:"]
        for a in sorted(nests[n], key=lambda a: ids[a]):
            out += ["      -", "        name: %s" % a]
    out.append(Y_ATTR_END)
    return "\n".join(out)


def part_attrs(p, with_counts=True):
    if p is None:
        return []
    names = [x[0] for x in p["fields"] if x]
    if p["list"]:
        names.append(p["list"])
    names += [x[0] for x in p["tail"]]
    return names


def yaml_ops_block(ops):
    out = [Y_OPS_BEGIN]
    for i, op in enumerate(ops):
        req = ["cci-id"]
        if op["bg"]:
            req += ["wait", "timeout-ms"]
        if op["tunnel"]:
            req += ["tunnel-port", "tunnel-ld", "tunnel-pool"]
        req += part_attrs(op["req"])
        rep = ["cci-id", "return-code", "vendor-status", "background"]
        if op["bg"]:
            rep.append("percent")
        # any command the CCI answers "started" is identified so
        rep += ["opcode", "bg-seq"]
        rep += part_attrs(op["rsp"])
        out += ["    -", "      name: %s" % yname(op["name"]),
                "      value: %d" % op["value"]]
        out += ["      doc: FM-API command %#06x (%s)%s." %
                (op["opcode"], op["name"], "; a dump reads every switch, or "
                 "the one cci-id names" if op["dump"] else ""),
                "      attribute-set: fm",
                "      do:", "        request:",
                "          attributes: [ %s ]" % ", ".join(req),
                "        reply:",
                "          attributes: [ %s ]" % ", ".join(rep)]
        if op["dump"]:
            # The dump takes the do policy (one per op); cci-id in it
            # reads that switch only.  Not listed as the dump's request:
            # ynl_gen_c would want a policy per form, which a per-op
            # genl_ops cannot have.
            out += ["      dump:", "        reply:",
                    "          attributes: [ %s ]" % ", ".join(rep)]
    out.append(Y_OPS_END)
    return "\n".join(out)


def gen_yaml(ids, attrs, ops):
    txt = open(SPEC).read()
    txt = replace_block(txt, Y_ATTR_BEGIN, Y_ATTR_END,
                        yaml_attr_block(ids, attrs, ops), "\noperations:")
    txt = replace_block(txt, Y_OPS_BEGIN, Y_OPS_END, yaml_ops_block(ops),
                        "\nmcast-groups:")
    return txt


# ---------------------------------------------------------- C tables ----

# fmapi_nl.c is built into cxlfm.ko and libcxlfm: the codec's dual licence
# (Documentation/licensing.md); fm_nl_ops.c is the kernel's alone.
SHARED_SPDX = "GPL-2.0-only OR BSD-3-Clause"
KERNEL_SPDX = "GPL-2.0"
LIB_SPDX = "LGPL-2.1-or-later"
HEADER = """// SPDX-License-Identifier: %s
/*
 * Generated by tools/testing/cxlfm/gen/gen_fm_netlink.py from the FM-API
 * codec's tables: do not edit, run the script.
"""


def c_attr(n):
    return "CXLFM_A_FM_" + cname(n)


def c_array(decl, items):
    """a static const u16 array, wrapped at 80 columns"""
    words = [(c_attr(x[0]) if x else "0") + "," for x in items]
    lines, cur = [], "\t"
    for w in words:
        if len(cur.expandtabs(8)) + len(w) + 1 > 80 and cur.strip():
            lines.append(cur.rstrip())
            cur = "\t"
        cur += w + " "
    lines.append(cur.rstrip())
    return "%s = {\n%s\n};\n" % (decl, "\n".join(lines))


def gen_nl_map(ids, attrs, ops):
    kinds = {"u8": "FMAPI_NL_U8", "u16": "FMAPI_NL_U16",
             "u32": "FMAPI_NL_U32", "u64": "FMAPI_NL_U64",
             "binary": "FMAPI_NL_BINARY", "nest": "FMAPI_NL_NEST",
             "flag": "FMAPI_NL_FLAG", "pad": "FMAPI_NL_PAD"}
    o = [HEADER % SHARED_SPDX + " *\n * Which netlink attribute carries each field of each typed op's request\n"
         " * and response; shared by cxlfm.ko and libcxlfm.\n */",
         '#include "fmapi_nl.h"', "",
         "const struct fmapi_nl_attr fmapi_nl_attrs[CXLFM_A_FM_MAX + 1] = {"]
    for n, _ in sorted(ids.items(), key=lambda x: x[1]):
        o.append('\t[%s] = { "%s", %s },' % (c_attr(n), n, kinds[attrs.kind[n]]))
    o += ["};", ""]
    ents = []
    for op in ops:
        base = "%s" % op["name"]
        parts = {}
        for part in ("req", "rsp"):
            p = op[part]
            if p is None:
                parts[part] = "{ }"
                continue
            fields = []
            for key, arr in (("fields", p["fields"]), ("elem", p["elem"]),
                             ("sub_elem", p["sub_elem"]), ("tail", p["tail"])):
                if arr:
                    o.append(c_array("static const u16 %s_%s_%s[]" %
                                     (base, part, key), arr))
                    fields.append(".%s = %s_%s_%s," % (key, base, part, key))
            if p["list"]:
                fields.append(".list = %s," % c_attr(p["list"]))
            if p["sub"]:
                fields.append(".sub = %s," % c_attr(p["sub"]))
            parts[part] = "{\n\t\t\t" + "\n\t\t\t".join(fields) + "\n\t\t}" \
                if fields else "{ }"
        if op["optional"]:
            o.append("static const struct fmapi_nl_default %s_optional[] = {"
                     % base)
            for f, v in op["optional"].items():
                o.append("\t{ %s, %s }," % (c_attr(yname(f)),
                                            "0" if v is None else hex(v)))
            o.append("\t{ }\n};\n")
        flags = [f for f, on in (("FMAPI_NL_OP_BG", op["bg"]),
                                 ("FMAPI_NL_OP_DUMP", op["dump"]),
                                 ("FMAPI_NL_OP_TUNNEL", op["tunnel"])) if on]
        ents.append("\t{\n\t\t.cmd = CXLFM_CMD_%s,\n\t\t.opcode = %#06x,\n"
                    "\t\t.flags = %s,\n\t\t.req = %s,\n\t\t.rsp = %s,%s\n\t},"
                    % (cname(op["name"]), op["opcode"],
                       " | ".join(flags) or "0", parts["req"], parts["rsp"],
                       "\n\t\t.optional = %s_optional," % base
                       if op["optional"] else ""))
    o += ["const struct fmapi_nl_op fmapi_nl_ops[] = {"] + ents + ["};", "",
          "const unsigned int fmapi_nl_nr_ops = ARRAY_SIZE(fmapi_nl_ops);", ""]
    return "\n".join(o)


def policy_entry(name, kind, f):
    nla = {"u8": "NLA_U8", "u16": "NLA_U16", "u32": "NLA_U32",
           "u64": "NLA_U64"}
    if kind == "binary":
        return "NLA_POLICY_EXACT_LEN(%d)" % f["size"] if f else \
            "{ .type = NLA_BINARY }"
    top = (1 << int(kind[1:])) - 1
    mx = field_max(f)
    if mx >= top:
        return "{ .type = %s }" % nla[kind]
    if mx <= 0x7fff:
        return "NLA_POLICY_MAX(%s, %#x)" % (nla[kind], mx)
    return "NLA_POLICY_FULL_RANGE(%s, &cxlfm_fm_range_%x)" % (nla[kind], mx)


def gen_nl_ops(ids, attrs, ops):
    """The doit and dumpit of every typed op, as ynl_gen_c's ops table
    (drivers/cxlfm/nl_gen.c) names them: all go to the one engine."""
    o = [HEADER % KERNEL_SPDX + " *\n * The entry points of the typed FM-API ops, by the names the genl_ops\n"
         " * table that ynl_gen_c.py writes from the spec (nl_gen.c) gives them:\n"
         " * every one is the one engine of fm_nl.c, which finds the op by its\n"
         " * command.\n */",
         "#include <net/genetlink.h>", "",
         '#include "fm_nl.h"', '#include "nl_gen.h"', ""]
    for op in ops:
        forms = [("doit", "struct genl_info *info", "cxlfm_fm_doit(skb, info)")]
        if op["dump"]:
            forms.append(("dumpit", "struct netlink_callback *cb",
                          "cxlfm_fm_dumpit(skb, cb)"))
        for form, arg, call in forms:
            head = "int cxlfm_nl_%s_%s(" % (op["name"], form)
            if len(head) + len("struct sk_buff *skb, ") + len(arg) + 1 <= 80:
                o.append("%sstruct sk_buff *skb, %s)" % (head, arg))
            else:
                col = len(head)
                o += ["%sstruct sk_buff *skb," % head,
                      "\t" * (col // 8) + " " * (col % 8) + arg + ")"]
            o += ["{", "\treturn %s;" % call, "}", ""]
    return "\n".join(o)


def gen_lib_ops(ops):
    o = ["/* SPDX-License-Identifier: %s */" % LIB_SPDX,
         "/*",
         " * One typed libcxlfm call per FM-API op.  Generated by",
         " * tools/testing/cxlfm/gen/gen_fm_netlink.py: do not edit.",
         " *",
         " * Each is cxlfm_fm_call() with the structs of its command",
         " * (<cxlfm/fm_types.h>) and their sizes as the program was compiled",
         " * (struct cxlfm_fm_sizes); see that function for the contract.",
         " */",
         "#ifndef _CXLFM_FM_OPS_H", "#define _CXLFM_FM_OPS_H", "",
         "#include <cxlfm/uapi/cxlfm.h>", "",
         "/* The typed ops' command ids, in a row: from the first to the last. */",
         "#define CXLFM_FM_CMD_FIRST\tCXLFM_CMD_%s" % cname(ops[0]["name"]),
         "#define CXLFM_FM_CMD_LAST\tCXLFM_CMD_%s" % cname(ops[-1]["name"]), ""]

    def elem(var, part, key):
        m = part and part[key]
        return "sizeof(*%s->%s)" % (var, m) if m else "0"

    def sizes(op, call):
        rq, rs = op["types"]
        return ["\tconst struct cxlfm_fm_sizes sz = {",
                "\t\t%s, %s, %s," % ("sizeof(*t)" if call else "0",
                                     "sizeof(*req)" if rq and call else "0",
                                     elem("req", op["req"], "member")
                                     if call else "0"),
                "\t\t%s, %s, %s" % ("sizeof(*rsp)" if rs else "0",
                                    elem("rsp", op["rsp"], "member"),
                                    elem("rsp", op["rsp"], "sub_member")),
                "\t};", ""]

    for op in ops:
        rq, rs = op["types"]
        args = ["struct cxlfm_ctx *ctx", "const struct cxlfm_target *t"]
        if rq:
            args.append("const struct cxlfm_fm_%s *req" % rq)
        if rs:
            args.append("struct cxlfm_fm_%s *rsp" % rs)
        args.append("unsigned int flags")
        o += ["/* %#06x */" % op["opcode"],
              "static inline int cxlfm_%s(%s)" % (op["name"], ", ".join(args)),
              "{"] + sizes(op, True) + [
              "\treturn cxlfm_fm_call(ctx, t, CXLFM_CMD_%s, %s, %s, flags, &sz);" %
              (cname(op["name"]), "req" if rq else "NULL",
               "rsp" if rs else "NULL"),
              "}", ""]
        if not op["dump"]:
            continue
        o += ["/* %#06x on every switch (cci -1) or one: cxlfm_fm_dump() */" %
              op["opcode"],
              "static inline int cxlfm_%s_dump(struct cxlfm_ctx *ctx, long cci, "
              "struct cxlfm_fm_%s *rsp, int (*each)(struct cxlfm_ctx *ctx, "
              "unsigned int cci, void *rsp, void *arg), void *arg)" %
              (op["name"], rs),
              "{"] + sizes(op, False) + [
              "\treturn cxlfm_fm_dump(ctx, CXLFM_CMD_%s, cci, rsp, each, arg, &sz);" %
              cname(op["name"]),
              "}", ""]
    o += ["#endif /* _CXLFM_FM_OPS_H */", ""]
    return "\n".join(o)


def main():
    check = "--check" in sys.argv[1:]
    codec = codec_dump()
    attrs, ids, ops = build(codec, spec_numbers())
    files = {SPEC: gen_yaml(ids, attrs, ops),
             NL_MAP: gen_nl_map(ids, attrs, ops),
             NL_OPS: gen_nl_ops(ids, attrs, ops),
             LIB_OPS: gen_lib_ops(ops)}
    return write_or_check(files, TOP, check, "generated files",
                          "%d ops, %d attributes" % (len(ops), len(ids)))


if __name__ == "__main__":
    sys.exit(main())
