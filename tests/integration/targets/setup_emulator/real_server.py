# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real-server mode of the integration targets (used by emulator.sh).

When ``tests/integration/integration_config.yml`` has an ``infisical_real`` mapping, the targets
talk to that server instead of a bundled emulator. This script turns the mapping into the same
connection facts the emulator writes at start-up (its ``--info-file`` JSON), in a scratch project
created for the run, and deletes that project afterwards:

    real_server.py check CONFIG          exit 0: real-server mode; 1: no infisical_real (emulator)
    real_server.py start CONFIG INFO LABEL   create the scratch project, write the facts to INFO
    real_server.py stop INFO             delete the scratch project named in INFO

Standard library and PyYAML (an ansible-core dependency) only; it never imports collection code,
so a bug of the collection cannot hide the server's real behaviour.
"""
from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

CONFIG_KEY = "infisical_real"
REQUIRED = ("url", "client_id", "client_secret", "organization_id")
OPTIONAL = ("api_generation", "ca_path")
# api_generation as the collection's option names it -> the emulator profile the targets test for.
PROFILES = {"current": "current", "legacy": "2024"}


class ConfigError(Exception):
    """The integration_config.yml mapping is unusable; the message names the key."""


class ServerError(Exception):
    """The real server refused a set-up request; the message quotes it."""


def load_config(path):
    """The ``infisical_real`` mapping of the file, ``None`` when the file or the key is absent."""
    if not os.path.exists(path):
        return None
    import yaml  # pylint: disable=import-outside-toplevel  # only needed when a config exists

    with open(path, encoding="utf-8") as handle:
        document = yaml.safe_load(handle) or {}
    if not isinstance(document, dict) or document.get(CONFIG_KEY) is None:
        return None
    return validate_config(document[CONFIG_KEY])


def validate_config(config):
    """Check the mapping; return it with ``url`` normalised and defaults filled in."""
    if not isinstance(config, dict):
        raise ConfigError("%s must be a mapping of %s" % (CONFIG_KEY, ", ".join(REQUIRED + OPTIONAL)))
    unknown = sorted(set(config) - set(REQUIRED + OPTIONAL))
    if unknown:
        raise ConfigError("%s has unknown keys: %s (known: %s)" % (CONFIG_KEY, ", ".join(unknown), ", ".join(REQUIRED + OPTIONAL)))
    missing = [key for key in REQUIRED if not config.get(key)]
    if missing:
        raise ConfigError("%s needs %s" % (CONFIG_KEY, ", ".join("%s.%s" % (CONFIG_KEY, key) for key in missing)))
    url = str(config["url"]).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigError("%s.url must be an http:// or https:// URL, not '%s'" % (CONFIG_KEY, url))
    generation = config.get("api_generation") or "auto"
    if generation not in ("auto",) + tuple(PROFILES):
        raise ConfigError("%s.api_generation must be auto, current or legacy, not '%s'" % (CONFIG_KEY, generation))
    ca_path = config.get("ca_path")
    if ca_path and not os.path.isfile(ca_path):
        raise ConfigError("%s.ca_path names a file that does not exist ('%s')" % (CONFIG_KEY, ca_path))
    return dict(config, url=url, api_generation=generation, ca_path=ca_path or None)


def facts(config, generation, project, identity_id, run_id):
    """The emulator's start-up JSON, from the config and the scratch project.

    ``control`` is false: the emulator's control API (``/__emulator/...``) does not exist here.
    """
    return {
        "url": config["url"],
        "profile": PROFILES[generation],
        "client_id": config["client_id"],
        "client_secret": config["client_secret"],
        "identity_id": identity_id,
        "organization_id": config["organization_id"],
        "project_id": project["id"],
        "project_slug": project["slug"],
        "ca_file": config["ca_path"],
        "run_id": run_id,
        "control": False,
        "real_server": True,
    }


def scratch_slug(label, token):
    """A project slug unique to this run: ``ansible-test-<label>-<token>`` (at most 36 characters)."""
    label = "".join(c if c.isalnum() else "-" for c in label.lower()).strip("-")
    label = label[len("infisical-"):] if label.startswith("infisical-") else label
    label = label[:14].strip("-") or "target"
    return "ansible-test-%s-%s" % (label, token)


def identity_from_token(token):
    """The identity id an access token names (its JWT payload), or ``None``."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error):
        return None
    return claims.get("identityId") if isinstance(claims, dict) else None


