# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small keep-alive JSON client on ``http.client`` for tests that talk to the emulator.

It is deliberately independent of the collection's own client.
"""
from __future__ import annotations

import http.client
import json
import ssl
import urllib.parse

NO_BODY = object()


class Reply:
    """Status, lower-cased headers, raw body and the decoded JSON (``None`` if not JSON)."""

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "Reply(%s, %r)" % (self.status, self.json if self.json is not None else self.raw[:200])


class ApiClient:
    """One persistent connection to the emulator (reconnects after a failure)."""

    def __init__(self, url, ca_file=None, timeout=10.0, token=None):
        parts = urllib.parse.urlsplit(url)
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port
        self.timeout = timeout
        self.ca_file = ca_file
        self.token = token
        self.connection = None
        self.connects = 0

    def _connect(self):
        if self.scheme == "https":
            context = ssl.create_default_context(cafile=self.ca_file)
            conn = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout, context=context)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self.connects += 1
        return conn

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method, path, body=NO_BODY, query=None, token=NO_BODY, headers=None, raw_body=None,
                content_type="application/json"):
        """Send one request. ``token=None`` sends no Authorization header; the default uses ``self.token``."""
        if query:
            path = path + "?" + urllib.parse.urlencode(query)
        send_headers = {}
        token = self.token if token is NO_BODY else token
        if token:
            send_headers["Authorization"] = "Bearer " + token
        payload = None
        if raw_body is not None:
            payload = raw_body
            if content_type:
                send_headers["Content-Type"] = content_type
        elif body is not NO_BODY:
            payload = json.dumps(body).encode("utf-8")
            send_headers["Content-Type"] = content_type
        if payload is not None:
            send_headers["Content-Length"] = str(len(payload))
        send_headers.update(headers or {})
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.request(method, path, body=payload, headers=send_headers)
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        reply = Reply(response.status, {key.lower(): value for key, value in response.getheaders()}, raw)
        if response.will_close:
            self.close()
        return reply

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body={} if body is None else body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.request("PATCH", path, body={} if body is None else body, **kwargs)

    def delete(self, path, body=None, **kwargs):
        return self.request("DELETE", path, body={} if body is None else body, **kwargs)

    def login(self, client_id, client_secret):
        reply = self.post("/api/v1/auth/universal-auth/login", {"clientId": client_id, "clientSecret": client_secret}, token=None)
        if reply.status != 200:
            raise AssertionError("login failed: %r" % (reply,))
        self.token = reply.json["accessToken"]
        return self.token
