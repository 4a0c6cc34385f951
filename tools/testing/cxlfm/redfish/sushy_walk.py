#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""sushy, the OpenStack Redfish client library (Debian's python3-sushy),
against cxlfm-redfishd: the service root, the Fabric collection, a Fabric
and its Endpoints through sushy's typed models; the Switch, a Port, the VCSs,
a vPPB and the Connections through sushy's generic resource access (a
ResourceBase subclass of our own, or the connector's JSON); the TaskService,
the message registry and the EventService through sushy's models again.

usage: sushy_walk.py URL CA-FILE USER PASSWORD EXPECT-JSON
  EXPECT-JSON: what the caller knows of the switch, e.g.
    {"fabric": "/redfish/v1/Fabrics/CXL0", "switch": ".../Switch0",
     "endpoints": ["H0", ...], "ports": 8, "mld_port": 7, "lds": 2,
     "vcss": 2, "vppbs": 8, "bound": 4, "connections": ["VCS0-vPPB0", ...],
     "bound_vppb": [0, 1, 3], "tasks": 4}
  environment: RF_ADMIN_TOKEN, an Administrator's session token (to see
  sushy's session gone after its logout); RF_EVENT_RECORD, one record of an
  Event the service sent (to render its message with sushy and the served
  registry).

Prints one line per check, "ok<TAB>what" or "not ok<TAB>what", each failing
one followed by "#   " lines of what it saw, and "# " notes; the caller
numbers them as TAP.  Where sushy 4.3.3 cannot map a value our service
serves (its enumerations know no CXL), the check reads the value from the
resource's JSON and says so in a note.
"""
import json
import os
import re
import sys

import requests
import sushy
from sushy import auth as sushy_auth
from sushy import connector as sushy_connector
from sushy import exceptions
from sushy.resources import base
from sushy.resources import constants as res_cons
from sushy.resources.fabric import constants as fab_cons
from sushy.resources.fabric import endpoint as fab_endpoint
from sushy.resources.fabric import fabric as fab_fabric
from sushy.resources.registry import message_registry
from sushy.resources.registry import message_registry_file
from sushy.resources.taskservice import constants as ts_cons

url, ca, user, password, expect = sys.argv[1:5] + [json.loads(sys.argv[5])]
F = expect["fabric"]
S = expect["switch"]
st = {}


def enum_has(enum, value):
    return any(e.value == value for e in enum)


def want(problems, what, got, wanted):
    if got != wanted:
        problems.append(f"{what}: {got!r}, wanted {wanted!r}")


def check(what, fn):
    notes = []
    try:
        problems = fn(notes)
    except Exception as e:  # sushy's refusals are exceptions: a failure
        problems = [f"{type(e).__name__}: {e}"]
    print(("not ok" if problems else "ok") + "\t" + what)
    for p in problems:
        for line in str(p).splitlines():
            print("#   " + line)
    for n in notes:
        print("# sushy: " + n)
    sys.stdout.flush()


# ---- generic access: ResourceBase subclasses of our own --------------
class Generic(base.ResourceBase):
    identity = base.Field("Id", required=True)
    name = base.Field("Name", required=True)
    odata_type = base.Field("@odata.type", required=True)


class Switch(Generic):
    switch_type = base.Field("SwitchType")
    max_vcss = base.Field(["CXL", "MaxVCSsSupported"])
    total_vppbs = base.Field(["CXL", "TotalNumbervPPBs"])
    bound_vppbs = base.Field(["CXL", "NumberOfBoundvPPBs"])
    ports_path = base.Field(["Ports", "@odata.id"], required=True)
    vcss_path = base.Field(["CXL", "VirtualCXLSwitches", "@odata.id"], required=True)


class Port(Generic):
    port_type = base.Field("PortType")
    device_type = base.Field(["CXL", "ConnectedDeviceType"])
    max_lds = base.Field(["CXL", "MaxLogicalDeviceCount"])


class VPPB(Generic):
    binding_status = base.Field("BindingStatus")
    bound_port = base.Field("BoundPortId")
    endpoints = base.Field(["Links", "Endpoints"], adapter=list)


def collection(conn, path, cls):
    class Collection(base.ResourceCollectionBase):
        _resource_type = cls
    return Collection(conn, path, redfish_version=st["root"].redfish_version,
                      root=st["root"])


def leaf(path):
    return path.rsplit("/", 1)[1]


# ---- 1: login and the service root ------------------------------------
def c_root(notes):
    p = []
    conn = sushy_connector.Connector(url, verify=ca)
    # sushy asks for Connection: close on every request; under TCG each new
    # TLS connection costs about a second, so this one keeps it open.
    conn._session.headers.pop("Connection", None)
    # requests lets REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE of the environment
    # replace the CA sushy was given (verify=): not here.
    conn._session.trust_env = False
    auth = sushy_auth.SessionAuth(username=user, password=password)
    root = sushy.Sushy(url, auth=auth, connector=conn)
    st.update(conn=conn, auth=auth, root=root)
    if not auth.get_session_key():
        p.append("no X-Auth-Token from the login")
    sid = auth.get_session_resource_id() or ""
    if not sid.startswith("/redfish/v1/SessionService/Sessions/"):
        p.append(f"session Location {sid!r}")
    want(p, "root Id", root.identity, "RootService")
    want(p, "root Product", root.product, "cxlfm-redfishd")
    if not re.fullmatch(r"1\.[0-9]+\.[0-9]+", root.redfish_version or ""):
        p.append(f"RedfishVersion {root.redfish_version!r}")
    return p


# ---- 2: the Fabric collection and the Fabric --------------------------
def c_fabric(notes):
    p = []
    fc = st["root"].get_fabric_collection()
    # the simulated switch's Fabric; a real switch CCI beside it (QEMU
    # 10.0's) is a Fabric of its own
    if F not in fc.members_identities:
        p.append(f"Fabric collection members {fc.members_identities!r}: no {F}")
        return p
    fabs = fc.get_members()
    want(p, "Fabric objects", {type(f).__name__ for f in fabs}, {"Fabric"})
    fab = fc.get_member(F)
    st["fab"] = fab
    if not isinstance(fab, fab_fabric.Fabric):
        p.append(f"not a sushy Fabric: {type(fab)}")
    want(p, "Fabric identity", fab.identity, leaf(F))
    want(p, "Fabric status", (fab.status.state, fab.status.health),
         (res_cons.State.ENABLED, res_cons.Health.OK))
    want(p, "FabricType (JSON)", fab.json.get("FabricType"), "CXL")
    if enum_has(res_cons.Protocol, "CXL"):
        want(p, "fabric_type", fab.fabric_type, res_cons.Protocol("CXL"))
    else:
        want(p, "fabric_type (sushy has no CXL)", fab.fabric_type, None)
        notes.append("its Protocol enumeration has no CXL: Fabric.fabric_type is "
                     "None, FabricType CXL read from the JSON")
    return p


# ---- 3: the Endpoints, as sushy's EndpointCollection and Endpoints ------
def c_endpoints(notes):
    p = []
    eps = st["fab"].endpoints
    if not isinstance(eps, fab_endpoint.EndpointCollection):
        p.append(f"not an EndpointCollection: {type(eps)}")
    want(p, "Endpoints", [leaf(m) for m in eps.members_identities], expect["endpoints"])
    h = eps.get_member(F + "/Endpoints/H0")
    d = eps.get_member(F + "/Endpoints/D%d-LD%d" % (expect["mld_port"], expect["lds"] - 1))
    want(p, "H0 identity", h.identity, "H0")
    ent = h.connected_entities[0]
    want(p, "H0 entity", (ent.entity_role, ent.entity_type),
         (fab_cons.EntityRole.INITIATOR, fab_cons.EntityType.ROOT_COMPLEX))
    want(p, "LD endpoint identity", d.identity,
         "D%d-LD%d" % (expect["mld_port"], expect["lds"] - 1))
    ent = d.connected_entities[0]
    want(p, "LD entity role", ent.entity_role, fab_cons.EntityRole.TARGET)
    want(p, "LD EntityType (JSON)", d.json["ConnectedEntities"][0].get("EntityType"), "CXLDevice")
    want(p, "LD EndpointProtocol (JSON)", d.json.get("EndpointProtocol"), "CXL")
    if not enum_has(fab_cons.EntityType, "CXLDevice"):
        want(p, "LD entity_type (sushy has no CXLDevice)", ent.entity_type, None)
        notes.append("its EntityType has no CXLDevice and its Protocol no CXL: "
                     "Endpoint entity_type and endpoint_protocol are None for a "
                     "CXL device, read from the JSON")
    return p


# ---- 4-7: generic access ------------------------------------------------
def c_switch(notes):
    p = []
    conn = st["conn"]
    sws = collection(conn, st["fab"].json["Switches"]["@odata.id"], Switch)
    want(p, "Switches", sws.members_identities, (S,))
    sw = sws.get_members()[0]
    st["sw"] = sw
    want(p, "Switch", (sw.identity, sw.switch_type, sw.max_vcss, sw.total_vppbs, sw.bound_vppbs),
         (leaf(S), "CXL", expect["vcss"], expect["vppbs"], expect["bound"]))
    return p


def c_ports(notes):
    p = []
    ports = collection(st["conn"], st["sw"].ports_path, Port)
    want(p, "Ports", [leaf(m) for m in ports.members_identities],
         [str(i) for i in range(expect["ports"])])
    m = ports.get_member("%s/%d" % (st["sw"].ports_path, expect["mld_port"]))
    want(p, "MLD port", (m.identity, m.port_type, m.device_type, m.max_lds),
         (str(expect["mld_port"]), "DownstreamPort", "Type3MLD", expect["lds"]))
    return p


def c_vcs(notes):
    p = []
    conn = st["conn"]
    vcss = conn.get(st["sw"].vcss_path).json()
    want(p, "VCSs", [leaf(m["@odata.id"]) for m in vcss["Members"]],
         [str(i) for i in range(expect["vcss"])])
    v, b, port = expect["bound_vppb"]
    path = "%s/%d/VPPBs/%d" % (st["sw"].vcss_path, v, b)
    vppb = VPPB(conn, path, redfish_version=st["root"].redfish_version, root=st["root"])
    want(p, "vPPB", (vppb.identity, vppb.binding_status, vppb.bound_port, vppb.endpoints),
         (str(b), "BoundPhysicalPort", port, [{"@odata.id": "%s/Endpoints/D%d" % (F, port)}]))
    return p


def c_connections(notes):
    p = []
    conn = st["conn"]
    cs = conn.get(st["fab"].json["Connections"]["@odata.id"]).json()
    want(p, "Connections", [leaf(m["@odata.id"]) for m in cs["Members"]], expect["connections"])
    v, b, port = expect["bound_vppb"]
    c = conn.get("%s/Connections/VCS%d-vPPB%d" % (F, v, b)).json()
    want(p, "Connection links",
         ([e["@odata.id"] for e in c["Links"]["InitiatorEndpoints"]],
          [e["@odata.id"] for e in c["Links"]["TargetEndpoints"]]),
         (["%s/Endpoints/H%d" % (F, v)], ["%s/Endpoints/D%d" % (F, port)]))
    return p


# ---- 8: the TaskService and its Tasks -----------------------------------
def c_tasks(notes):
    p = []
    ts = st["root"].get_task_service()
    want(p, "TaskService", (ts.identity, ts.service_enabled, ts.overwrite_policy),
         ("TaskService", True, ts_cons.OverWritePolicy.OLDEST))
    summary = ts.tasks.summary
    if len(summary) < expect["tasks"]:
        p.append(f"{len(summary)} tasks, wanted at least {expect['tasks']}")
    bad = {k: v for k, v in summary.items() if v != ts_cons.TaskState.COMPLETED}
    if bad:
        p.append(f"tasks not Completed: {bad}")
    task = ts.tasks.get_members()[0]
    ids = [m.message_id for m in task.messages]
    if not ids or not all(i.startswith("TaskEvent.1.0.") for i in ids):
        p.append(f"task {task.identity} messages {ids}")
    return p


# ---- 9: the message registry ---------------------------------------------
def c_registry(notes):
    p = []
    root = st["root"]
    files = message_registry_file.MessageRegistryFileCollection(
        st["conn"], root.json["Registries"]["@odata.id"],
        redfish_version=root.redfish_version, root=root).get_members()
    want(p, "registry files", [(f.identity, f.registry) for f in files],
         [("CXLFabric", "CXLFabric.1.0")])
    reg = files[0].get_message_registry("en", requests)
    if reg is None:
        return p + ["get_message_registry() found no registry"]
    want(p, "registry", (reg.registry_prefix, reg.registry_version), ("CXLFabric", "1.0.0"))
    m = reg.messages["VPPBBindingChanged"]
    want(p, "VPPBBindingChanged", (m.number_of_args, m.message),
         (4, "vPPB %1 of VCS %2 of switch %3 changed its binding status to %4."))
    if "Severity" not in reg.json["Messages"]["VPPBBindingChanged"]:
        notes.append("it reads a registry message's deprecated Severity, not "
                     "MessageSeverity: every CXLFabric message is Warning to it "
                     f"(VPPBBindingChanged: {m.severity})")
    rec = os.environ.get("RF_EVENT_RECORD")
    if not rec:
        return p + ["no event record given"]
    rec = json.loads(rec)

    class Msg:      # what parse_message reads of a message
        message_id = rec["MessageId"]
        message_args = rec["MessageArgs"]
        message = None
        severity = None
        resolution = None
    out = message_registry.parse_message({reg.registry_prefix + ".1.0": reg}, Msg())
    want(p, "the event's message rendered by sushy", out.message, rec["Message"])
    return p


# ---- 10: the EventService -------------------------------------------------
def c_events(notes):
    p = []
    try:
        es = st["root"].get_event_service()
    except exceptions.MissingAttributeError as e:
        # sushy 4.3.3's EventService requires Actions (for SubmitTestEvent);
        # the service has no action there.  Known; see Documentation/redfish.md.
        if "Actions" not in str(e):
            raise
        notes.append(f"get_event_service() refuses: {e}")
        es = None
    js = st["conn"].get(st["root"].json["EventService"]["@odata.id"]).json()
    want(p, "ServerSentEventUri", js.get("ServerSentEventUri"), "/redfish/v1/EventService/SSE")
    if es is not None:
        want(p, "EventService", (es.identity, es.service_enabled, es.delivery_retry_attempts),
             ("EventService", True, js["DeliveryRetryAttempts"]))
    return p


# ---- 11: logout ------------------------------------------------------------
def c_logout(notes):
    p = []
    sid = st["auth"].get_session_resource_id()
    st["auth"].close()
    try:
        st["conn"].get(sid, headers={"X-Auth-Token": os.environ["RF_ADMIN_TOKEN"]})
        p.append(f"{sid} still there after the logout")
    except exceptions.ResourceNotFoundError:
        pass
    return p


check("sushy: a Redfish session (SessionAuth) and the service root as a Sushy object", c_root)
check("sushy: get_fabric_collection(), the switch's Fabric typed: identity, status, FabricType CXL", c_fabric)
check("sushy: Fabric.endpoints, an EndpointCollection of %d; a host and an LD as Endpoints"
      % len(expect["endpoints"]), c_endpoints)
check("sushy, generic resources: the Switch (CXL, %d VCSs, %d vPPBs, %d bound)"
      % (expect["vcss"], expect["vppbs"], expect["bound"]), c_switch)
check("sushy, generic resources: %d Ports, the MLD port's device type and LD count"
      % expect["ports"], c_ports)
check("sushy, generic resources: the VCSs and a bound vPPB", c_vcs)
check("sushy, the connector's JSON: the Connections and one's endpoints", c_connections)
check("sushy: the TaskService and its Tasks typed, every one Completed", c_tasks)
check("sushy: the MessageRegistryFile and MessageRegistry of CXLFabric; an event's message rendered",
      c_registry)
check("sushy: the EventService (its model, or the one refusal known of sushy 4.3.3)", c_events)
check("sushy: logout deletes its session", c_logout)
