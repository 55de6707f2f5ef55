# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS mode and the command line launcher."""
from __future__ import annotations

import json
import os
import shutil
import signal
import ssl
import subprocess
import sys

import pytest

from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import EmulatorServer
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.testing import ApiClient

LAUNCHER = os.path.join(os.path.dirname(__file__), "..", "..", "emulator", "server.py")


def _has_cryptography():
    try:
        import cryptography  # pylint: disable=import-outside-toplevel,unused-import  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("use_openssl", [True, False])
def test_tls_with_generated_ca(use_openssl):
    if not use_openssl and not _has_cryptography():
        pytest.skip("cryptography is not installed")
    server = EmulatorServer(tls_enabled=True, use_openssl=use_openssl).start()
    try:
        info = server.info
        assert server.url.startswith("https://127.0.0.1:")
        assert info["ca_file"] and os.path.exists(info["ca_file"])
        client = ApiClient(server.url, ca_file=info["ca_file"])
        client.login(info["client_id"], info["client_secret"])
        assert client.get("/api/v1/projects").status == 200
        assert client.get("/api/v1/projects").status == 200
        assert client.connects == 1
        client.close()
        untrusting = ApiClient(server.url)
        with pytest.raises(ssl.SSLError):
            untrusting.get("/api/status")
        localhost = ApiClient(server.url.replace("127.0.0.1", "localhost"), ca_file=info["ca_file"])
        assert localhost.get("/api/status").status == 200
        localhost.close()
        ca_file = info["ca_file"]
    finally:
        server.stop()
    assert not os.path.exists(ca_file)


def test_tls_with_given_files(tmp_path):
    generated = EmulatorServer(tls_enabled=True)
    context_dir = None
    try:
        generated.start()
        context_dir = os.path.dirname(generated.ca_file)
        cert, key = os.path.join(context_dir, "server.pem"), os.path.join(context_dir, "server.key")
        cert_copy, key_copy = tmp_path / "cert.pem", tmp_path / "key.pem"
        shutil.copyfile(cert, str(cert_copy))
        shutil.copyfile(key, str(key_copy))
        ca_copy = tmp_path / "ca.pem"
        shutil.copyfile(generated.ca_file, str(ca_copy))
    finally:
        generated.stop()
    server = EmulatorServer(tls_cert=str(cert_copy), tls_key=str(key_copy)).start()
    try:
        assert server.info["ca_file"] is None
        client = ApiClient(server.url, ca_file=str(ca_copy))
        assert client.get("/api/status").status == 200
        client.close()
    finally:
        server.stop()


def test_cli_start_info_file_and_sigterm(tmp_path):
    info_file = tmp_path / "info.json"
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"identities": [{"name": "cli", "org_role": "admin", "client_id": "22222222-2222-4222-8222-222222222222",
                                                "client_secret": "b" * 64}]}))
    command = [sys.executable, LAUNCHER, "--port", "0", "--info-file", str(info_file), "--seed", str(seed), "--profile", "2024", "--quiet"]
    with subprocess.Popen(command, cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        _check_cli(process, info_file)


def _check_cli(process, info_file):
    try:
        line = process.stdout.readline().decode("utf-8")
        info = json.loads(line)
        assert set(info) >= {"url", "pid", "profile", "client_id", "client_secret", "organization_id", "organization_slug",
                             "project_id", "project_slug", "ca_file"}
        assert info["pid"] == process.pid
        assert info["profile"] == "2024"
        assert info["client_id"] == "22222222-2222-4222-8222-222222222222"
        assert info["project_slug"] == "demo-project"
        assert json.loads(info_file.read_text()) == info
        client = ApiClient(info["url"])
        client.login(info["client_id"], info["client_secret"])
        assert client.get("/api/v2/workspace/demo-project").status == 200
        client.close()
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_bad_seed_exits_nonzero(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text("{not json")
    result = subprocess.run([sys.executable, LAUNCHER, "--seed", str(seed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            timeout=30, check=False)
    assert result.returncode == 1
    assert b"cannot start" in result.stderr
    assert result.stdout == b""
