#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_folder_info
short_description: List the folders under a path of an Infisical environment
version_added: 0.1.0
description:
  - Lists the folders directly under O(path), or with O(recursive=true) every folder below it.
  - A path that does not exist lists nothing (V([])), as the server answers.
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
  - secretops.infisical.attributes.info_module
options:
  environment:
    description:
      - Slug of the environment, for example V(dev).
    type: str
    required: true
  path:
    description:
      - Absolute path whose folders are listed, for example V(/) or V(/app).
    type: str
    default: /
  recursive:
    description:
      - List every folder below O(path), not only its direct children.
    type: bool
    default: false
seealso:
  - module: secretops.infisical.infisical_folder
"""

EXAMPLES = r"""
- name: The whole folder tree of prod
  secretops.infisical.infisical_folder_info:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    project: web-shop
    environment: prod
    recursive: true
  register: tree

- name: Show the paths
  ansible.builtin.debug:
    msg: "{{ tree.folders | map(attribute='path') | list }}"
"""

RETURN = r"""
folders:
  description: The folders, sorted by path; V([]) when none.
  returned: always
  type: list
  elements: dict
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
"""

from ansible_collections.secretops.infisical.plugins.module_utils import _project_api
from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._folder import read_folders
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec

OWN_SPEC = dict(
    environment=dict(type="str", required=True),
    path=dict(type="str", default="/"),
    recursive=dict(type="bool", default=False),
)


def main():
    spec = infisical_argument_spec(project=True, **OWN_SPEC)
    module = InfisicalModule(supports_check_mode=True, **spec)
    params = module.params

    def read():
        environment = _validate.slug(params["environment"], "environment", "environment slug")
        path = _validate.secret_path(params["path"], "path")
        project_id = _project_api.resolve_project_id(module.client, params["project_id"], params["project"])
        return dict(changed=False, folders=read_folders(module.client, project_id, environment, path, params["recursive"]))

    module.run(read)


if __name__ == "__main__":
    main()
