#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets up and runs the demo: a virtualenv with ansible-core and requests, the bundled
# Infisical emulator on a free port of 127.0.0.1, the demo playbooks against it, and
# a clean stop. Needs only python3 (3.11+) and access to PyPI.
#
#   demo/run-demo.sh            # everything
#   KEEP_EMULATOR=1 demo/run-demo.sh   # leave the emulator running afterwards
#
# Against an existing server instead (Infisical Cloud or self-hosted, 2024 builds too): give it
# the way the modules read it, and no emulator is started. The demo then removes what it
# created (project shop-demo, identity shop-app) at the end, unless DEMO_KEEP=1.
#
#   INFISICAL_URL=https://eu.infisical.com INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=... \
#   INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=... [INFISICAL_ORGANIZATION_ID=...] demo/run-demo.sh
#
# The identity needs an organization role that may create projects and identities (Admin).
# INFISICAL_ORGANIZATION_ID is only needed by 2024 builds (they cannot tell an identity its
# organization); DEMO_PROJECT_ID names a project for the first playbook to read (optional).
set -u -o pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${DEMO_WORK:-$(mktemp -d)}"
VENV="${DEMO_VENV:-$WORK/venv}"
ANSIBLE_CORE="${ANSIBLE_CORE:-2.19.14}"
PYTHON="${PYTHON:-python3}"

echo "== Setting up (work dir $WORK)"
if [ ! -x "$VENV/bin/ansible-playbook" ]; then
    "$PYTHON" -m venv "$VENV" || exit 1
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "ansible-core==$ANSIBLE_CORE" "requests>=2.25" || exit 1
fi

# The bundled emulator on a free port; its connection details become the environment the
# modules read, as a real server's would in CI (INFISICAL_URL, INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / _SECRET).
start_emulator() {
    echo "== Starting the bundled Infisical emulator"
    INFO="$WORK/emulator.json"
    "$VENV/bin/python" "$REPO/tests/emulator/server.py" --port 0 --info-file "$INFO" --quiet >"$WORK/emulator.log" 2>&1 &
    EMULATOR_PID=$!
    if [ -z "${KEEP_EMULATOR:-}" ]; then
        trap 'kill "$EMULATOR_PID" 2>/dev/null; wait "$EMULATOR_PID" 2>/dev/null' EXIT
    else
        trap 'echo "Emulator left running (pid $EMULATOR_PID); connection details in $INFO"' EXIT
    fi
    for _ in $(seq 100); do [ -s "$INFO" ] && break; sleep 0.1; done
    [ -s "$INFO" ] || { echo "The emulator did not start:"; cat "$WORK/emulator.log"; exit 1; }
    echo "   $(grep -o '"url": "[^"]*"' "$INFO")"
    eval "$("$VENV/bin/python" - "$INFO" <<'PY'
import json, shlex, sys
info = json.load(open(sys.argv[1]))
for name, key in (("INFISICAL_URL", "url"), ("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "client_id"),
                  ("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "client_secret"), ("DEMO_PROJECT_ID", "project_id")):
    print("export %s=%s" % (name, shlex.quote(info[key])))
PY
)"
}

# The collection, where ansible-playbook looks for it.
mkdir -p "$WORK/collections/ansible_collections/secretops"
ln -sfn "$REPO" "$WORK/collections/ansible_collections/secretops/infisical"

if [ -n "${INFISICAL_URL:-}" ]; then
    SERVER_MODE=1
    for name in INFISICAL_UNIVERSAL_AUTH_CLIENT_ID INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET; do
        [ -n "${!name:-}" ] || { echo "INFISICAL_URL is set: $name is needed too (a machine identity's Universal Auth)"; exit 2; }
    done
    echo "== Using the Infisical server at $INFISICAL_URL (no emulator)"
    export DEMO_PROJECT_ID="${DEMO_PROJECT_ID:-}" INFISICAL_ORGANIZATION_ID="${INFISICAL_ORGANIZATION_ID:-}"
else
    SERVER_MODE=""
    start_emulator
fi

export ANSIBLE_COLLECTIONS_PATH="$WORK/collections"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export DEMO_OUTPUT="$WORK/output"
mkdir -p "$DEMO_OUTPUT"

status=0
for playbook in "$REPO"/demo/playbooks/[0-9]*.yml; do
    echo
    echo "== ansible-playbook demo/playbooks/$(basename "$playbook")"
    "$VENV/bin/ansible-playbook" -i localhost, -c local -e "ansible_python_interpreter=$VENV/bin/python" "$playbook" || { status=1; break; }
done

if [ -n "$SERVER_MODE" ] && [ -z "${DEMO_KEEP:-}" ]; then
    echo
    echo "== ansible-playbook demo/cleanup.yml (remove what the demo created on $INFISICAL_URL; DEMO_KEEP=1 keeps it)"
    "$VENV/bin/ansible-playbook" -i localhost, -c local -e "ansible_python_interpreter=$VENV/bin/python" "$REPO/demo/cleanup.yml" || status=1
fi

echo
if [ "$status" -eq 0 ]; then
    echo "== Demo finished: every playbook passed. Rendered file: $DEMO_OUTPUT/app.env"
else
    echo "== Demo FAILED (see above)"
fi
exit "$status"