class Server:
    """Just the calls the set-up needs, with urllib."""

    def __init__(self, config):
        self.config = config
        self.token = None
        self.context = ssl.create_default_context(cafile=config["ca_path"]) if config["url"].startswith("https://") else None

    def call(self, method, path, body=None, missing_ok=False):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.config["url"] + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=60, context=self.context) as answer:  # nosec B310: URL from the config
                text = answer.read()
                return answer.status, json.loads(text) if text else {}
        except urllib.error.HTTPError as exc:
            text = exc.read()
            try:
                answer = json.loads(text)
            except ValueError:
                answer = {"message": text[:200].decode("utf-8", "replace")}
            if missing_ok and exc.code == 404:
                return exc.code, answer
            raise ServerError("%s %s: HTTP %s %s" % (method, path, exc.code, answer.get("message"))) from None
        except (urllib.error.URLError, OSError) as exc:
            raise ServerError("%s %s: %s" % (method, self.config["url"] + path, exc)) from None

    def login(self):
        answer = self.call("POST", "/api/v1/auth/universal-auth/login",
                           {"clientId": self.config["client_id"], "clientSecret": self.config["client_secret"]})[1]
        self.token = answer["accessToken"]
        return self.token

    def generation(self):
        """As configured, else probed: only current servers have ``GET /api/v1/projects``."""
        if self.config["api_generation"] != "auto":
            return self.config["api_generation"]
        status = self.call("GET", "/api/v1/projects", missing_ok=True)[0]
        return "legacy" if status == 404 else "current"

    def create_project(self, generation, slug):
        path = "/api/v1/projects" if generation == "current" else "/api/v2/workspace"
        answer = self.call("POST", path, {"projectName": slug, "slug": slug})[1]
        project = answer.get("project") or answer.get("workspace") or {}
        return {"id": project.get("id") or project.get("_id"), "slug": project.get("slug", slug)}

    def delete_project(self, generation, project_id):
        prefix = "/api/v1/projects/" if generation == "current" else "/api/v1/workspace/"
        self.call("DELETE", prefix + urllib.parse.quote(project_id, safe=""), missing_ok=True)


def start(config_path, info_path, label):
    config = load_config(config_path)
    if config is None:
        raise ConfigError("%s has no %s mapping" % (config_path, CONFIG_KEY))
    server = Server(config)
    token = server.login()
    generation = server.generation()
    run_id = secrets.token_hex(4)
    project = server.create_project(generation, scratch_slug(label, run_id))
    info = facts(config, generation, project, identity_from_token(token), run_id)
    temporary = info_path + ".tmp"
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as handle:
        json.dump(info, handle)
    os.replace(temporary, info_path)
    return info


def stop(info_path):
    with open(info_path, encoding="utf-8") as handle:
        info = json.load(handle)
    generation = "legacy" if info["profile"] == "2024" else "current"
    config = validate_config({key: info[key] for key in ("url", "client_id", "client_secret", "organization_id")})
    config["ca_path"] = info.get("ca_file")
    server = Server(config)
    server.login()
    server.delete_project(generation, info["project_id"])


def main(argv):
    try:
        if len(argv) == 2 and argv[0] == "check":
            return 0 if load_config(argv[1]) is not None else 1
        if len(argv) == 4 and argv[0] == "start":
            info = start(argv[1], argv[2], argv[3])
            print("Real-server mode: %s (API generation %s), scratch project %s" % (info["url"], info["profile"], info["project_slug"]))
            return 0
        if len(argv) == 2 and argv[0] == "stop":
            stop(argv[1])
            return 0
    except (ConfigError, ServerError) as exc:
        print("real-server mode: %s" % exc, file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
