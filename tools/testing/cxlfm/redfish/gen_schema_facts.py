#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write schema-facts.json: for each Redfish resource type cxlfm-redfishd
serves, the schema version it follows, the required properties and, for
each property it serves, the JSON types and enumeration the DMTF's
published JSON schema allows.  Run on a checkout of the DMTF's
Redfish-Publications (its json-schema directory):

    gen_schema_facts.py PATH/json-schema > schema-facts.json

The facts are committed; the tests read them, not the schemas."""
import json
import os
import sys

# type: (schema file, [served properties; "a.b" nested, "a[]" each item])
SERVED = {
    "ServiceRoot": ("ServiceRoot.v1_20_0", "Id Name RedfishVersion UUID Vendor Product Fabrics "
                    "SessionService Tasks EventService Registries Links Links.Sessions ProtocolFeaturesSupported "
                    "ProtocolFeaturesSupported.FilterQuery ProtocolFeaturesSupported.SelectQuery "
                    "ProtocolFeaturesSupported.OnlyMemberQuery ProtocolFeaturesSupported.ExcerptQuery"),
    "SessionService": ("SessionService.v1_2_0", "Id Name ServiceEnabled SessionTimeout Status "
                       "Status.State Status.Health Sessions"),
    "Session": ("Session.v1_8_0", "Id Name UserName SessionType CreatedTime Password Token"),
    "TaskService": ("TaskService.v1_3_0", "Id Name ServiceEnabled CompletedTaskOverWritePolicy "
                    "LifeCycleEventOnTaskStateChange Status Status.State Status.Health Tasks"),
    "Task": ("Task.v1_7_4", "Id Name TaskState TaskStatus PercentComplete StartTime EndTime "
             "TaskMonitor Messages Links Links.CreatedResources Links.CreatedResources@odata.count"),
    "Fabric": ("Fabric.v1_4_0", "Id Name FabricType Status Status.State Status.Health Switches "
               "Endpoints Connections"),
    "Switch": ("Switch.v1_11_0", "Id Name SwitchType SupportedProtocols Enabled Status Status.State "
               "Status.Health Model SerialNumber Ports CXL CXL.MaxVCSsSupported CXL.TotalNumbervPPBs "
               "CXL.NumberOfBoundvPPBs CXL.VirtualCXLSwitches Actions"),
    "Port": ("Port.v1_18_0", "Id PortId Name PortProtocol PortType PortMedium LinkNetworkTechnology "
             "Width ActiveWidth FirstLane CurrentSpeedGbps MaxSpeedGbps LinkState LinkStatus "
             "InterfaceEnabled Status Status.State Status.Health CXL CXL.CurrentPortConfigurationState "
             "CXL.ConnectedDeviceMode CXL.ConnectedDeviceType CXL.MaxLogicalDeviceCount "
             "CXL.SupportedCXLModes Links Links.AssociatedEndpoints "
             "Links.AssociatedEndpoints@odata.count Actions Actions.#Port.Reset"),
    "VirtualCXLSwitch": ("VirtualCXLSwitch.v1_0_0", "Id VCSId Name HDMDecoders Status Status.State "
                         "Status.Health VPPBs Links Links.Port Links.Endpoints "
                         "Links.Endpoints@odata.count"),
    "VirtualPCI2PCIBridge": ("VirtualPCI2PCIBridge.v1_0_0", "Id VPPBId Name BindingStatus BoundPortId "
                             "BoundLDId BoundPBRId Status Status.State Status.Health Links Links.Port "
                             "Links.Endpoints Links.Endpoints@odata.count"),
    "Endpoint": ("Endpoint.v1_8_2", "Id Name EndpointProtocol ConnectedEntities "
                 "ConnectedEntities[].EntityType ConnectedEntities[].EntityRole Status Status.State "
                 "Status.Health Links Links.ConnectedPorts Links.ConnectedPorts@odata.count "
                 "Links.Connections Links.Connections@odata.count"),
    "Connection": ("Connection.v1_4_0", "Id Name ConnectionType Status Status.State Status.Health "
                   "Links Links.InitiatorEndpoints Links.InitiatorEndpoints@odata.count "
                   "Links.TargetEndpoints Links.TargetEndpoints@odata.count"),
    "EventService": ("EventService.v1_12_0", "Id Name ServiceEnabled DeliveryRetryAttempts "
                     "Actions Actions.#EventService.SubmitTestEvent "
                     "DeliveryRetryIntervalSeconds EventFormatTypes RegistryPrefixes ResourceTypes "
                     "ServerSentEventUri SSEFilterPropertiesSupported "
                     "SSEFilterPropertiesSupported.EventFormatType SSEFilterPropertiesSupported.MessageId "
                     "SSEFilterPropertiesSupported.MetricReportDefinition "
                     "SSEFilterPropertiesSupported.OriginResource "
                     "SSEFilterPropertiesSupported.RegistryPrefix "
                     "SSEFilterPropertiesSupported.ResourceType Subscriptions Status Status.State "
                     "Status.Health"),
    "EventDestination": ("EventDestination.v1_16_0", "Id Name Destination Context Protocol "
                         "SubscriptionType EventFormatType DeliveryRetryPolicy RegistryPrefixes "
                         "ResourceTypes Status Status.State Status.Health Oem"),
    "MessageRegistryFile": ("MessageRegistryFile.v1_1_5", "Id Name Registry Languages Location "
                            "Location[].Language Location[].Uri"),
}
COLLECTIONS = ["Fabric", "Switch", "Port", "VirtualCXLSwitch", "VirtualPCI2PCIBridge", "Endpoint",
               "Connection", "Session", "Task", "EventDestination", "MessageRegistryFile"]

root = sys.argv[1]
cache = {}


def load(name):
    if name not in cache:
        path = os.path.join(root, name + ".json")
        cache[name] = json.load(open(path)) if os.path.exists(path) else None
    return cache[name]


def deref(ref, here):
    """(definition, file) a $ref names; None where the file is not kept."""
    if ref.startswith("#/definitions/"):
        return load(here)["definitions"][ref[14:]], here
    d = ref.split("#/definitions/")[1]
    f = ref.split("#")[0].split("/")[-1][:-len(".json")]
    doc = load(f)
    if doc is None or d not in doc["definitions"]:
        return None, f
    return doc["definitions"][d], f


def resolve(s, here):
    """The JSON types and the enumeration a property schema allows, and
    the schema of its object (for nested properties)."""
    types, enum, obj = set(), None, None
    if "anyOf" in s:
        for a in s["anyOf"]:
            t, e, o = resolve(a, here)
            types |= t
            enum = e or enum
            obj = o or obj
        return types, enum, obj
    if "$ref" in s:
        ref = s["$ref"]
        if ref.endswith("odata-v4.json#/definitions/count"):
            return {"integer"}, None, None
        if ref.endswith("odata-v4.json#/definitions/idRef"):
            return {"object"}, None, None
        d, f = deref(ref, here)
        if d is None:
            return {"object"}, None, None
        return resolve(d, f)
    if "enum" in s:
        return {"string"}, s["enum"], None
    if "type" in s:
        t = s["type"] if isinstance(s["type"], list) else [s["type"]]
        types = set(t)
        if "items" in s:
            it, ie, io = resolve(s["items"], here)
            return types, ie, (s["items"], here) if io is None else io
        if "properties" in s:
            return types, None, (s, here)
        return types, None, None
    if "properties" in s:
        return {"object"}, None, (s, here)
    return {"object"}, None, None


def prop_schema(defn, here, path):
    cur, f = defn, here
    # "@odata.count" is one name; "Actions.#Port.Reset" is two.
    parts = [x.replace("\0", ".") for x in path.replace("@odata.count", "@odata\0count").split(".")]
    if path.startswith("Actions.#"):
        parts = ["Actions", path[len("Actions."):]]
    for i, p in enumerate(parts):
        name = p[:-2] if p.endswith("[]") else p
        props = cur.get("properties", {})
        if name not in props:
            raise SystemExit("%s: no property %s in %s" % (here, path, list(props)))
        t, e, o = resolve(props[name], f)
        if i == len(parts) - 1:
            return t, e
        if p.endswith("[]"):
            it = props[name]["items"]
            t, e, o = resolve(it, f)
        if o is None:
            raise SystemExit("%s: %s has no object schema" % (here, p))
        cur, f = o
        if "properties" not in cur and "$ref" in cur:
            cur, f = deref(cur["$ref"], f)


facts = {"_source": "DMTF Redfish-Publications json-schema (release 2025.4)"}
for typ, (fname, props) in SERVED.items():
    doc = load(fname)
    d = doc["definitions"][typ]
    entry = {"version": fname.split(".", 1)[1], "required": d.get("required", []), "props": {}}
    for p in props.split():
        t, e = prop_schema(d, fname, p)
        entry["props"][p] = {"type": sorted(t)}
        if e:
            entry["props"][p]["enum"] = e
    facts[typ] = entry
for typ in COLLECTIONS:
    c = typ + "Collection"
    d = [a for a in load(c)["definitions"][c]["anyOf"] if "properties" in a][0]
    facts[c] = {"version": None, "required": d["required"],
                "props": {"Name": {"type": ["string"]}, "Members": {"type": ["array"]},
                          "Members@odata.count": {"type": ["integer"]}}}
json.dump(facts, sys.stdout, indent=1, sort_keys=True)
print()
