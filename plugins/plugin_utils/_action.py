# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action plugin base for modules whose result itself is a secret.

Internal module: may change in any release.

A module cannot mark its own result as ``no_log`` (core strips ``_ansible_*``
keys from module output), but an action plugin can. The registered variable
keeps the values; only what callbacks print and log is censored.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase


class SensitiveResultAction(ActionBase):
    MODULE = None  # FQCN of the module to run

    _supports_check_mode = True

    def is_sensitive(self, result, module_args):
        """Whether this result must be hidden from output (subclasses decide)."""
        raise NotImplementedError

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        module_args = self._task.args.copy()
        result.update(self._execute_module(module_name=self.MODULE, module_args=module_args, task_vars=task_vars))
        # Failures stay visible: their messages never hold secrets, and hiding them
        # would leave the person at the terminal with nothing to go on.
        if not result.get("failed") and self.is_sensitive(result, module_args):
            result["_ansible_no_log"] = True
        return result
