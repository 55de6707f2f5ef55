#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# 20 hosts (forks 20) create the same folder and the same secret at once: all succeed,
# one creates, the others converge on what it created.
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

export CANARY_VALUE="canary-race-Hq4Vn1"
export ANSIBLE_FORKS=20
export ANSIBLE_PIPELINING=true  # local hosts: no temporary module files, less work per host
export INVENTORY_PATH=inventory.yml

run_in_each_profile playbook.yml "$@"
