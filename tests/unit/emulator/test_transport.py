# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Envelope and transport rules (§2, §17 "Envelope and transport")."""
from __future__ import annotations

import re


def test_status_needs_no_auth(emu):
    reply = emu.client().get("/api/status")
    assert reply.status == 200
    assert reply.json["message"] == "Ok"


def test_unknown_route_is_fastify_404(emu):
    reply = emu.api.get("/api/v9/x")
    assert reply.status == 404
    assert reply.json["message"] == "Route GET:/api/v9/x not found"
    assert reply.json["error"] == "Not Found"
    assert reply.json["statusCode"] == 404
    assert re.match(r"^req-[A-Za-z0-9]{14}$", reply.json["reqId"])


def test_unknown_method_on_known_path_is_route_404(emu):
    reply = emu.api.request("PUT", "/api/v4/secrets/A", body={})
    assert reply.status == 404
    assert reply.json["message"] == "Route PUT:/api/v4/secrets/A not found"


def test_error_envelope_keys(emu):
    reply = emu.api.get("/api/v4/secrets")
    assert reply.status == 400
    assert set(reply.json) == {"reqId", "statusCode", "message", "error"}
    assert reply.json["message"] == "Missing project id or environment"
    assert reply.json["error"] == "BadRequest"


def test_trailing_slash_accepted(emu):
    emu.create_secret("A")
    reply = emu.api.get("/api/v4/secrets/", query={"projectId": emu.project_id, "environment": "dev"})
    assert reply.status == 200
    assert [item["secretKey"] for item in reply.json["secrets"]] == ["A"]


def test_empty_json_body_is_500(emu):
    reply = emu.api.request("POST", "/api/v4/secrets/A", raw_body=b"", content_type="application/json")
    assert reply.status == 500
    assert reply.json["message"] == "Something went wrong"


def test_body_over_one_mib_is_500(emu):
    reply = emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x" * (1024 * 1024)))
    assert (reply.status, reply.json["message"]) == (500, "Something went wrong")
    assert emu.get_secret("A").status == 404


def test_invalid_json_body_is_500(emu):
    reply = emu.api.request("POST", "/api/v4/secrets/A", raw_body=b"{nope", content_type="application/json")
    assert reply.status == 500
    assert reply.json["message"] == "Something went wrong"


def test_missing_body_is_validation_failure(emu):
    reply = emu.api.request("POST", "/api/v4/secrets/A")
    assert reply.status == 422
    assert reply.json["error"] == "ValidationFailure"
    assert reply.json["message"][0]["path"] == []
    # Fastify hands a body-less route ``null`` (recorded: "Expected object, received null").
    assert reply.json["message"][0]["message"] == "Expected object, received null"


def test_validation_issue_shape(emu):
    reply = emu.api.post("/api/v4/secrets/A", {"environment": "dev", "secretValue": "x"})
    assert reply.status == 422
    assert reply.json["message"] == [{"code": "invalid_type", "expected": "string", "received": "undefined",
                                      "path": ["projectId"], "message": "Required"}]


def test_wrong_type_issue(emu):
    reply = emu.api.post("/api/v4/secrets/A", emu.scope(secretValue=5))
    assert reply.status == 422
    issue = reply.json["message"][0]
    assert issue["code"] == "invalid_type"
    assert issue["received"] == "number"
    assert issue["path"] == ["secretValue"]


def test_unknown_fields_dropped(emu):
    reply = emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x", notAField=True, secretValu="typo"))
    assert reply.status == 200
    reply = emu.get_secret("A", unknownQuery="1")
    assert reply.status == 200


def test_query_booleans_only_true_false(emu):
    emu.create_secret("A")
    base = {"projectId": emu.project_id, "environment": "dev"}
    for value in ("1", "True", "yes", ""):
        reply = emu.api.get("/api/v4/secrets", query=dict(base, recursive=value))
        assert reply.status == 422, value
        assert reply.json["message"][0]["path"] == ["recursive"]
    assert emu.api.get("/api/v4/secrets", query=dict(base, recursive="true")).status == 200
    assert emu.api.get("/api/v4/secrets", query=dict(base, recursive="false")).status == 200


def test_delete_reads_body_not_query(emu):
    emu.create_secret("A")
    reply = emu.api.request("DELETE", "/api/v4/secrets/A", query={"projectId": emu.project_id, "environment": "dev"})
    assert reply.status == 422
    reply = emu.api.delete("/api/v4/secrets/A", emu.scope())
    assert reply.status == 200


def test_form_body_fields_are_strings(emu):
    reply = emu.api.request("POST", "/api/v4/secrets/A", raw_body=("projectId=%s&environment=dev&secretValue=x" % emu.project_id).encode(),
                            content_type="application/x-www-form-urlencoded")
    assert reply.status == 200
    reply = emu.api.request("PATCH", "/api/v4/secrets/A", raw_body=("projectId=%s&environment=dev&skipMultilineEncoding=true" % emu.project_id).encode(),
                            content_type="application/x-www-form-urlencoded")
    assert reply.status == 422


def test_keep_alive_reuses_one_connection(emu):
    client = emu.client(token=emu.api.token)
    for index in range(20):
        assert client.post("/api/v4/secrets/K%d" % index, emu.scope(secretValue="v")).status == 200
        assert client.get("/api/v4/secrets/K%d" % index, query={"projectId": emu.project_id, "environment": "dev"}).status == 200
    assert client.get("/api/v9/nothing").status == 404
    assert client.connects == 1


def test_etag_and_304(emu):
    reply = emu.api.get("/api/v1/projects")
    assert reply.status == 200
    etag = reply.headers["etag"]
    again = emu.api.get("/api/v1/projects", headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.raw == b""


def test_head_like_get_without_body(emu):
    reply = emu.api.request("HEAD", "/api/status")
    assert reply.status == 200
    assert reply.raw == b""


def test_every_success_is_200(emu):
    assert emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x")).status == 200
    assert emu.api.patch("/api/v4/secrets/A", emu.scope(secretValue="y")).status == 200
    assert emu.api.delete("/api/v4/secrets/A", emu.scope()).status == 200
