#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpora of fuzz_redfish and fuzz_redfish_remote.

The input formats are described at the top of fuzz_redfish.c and
fuzz_redfish_remote.c.  Run from anywhere; the seeds go to
corpus/fuzz_redfish/ and corpus/fuzz_redfish_remote/ next to this script
(the files are committed: the fuzz runs do not need this script).
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
R = "/redfish/v1"
F = R + "/Fabrics/CXL0"
SW = F + "/Switches/Switch0"

GET, POST, PATCH, PUT, DELETE, HEAD, EVENT = range(7)
NONE, RO, OP, ADMIN = range(4)
SESSION = 4
# broker byte: op that fails (low nibble), how (errs[] index << 4), at once
OP_LIST, OP_IDENTIFY, OP_PORTS, OP_VCS, OP_BIND, OP_UNBIND, OP_RESET, OP_BG = range(1, 9)
ENODEV, EBUSY, EIO, EOPNOTSUPP, EACCES, EPROTO, ENOENT, ETIMEDOUT = range(8)
AT_ONCE = 0x80
BG_DONE, BG_RUNNING, BG_RC, BG_LOST = range(4)
LAST = "\x01"		# the number of the last Location


def switch(ports=8, vcs=3, identity=True, port_ov=None, vcs_ov=None):
    g = (ports - 1) | vcs << 3 | (0x80 if identity else 0)
    out = bytearray()
    if port_ov is not None:
        g |= 0x20
    if vcs_ov is not None:
        g |= 0x40
    out.append(g)
    for ov in (port_ov, vcs_ov):
        if ov is not None:
            out.append(len(ov))
            out += ov
    return bytes(out)


def req(method, path, body=b"", role=NONE, broker=0, bg=BG_DONE):
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    elif isinstance(body, str):
        body = body.encode()
    return (bytes([method, role, broker, bg]) + path.encode("latin-1") + b"\0" +
            struct.pack("<H", len(body)) + body)


def event(type_, kind=0, log=0, cci=0, lost=0, ev=0, port=0, vcs=0, vppb=0, binding=0,
          ltssm=0, change=0, action=0, ld=0xffff, opcode=0, rc=0, count=0):
    e = struct.pack("<IHBBIIBBBBBBBBHHHH", 0, type_, kind, log, cci, lost, ev, port, vcs,
                    vppb, binding, ltssm, change, action, ld, opcode, rc, count)
    return req(EVENT, "", e)


def link(ep):
    return [{"@odata.id": F + "/Endpoints/" + ep}]


def bind_body(host, dev, vppb=None):
    b = {"Links": {"InitiatorEndpoints": link(host), "TargetEndpoints": link(dev)}}
    if vppb is not None:
        b["Oem"] = {"Cxlfm": {"VPPBId": vppb}}
    return b


