# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import contextlib
import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.common.text.converters import to_bytes

try:  # ansible-core 2.19 and later
    from ansible.module_utils import _internal as ansible_internal
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core 2.16 to 2.18: modules read their arguments from basic._ANSIBLE_ARGS
    ansible_internal = None

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

from ansible_collections.secretops.infisical.plugins.module_utils import _client


@pytest.fixture(name="run_module")
def run_module_fixture(capsys, monkeypatch):
    """Run a module's ``main()`` against a fake session; return its parsed JSON result."""

    def run(module, args, session, check_mode=False, diff=False):
        monkeypatch.setattr(_client.requests, "Session", lambda: session)
        # Once controller code is imported in the test process (lookup tests, pytest-ansible),
        # core routes module warnings to the display instead of the result: keep module behaviour.
        if ansible_internal is not None:
            monkeypatch.setattr(ansible_internal, "is_controller", False, raising=False)
        _client._GENERATION_BY_URL.clear()
        # Core keeps warnings in process-wide stores (a module normally exits after one
        # run); without clearing, a warning seen by an earlier test would be missing here.
        for store in ("_global_warnings", "_global_deprecations"):
            if hasattr(getattr(ansible_warnings, store, None), "clear"):
                getattr(ansible_warnings, store).clear()
        args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
        with patch_module_args(args):
            with pytest.raises(SystemExit):
                module.main()
        out = capsys.readouterr().out
        result = json.loads(out)
        result["_raw_output"] = out
        return result

    return run
