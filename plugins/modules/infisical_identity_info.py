#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_identity_info
short_description: Read Infisical machine identities with their auth methods and project memberships
version_added: 0.1.0
description:
  - Returns one identity (by O(identity_id)), the identities named O(name), or every identity of the
    organization, each with its Universal Auth settings and its project memberships.
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth
  - secretops.infisical.organization
  - secretops.infisical.attributes
  - secretops.infisical.attributes.action_group
  - secretops.infisical.attributes.info_module
options:
  identity_id:
    description:
      - ID of the identity to return.
    type: str
  name:
    description:
      - Return the identities with this name (names are not unique).
    type: str
  include_memberships:
    description:
      - Add RV(identities[].project_memberships), read from every project the token can see (one request per project).
      - Memberships in projects the token is not a member of are not visible.
    type: bool
    default: true
seealso:
  - module: secretops.infisical.infisical_identity
  - module: secretops.infisical.infisical_project_identity
"""

EXAMPLES = r"""
- name: Every identity of the organization
  secretops.infisical.infisical_identity_info:
    token: "{{ infisical.token }}"
  register: all_identities

- name: Names of identities that can log in with Universal Auth
  ansible.builtin.debug:
    msg: "{{ all_identities.identities | selectattr('universal_auth') | map(attribute='name') | list }}"

- name: One identity by name, without its memberships
  secretops.infisical.infisical_identity_info:
    name: svc-billing
    include_memberships: false
    token: "{{ infisical.token }}"
"""

RETURN = r"""
identities:
  description: The identities found, sorted by name then ID; V([]) when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the identity.
      type: str
      sample: 7c1e2b3a-9d8f-4e6a-b5c4-1a2b3c4d5e6f
    name:
      description: Name of the identity.
      type: str
      sample: svc-billing
    role:
      description: Organization role slug.
      type: str
      sample: no-access
    has_delete_protection:
      description: Whether deletion is blocked.
      type: bool
      sample: false
    metadata:
      description: Metadata as key/value pairs.
      type: dict
      sample: {"team": "payments"}
    auth_methods:
      description: Authentication methods attached, sorted.
      type: list
      elements: str
      sample: [universal-auth]
    universal_auth:
      description: Universal Auth settings, as returned by M(secretops.infisical.infisical_identity); V(null) when not attached.
      type: dict
      sample: {"client_id": "2f5c9a7e-4b1d-4f0e-8a61-0c3b2f1b9c4a", "access_token_ttl": 3600}
    project_memberships:
      description:
        - Memberships in the projects visible to the token, sorted by project slug (with O(include_memberships)).
      type: list
      elements: dict
      sample: [{"project_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "project_slug": "web-shop", "roles": ["viewer"],
                "temporary_roles": []}]
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: "2026-12-01T17:35:08.123Z"
"""

from ansible_collections.secretops.infisical.plugins.module_utils._membership import IdentityInfo
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec

OWN_SPEC = dict(
    identity_id=dict(type="str"),
    name=dict(type="str"),
    include_memberships=dict(type="bool", default=True),
)


def main():
    spec = infisical_argument_spec(organization=True, **OWN_SPEC)
    spec["mutually_exclusive"].append(("identity_id", "name"))
    module = InfisicalModule(supports_check_mode=True, **spec)
    module.run(IdentityInfo(module).read)


if __name__ == "__main__":
    main()
