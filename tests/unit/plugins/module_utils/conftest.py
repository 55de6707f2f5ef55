# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils import _client


@pytest.fixture(autouse=True)
def _forget_generations():
    """Each test starts with no server's API generation known (the client keeps them per process)."""
    _client._GENERATION_BY_URL.clear()
    yield
    _client._GENERATION_BY_URL.clear()
