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
        # Either name of the option (with_values is the old alias), or values in the result whatever asked for them.
        asked = any(boolean(module_args.get(name, False), strict=False) for name in ("reveal_values", "with_values"))
        hide_output = boolean(module_args.get("hide_output", True), strict=False)
        return (asked or "secret_values" in result) and hide_output
