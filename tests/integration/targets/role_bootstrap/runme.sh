#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# Secret values the role writes; none may appear in the -vvvv output (run_in_each_profile checks).
export CANARY_DB="canary-bootstrap-Qe7Lm2"
export CANARY_API="canary-bootstrap-Vb9Tz4"
export CANARY_EXISTING="canary-bootstrap-Hs3Pw8"
# The playbook appends every client secret value the role returns (in a no_log task).
export CANARY_FILE="$EMULATOR_DIR/client-secrets.txt"
: >"$CANARY_FILE"

run_in_each_profile playbook.yml -vvvv "$@"

[ -s "$CANARY_FILE" ] || { echo "no client secret was recorded" >&2; exit 1; }
mapfile -t CLIENT_SECRETS <"$CANARY_FILE"
for profile in "${EMULATOR_PROFILES[@]}"; do
    assert_not_in_log "$EMULATOR_DIR/playbook-$profile.log" "${CLIENT_SECRETS[@]}"
done