SEEDS = {
    "service": switch() + b"".join([
        req(GET, "/redfish"), req(GET, R + "/"), req(GET, R + "/odata"),
        req(GET, R + "/$metadata"), req(HEAD, R), req(GET, R + "/Nope"),
        req(POST, R, "{}"), req(GET, R + "/a/b/c/d/e/f/g/h/i/j/k/l/m", role=RO)]),
    "sessions": switch() + b"".join([
        req(GET, R + "/SessionService", role=RO),
        req(GET, R + "/SessionService/Sessions", role=ADMIN | SESSION),
        req(GET, R + "/SessionService/Sessions/" + LAST, role=ADMIN | SESSION),
        req(GET, R + "/SessionService/Sessions/" + LAST, role=OP | SESSION),
        req(POST, R + "/SessionService/Sessions", {"UserName": "op", "Password": "op-pw"}),
        req(POST, R + "/SessionService/Sessions", {"UserName": 1, "Password": "x"}),
        req(DELETE, R + "/SessionService/Sessions/" + LAST, role=ADMIN | SESSION),
        req(GET, R + "/SessionService", role=ADMIN | SESSION)]),
    "walk-1": switch() + b"".join([
        req(GET, R + "/Fabrics", role=RO), req(GET, F, role=RO),
        req(GET, F + "/Switches", role=RO), req(GET, SW, role=RO),
        req(GET, SW + "/Ports", role=RO), req(GET, SW + "/Ports/3", role=RO),
        req(GET, SW + "/Ports/7", role=OP), req(GET, SW + "/VCSs", role=ADMIN)]),
    "walk-2": switch() + b"".join([
        req(GET, SW + "/VCSs/0", role=RO), req(GET, SW + "/VCSs/0/VPPBs", role=RO),
        req(GET, SW + "/VCSs/0/VPPBs/1", role=RO), req(GET, SW + "/VCSs/1/VPPBs/0", role=RO),
        req(GET, F + "/Endpoints", role=RO), req(GET, F + "/Endpoints/H0", role=RO),
        req(GET, F + "/Endpoints/D3-LD1", role=RO), req(GET, F + "/Endpoints/D4", role=RO)]),
    "walk-3": switch(ports=5, vcs=2, identity=False) + b"".join([
        req(GET, F + "/Connections", role=RO), req(GET, F + "/Connections/VCS0-vPPB0", role=RO),
        req(GET, F + "/Connections/VCS0-vPPB1", role=RO),
        req(GET, F + "/Connections/VCS1-vPPB3", role=RO),
        req(GET, R + "/TaskService", role=RO), req(GET, R + "/TaskService/Tasks", role=RO),
        req(GET, F + "/Connections/VCS9-vPPB0", role=RO), req(PATCH, SW, "{}", role=ADMIN)]),
    "bind": switch() + b"".join([
        req(POST, F + "/Connections", bind_body("H0", "D3-LD2", 2), role=OP),
        req(GET, R + "/TaskService/TaskMonitors/" + LAST, role=OP, bg=BG_RUNNING),
        req(GET, R + "/TaskService/Tasks/" + LAST, role=RO, bg=BG_DONE),
        req(GET, F + "/Connections/VCS0-vPPB2", role=RO),
        req(DELETE, F + "/Connections/VCS0-vPPB2", role=OP),
        req(GET, R + "/TaskService/TaskMonitors/" + LAST, role=OP, bg=BG_RC | 3 << 2),
        req(POST, F + "/Connections", bind_body("H2", "D2"), role=ADMIN, bg=BG_LOST),
        req(GET, R + "/TaskService/TaskMonitors/" + LAST, role=OP, bg=BG_LOST)]),
    "bind-at-once": switch() + b"".join([
        req(POST, F + "/Connections", bind_body("H1", "D4"), role=OP | SESSION, broker=AT_ONCE),
        req(GET, R + "/TaskService/TaskMonitors/" + LAST, role=OP),
        req(DELETE, F + "/Connections/VCS0-vPPB0", role=OP, broker=AT_ONCE),
        req(DELETE, F + "/Connections/VCS0-vPPB1", role=RO),
        req(POST, F + "/Connections", bind_body("H0", "D2", 3), role=OP),
        req(POST, F + "/Connections", bind_body("D2", "H0"), role=OP),
        req(POST, F + "/Connections", bind_body("H0", "D3-LD9"), role=OP),
        req(POST, F + "/Connections", bind_body("H0", "D5"), role=OP)]),
    "bind-bodies": switch() + b"".join([
        req(POST, F + "/Connections", "", role=OP),
        req(POST, F + "/Connections", "[1]", role=OP),
        req(POST, F + "/Connections", '{"Links": {}} x', role=OP),
        req(POST, F + "/Connections", '{"Links": 5}', role=OP),
        req(POST, F + "/Connections", '{"Links": {"InitiatorEndpoints": [1]}}', role=OP),
        req(POST, F + "/Connections", '{"Bogus": 1}', role=OP),
        req(POST, F + "/Connections", '{"ConnectionType": "Storage", "Links": {}}', role=OP),
        req(POST, F + "/Connections",
            '{"Links": {"InitiatorEndpoints": [{"@odata.id": "' + F + '/Endpoints/H0"}], '
            '"TargetEndpoints": [{"@odata.id": "' + F + '/Endpoints/D2"}]}, '
            '"Oem": {"Cxlfm": {"VPPBId": "x"}}}', role=OP)]),
    "port-reset": switch() + b"".join([
        req(POST, SW + "/Ports/2/Actions/Port.Reset", {"ResetType": "ForceRestart"}, role=OP),
        req(GET, R + "/TaskService/TaskMonitors/" + LAST, role=RO),
        req(POST, SW + "/Ports/4/Actions/Port.Reset", "", role=ADMIN, broker=AT_ONCE),
        req(POST, SW + "/Ports/4/Actions/Port.Reset", {"ResetType": "On"}, role=ADMIN),
        req(POST, SW + "/Ports/4/Actions/Port.Reset", {"Foo": 1}, role=ADMIN),
        req(POST, SW + "/Ports/4/Actions/Port.Reset", "", role=RO),
        req(GET, SW + "/Ports/4/Actions/Port.Reset", role=OP),
        req(POST, SW + "/Actions/Switch.Reset", "{}", role=ADMIN)]),
    "events": switch() + b"".join([
        req(POST, R + "/EventService/Subscriptions",
            {"Destination": "https://127.0.0.1:9/x", "Protocol": "Redfish", "Context": "c",
             "RegistryPrefixes": ["CXLFabric"], "ResourceTypes": ["VirtualPCI2PCIBridge"]},
            role=OP),
        req(GET, R + "/EventService/Subscriptions/" + LAST, role=RO),
        event(4, kind=6, vcs=1, vppb=2, ev=0, binding=2, port=5),
        event(6, vcs=0, vppb=3, port=1, change=1, action=3, ld=1),
        event(4, kind=5, ev=0, port=3, ltssm=4, lost=3),
        req(GET, R + "/EventService/SSE", role=RO),
        req(GET, R + "/EventService", role=RO),
        req(DELETE, R + "/EventService/Subscriptions/" + LAST, role=OP)]),
    "events-2": switch() + b"".join([
        req(POST, R + "/EventService/Subscriptions",
            {"Destination": "https://[::1]:8443/e", "Protocol": "Redfish"}, role=ADMIN),
        event(7, opcode=0x5201, rc=0), event(1, cci=9), event(2, cci=9),
        event(5, kind=4, log=2, count=7), event(4, kind=7, ev=2, port=4),
        req(POST, R + "/EventService/Subscriptions",
            {"Destination": "http://x", "Protocol": "Redfish"}, role=OP),
        req(GET, R + "/EventService/Subscriptions", role=RO)]),
    "test-events": switch() + b"".join([
        req(POST, R + "/EventService/Subscriptions",
            {"Destination": "https://127.0.0.1:9/t", "Protocol": "Redfish",
             "ResourceTypes": ["Port", "Fabric"]}, role=OP),
        req(POST, R + "/EventService/Actions/EventService.SubmitTestEvent",
            {"MessageId": "CXLFabric.1.0.EventRecord"}, role=OP),
        req(POST, R + "/EventService/Actions/EventService.SubmitTestEvent",
            {"MessageId": "CXLFabric.1.0.EventRecord", "OriginOfCondition": F,
             "MessageArgs": ["a"], "MessageSeverity": "Warning", "EventId": "1"}, role=OP),
        req(POST, R + "/EventService/Actions/EventService.SubmitTestEvent",
            {"MessageId": "X", "OriginOfCondition": "/"}, role=ADMIN)]),
    "registries": switch() + b"".join([
        req(GET, R + "/Registries", role=RO), req(GET, R + "/Registries/CXLFabric", role=RO),
        req(GET, R + "/Registries/CXLFabric/CXLFabric.1.0.0.json", role=RO),
        req(GET, R + "/Registries/Base", role=RO)]),
    "broker-errors": switch() + b"".join([
        req(GET, SW + "/Ports", role=RO, broker=OP_PORTS | EIO << 4),
        req(GET, F, role=RO, broker=OP_LIST | EPROTO << 4),
        req(GET, SW, role=RO, broker=OP_IDENTIFY | ENODEV << 4),
        req(GET, SW + "/VCSs/0", role=RO, broker=OP_VCS | EBUSY << 4),
        req(POST, F + "/Connections", bind_body("H0", "D2", 2), role=OP,
            broker=OP_BIND | EOPNOTSUPP << 4),
        req(DELETE, F + "/Connections/VCS0-vPPB0", role=OP, broker=OP_UNBIND | EACCES << 4),
        req(GET, R + "/Fabrics", role=RO, broker=15 | ETIMEDOUT << 4),
        req(POST, SW + "/Ports/2/Actions/Port.Reset", "", role=OP,
            broker=OP_RESET | ENOENT << 4)]),
    # a switch that answers with odd values: a port past the enumerations,
    # a VCS whose vPPBs lie outside the list received
    "odd-switch": switch(port_ov=bytes([9, 0xf, 1, 9, 9, 0xff, 0, 0, 9, 9, 9, 0x20, 0]),
                         vcs_ov=struct.pack("<II", 2, 8) +
                         struct.pack("<BBBBII", 0, 1, 0, 4, 6, 4)) + b"".join([
        req(GET, SW + "/Ports/9", role=RO), req(GET, SW + "/VCSs", role=RO),
        req(GET, F + "/Endpoints", role=RO), req(GET, F + "/Connections", role=RO)]),
}


