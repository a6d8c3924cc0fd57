#!/usr/bin/env python3
"""Writes docs/openapi.json, the OpenAPI 3.1 description of /api/v1 that the HTTP tests
check every response against. Edit here, run, commit both."""
import json, os
S = lambda **k: k
def ref(n): return {"$ref": "#/components/schemas/" + n}
def obj(props, req=None, extra=False):
    return {"type": "object", "properties": props, "required": req if req is not None else list(props), "additionalProperties": extra}
def arr(item): return {"type": "array", "items": item}
def nul(t): return {"type": [t, "null"]}
def list_of(key, item): return obj({"count": {"type": "integer", "minimum": 0}, key: arr(item)})
STR = {"type": "string"}; INT = {"type": "integer"}; NUM = {"type": "number"}; BOOL = {"type": "boolean"}
schemas = {
 "Error": obj({"error": obj({"code": {"type": "string", "enum": ["bad_request","unauthorized","forbidden","not_found","method_not_allowed","payload_too_large","infeasible","too_many_requests","internal","busy"]}, "message": STR})}),
 "Health": obj({"status": {"enum": ["ok"]}, "schema_version": INT, "schema_latest": INT}),
 "WhoAmI": obj({"token_id": STR, "role": {"enum": ["admin","analyst","location"]}, "location_id": nul("string")}),
 "Area": obj({"pc4": INT, "municipality": nul("string"), "province": nul("string"), "population": INT, "male": INT, "female": INT, "lat": NUM, "lon": NUM}),
 "Location": obj({"id": STR, "name": STR, "kind": {"enum": ["umc","general","children","outpatient","other"]}, "organisation_id": nul("string"), "organisation": nul("string"), "address": nul("string"), "postcode": nul("string"), "city": nul("string"), "lat": NUM, "lon": NUM}),
 "Intervention": obj({"code": STR, "name": STR, "group": STR,
     "norm": obj({"per_year": INT, "window_years": INT, "source": STR, "illustrative": BOOL}),
     "proposed": {"oneOf": [{"type": "null"}, obj({"norm": INT, "source": nul("string"), "illustrative": BOOL})]},
     "flow_years": {"oneOf": [{"type": "null"}, obj({"first": INT, "last": INT})]},
     "synthetic": BOOL}),
 "Region": obj({"layer": STR, "code": STR, "name": STR, "areas": INT, "locations": INT}),
 "Travel": obj({"pc4": INT, "location_id": STR, "minutes": NUM, "km": NUM, "method": STR}),
 "Token": obj({"id": STR, "role": {"enum": ["admin","analyst","location"]}, "location_id": nul("string"), "label": STR, "created_at": STR, "revoked_at": nul("string"), "expires_at": nul("string")}),
 "TokenCreate": obj({"role": {"enum": ["admin","analyst","location"]}, "location_id": nul("string"), "label": STR, "expires": nul("string")}, ["role"]),
 "TokenCreated": obj({"id": STR, "token": STR, "role": STR, "location_id": nul("string")}),
 "Revoked": obj({"id": STR, "revoked": BOOL}),
}
def open_obj(props, req=None):
    """A library-built document: the listed members are checked; new members may appear."""
    return obj(props, req, extra=True)
STAT = {"type": "object", "required": ["n", "mean", "p50", "p90", "max"], "properties": {
    "n": INT, "mean": nul("number"), "p50": nul("number"), "p90": nul("number"), "min": nul("number"), "max": nul("number")}}
