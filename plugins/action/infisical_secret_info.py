# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs the infisical_secret_info module; hides its result when it holds secret values."""

from __future__ import annotations

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.secretops.infisical.plugins.plugin_utils._action import SensitiveResultAction


class ActionModule(SensitiveResultAction):
    MODULE = "secretops.infisical.infisical_secret_info"

    def is_sensitive(self, result, module_args):
        with_values = boolean(module_args.get("with_values", False), strict=False)
        hide_output = boolean(module_args.get("hide_output", True), strict=False)
        return with_values and hide_output
