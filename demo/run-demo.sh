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

# The collection, where ansible-playbook looks for it.
mkdir -p "$WORK/collections/ansible_collections/secretops"
ln -sfn "$REPO" "$WORK/collections/ansible_collections/secretops/infisical"

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

# The demo's machine identity credentials reach the playbooks through the environment,
# as they would in CI (INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / _SECRET).
eval "$("$VENV/bin/python" - "$INFO" <<'PY'
import json, shlex, sys
info = json.load(open(sys.argv[1]))
for name, key in (("INFISICAL_URL", "url"), ("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "client_id"),
                  ("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "client_secret"), ("DEMO_PROJECT_ID", "project_id")):
    print("export %s=%s" % (name, shlex.quote(info[key])))
PY
)"

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

echo
if [ "$status" -eq 0 ]; then
    echo "== Demo finished: every playbook passed. Rendered file: $DEMO_OUTPUT/app.env"
else
    echo "== Demo FAILED (see above)"
fi
exit "$status"
