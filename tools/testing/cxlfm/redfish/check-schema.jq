# SPDX-License-Identifier: GPL-2.0
#
# Check Redfish resources against schema-facts.json (the DMTF schemas'
# facts for what cxlfm-redfishd serves).  Input: [{"uri": U, "body": B}...];
# $facts[0]: the facts.  Output: one line per problem, nothing when all hold.
#
#   jq -r --slurpfile facts schema-facts.json -f check-schema.jq walk.json

# The values at a facts path: "a.b" nested, "a[]" each item, "@odata.count"
# and "#Action.Name" one name.
def at($p):
  ($p | gsub("@odata\\.count"; "@odata\u0000count")
      | if startswith("Actions.#") then ["Actions", .[8:]] else split(".") end
      | map(gsub("\u0000"; "."))) as $parts
  | reduce $parts[] as $s ([.];
      [ .[] | if ($s | endswith("[]"))
              then (if type == "object" and has($s[:-2]) then .[$s[:-2]][]? else empty end)
              else (if type == "object" and has($s) then .[$s] else empty end) end ]);

def jtype: if type == "number" then (if . == floor then "integer" else "number" end) else type end;

def type_ok($allowed): jtype as $t
  | ($allowed | index($t)) != null or ($t == "integer" and ($allowed | index("number")) != null);

$facts[0] as $f
| .[] | .uri as $u | .body as $b
| ($b["@odata.type"] // "") as $ot
| ($ot | capture("^#(?<ns>[A-Za-z0-9]+)\\.((?<ver>v[0-9]+_[0-9]+_[0-9]+)\\.)?(?<name>[A-Za-z0-9]+)$") // null) as $m
| if $b["@odata.id"] != $u then "\($u): @odata.id is \($b["@odata.id"])"
  elif $m == null then "\($u): @odata.type '\($ot)' is not #Namespace[.vX_Y_Z].Type"
  elif $f[$m.name] == null then "\($u): no facts for type \($m.name)"
  else
    $f[$m.name] as $t
    | ( (if $t.version != $m.ver then "\($u): \($ot) is not version \($t.version)" else empty end),
        ($t.required[] | select(. as $k | $b | has($k) | not) | "\($u): required property \(.) missing"),
        ($b | keys[] | select(startswith("@odata.") | not)
            | select(. as $k | $t.props | has($k) | not)
            | "\($u): property \(.) is not one of the facts of \($m.name)"),
        ($t.props | to_entries[] | .key as $p | .value as $d
          | $b | at($p)[]
          | if (type_ok($d.type) | not) then "\($u): \($p) = \(tojson) is not \($d.type | join("/"))"
            elif $d.enum and (if type == "array" then any(.[]; . as $v | $d.enum | index($v) | not)
                              elif type == "string" then (. as $v | $d.enum | index($v) | not) else false end)
            then "\($u): \($p) = \(tojson) is not in the enumeration"
            else empty end) )
  end
