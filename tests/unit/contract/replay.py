# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replay a recording of a real Infisical server on the emulator and compare exchange by exchange."""
from __future__ import annotations

import email.message
import json
import os
import re
import urllib.parse

from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.app import Application

RECORDINGS = os.path.join(os.path.dirname(__file__), "..", "..", "contract", "recordings")
PROFILES = {"infisical-2024-10": "2024", "infisical-2026-07": "current"}
FILES = ("api.jsonl", "collection.jsonl")

# Everything that cannot match by nature, in ONE place, with the reason.
VOLATILE_KEYS = {
    "reqId": "a random request id per answer",
    "createdAt": "timestamp of the recording run",
    "updatedAt": "timestamp of the recording run",
    "date": "server clock (GET /api/status)",
    "lastUsedAt": "timestamp",
    "accessTokenLastUsedAt": "timestamp",
    "accessTokenLastRenewedAt": "timestamp",
    "expiresAt": "timestamp",
}
# Messages that quote a moment in a rate-limit window (like x-ratelimit-reset): the number is masked.
VOLATILE_MESSAGES = (re.compile(r"(?<=^Rate limit exceeded\. Please try again in )\d+(?= seconds$)"),)
# Secret answers are compared by value too (not only by shape): these fields of each returned
# secret, matched by (secretKey, secretPath) since list and batch order is database order.
SECRET_FIELDS = ("secretValue", "secretComment", "version", "secretValueHidden", "type", "environment",
                 "skipMultilineEncoding", "secretReminderNote", "secretReminderRepeatDays")
# Headers are not compared at all: etag is a hash of bodies that hold timestamps and ids;
# x-ratelimit-remaining/reset depend on the moment in the window.
PLACEHOLDER = re.compile(r"<(token|client-secret)-(\d+)>")
# A 404 for an unknown route quotes the URL as sent; the recorded ``query`` object has sorted keys.
ROUTE_MISSING = re.compile(r"^Route ([A-Z]+):(\S+) not found$")
# The recorded servers limit each route to 40 requests a minute per client (x-ratelimit-limit); the recording
# paused between scenarios, so the replay limits only inside the rate-limit scenarios.
RATE_LIMITS = {"secrets": 40, "read": 40, "write": 40}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Exchanges that the emulator cannot reproduce yet: (file, seq) -> reason. Keep it short.
KNOWN_DIFFERENCES = {}


