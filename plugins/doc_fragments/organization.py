# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """The organization of organization-level resources.

    Written from the option table (``OPTIONS`` in module_utils/_options.py); the unit test
    tests/unit/plugins/doc_fragments/test_option_table.py fails when the two disagree.
    """

    DOCUMENTATION = r"""
options:
  organization_id:
    description:
      - ID of the organization. By default the organization of the access token is used (see O(organization_slug)).
      - On older self-hosted servers without C(GET /api/v1/identities/details), that is the organization of the
        identity named by the access token.
    type: str
"""
