# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """The project a resource belongs to.

    Written from the option table (``OPTIONS`` in module_utils/_options.py); the unit test
    tests/unit/plugins/doc_fragments/test_option_table.py fails when the two disagree.
    """

    DOCUMENTATION = r"""
options:
  project_id:
    description:
      - ID of the Infisical project.
      - Mutually exclusive with O(project); one of them is required.
      - Prefer it over O(project) in large runs, it saves one request per task.
    type: str
  project:
    description:
      - Slug or name of the project, resolved to its ID (slug first, then an exact name match).
      - Mutually exclusive with O(project_id).
    type: str
"""
