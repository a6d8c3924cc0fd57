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
 "Error": obj({"error": obj({"code": {"type": "string", "enum": ["bad_request","unauthorized","forbidden","not_found","method_not_allowed","payload_too_large","infeasible","internal"]}, "message": STR})}),
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
 "Token": obj({"id": STR, "role": {"enum": ["admin","analyst","location"]}, "location_id": nul("string"), "label": STR, "created_at": STR, "revoked_at": nul("string")}),
 "TokenCreate": obj({"role": {"enum": ["admin","analyst","location"]}, "location_id": nul("string"), "label": STR}, ["role"]),
 "TokenCreated": obj({"id": STR, "token": STR, "role": STR, "location_id": nul("string")}),
 "Revoked": obj({"id": STR, "revoked": BOOL}),
}
def resp(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": schema}}}
ERR = {"$ref": "#/components/responses/Error"}
def errs(*codes): return {str(c): ERR for c in codes}
def qp(name, schema, desc, required=False):
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": desc}
def pp(name, schema, desc):
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": desc}
BEARER = [{"bearer": []}]
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
