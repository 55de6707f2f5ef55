#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_tag
short_description: Manage a secret tag of an Infisical project
version_added: 0.1.0
description:
  - Creates, updates or deletes one tag of a project, found by O(slug).
  - Secrets refer to tags by slug, see O(secretops.infisical.infisical_secret#module:tags).
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
      - Slug of the tag, for example V(database); lower-case letters and digits joined by V(-) or V(_), at most 64 characters.
    type: str
    required: true
  color:
    description:
      - Colour shown in the Infisical UI, for example V(#3b82f6). Unset leaves it as it is.
    type: str
  state:
    description:
      - V(present) creates the tag or updates its colour; V(absent) deletes it (secrets lose the tag).
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: secretops.infisical.infisical_secret
"""

EXAMPLES = r"""
- name: A tag for database secrets
  secretops.infisical.infisical_tag:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    project: web-shop
    slug: database
    color: "#3b82f6"

- name: A secret carrying it
  secretops.infisical.infisical_secret:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    project: web-shop
    environment: prod
    name: DB_USER
    value: app
    tags: [database]
"""

RETURN = r"""
operation:
  description: What was done, or would be done in check mode.
  returned: always
  type: str
  choices: [create, update, delete, none]
  sample: create
tag:
  description:
    - The tag after the task (re-read from the server); V({}) when absent.
    - In check mode, the predicted tag; a predicted create has no RV(tag.id).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the tag.
      type: str
      sample: 7c1e8f9e-0b7c-4f5b-9a61-3f3b2f1b9c4a
    slug:
      description: Slug.
      type: str
      sample: database
    name:
      description: Name the server gives the tag.
      type: str
      sample: database
    color:
      description: Colour.
      type: str
      sample: "#3b82f6"
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
  sample: {"before": {"slug": "database", "color": "#000000"}, "after": {"slug": "database", "color": "#3b82f6"}}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec
from ansible_collections.secretops.infisical.plugins.module_utils._tag import TagResource

OWN_SPEC = dict(
    slug=dict(type="str", required=True),
    color=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def main():
    spec = infisical_argument_spec(project=True, **OWN_SPEC)
    module = InfisicalModule(supports_check_mode=True, **spec)
    module.run(TagResource(module).ensure)


if __name__ == "__main__":
    main()
