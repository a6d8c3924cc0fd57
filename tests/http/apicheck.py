"""A small client for the HTTP tests: requests over real HTTP and validation of every
response against docs/openapi.json (the subset of JSON Schema the document uses: type,
properties, required, additionalProperties, items, enum, oneOf, minimum, $ref)."""
import http.client
import json
import re

class SchemaError(Exception):
    pass

class Api:
    def __init__(self, host, port, openapi_path):
        self.host, self.port = host, port
        with open(openapi_path) as f:
            self.doc = json.load(f)
        self.passed = self.failed = 0
        self.templates = []
        for tpl in self.doc["paths"]:
            rx = "^" + re.sub(r"\{[^/]+\}", "[^/]+", re.escape(tpl).replace(r"\{", "{").replace(r"\}", "}")) + "$"
            self.templates.append((re.compile(rx), tpl))

    # ---- HTTP ----
    def raw(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hdrs, data

    def call(self, method, path, token=None, body=None, raw_body=None, ctype="application/json"):
        """Calls /api/v1<path>; returns (status, parsed JSON). Validates the JSON."""
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
        if raw_body is not None:
            data = raw_body
        if data is not None and ctype:
            headers["Content-Type"] = ctype
        status, hdrs, payload = self.raw(method, "/api/v1" + path, data, headers)
        if not hdrs.get("content-type", "").startswith("application/json"):
            raise SchemaError(f"{method} {path}: content-type {hdrs.get('content-type')}")
        v = json.loads(payload)
        self.validate_response(method, path, status, v)
        return status, v

    # ---- OpenAPI ----
    def operation(self, method, path):
        p = path.split("?")[0]
        for rx, tpl in self.templates:
            if rx.match(p):
                return tpl, self.doc["paths"][tpl].get(method.lower())
        return None, None

    def validate_response(self, method, path, status, v):
        tpl, op = self.operation(method, path)
        if status >= 400 and (op is None or str(status) not in op["responses"]):
            # Errors of unknown paths/methods still have the error shape.
            self.check(v, {"$ref": "#/components/schemas/Error"}, "$")
            return
        if op is None:
            raise SchemaError(f"{method} {path}: not in the OpenAPI document")
        r = op["responses"].get(str(status))
        if r is None:
            raise SchemaError(f"{method} {tpl}: status {status} not documented")
        if "$ref" in r:
            r = self.resolve(r["$ref"])
        self.check(v, r["content"]["application/json"]["schema"], "$")

    def resolve(self, ref):
        node = self.doc
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    def check(self, v, s, where):
        if "$ref" in s:
            return self.check(v, self.resolve(s["$ref"]), where)
        if "oneOf" in s:
            ok = 0
            for alt in s["oneOf"]:
                try:
                    self.check(v, alt, where)
                    ok += 1
                except SchemaError:
                    pass
            if ok != 1:
                raise SchemaError(f"{where}: matches {ok} of oneOf")
            return
        if "enum" in s and v not in s["enum"]:
            raise SchemaError(f"{where}: {v!r} not in {s['enum']}")
        t = s.get("type")
        if t is not None:
            types = t if isinstance(t, list) else [t]
            if not any(self.is_type(v, x) for x in types):
                raise SchemaError(f"{where}: {type(v).__name__} is not {t}")
        if "minimum" in s and isinstance(v, (int, float)) and v < s["minimum"]:
            raise SchemaError(f"{where}: {v} < {s['minimum']}")
        if isinstance(v, dict) and "properties" in s:
            for k in s.get("required", []):
                if k not in v:
                    raise SchemaError(f"{where}: missing '{k}'")
            for k, val in v.items():
                if k in s["properties"]:
                    self.check(val, s["properties"][k], f"{where}.{k}")
                elif s.get("additionalProperties", True) is False:
                    raise SchemaError(f"{where}: unexpected member '{k}'")
                elif isinstance(s.get("additionalProperties"), dict):
                    self.check(val, s["additionalProperties"], f"{where}.{k}")
        if isinstance(v, list) and "items" in s:
            for i, x in enumerate(v):
                self.check(x, s["items"], f"{where}[{i}]")

    @staticmethod
    def is_type(v, t):
        return {"object": isinstance(v, dict), "array": isinstance(v, list),
                "string": isinstance(v, str), "boolean": isinstance(v, bool),
                "integer": isinstance(v, int) and not isinstance(v, bool),
                "number": isinstance(v, (int, float)) and not isinstance(v, bool),
                "null": v is None}[t]

    # ---- test bookkeeping ----
    def ok(self, cond, what):
        if cond:
            self.passed += 1
            print("ok -", what)
        else:
            self.failed += 1
            print("not ok -", what)

    def expect(self, what, method, path, status, **kw):
        """Calls and checks the status; returns the body (None on a failed call)."""
        try:
            got, v = self.call(method, path, **kw)
        except (SchemaError, ValueError, OSError) as e:
            self.ok(False, f"{what}: {e}")
            return None
        self.ok(got == status, f"{what} ({method} {path} -> {got}, want {status})"
                + ("" if got == status else f": {json.dumps(v)[:300]}"))
        return v
