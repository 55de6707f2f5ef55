#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_folder
short_description: Manage a folder (secret path) in an Infisical environment
version_added: 0.1.0
description:
  - Creates a folder such as V(/app/db), with its missing parents, or deletes it.
  - Manages the folder's O(description).
  - Refuses to delete a folder that holds folders or secrets unless O(force=true); check mode
    reports the same refusal.
  - Folder names are checked before any request (letters, digits, V(-) and V(_)), so current and
    2024 servers behave alike.
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
  environment:
    description:
      - Slug of the environment, for example V(dev).
    type: str
    required: true
  path:
    description:
      - Absolute path of the folder, for example V(/app/db); one trailing V(/) is ignored.
    type: str
    required: true
  description:
    description:
      - Description of the folder (the last segment of O(path) only). Unset leaves it as it is.
    type: str
  force:
    description:
      - With O(state=absent), delete the folder even when it holds folders or secrets, with all of them.
    type: bool
    default: false
  state:
    description:
      - V(present) creates the folder (and its parents); V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Parent folders created for O(path) are not removed by O(state=absent).
seealso:
  - module: secretops.infisical.infisical_folder_info
  - module: secretops.infisical.infisical_secret
"""

EXAMPLES = r"""
- name: A folder tree for the database secrets
  secretops.infisical.infisical_folder:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    project: web-shop
    environment: prod
    path: /app/db
    description: Database credentials

- name: Remove a folder with everything in it
  secretops.infisical.infisical_folder:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    project: web-shop
    environment: prod
    path: /legacy
    force: true
    state: absent
"""

RETURN = r"""
operation:
  description: What was done, or would be done in check mode.
  returned: always
  type: str
  choices: [create, update, delete, none]
  sample: create
folder:
  description:
    - The folder after the task (re-read from the server); V({}) when absent.
    - In check mode, the predicted folder; a predicted create has no RV(folder.id).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the folder.
      type: str
      sample: 2a1e8f9e-0b7c-4f5b-9a61-3f3b2f1b9c4a
    name:
      description: Name (last segment of the path).
      type: str
      sample: db
    path:
      description: Full path of the folder.
      type: str
      sample: /app/db
    environment:
      description: Environment slug.
      type: str
      sample: prod
    description:
      description: Description (V("") when none).
      type: str
      sample: Database credentials
    parent_id:
      description: ID of the parent folder.
      type: str
      sample: 8b2e8f9e-0b7c-4f5b-9a61-3f3b2f1b9c4a
    version:
      description: Server-side version counter of the folder.
      type: int
      sample: 1
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
  sample: {"before": {}, "after": {"name": "db", "path": "/app/db", "environment": "prod"}}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._folder import FolderResource
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec

OWN_SPEC = dict(
    environment=dict(type="str", required=True),
    path=dict(type="str", required=True),
    description=dict(type="str"),
    force=dict(type="bool", default=False),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def main():
    spec = infisical_argument_spec(project=True, **OWN_SPEC)
    module = InfisicalModule(supports_check_mode=True, **spec)
    module.run(FolderResource(module).ensure)


if __name__ == "__main__":
    main()
