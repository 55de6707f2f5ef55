# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Infisical-compatible emulator used by the secretops.infisical tests (standard library only)."""
from __future__ import annotations

from .app import Application
from .httpserver import EmulatorServer

__all__ = ["Application", "EmulatorServer"]
