# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A scripted stand-in for ``requests.Session`` used by the client tests."""

from __future__ import annotations

import json


class FakeResponse:
    def __init__(self, status, body=None, headers=None, text=None):
        self.status_code = status
        self._body = body
        self.headers = headers or {}
        self.text = text if text is not None else (json.dumps(body) if body is not None else "")

    def json(self):
        if self._body is None:
            raise ValueError("no JSON")
        return self._body


def envelope(status, message, error, req_id="req-abcdefghijklmn"):
    body = {"statusCode": status, "message": message, "error": error}
    if req_id:
        body["reqId"] = req_id
    return body


class FakeSession:
    """Answers requests from a queue per ``(METHOD, path)``; records every call.

    A queued item is a :class:`FakeResponse`, an exception instance (raised), or a
    callable ``(call) -> FakeResponse`` for answers that depend on the request.
    """

    def __init__(self):
        self.queues = {}
        self.calls = []

    def add(self, method, path, *responses):
        self.queues.setdefault((method, path), []).extend(responses)
        return self

    def request(self, method, url, params=None, json=None, headers=None, timeout=None, verify=None):  # pylint: disable=redefined-outer-name
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        call = dict(method=method, path=path, params=params, json=json, headers=headers, timeout=timeout, verify=verify)
        self.calls.append(call)
        queue = self.queues.get((method, path))
        if not queue:
            raise AssertionError("unexpected request %s %s" % (method, path))
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, BaseException):
            raise item
        if callable(item):
            return item(call)
        return item

    def paths(self):
        return ["%s %s" % (c["method"], c["path"]) for c in self.calls]


class FakeSecretsAPI(FakeSession):
    """A tiny in-memory model of the v4 secret routes of one folder, for resource tests.

    It implements just enough of Infisical (versions, trimming, 404s, tags) to drive
    the read -> plan -> apply -> re-read engine; the full behaviour is the
    emulator's job and is exercised by the integration tests.
    """

    def __init__(self, secrets=None, tags=None, folders=("/",), hidden=False):
        super().__init__()
        self.secrets = {}
        self.folders = set(folders)
        self.tags = tags or {"db": "tag-db", "prod": "tag-prod"}
        self.hidden = hidden
        for name, value in (secrets or {}).items():
            self.secrets[("/", name)] = {"secretKey": name, "secretValue": value, "secretComment": "", "version": 1,
                                         "tagIds": [], "skipMultilineEncoding": False, "id": "id-" + name}

    def writes(self):
        return [c for c in self.calls if c["method"] != "GET"]

    def request(self, method, url, params=None, json=None, headers=None, timeout=None, verify=None):  # pylint: disable=redefined-outer-name
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        self.calls.append(dict(method=method, path=path, params=params, json=json))
        if path.endswith("/tags"):
            return FakeResponse(200, {"tags": [{"id": i, "slug": s} for s, i in sorted(self.tags.items())]})
        if path == "/api/v2/folders" and method == "POST":
            parent = json["path"].rstrip("/")
            self.folders.add(parent + "/" + json["name"])
            return FakeResponse(200, {"folder": {"name": json["name"]}})
        if path == "/api/v1/auth/universal-auth/login":
            return FakeResponse(200, {"accessToken": "tok-%d" % len(self.calls), "expiresIn": 3600, "accessTokenMaxTTL": 7200})
        if path == "/api/v4/secrets" and method == "GET":
            folder = params.get("secretPath", "/")
            if folder not in self.folders:
                return FakeResponse(404, envelope(404, "Folder with path '%s' in environment 'dev' was not found" % folder, "NotFound"))
            listed = [self._shown(secret, f) for (f, _n), secret in sorted(self.secrets.items()) if f == folder]
            return FakeResponse(200, {"secrets": listed, "imports": []})
        if not path.startswith("/api/v4/secrets/"):
            raise AssertionError("unexpected %s %s" % (method, path))
        name = path.rsplit("/", 1)[1]
        args = params if method == "GET" else json
        folder = args.get("secretPath", "/")
        if folder not in self.folders:
            return FakeResponse(404, envelope(404, "Folder with path '%s' in environment 'dev' was not found" % folder, "NotFound"))
        key = (folder, name)
        secret = self.secrets.get(key)
        if method == "GET":
            if secret is None:
                return FakeResponse(404, envelope(404, "Secret with name '%s' not found" % name, "NotFound"))
            return FakeResponse(200, {"secret": self._shown(secret, folder)})
        if method == "POST":
            if secret is not None:
                return FakeResponse(400, envelope(400, "Secret already exists", "BadRequest"))
            value = json["secretValue"]
            self.secrets[key] = {"secretKey": name, "secretValue": value.strip() + ("\n" if value.endswith("\n") else ""),
                                 "secretComment": (json.get("secretComment") or "").strip(), "version": 1,
                                 "tagIds": json.get("tagIds") or [], "id": "id-" + name,
                                 "skipMultilineEncoding": bool(json.get("skipMultilineEncoding"))}
            return FakeResponse(200, {"secret": {"id": "id-" + name, "secretKey": name}})
        if secret is None:
            return FakeResponse(404, envelope(404, "Secret not found", "NotFound"))
        if method == "PATCH":
            if "secretValue" in json:
                value = json["secretValue"]
                secret["secretValue"] = value.strip() + ("\n" if value.endswith("\n") else "")
            if "secretComment" in json:
                secret["secretComment"] = json["secretComment"]
            if "tagIds" in json:
                secret["tagIds"] = json["tagIds"]
            if "skipMultilineEncoding" in json:
                secret["skipMultilineEncoding"] = json["skipMultilineEncoding"]
            secret["version"] += 1
            return FakeResponse(200, {"secret": {"id": secret["id"]}})
        del self.secrets[key]
        return FakeResponse(200, {"secret": {"id": secret["id"]}})

    def _shown(self, secret, folder):
        slug_by_id = {i: s for s, i in self.tags.items()}
        shown = dict(secret, secretPath=folder, environment="dev", workspace="proj-1", type="shared",
                     tags=[{"id": t, "slug": slug_by_id[t]} for t in secret["tagIds"]])
        if self.hidden:
            shown.update(secretValue="<hidden-by-infisical>", secretValueHidden=True)
        del shown["tagIds"]
        return shown
