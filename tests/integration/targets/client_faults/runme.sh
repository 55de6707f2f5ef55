#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

skip_on_real_server "every step injects faults or rate limits through the emulator's control API"
start_emulator
run_playbook playbook.yml "$@"
