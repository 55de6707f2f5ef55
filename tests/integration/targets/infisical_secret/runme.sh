#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# Canary values: they must never appear in the -vvvv --diff output.
export CANARY_VALUE="canary-1-Hq7Zp3vX"
export CANARY_VALUE_2="canary-2-Lr5Ty8nW"

for profile in "${EMULATOR_PROFILES[@]}"; do
    start_emulator --profile "$profile"
    LOG="$EMULATOR_DIR/secret-$profile.log"
    run_playbook playbook.yml -vvvv --diff "$@" | tee "$LOG"
    assert_not_in_log "$LOG" "$CANARY_VALUE" "$CANARY_VALUE_2"
done
