#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

export CANARY_VALUE="canary-role-Xw2Kd8"
export DEST_DIR="$EMULATOR_DIR/dest"
mkdir -p "$DEST_DIR"

start_emulator
LOG="$EMULATOR_DIR/role.log"
run_playbook playbook.yml -vvvv --diff "$@" | tee "$LOG"
assert_not_in_log "$LOG" "$CANARY_VALUE"