BEYOND = arr(obj({"minutes": INT, "before": INT, "after": INT}))
schemas.update({
 "Impact": open_obj({
   "intervention": open_obj({"code": STR, "name": STR, "norm": INT, "window_years": INT}),
   "year": INT, "norm": INT, "norm_basis": {"enum": ["current", "proposed", "override"]},
   "method": STR, "rule": nul("string"), "region_layer": nul("string"), "synthetic": BOOL,
   "summary": open_obj({"offering_before": INT, "offering_after": INT, "stopping": INT}),
   "locations": arr(open_obj({"id": STR, "name": STR, "status": {"enum": ["keeps", "stops", "receives", "opens"]},
       "volume_before": INT, "volume_after": INT, "meets_norm_before": BOOL, "meets_norm_after": BOOL})),
   "patients": open_obj({"total": INT, "displaced": INT, "minutes_before": STAT, "minutes_after": STAT,
       "extra_minutes": STAT, "beyond": BEYOND}),
   "population_total": INT, "population_beyond": BEYOND,
   "sensitivity": arr(open_obj({"id": STR, "name": STR, "minutes": INT, "population_beyond": INT})),
   "areas": obj({"pc4": arr(INT), "population": arr(INT), "minutes_before": arr(nul("number")), "minutes_after": arr(nul("number"))}),
   "histogram": obj({"bin_minutes": INT, "bins": arr(obj({"from": INT, "to": INT, "patients": INT}))}),
 }, ["intervention", "year", "norm", "norm_basis", "synthetic", "summary", "locations", "patients", "population_beyond", "sensitivity"]),
 "ImpactRequest": obj({"intervention": STR, "norm": {"oneOf": [{"type": "integer", "minimum": 0}, {"enum": ["current", "proposed"]}]},
   "year": INT, "stop": arr(STR), "keep": arr(STR), "rule": {"enum": ["nearest", "region"]}, "region_layer": STR,
   "map": BOOL}, ["intervention"]),
 "NormCheck": open_obj({"intervention": STR, "year": INT, "norm": INT, "synthetic": BOOL,
   "summary": open_obj({"locations": INT, "meeting": INT, "below": INT}),
   "locations": arr(open_obj({"id": STR, "name": STR, "volume_mean": NUM, "meets_norm": BOOL}))}),
})
CENTRE = open_obj({"centre_id": STR, "centre": STR, "location_id": STR, "location": nul("string"),
    "ern": nul("string"), "recognised_from": STR, "recognised_to": nul("string"), "status": STR, "synthetic": BOOL},
    ["centre_id", "centre", "location_id", "recognised_from", "status"])
schemas.update({
 "RareFind": open_obj({"query": STR, "lang": nul("string"), "date": STR,
   "hits": arr(open_obj({"orpha": INT, "code": STR, "name": STR, "names": {"type": "object"}, "type": nul("string"),
       "score": NUM, "match": STR, "centres": arr(CENTRE),
       "adjacent_expertise": arr(open_obj({"orpha": INT, "code": STR, "name": STR,
           "path": arr(open_obj({"orpha": INT, "name": STR})), "centres": arr(CENTRE), "erns": arr(STR)}))},
       ["orpha", "code", "name", "centres", "adjacent_expertise"])),
   "advice": open_obj({"code": STR, "name": STR, "route": STR, "erns": arr(open_obj({"acronym": STR}))}, ["code", "route"])},
   ["query", "date", "hits"]),
 "RareDisease": open_obj({"orpha": INT, "code": STR, "name": STR, "type": nul("string"), "status": STR,
   "parents": {"type": "array"}, "children": {"type": "array"}, "xrefs": {"type": ["array", "object"]},
   "date": STR, "centres": arr(CENTRE)}, ["orpha", "code", "name", "date", "centres"]),
 "RareRegister": open_obj({"date": STR, "synthetic": BOOL, "count": INT,
   "recognitions": arr(open_obj({"orpha": INT, "disorder": STR, "centre_id": STR, "centre": STR, "location_id": STR,
       "status": STR, "synthetic": BOOL}, ["orpha", "centre_id", "centre", "location_id", "status"]))}),
})
COUNT_ROW = open_obj({"key": STR, "orpha": INT, "name": STR, "location_id": nul("string"),
    "patients": nul("integer"), "patients_display": STR, "national": nul("integer"), "national_display": STR},
    ["key", "patients", "patients_display"])
