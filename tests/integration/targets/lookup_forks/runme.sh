#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# 20 hosts read their own folder through the lookup with forks 20, after the controller
# evaluated the lookup itself (in task names): no host may get another host's value.
set -eu -o pipefail
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

export CANARY_VALUE="canary-forks-Qm7Zt2"
export ANSIBLE_FORKS=20
export INVENTORY_PATH=inventory.yml

run_in_each_profile playbook.yml "$@"
