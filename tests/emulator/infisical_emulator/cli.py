# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Command line: start the emulator, print one line of JSON (URL and bootstrap credentials), serve until a signal."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from .httpserver import EmulatorServer
from .profiles import PROFILES
from .seed import SeedError
from .store import atomic_write_json
from .tls import TLSSetupError


def build_parser():
    parser = argparse.ArgumentParser(prog="server.py", description="Infisical-compatible emulator for the secretops.infisical tests.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (0 = a free port)")
    parser.add_argument("--info-file", help="also write the start-up JSON to this file (atomically)")
    parser.add_argument("--seed", help="seed document (JSON, or YAML when PyYAML is installed)")
    parser.add_argument("--state-file", help="load state from this file if it exists; save it after every write")
    parser.add_argument("--profile", choices=PROFILES, default="current", help="API generation to emulate")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a generated CA (see ca_file in the JSON)")
    parser.add_argument("--tls-cert", help="server certificate (PEM) instead of a generated one")
    parser.add_argument("--tls-key", help="private key (PEM) for --tls-cert")
    parser.add_argument("--rate-limit", action="store_true", help="enable rate limiting (off by default)")
    parser.add_argument("--secrets-rate-limit", type=int, default=40, help="per route and IP per window, secrets routes")
    parser.add_argument("--read-rate-limit", type=int, default=60, help="per route and IP per window, other GETs")
    parser.add_argument("--write-rate-limit", type=int, default=200, help="per route and IP per window, other writes")
    parser.add_argument("--global-rate-limit", type=int, default=600, help="per IP per window, all limited routes")
    parser.add_argument("--rate-limit-window", type=float, default=60, help="window length in seconds (default 60)")
    parser.add_argument("--quiet", action="store_true", help="no request log on stderr")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        sys.stderr.write("server.py: --tls-cert and --tls-key go together\n")
        return 2
    try:
        server = EmulatorServer(
            profile=args.profile, seed=args.seed, host=args.host, port=args.port, tls_enabled=args.tls,
            tls_cert=args.tls_cert, tls_key=args.tls_key, state_file=args.state_file, rate_limit=args.rate_limit,
            secrets_rate_limit=args.secrets_rate_limit, read_rate_limit=args.read_rate_limit,
            write_rate_limit=args.write_rate_limit, global_rate_limit=args.global_rate_limit,
            window_seconds=args.rate_limit_window, quiet=args.quiet,
        )
        server.start()
    except (SeedError, TLSSetupError, OSError, ValueError) as exc:
        sys.stderr.write("server.py: cannot start: %s\n" % exc)
        return 1
    stop = threading.Event()

    def on_signal(signum, frame):
        del signum, frame
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    info = server.info
    if args.info_file:
        atomic_write_json(args.info_file, info)
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()
    if not args.quiet:
        sys.stderr.write("Infisical emulator (%s profile) listening on %s\n" % (args.profile, server.url))
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0
