#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_project_info
short_description: Read one Infisical project, or list the projects the token can see
version_added: 0.1.0
description:
  - Reads the project given by O(project_id) or O(slug), or lists every project the machine
    identity is a member of, each with its environments.
  - An unknown project gives an empty RV(projects) list, not an error.
  - 2024 self-hosted servers do not let machine identities list projects; give O(project_id) or O(slug) there.
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth
  - secretops.infisical.attributes
  - secretops.infisical.attributes.action_group
  - secretops.infisical.attributes.info_module
options:
  project_id:
    description:
      - Read only the project with this ID. Mutually exclusive with O(slug).
    type: str
  slug:
    description:
      - Read only the project with this slug. Mutually exclusive with O(project_id).
    type: str
seealso:
  - module: secretops.infisical.infisical_project
"""

EXAMPLES = r"""
- name: Every project the identity belongs to
  secretops.infisical.infisical_project_info:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
  register: visible

- name: One project by slug
  secretops.infisical.infisical_project_info:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    slug: web-shop
  register: shop

- name: Use its ID
  ansible.builtin.debug:
    msg: "{{ shop.projects[0].id if shop.projects else 'no such project' }}"
"""

RETURN = r"""
projects:
  description: The matching projects, sorted by slug; V([]) when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the project.
      type: str
      sample: 0f4c8a3e-6a8d-4a8e-9a44-3c8f7c1e2b10
    slug:
      description: Slug of the project.
      type: str
      sample: web-shop
    name:
      description: Display name.
      type: str
      sample: Web shop
    description:
      description: Description.
      type: str
      sample: Secrets of the web shop
    type:
      description: Product type (V(null) on 2024 servers).
      type: str
      sample: secret-manager
    org_id:
      description: ID of the organisation.
      type: str
      sample: 9b1c1b7e-2d3c-4a5b-8c9d-0e1f2a3b4c5d
    has_delete_protection:
      description: Whether delete protection is on (V(null) on 2024 servers).
      type: bool
      sample: false
    auto_capitalization:
      description: Whether secret names are upper-cased.
      type: bool
      sample: false
    enforce_capitalization:
      description: Whether upper-case secret names are enforced.
      type: bool
      sample: false
    pit_version_limit:
      description: Versions kept per secret.
      type: int
      sample: 10
    secret_sharing:
      description: Whether secret sharing is allowed.
      type: bool
      sample: true
    environments:
      description: Environments (C(id), C(name), C(slug), C(position)), by position.
      type: list
      elements: dict
      sample: [{"id": "5d1e...", "name": "Development", "slug": "dev", "position": 1}]
    version:
      description: Server-side version counter of the project object.
      type: int
      sample: 3
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: "2026-12-01T17:35:08.123Z"
    updated_at:
      description: Time of the last update (ISO 8601).
      type: str
      sample: "2026-12-01T17:35:08.123Z"
"""

from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec
from ansible_collections.secretops.infisical.plugins.module_utils._project import read_projects

OWN_SPEC = dict(
    project_id=dict(type="str"),
    slug=dict(type="str"),
)


def main():
    spec = infisical_argument_spec(**OWN_SPEC)
    spec["mutually_exclusive"].append(("project_id", "slug"))
    module = InfisicalModule(supports_check_mode=True, **spec)
    params = module.params
    module.run(lambda: dict(changed=False, projects=read_projects(module.client, params["project_id"], params["slug"])))


if __name__ == "__main__":
    main()
