#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_environment
short_description: Manage one environment of an Infisical project
version_added: 0.1.0
description:
  - Creates, updates or deletes one environment of a project, found by O(slug), or by
    O(environment_id), which also allows changing its slug.
  - Reads first and changes only what differs (name, slug, position).
  - To manage all environments of a project at once, use O(secretops.infisical.infisical_project#module:environments).
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth
  - secretops.infisical.project
  - secretops.infisical.attributes
  - secretops.infisical.attributes.action_group
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
options:
  slug:
    description:
      - Slug of the environment, for example V(qa); lower-case letters and digits joined by V(-) or V(_), at most 64 characters.
      - Required unless O(environment_id) is given; with O(environment_id), a different slug renames it.
    type: str
  environment_id:
    description:
      - ID of an existing environment. With O(state=present) it must exist.
    type: str
  name:
    description:
      - Display name. Defaults to O(slug) when the environment is created; unset leaves it as it is.
    type: str
  position:
    description:
      - Position in the project's environment order, starting at 1. Other environments shift to make room.
      - Unset leaves it as it is (a new environment is appended).
    type: int
  state:
    description:
      - V(present) creates the environment or updates what differs; V(absent) deletes it with all its secrets.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: secretops.infisical.infisical_project
"""

EXAMPLES = r"""
- name: A QA environment in second place
  secretops.infisical.infisical_environment:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    project: web-shop
    slug: qa
    name: Quality assurance
    position: 2
  register: qa

- name: Rename its slug
  secretops.infisical.infisical_environment:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    project: web-shop
    environment_id: "{{ qa.environment.id }}"
    slug: test

- name: Remove it
  secretops.infisical.infisical_environment:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    project: web-shop
    slug: test
    state: absent
"""

RETURN = r"""
operation:
  description: What was done, or would be done in check mode.
  returned: always
  type: str
  choices: [create, update, delete, none]
  sample: create
environment:
  description:
    - The environment after the task (re-read from the server); V({}) when absent.
    - In check mode, the predicted environment; a predicted create has no RV(environment.id).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the environment.
      type: str
      sample: 5d1e8f9e-0b7c-4f5b-9a61-3f3b2f1b9c4a
    slug:
      description: Slug.
      type: str
      sample: qa
    name:
      description: Display name.
      type: str
      sample: Quality assurance
    position:
      description: Position, starting at 1.
      type: int
      sample: 2
    project_id:
      description: ID of the project.
      type: str
      sample: 0f4c8a3e-6a8d-4a8e-9a44-3c8f7c1e2b10
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: "2026-12-01T17:35:08.123Z"
    updated_at:
      description: Time of the last update (ISO 8601).
      type: str
      sample: "2026-12-01T17:35:08.123Z"
diff:
  description: Before and after; only with C(--diff).
  returned: when diff mode is enabled
  type: dict
  sample: {"before": {"slug": "qa", "position": 3}, "after": {"slug": "qa", "position": 2}}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._environment import EnvironmentResource
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec

OWN_SPEC = dict(
    slug=dict(type="str"),
    environment_id=dict(type="str"),
    name=dict(type="str"),
    position=dict(type="int"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def main():
    spec = infisical_argument_spec(project=True, **OWN_SPEC)
    spec["required_one_of"].append(("slug", "environment_id"))
    module = InfisicalModule(supports_check_mode=True, **spec)
    module.run(EnvironmentResource(module).ensure)


if __name__ == "__main__":
    main()
