#!/usr/bin/env bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu -o pipefail
COLLECTION_ROOT="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/secretops/infisical"
ansible-playbook -i "${INVENTORY_PATH:-../../inventory}" -e "collection_root=$COLLECTION_ROOT" playbook.yml "$@"
