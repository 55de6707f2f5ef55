#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

start_emulator
LOG="$EMULATOR_DIR/login.log"
run_playbook login.yml -vvvv "$@" | tee "$LOG"
# The client secret and every token the server issued must never reach the output.
CLIENT_SECRET="$(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["client_secret"])' "$EMULATOR_INFO")"
assert_not_in_log "$LOG" "$CLIENT_SECRET"
grep -q "the output has been hidden" "$LOG" || { echo "infisical_login output was not hidden" >&2; exit 1; }

if [ -n "$REAL_SERVER" ]; then
    echo "SKIPPED in real-server mode: tls.yml needs the emulator's generated CA (--tls)"
else
    start_emulator --tls
    run_playbook tls.yml "$@"
fi
