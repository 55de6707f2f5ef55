# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest

from ansible.module_utils import _internal as ansible_internal
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.testing import patch_module_args

from ansible_collections.secretops.infisical.plugins.module_utils import _client


@pytest.fixture(name="run_module")
def run_module_fixture(capsys, monkeypatch):
    """Run a module's ``main()`` against a fake session; return its parsed JSON result."""

    def run(module, args, session, check_mode=False, diff=False):
        monkeypatch.setattr(_client.requests, "Session", lambda: session)
        # Once controller code is imported in the test process (lookup tests, pytest-ansible),
        # core routes module warnings to the display instead of the result: keep module behaviour.
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
