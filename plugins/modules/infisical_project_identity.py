#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_project_identity
short_description: Manage a machine identity's membership and roles in an Infisical project
version_added: 0.1.0
description:
  - Adds a machine identity to a project with a set of roles, changes its roles, or removes it.
  - Roles are compared as a set, so their order never matters; the roles are replaced only when the
    set differs. An existing membership (for example the one Infisical gives a project's creator) is adopted.
  - Check mode reads the server and returns the real plan without writing anything.
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth
  - secretops.infisical.organization
  - secretops.infisical.project
  - secretops.infisical.attributes
  - secretops.infisical.attributes.action_group
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
options:
  identity_id:
    description:
      - ID of the identity. One of O(identity_id) and O(identity) is required.
    type: str
  identity:
    description:
      - Name of the identity, when O(identity_id) is not given. It must be unique in the organization.
    type: str
  state:
    description:
      - V(present) adds the identity or sets its roles; V(absent) removes it from the project.
    type: str
    choices: [present, absent]
    default: present
  roles:
    description:
      - Slugs of the permanent project roles, built-in (V(admin), V(member), V(viewer), V(no-access)) or custom.
      - Required to add the identity; unset leaves the permanent roles of a member as they are.
    type: list
    elements: str
  temporary_roles:
    description:
      - Roles granted for a limited time, in addition to at least one permanent role.
      - Unset leaves the temporary roles as they are; V([]) removes them.
    type: list
    elements: dict
    suboptions:
      role:
        description: Slug of the role.
        type: str
        required: true
      temporary_range:
        description: How long the role is granted, for example V(7d) or V(12h).
        type: str
        required: true
      temporary_access_start_time:
        description:
          - When the access starts (ISO 8601). Unset means "now" for a new grant, and any start time for an existing one.
        type: str
notes:
  - An unknown custom role slug fails with the server's message.
seealso:
  - module: secretops.infisical.infisical_identity
  - module: secretops.infisical.infisical_identity_info
"""

EXAMPLES = r"""
- name: The billing service may read the shop's secrets
  secretops.infisical.infisical_project_identity:
    project: web-shop
    identity: svc-billing
    roles:
      - viewer
    token: "{{ infisical.token }}"

- name: Grant member for a day on top of viewer
  secretops.infisical.infisical_project_identity:
    project: web-shop
    identity: svc-billing
    roles: [viewer]
    temporary_roles:
      - role: member
        temporary_range: 1d
    token: "{{ infisical.token }}"

- name: Remove it from the project
  secretops.infisical.infisical_project_identity:
    project: web-shop
    identity: svc-billing
    state: absent
    token: "{{ infisical.token }}"
"""

RETURN = r"""
operation:
  description: What was done, or would be done in check mode.
  returned: always
  type: str
  choices: [create, update, delete, none]
  sample: update
membership:
  description:
    - The membership after the task (re-read from the server); V({}) when absent. Predicted in check mode.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the membership (missing from a predicted create).
      type: str
      sample: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d
    project_id:
      description: ID of the project.
      type: str
      sample: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
    identity_id:
      description: ID of the identity.
      type: str
      sample: 7c1e2b3a-9d8f-4e6a-b5c4-1a2b3c4d5e6f
    identity_name:
      description: Name of the identity.
      type: str
      sample: svc-billing
    roles:
      description: Slugs of the permanent roles, sorted.
      type: list
      elements: str
      sample: [viewer]
    temporary_roles:
      description: Temporary roles, sorted by role, range and start time.
      type: list
      elements: dict
      sample: [{"role": "member", "temporary_range": "1d", "temporary_access_start_time": "2026-12-01T17:35:08Z",
                "temporary_access_end_time": "2026-12-02T17:35:08Z"}]
diff:
  description: Before and after; only with C(--diff).
  returned: when diff mode is enabled
  type: dict
  sample: {"before": {"roles": ["viewer"]}, "after": {"roles": ["member"]}}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._membership import ProjectIdentityResource
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec

OWN_SPEC = dict(
    identity_id=dict(type="str"),
    identity=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    roles=dict(type="list", elements="str"),
    temporary_roles=dict(type="list", elements="dict", options=dict(
        role=dict(type="str", required=True),
        temporary_range=dict(type="str", required=True),
        temporary_access_start_time=dict(type="str"),
    )),
)


def main():
    spec = infisical_argument_spec(project=True, organization=True, **OWN_SPEC)
    spec["required_one_of"].append(("identity_id", "identity"))
    spec["mutually_exclusive"].append(("identity_id", "identity"))
    module = InfisicalModule(supports_check_mode=True, **spec)
    module.run(ProjectIdentityResource(module).ensure)


if __name__ == "__main__":
    main()
