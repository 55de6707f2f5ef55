# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Launcher: ``python3 tests/emulator/server.py --help`` (works from any directory)."""
from __future__ import annotations

import os
import sys


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from infisical_emulator.cli import main as cli_main  # pylint: disable=import-outside-toplevel,import-error
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
