#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# The playbook writes every client secret value it obtains to this file (in a
# no_log task); none of them may appear in the -vvvv output.
export CANARY_FILE="$EMULATOR_DIR/client-secrets.txt"

start_emulator
: >"$CANARY_FILE"
LOG="$EMULATOR_DIR/identity.log"
run_playbook playbook.yml -vvvv --diff "$@" | tee "$LOG"
[ -s "$CANARY_FILE" ] || { echo "no client secret was recorded" >&2; exit 1; }
mapfile -t CANARIES <"$CANARY_FILE"
assert_not_in_log "$LOG" "${CANARIES[@]}"
grep -q "the output has been hidden" "$LOG" || { echo "a new client secret was not hidden" >&2; exit 1; }

# 2024 servers: the plain four-step parts (older membership routes, organization_id given).
if [[ " ${EMULATOR_PROFILES[*]} " == *" 2024 "* ]]; then
    start_emulator --profile 2024
    run_playbook playbook.yml --diff "$@"
fi
