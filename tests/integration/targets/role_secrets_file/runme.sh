#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

export CANARY_VALUE="canary-role-Xw2Kd8"
export DEST_DIR="$EMULATOR_DIR/dest"

for profile in "${EMULATOR_PROFILES[@]}"; do
    rm -rf "$DEST_DIR" && mkdir -p "$DEST_DIR"
    start_emulator --profile "$profile"
    LOG="$EMULATOR_DIR/role-$profile.log"
    run_playbook playbook.yml -vvvv --diff "$@" | tee "$LOG"
    assert_not_in_log "$LOG" "$CANARY_VALUE"

    # The CA path, given to the role as a template, against a TLS emulator.
    rm -rf "$DEST_DIR" && mkdir -p "$DEST_DIR"
    start_emulator --profile "$profile" --tls
    LOG="$EMULATOR_DIR/tls-$profile.log"
    run_playbook tls.yml -vvvv "$@" | tee "$LOG"
    assert_not_in_log "$LOG" "$CANARY_VALUE"
done
