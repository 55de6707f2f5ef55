# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs the infisical_identity_client_secret module; hides its result when it holds a new client secret."""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.plugin_utils._action import SensitiveResultAction


class ActionModule(SensitiveResultAction):
    MODULE = "secretops.infisical.infisical_identity_client_secret"

    def is_sensitive(self, result, module_args):
        return bool(result.get("client_secret_value"))
