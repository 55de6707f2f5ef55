# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Module runs next to controller code (the lookup, action plugins).

ansible-test runs the tests under ``tests/unit/plugins/modules`` with only what a managed node has,
so tests that also import controller code live here and use the modules' ``run_module`` runner.
"""

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.tests.unit.plugins.modules.conftest import module_runner


@pytest.fixture(name="run_module")
def run_module_fixture(capsys, monkeypatch):
    return module_runner(capsys, monkeypatch)