schemas.update({
 "RegistryCounts": open_obj({"by": {"enum": ["code", "location", "age", "region"]}, "code": nul("integer"),
   "rollup": BOOL, "location": nul("string"), "viewer": {"enum": ["public", "location", "analyst", "admin"]},
   "unit": STR, "suppression": open_obj({"below": INT, "method": STR}), "synthetic": BOOL, "rows": arr(COUNT_ROW)},
   ["by", "viewer", "suppression", "synthetic", "rows"]),
 "Concentration": open_obj({"date": STR, "viewer": STR, "synthetic": BOOL,
   "diseases": arr(open_obj({"orpha": INT, "name": STR, "patients": nul("integer"), "patients_display": STR,
       "advice": {"type": "object"}, "centres": {"type": "array"},
       "verdict": {"enum": ["no centre", "within the rule", "too fragmented"]}}, ["orpha", "patients_display", "verdict", "centres"]))},
   ["date", "viewer", "synthetic", "diseases"]),
 "Submissions": {"type": ["object", "array"]},
})
schemas.update({
 "OptimiseRequest": obj({"intervention": STR, "norm": {"oneOf": [{"type": "integer", "minimum": 0}, {"enum": ["current", "proposed"]}]},
   "year": INT, "keep": arr(STR), "exclude": arr(STR), "max_locations": INT, "min_per_region": STR,
   "max_minutes": NUM, "capacity_factor": NUM, "objective": {"enum": ["total", "max", "beyond45"]},
   "method": {"enum": ["auto", "exact", "heuristic"]}, "time_limit": NUM, "mip_neighbours": INT}, ["intervention"]),
 "Optimise": open_obj({"intervention": STR, "year": INT, "objective": STR, "method": STR, "proven_optimal": BOOL,
   "value": NUM, "lower_bound": NUM, "gap": NUM, "constraints": {"type": "object"}, "objectives": {"type": "object"},
   "locations": arr(open_obj({"id": STR, "name": STR, "candidate": BOOL, "open": BOOL, "volume_before": INT, "volume_after": INT})),
   "plain": {"type": "object"}, "synthetic": BOOL, "impact": ref("Impact")},
   ["intervention", "objective", "method", "proven_optimal", "value", "lower_bound", "locations", "synthetic", "impact"]),
})
def resp(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": schema}}}
ERR = {"$ref": "#/components/responses/Error"}
def errs(*codes): return {str(c): ERR for c in codes}
def qp(name, schema, desc, required=False):
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": desc}
def pp(name, schema, desc):
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": desc}
BEARER = [{"bearer": []}]
DATE_P = qp("date", STR, "YYYY-MM-DD (default: today, UTC)")
NORM_P = qp("norm", STR, "a number of procedures per year, 'current' (default) or 'proposed'")
YEAR_P = qp("year", INT, "the year of the flows (default: the latest)")
IMPACT_P = [qp("intervention", STR, "intervention code", True), NORM_P, YEAR_P,
    qp("stop", STR, "comma-separated location ids that stop whatever their volume"),
    qp("keep", STR, "comma-separated location ids that keep the intervention whatever their volume"),
    qp("rule", {"enum": ["nearest", "region"]}, "where displaced patients go (default nearest)"),
    qp("region_layer", STR, "region layer for rule=region"),
    qp("map", {"enum": ["true", "false"]}, "add the map (areas) and histogram layers")]
paths = {
 "/health": {"get": {"summary": "Service health and schema version", "responses": {"200": resp(ref("Health"))}}},
 "/openapi.json": {"get": {"summary": "This document", "responses": {"200": resp({"type": "object"})}}},
 "/whoami": {"get": {"summary": "The role and location of the bearer token", "security": BEARER, "responses": {"200": resp(ref("WhoAmI")), **errs(401)}}},
 "/areas": {"get": {"summary": "PC4 areas with population and a point inside", "parameters": [qp("province", STR, "only areas in this province")], "responses": {"200": resp(list_of("areas", ref("Area"))), **errs(400)}}},
 "/areas/{pc4}": {"get": {"summary": "One PC4 area", "parameters": [pp("pc4", INT, "PC4 postcode")], "responses": {"200": resp(ref("Area")), **errs(400, 404)}}},
 "/locations": {"get": {"summary": "Hospital locations", "parameters": [qp("kind", {"enum": ["umc","general","children","outpatient","other"]}, "only this kind")], "responses": {"200": resp(list_of("locations", ref("Location"))), **errs(400)}}},
 "/locations/{id}": {"get": {"summary": "One location", "parameters": [pp("id", STR, "location id")], "responses": {"200": resp(ref("Location")), **errs(404)}}},
 "/interventions": {"get": {"summary": "Interventions with their current and proposed volume norms", "responses": {"200": resp(list_of("interventions", ref("Intervention")))}}},
 "/interventions/{code}": {"get": {"summary": "One intervention", "parameters": [pp("code", STR, "intervention code")], "responses": {"200": resp(ref("Intervention")), **errs(404)}}},
 "/regions": {"get": {"summary": "Regions of every region layer", "responses": {"200": resp(list_of("regions", ref("Region")))}}},
 "/travel": {"get": {"summary": "Travel times from one PC4 area to every location (nearest first), or to one location from every area", "parameters": [qp("pc4", INT, "from this area"), qp("location", STR, "to this location")], "responses": {"200": resp(list_of("travel", ref("Travel"))), **errs(400, 404)}}},
 "/norms": {"get": {"summary": "Norm check: per location the volume over the norm's window and whether it meets the norm", "parameters": [qp("intervention", STR, "intervention code", True), YEAR_P, NORM_P], "responses": {"200": resp(ref("NormCheck")), **errs(400, 404)}}},
 "/impact": {"get": {"summary": "Impact of a volume norm (docs/impact.md)", "parameters": IMPACT_P, "responses": {"200": resp(ref("Impact")), **errs(400, 404, 422)}},
             "post": {"summary": "Impact of a volume norm, options as a JSON body (mirrors zl impact)", "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ImpactRequest")}}}, "responses": {"200": resp(ref("Impact")), **errs(400, 404, 413, 422)}}},
 "/optimise": {"post": {"summary": "Which locations keep an intervention: the optimiser (docs/optimise.md), options mirroring zl optimise; GLPK time limit at most 20 s (analyst or admin)", "security": BEARER,
   "requestBody": {"required": True, "content": {"application/json": {"schema": ref("OptimiseRequest")}}},
   "responses": {"200": resp(ref("Optimise")), **errs(400, 401, 403, 404, 413, 422)}}},
 "/rare/find": {"get": {"summary": "Find a rare disease by name, synonym (typos, word order, Dutch or English), ORPHAcode, ICD-10 or OMIM; with its expertise centres, adjacent expertise and ERNs", "parameters": [qp("q", STR, "the query", True), qp("lang", {"enum": ["nl", "en"]}, "preferred language of names"), qp("limit", INT, "hits, 1..50 (default 10)"), DATE_P], "responses": {"200": resp(ref("RareFind")), **errs(400)}}},
 "/rare/diseases/{code}": {"get": {"summary": "The whole record of a disorder: names, classification, cross-references, prevalence, centres", "parameters": [pp("code", STR, "ORPHA:558 or 558"), DATE_P], "responses": {"200": resp(ref("RareDisease")), **errs(400, 404)}}},
 "/rare/centres": {"get": {"summary": "The expertise-centre (ECZA) register as published on a date", "parameters": [DATE_P], "responses": {"200": resp(ref("RareRegister")), **errs(400)}}},
 "/registry/counts": {"get": {"summary": "Registered patients (deduplicated by pseudonym). Counts 1-9 are suppressed for the public and analysts; a location token sees its own patients unsuppressed (by code its own view is the default), an admin everything", "security": [{}, {"bearer": []}],
   "parameters": [qp("code", STR, "ORPHAcode (required for by=location|age|region)"), qp("by", {"enum": ["code", "location", "age", "region"]}, "breakdown (default code)"),
     qp("layer", STR, "region layer for by=region"), qp("rollup", {"enum": ["true", "false"]}, "count groups along the classification"),
     qp("location", STR, "one location's own registrations"), qp("year", INT, "reference year for ages")],
   "responses": {"200": resp(ref("RegistryCounts")), **errs(400, 401, 404)}}},
 "/registry/concentration": {"get": {"summary": "VSOP concentration verdicts per disease with registered patients", "security": [{}, {"bearer": []}], "parameters": [qp("code", STR, "one ORPHAcode (default: every code with patients)"), DATE_P], "responses": {"200": resp(ref("Concentration")), **errs(400, 401, 404)}}},
 "/registry/submissions": {"get": {"summary": "Submissions with accepted and rejected counts (admin)", "security": BEARER, "responses": {"200": resp(ref("Submissions")), **errs(401, 403)}}},
 "/tokens": {"get": {"summary": "API tokens (admin)", "security": BEARER, "responses": {"200": resp(list_of("tokens", ref("Token"))), **errs(401, 403)}},
             "post": {"summary": "Create a token (admin); the token is shown only in this answer", "security": BEARER, "requestBody": {"required": True, "content": {"application/json": {"schema": ref("TokenCreate")}}}, "responses": {"201": resp(ref("TokenCreated"), "Created"), **errs(400, 401, 403, 413)}}},
 "/tokens/{id}": {"delete": {"summary": "Revoke a token (admin)", "security": BEARER, "parameters": [pp("id", STR, "token id")], "responses": {"200": resp(ref("Revoked")), **errs(401, 403, 404)}}},
}
doc = {"openapi": "3.1.0",
 "info": {"title": "zorglandschap API", "version": "1", "description": "Decision support for the Dutch landscape of specialist hospital care. Public endpoints are read-only; token management and the registry's unsuppressed counts need a bearer token. Errors are always {\"error\": {\"code\", \"message\"}}. See docs/http.md."},
 "servers": [{"url": "/api/v1"}],
 "paths": paths,
 "components": {"schemas": schemas,
   "responses": {"Error": {"description": "An error", "content": {"application/json": {"schema": ref("Error")}}}},
   "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "zlt_<id>_<secret>, made with `zl token create` or POST /tokens"}}}}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "openapi.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
