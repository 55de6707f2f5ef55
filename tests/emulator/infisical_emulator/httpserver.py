# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP(S) transport: ``ThreadingHTTPServer`` with HTTP/1.1 keep-alive, and ``EmulatorServer`` for tests and the CLI."""
from __future__ import annotations

import os
import shutil
import socket
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import tls
from .app import Application
from .seed import read_seed_file


class Handler(BaseHTTPRequestHandler):
    """Reads one request, lets the ``Application`` answer it, writes the answer (or drops the connection)."""

    protocol_version = "HTTP/1.1"
    server_version = "InfisicalEmulator/1"
    sys_version = ""
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 120
    # Headers and body leave in one segment, without Nagle delays (keep-alive speed).
    disable_nagle_algorithm = True
    wbufsize = 256 * 1024

    def _dispatch(self):
        if "chunked" in (self.headers.get("transfer-encoding") or "").lower():
            self.close_connection = True
            self._send(411, {"content-type": "text/plain"}, b"Length Required: chunked request bodies are not supported\n")
            return
        try:
            length = int(self.headers.get("content-length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send(400, {"content-type": "text/plain"}, b"Bad Content-Length\n")
            return
        body = self.rfile.read(length) if length else b""
        method = "GET" if self.command == "HEAD" else self.command
        response = self.server.app.handle(method, self.path, self.headers, body, self.client_address[0])
        if response.drop:
            self.close_connection = True
            return
        self._send(response.status, response.headers, response.body)

    def _send(self, status, headers, body):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(body)))
        if self.close_connection:
            self.send_header("connection", "close")
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
        self.wfile.flush()

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _dispatch

    def log_request(self, code="-", size="-"):
        del size
        if not self.server.quiet:
            path = urllib.parse.urlsplit(self.path).path  # never log query values
            sys.stderr.write("%s %s %s %s\n" % (self.client_address[0], self.command, path, code))

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if not self.server.quiet:
            # Only used for protocol errors; the request line is not repeated (it may carry query values).
            sys.stderr.write("%s emulator: %s\n" % (self.client_address[0], (format % args).split(" - ")[0][:200]))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, app, ssl_context=None, quiet=True):
        self.app = app
        self.ssl_context = ssl_context
        self.quiet = quiet
        self.connections = set()
        self.connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def get_request(self):
        sock, address = super().get_request()
        if self.ssl_context is not None:
            # The handshake runs in the handler thread, on the first read.
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        with self.connections_lock:
            self.connections.add(sock)
        return sock, address

    def shutdown_request(self, request):
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, socket.timeout, OSError)):
            return
        if not self.quiet:
            super().handle_error(request, client_address)

    def close_connections(self):
        with self.connections_lock:
            connections = list(self.connections)
            self.connections.clear()
        for sock in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                sock.close()
            except OSError:
                pass


class EmulatorServer:
    """An emulator on its own port, served from a daemon thread.

    >>> server = EmulatorServer(profile="current").start()
    >>> server.url, server.info["client_id"]
    >>> server.stop()
    """

    def __init__(self, profile="current", seed=None, host="127.0.0.1", port=0, tls_enabled=False, tls_cert=None, tls_key=None,
                 state_file=None, rate_limit=False, secrets_rate_limit=40, read_rate_limit=60, write_rate_limit=200,
                 global_rate_limit=600, window_seconds=60, quiet=True, use_openssl=True):
        if isinstance(seed, str):
            seed = read_seed_file(seed)
        self.app = Application(profile=profile, seed=seed, state_file=state_file, rate_limit=rate_limit,
                               secrets_rate_limit=secrets_rate_limit, read_rate_limit=read_rate_limit,
                               write_rate_limit=write_rate_limit, global_rate_limit=global_rate_limit,
                               window_seconds=window_seconds,
                               log=None if quiet else (lambda text: sys.stderr.write(text + "\n")))
        self.host = host
        self.port = port
        self.tls_enabled = tls_enabled or bool(tls_cert)
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.quiet = quiet
        self.use_openssl = use_openssl
        self.ca_file = None
        self.url = None
        self._tls_dir = None
        self._server = None
        self._thread = None

    @property
    def info(self):
        return self.app.info()

    def _ssl_context(self):
        if not self.tls_enabled:
            return None
        cert, key = self.tls_cert, self.tls_key
        if not cert:
            self._tls_dir, self.ca_file, cert, key = tls.generate([self.host], use_openssl=self.use_openssl)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        return context

    def start(self):
        context = self._ssl_context()
        self._server = _Server((self.host, self.port), self.app, context, self.quiet)
        port = self._server.server_address[1]
        host = self.host
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = "[%s]" % host
        self.url = "%s://%s:%d" % ("https" if context else "http", host, port)
        self.app.url = self.url
        self.app.ca_file = self.ca_file
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="infisical-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            if self._thread is not None:
                self._server.shutdown()
                self._thread.join(5)
            self._server.close_connections()
            self._server.server_close()
            self._server = None
        if self._tls_dir and os.path.isdir(self._tls_dir):
            shutil.rmtree(self._tls_dir, ignore_errors=True)
            self._tls_dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
