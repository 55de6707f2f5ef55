# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An in-memory model of the list and batch secret routes of one folder, for bulk tests.

Just enough of Infisical (all-or-nothing batches, versions, value trimming, the
2024 route set without ``mode``) to drive the reconciler; the full behaviour is
the emulator's job and is exercised by the integration tests.
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeResponse, envelope


def _stored(value):
    stripped = value.strip()
    return stripped + "\n" if value.endswith("\n") and stripped else stripped


class FakeBulkAPI:
    """Stands in for ``requests.Session``; ``legacy=True`` serves only the 2024 routes.

    ``fail`` maps a batch number (1-based, counting batch requests) to an HTTP
    status answered instead of processing it.
    """

    def __init__(self, secrets=None, legacy=False, folders=("/",), fail=None, tags=None):
        self.legacy = legacy
        self.folders = set(folders)
        self.secrets = {}
        self.calls = []
        self.fail = dict(fail or {})
        self.batch_count = 0
        self.tags = tags or {"db": "tag-db", "prod": "tag-prod"}
        for name, value in (secrets or {}).items():
            self.secrets[name] = {"secretKey": name, "secretValue": value, "secretComment": "", "version": 1, "tagIds": []}

    def writes(self):
        return [c for c in self.calls if c["method"] != "GET"]

    def batch_calls(self):
        return [(c["method"], len(c["json"]["secrets"]), c["json"].get("mode")) for c in self.calls if c["path"].endswith(("/batch", "/batch/raw"))]

    def request(self, method, url, params=None, json=None, headers=None, timeout=None, verify=None):  # pylint: disable=redefined-outer-name,unused-argument
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        self.calls.append(dict(method=method, path=path, params=params, json=json))
        v4 = path.startswith("/api/v4/") or path.startswith("/api/v2/folders")
        if self.legacy and v4:
            return FakeResponse(404, {"statusCode": 404, "message": "Route %s:%s not found" % (method, path), "error": "Not Found"})
        if path.endswith("/tags"):
            return FakeResponse(200, {"tags": [{"id": i, "slug": s} for s, i in sorted(self.tags.items())]})
        if path in ("/api/v2/folders", "/api/v1/folders") and method == "POST":
            self.folders.add(json["path"].rstrip("/") + "/" + json["name"])
            return FakeResponse(200, {"folder": {"name": json["name"]}})
        args = params if method == "GET" else json
        project = args.get("workspaceId" if self.legacy else "projectId")
        if project != "proj-1":
            raise AssertionError("wrong project field in %s %s" % (method, path))
        folder = args.get("secretPath", "/")
        if path in ("/api/v4/secrets", "/api/v3/secrets/raw") and method == "GET":
            if folder not in self.folders:
                if self.legacy:
                    return FakeResponse(200, {"secrets": [], "imports": []})
                return FakeResponse(404, envelope(404, "Folder with path '%s' in environment 'dev' was not found" % folder, "NotFound"))
            return FakeResponse(200, {"secrets": [self._shown(s) for _n, s in sorted(self.secrets.items())], "imports": []})
        if path not in ("/api/v4/secrets/batch", "/api/v3/secrets/batch/raw"):
            raise AssertionError("unexpected %s %s" % (method, path))
        self.batch_count += 1
        if self.batch_count in self.fail:
            status = self.fail[self.batch_count]
            return FakeResponse(status, envelope(status, "Injected failure", "InternalServerError", req_id="req-fakefailure001"))
        if folder not in self.folders:
            return FakeResponse(404, envelope(404, "Folder with path '%s' in environment with slug 'dev' not found" % folder, "CreateManySecret"))
        items = json["secrets"]
        if method == "POST":
            taken = [i["secretKey"] for i in items if i["secretKey"] in self.secrets]
            if taken:
                return FakeResponse(400, envelope(400, "Secret already exists: %s" % ", ".join(taken), "BadRequest"))
            for item in items:
                self._create(item)
        elif method == "PATCH":
            mode = json.get("mode", "failOnNotFound")
            if self.legacy and "mode" in json:
                raise AssertionError("2024 servers have no mode")
            missing = [i["secretKey"] for i in items if i["secretKey"] not in self.secrets]
            if missing and mode == "failOnNotFound":
                return FakeResponse(404, envelope(404, "Secret does not exist: %s in path /" % ", ".join(missing), "NotFound"))
            if self.legacy and any("secretValue" not in i for i in items):
                return FakeResponse(401, envelope(401, [{"path": ["secrets", 0, "secretValue"], "message": "Required"}], "ValidationFailure", req_id=None))
            for item in items:
                secret = self.secrets.get(item["secretKey"])
                if secret is None:
                    self._create(item)
                    continue
                if "secretValue" in item:
                    secret["secretValue"] = _stored(item["secretValue"])
                if "secretComment" in item:
                    secret["secretComment"] = item["secretComment"]
                if "tagIds" in item:
                    secret["tagIds"] = item["tagIds"]
                secret["version"] += 1
        else:
            missing = [i["secretKey"] for i in items if i["secretKey"] not in self.secrets]
            if missing:
                return FakeResponse(404, envelope(404, "One or more secrets does not exist: %s" % ", ".join(missing), "NotFound"))
            for item in items:
                del self.secrets[item["secretKey"]]
        return FakeResponse(200, {"secrets": [{"secretKey": i["secretKey"]} for i in items]})

    def _create(self, item):
        self.secrets[item["secretKey"]] = {"secretKey": item["secretKey"], "secretValue": _stored(item.get("secretValue", "")),
                                           "secretComment": (item.get("secretComment") or "").strip(), "version": 1,
                                           "tagIds": item.get("tagIds") or []}

    def _shown(self, secret):
        slug_by_id = {i: s for s, i in self.tags.items()}
        shown = dict(secret, id="id-" + secret["secretKey"], secretPath="/", environment="dev", workspace="proj-1", type="shared",
                     tags=[{"id": t, "slug": slug_by_id[t]} for t in secret["tagIds"]])
        del shown["tagIds"]
        return shown