def http(status, body, headers=""):
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    return ("HTTP/1.1 %d X\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\n\r\n%s"
            % (status, headers, len(body), body)).encode()


def chunked(*parts):
    out = ""
    for p in parts:
        out += "%x\r\n%s\r\n" % (len(p), p)
    return out + "0\r\n\r\n"


def sse_event(*records):
    return "id: 1\ndata: " + json.dumps({"Events": list(records)}) + "\n\n"


def rec(msg, origin):
    return {"MessageId": msg, "OriginOfCondition": {"@odata.id": origin}}


def seg(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack("<H", len(b)) + b


RV = R + "/Fabrics/CXL0/Switches/Switch0/VCSs"
SSE_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")
COLL = http(200, {"Members": [{"@odata.id": RV + "/0/VPPBs/0"},
                              {"@odata.id": RV + "/0/VPPBs/1"}]})


def vppb(status, port=None, ld=None):
    b = {"BindingStatus": status}
    if port is not None:
        b["BoundPortId"] = port
    if ld is not None:
        b["BoundLDId"] = ld
    return http(200, b)


REMOTE = {
    # the collection, the three vPPBs, then a bind of vPPB 0 and events lost
    "follow": bytes([0x50]) + seg(SSE_HEAD + chunked(
        ": keep-alive\n\n",
        sse_event(rec("CXLFabric.1.0.VPPBBindingChanged", RV + "/0/VPPBs/0")),
        sse_event(rec("CXLFabric.1.0.EventsLost", R + "/Fabrics")))) + b"".join(seg(s) for s in [
            COLL, vppb("Unbound"), vppb("BoundLD", 3, 1), vppb("BoundPhysicalPort", 2),
            vppb("BoundPhysicalPort", 5),
            vppb("Unbound"), vppb("BoundLD", 3, 2), vppb("Busy")]),
    # two lives: the second reads every vPPB again and reports what changed
    "reconnect": bytes([0x62]) + seg(SSE_HEAD + chunked(sse_event(
        rec("ResourceEvent.1.4.ResourceChanged", R + "/Fabrics/CXL0/Connections")))) +
    seg("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
        "data: {\"Events\": [{\"OriginOfCondition\": {\"@odata.id\": \"" + RV +
        "/1/VPPBs/2\"}}]}\r\n\r\n") + b"".join(seg(s) for s in [
            COLL, vppb("Unbound"), vppb("Unbound"), vppb("Unbound"),
            vppb("BoundPhysicalPort", 1), vppb("Unbound"), vppb("Unbound"),
            vppb("BoundLD", 3, 0), vppb("Unbound")]),
    # framing: a chunked body, one framed by the close, a short one, no status
    "framing": bytes([0x3c]) + seg(SSE_HEAD + "5\r\ndata:\r\n0\r\n\r\n") + b"".join(seg(s) for s in [
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(
            '{"Members": [{"@odata.id": "' + RV + '/0/VPPBs/', '7"}]}'),
        "HTTP/1.0 200 OK\r\n\r\n{\"BindingStatus\": \"BoundLD\", \"BoundPortId\": 3}",
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}",
        "garbage\r\n\r\n", http(404, "{}")]),
    "refused": bytes([0x07]) + seg(http(401, "{}")) + seg(SSE_HEAD) + seg(http(503, "")),
    # vPPB 0 bound to a PID, then to a port beyond 255: what is reported
    # (FUZZ_REDFISH_TRACE=1 prints it)
    "pid-and-port-300": bytes([0x50]) + seg(SSE_HEAD + chunked(
        sse_event(rec("CXLFabric.1.0.VPPBBindingChanged", RV + "/0/VPPBs/0")),
        sse_event(rec("CXLFabric.1.0.VPPBBindingChanged", RV + "/0/VPPBs/0")))) +
    b"".join(seg(s) for s in [
        COLL, vppb("Unbound"), vppb("Unbound"), vppb("Unbound"),
        http(200, {"BindingStatus": "BoundPID", "BoundPBRId": 5}),
        vppb("BoundPhysicalPort", 300)]),
}


def main():
    for target, seeds in (("fuzz_redfish", SEEDS), ("fuzz_redfish_remote", REMOTE)):
        d = os.path.join(HERE, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