def load(server, name):
    with open(os.path.join(RECORDINGS, server, name), "r", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def server_json(server):
    with open(os.path.join(RECORDINGS, server, "server.json"), "r", encoding="utf-8") as stream:
        return json.load(stream)


def prior_deleted_environments(lines, project_id):
    """The soft-deleted environments the seeded project already had when the recording began.

    Current builds list them in a project read for 14 days; earlier runs on the recorded server
    left some. They are read from the first project read, before the file deletes any environment.
    """
    for line in lines:
        if line["method"] == "DELETE" and "/environments/" in line["path"]:
            break
        answer = line.get("response")
        project = answer.get("project", answer) if isinstance(answer, dict) else None
        if isinstance(project, dict) and project.get("id") == project_id and project.get("deletedEnvironments"):
            return [{"id": item["id"], "name": item["name"], "slug": item["slug"], "deleted_by": (item.get("deletedBy") or {}).get("id"),
                     "soft_deleted_at": item.get("softDeletedAt"), "delete_after": item.get("deleteAfter")}
                    for item in project["deletedEnvironments"]]
    return []


def prior_root_folders(lines, environments):
    """Folders left at an environment's root by earlier runs on the recorded server (not created in this file)."""
    env_slugs = {env["slug"] for env in environments}
    created = set()
    for line in lines:
        answer = line.get("response") if isinstance(line.get("response"), dict) else {}
        query = line.get("query") or {}
        if line["method"] == "POST" and line["path"] in ("/api/v1/folders", "/api/v2/folders") and "folder" in answer:
            created.add(answer["folder"].get("name"))
        if (line["method"] == "GET" and line["path"] in ("/api/v1/folders", "/api/v2/folders") and query.get("path") == "/"
                and query.get("environment") in env_slugs and "folders" in answer):
            return [{"environment": query["environment"], "path": "/" + folder["name"]}
                    for folder in answer["folders"] if folder.get("name") not in created]
    return []


def prior_identities(lines, bootstrap_id):
    """Identities of the recorded organisation that the file neither created nor logs in with.

    Read from the first identity list; on the 2026-07 server the instance admin (token auth only).
    """
    created = set()
    for line in lines:
        answer = line.get("response") if isinstance(line.get("response"), dict) else {}
        if line["method"] == "POST" and line["path"] == "/api/v1/identities" and "identity" in answer:
            created.add(answer["identity"].get("id"))
        if line["method"] == "GET" and line["path"] == "/api/v1/identities" and line["status"] == 200:
            found = []
            for item in answer.get("identities", []):
                identity = item.get("identity") or {}
                methods = identity.get("authMethods") or [identity.get("authMethod")]
                if identity.get("id") in created or identity.get("id") == bootstrap_id:
                    continue
                found.append({"id": identity["id"], "name": identity["name"], "org_role": item.get("role", "member"),
                              "universal_auth": "universal-auth" in methods,
                              "other_auth_methods": [method for method in methods if method and method != "universal-auth"]})
            return found
    return []


def seed_for(meta, lines=()):
    identity = meta["bootstrap_identity"]
    ua = identity.get("universal_auth") or {}
    project = meta["project"]
    return {
        "organization": {"id": meta["organization"]["id"], "name": "Recorded Org"},
        "identities": [{"id": identity["id"], "name": "bootstrap", "org_role": identity["org_role"],
                        "client_id": identity["client_id"],
                        "access_token_ttl": ua.get("access_token_ttl", 7200),
                        "access_token_max_ttl": ua.get("access_token_max_ttl", 86400)}] + prior_identities(lines, identity["id"]),
        "projects": [{"id": project["id"], "slug": project["slug"], "name": project["slug"],
                      "environments": [{"name": env["name"], "slug": env["slug"]} for env in project["environments"]],
                      "deleted_environments": prior_deleted_environments(lines, project["id"]),
                      "folders": prior_root_folders(lines, project["environments"])}],
    }


def shape(value):
    """Keys and value types, recursively; a list's shape is the set of its elements' shapes."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        shapes = []
        for item in value:
            item_shape = shape(item)
            if item_shape not in shapes:
                shapes.append(item_shape)
        return ["list"] + sorted(shapes, key=json.dumps)
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if value is None:
        return "null"
    return "str"


class Replayer:
    """Walks one recorded file on a fresh in-process emulator."""

    def __init__(self, server, name):
        self.server = server
        self.name = name
        meta = server_json(server)
        self.lines = load(server, name)
        self.app = Application(profile=PROFILES[server], seed=seed_for(meta, self.lines))
        info = self.app.info()
        # recorded value -> emulator value (ids, tokens, client secrets)
        self.map = {"<client-secret-0>": info["client_secret"]}
        for env in meta["project"]["environments"]:
            project = self.app.store.project(meta["project"]["id"])
            mine = self.app.store.environment(project, env["slug"])
            if mine:
                self.map[env["id"]] = mine["id"]
        self.rows = []
        self.etags = {}

    # ---- substitution --------------------------------------------------------

    def sub(self, value):
        if isinstance(value, str):
            if value in self.map:
                return self.map[value]

            def repl(match):
                return self.map.get(match.group(0), match.group(0))
            value = PLACEHOLDER.sub(repl, value)
            return UUID.sub(repl, value)
        if isinstance(value, list):
            return [self.sub(item) for item in value]
        if isinstance(value, dict):
            return {self.sub(key) if UUID.fullmatch(key) else key: self.sub(item) for key, item in value.items()}
        return value

    def learn(self, recorded, mine):
        """Map every id/token first seen in a recorded response to the emulator's answer at the same place."""
        if isinstance(recorded, dict) and isinstance(mine, dict):
            for key, item in recorded.items():
                if key in mine:
                    self.learn(item, mine[key])
        elif isinstance(recorded, list) and isinstance(mine, list):
            for rec_item, my_item in zip(recorded, mine):
                self.learn(rec_item, my_item)
        elif isinstance(recorded, str) and isinstance(mine, str):
            if (UUID.fullmatch(recorded) or PLACEHOLDER.fullmatch(recorded)) and recorded not in self.map:
                self.map[recorded] = mine

    # ---- one exchange ----------------------------------------------------------

    def send(self, line):
        headers = email.message.Message()
        auth = line.get("auth")
        if auth is not None:
            auth = self.sub(auth)
            headers["Authorization"] = auth if auth.lower().startswith(("bearer ", "basic ")) or " " in auth else "Bearer " + auth
        body = b""
        request = line.get("request")
        if request is not None:
            # A text body is one that is not JSON, sent as JSON on purpose (api.invalid_json_body).
            body = (self.sub(request) if isinstance(request, str) else json.dumps(self.sub(request))).encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif line["method"] in ("POST", "PUT", "PATCH"):
            # The only body-less writes recorded are the empty JSON body probes (api.invalid_json_body):
            # a JSON content type with nothing after it. Body-less DELETEs carry no content type.
            headers["Content-Type"] = "application/json"
        path = urllib.parse.quote(self.sub(line["path"]), safe="/:@%+,;=-._~")
        query = self.sub(line.get("query") or {})
        url = self.sub(quoted_url(line)) or path + ("?" + urllib.parse.urlencode(query) if query else "")
        if line["status"] == 304 and url in self.etags:
            # The client sent back the ETag it had just been given (secrets.list.etag).
            headers["If-None-Match"] = self.etags[url]
        response = self.app.handle(line["method"], url, headers, body, "127.0.0.1")
        if "etag" in response.headers:
            self.etags[url] = response.headers["etag"]
        try:
            answer = json.loads(response.body.decode("utf-8")) if response.body else None
        except ValueError:
            answer = response.body.decode("utf-8", "replace")
        return response.status, answer

    def compare(self, line, status, answer):
        recorded = line.get("response")
        problems = []
        if status != line["status"]:
            problems.append("status %s != recorded %s" % (status, line["status"]))
        if line["status"] >= 400 and isinstance(recorded, dict):
            mine = answer if isinstance(answer, dict) else {}
            for key in ("statusCode", "error", "message"):
                if key in recorded and masked(self.sub(recorded.get(key))) != masked(mine.get(key)):
                    problems.append("%s %r != recorded %r" % (key, mine.get(key), self.sub(recorded.get(key))))
        if not problems and shape(strip(recorded)) != shape(strip(answer)):
            problems.append("shape %s != recorded %s" % (json.dumps(shape(strip(answer)))[:300],
                                                         json.dumps(shape(strip(recorded)))[:300]))
        if not problems and line["status"] == 200 and "/secrets" in line["path"]:
            problems.extend(secret_differences(self.sub(recorded), answer))
        return problems

    def limit(self, scenario):
        """Rate limits on (fresh counters) inside the rate-limit scenarios, off elsewhere."""
        wanted = (scenario or "").startswith("ratelimit.")
        if wanted != self.app.limiter.enabled:
            self.app.limiter.configure(enabled=wanted, **RATE_LIMITS)

    def run(self):
        for line in self.lines:
            self.limit(line.get("scenario"))
            status, answer = self.send(line)
            if isinstance(line.get("response"), (dict, list)):
                self.learn(line["response"], answer)
            problems = self.compare(line, status, answer)
            self.rows.append((line["seq"], line.get("scenario") or ("raw" if line.get("raw") else "collection"),
                              line["method"], line["path"], problems))
        return self.rows


def returned_secrets(body):
    """The secrets of a secret route's answer by (secretKey, secretPath)."""
    if not isinstance(body, dict):
        return {}
    items = [body["secret"]] if isinstance(body.get("secret"), dict) else body.get("secrets") or []
    return {(item.get("secretKey"), item.get("secretPath")): item for item in items if isinstance(item, dict)}


def secret_differences(recorded, answer):
    mine = returned_secrets(answer)
    problems = []
    for key, theirs in sorted(returned_secrets(recorded).items(), key=lambda pair: json.dumps(pair[0])):
        if key not in mine:
            problems.append("secret %s/%s missing" % (key[1] or "", key[0]))
            continue
        for field in SECRET_FIELDS:
            if theirs.get(field) != mine[key].get(field):
                # Only the field is named: values of the recordings are canaries, kept out of the output.
                problems.append("secret %s/%s %s differs" % (key[1] or "", key[0], field))
    return problems


def masked(value):
    if isinstance(value, str):
        for pattern in VOLATILE_MESSAGES:
            value = pattern.sub("N", value)
    return value


def quoted_url(line):
    """The URL exactly as the client sent it, when the answer quotes it (404 ``Route METHOD:url not found``).

    The recording keeps query keys sorted, so this is the only place their order survives;
    the emulator's message quotes the order it received.
    """
    answer = line.get("response")
    found = ROUTE_MISSING.match(answer.get("message") or "") if isinstance(answer, dict) and isinstance(answer.get("message"), str) else None
    return found.group(2) if found and found.group(1) == line["method"] else None


def strip(value):
    if isinstance(value, dict):
        return {key: strip(item) for key, item in value.items() if key not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [strip(item) for item in value]
    return value
