# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Showing secret values.

    Written from the option table (``OPTIONS`` in module_utils/_options.py); the unit test
    tests/unit/plugins/doc_fragments/test_option_table.py fails when the two disagree.
    """

    DOCUMENTATION = r"""
options:
  reveal_values:
    description:
      - Put secret values in plain text into the returned object and the C(--diff) output.
      - 'By default values are never returned, and C(--diff) shows them as fingerprints like C(<secret #1a2b3c4d5e6f>),
        a keyed hash with a key made for each run: equal for equal values within one run, so you see that a value
        changes but never what it is.'
      - With V(true), task output, callbacks, logs and job events may contain secrets. Ansible still masks any string
        equal to a C(no_log) option, so this mainly reveals the old value of a changed secret.
    type: bool
    default: false
"""
