# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``InfisicalModule``: the only place where Infisical modules talk to Ansible.

Internal module: may change in any release.

Lower layers raise exceptions from :mod:`._errors` and report notices through a
``warn`` callback; this class turns them into ``fail_json`` (one line, structured
keys, no traceback) and ``warn()``. Every value read from the server and every
token obtained is registered with ``no_log_values`` before anything is returned.
"""

from __future__ import annotations

import re

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.secretops.infisical.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.secretops.infisical.plugins.module_utils._errors import InfisicalError
from ansible_collections.secretops.infisical.plugins.module_utils._options import build_client

# What must never reach a task's error line as it is: line breaks and other control
# characters (from a name or a server's message) and lone surrogates (undecodable bytes).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def one_line(text):
    """``text`` on one line: each control character or surrogate written as its escape (``\\n``)."""
    return _UNPRINTABLE.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text)


class InfisicalModule(AnsibleModule):
    """An ``AnsibleModule`` with a lazily built Infisical client.

    :param mask_tokens: register tokens obtained by login with ``no_log_values``
        (``infisical_login`` turns this off because returning the token is its job;
        its action plugin hides the whole result instead).
    :param auth_methods: the ``auth_method`` values this module accepts (default: all).
    """

    def __init__(self, *args, mask_tokens=True, auth_methods=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self._mask_tokens = mask_tokens
        self._auth_methods = auth_methods
        self._client = None

    @property
    def client(self):
        if self._client is None:
            on_login = (lambda access: self.add_secret_value(access.token)) if self._mask_tokens else None
            try:
                self._client = build_client(self.params, warn=self.warn, on_login=on_login,
                                            auth_methods=self._auth_methods)
            except InfisicalError as exc:
                self.fail_from_exception(exc)
        return self._client

    def add_secret_value(self, value):
        """Mask ``value`` in every output of this module run (results, warnings, errors)."""
        if isinstance(value, str) and value.strip():
            self.no_log_values.add(value)

    def fail_from_exception(self, exc, **extra):
        """End the task with the exception's one-line message and structured keys."""
        fields = exc.result_fields()
        fields.update(extra)
        self.fail_json(msg=one_line(str(exc)), **fields)

    def run(self, work):
        """Call ``work()`` and exit with its result dict, converting our exceptions.

        ``work`` returns the module result (``changed`` and the rest). A ``diff``
        key is dropped unless the user asked for ``--diff``.
        """
        try:
            result = work()
        except InfisicalError as exc:
            self.fail_from_exception(exc)
        if not self._diff:
            result.pop("diff", None)
        self.exit_json(**result)
