#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_secret_info
short_description: List the secrets of an Infisical folder, or read one
version_added: 0.1.0
description:
  - Lists the secrets of a project, environment and folder path (optionally with every subfolder),
    or reads one secret by O(name).
  - Returns metadata only by default. With O(reveal_values=true) it returns the values too, and the
    whole task result is then hidden from output as if C(no_log) were set, unless O(hide_output=false).
  - Secret references (C(${KEY})) are returned as stored and imported secrets are left out, unless
    O(expand_references) or O(include_imports) ask otherwise.
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth
  - secretops.infisical.project
  - secretops.infisical.scope
  - secretops.infisical.attributes
  - secretops.infisical.attributes.action_group
  - secretops.infisical.attributes.info_module
options:
  name:
    description:
      - Read only the secret with this name. RV(secrets) is then empty when it does not exist.
    type: str
  recursive:
    description:
      - Include the secrets of every subfolder of O(path).
    type: bool
    default: false
  reveal_values:
    description:
      - Return the secret values (RV(secrets[].value) and RV(secret_values)).
      - Named like O(secretops.infisical.infisical_secret#module:reveal_values) of the modules that write
        secrets; the old name C(with_values) is an alias.
    type: bool
    default: false
    aliases: [with_values]
  hide_output:
    description:
      - With O(reveal_values=true), hide the whole task result from output (callbacks, logs), as
        C(no_log) would. The registered variable still holds the values.
      - Set to V(false) only to print values on purpose, for example while debugging a test server.
    type: bool
    default: true
  expand_references:
    description:
      - Let the server expand secret references such as C(${OTHER_KEY}) in values.
    type: bool
    default: false
  include_imports:
    description:
      - Add the secrets imported into the folder (a secret of the folder itself wins over an
        imported one of the same name).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: What secrets does the app folder hold (names and metadata only)
  secretops.infisical.infisical_secret_info:
    project_id: "{{ infisical_project_id }}"
    environment: prod
    path: /app
    token: "{{ infisical.token }}"
  register: app_secrets

- name: Names, sorted by path then name
  ansible.builtin.debug:
    msg: "{{ app_secrets.secrets | map(attribute='name') | list }}"

- name: Read every value below /app (the result is hidden from output)
  secretops.infisical.infisical_secret_info:
    project_id: "{{ infisical_project_id }}"
    environment: prod
    path: /app
    recursive: true
    reveal_values: true
    token: "{{ infisical.token }}"
  register: app_values

- name: Use a value
  ansible.builtin.template:
    src: app.conf.j2
    dest: /etc/app.conf
    mode: "0600"
  vars:
    db_password: "{{ app_values.secret_values['/app/db/DB_PASSWORD'] }}"
"""

RETURN = r"""
secrets:
  description:
    - The secrets, sorted by path then name; V([]) when none match.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Immutable ID.
      type: str
      sample: 6f0e8f9e-0b7c-4f5b-9a61-3f3b2f1b9c4a
    name:
      description: Name of the secret.
      type: str
      sample: DB_PASSWORD
    path:
      description: Folder path.
      type: str
      sample: /app
    environment:
      description: Environment slug.
      type: str
      sample: prod
    version:
      description: Version of the secret.
      type: int
      sample: 2
    comment:
      description: Comment.
      type: str
      sample: ""
    tags:
      description: Tag slugs, sorted.
      type: list
      elements: str
      sample: []
    skip_multiline_encoding:
      description: The multiline encoding flag.
      type: bool
      sample: false
    imported:
      description: Whether the secret comes from a secret import (O(include_imports=true)).
      type: bool
      sample: false
    value:
      description: The value; only with O(reveal_values=true).
      type: str
      sample: null
    value_hidden:
      description: The server hides the value from this identity.
      type: bool
      sample: false
    created_at:
      description: Creation time.
      type: str
      sample: "2026-12-01T17:35:08.123Z"
    updated_at:
      description: Time of the last update.
      type: str
      sample: "2026-12-01T17:35:08.123Z"
secret_values:
  description:
    - Name to value; with O(recursive=true) the keys are full paths such as C(/app/db/DB_PASSWORD).
  returned: when O(reveal_values=true)
  type: dict
  sample: {"DB_PASSWORD": "********"}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec
from ansible_collections.secretops.infisical.plugins.module_utils._secret import SecretScope, read_secrets, secrets_by_key
from ansible_collections.secretops.infisical.plugins.module_utils import _validate

OWN_SPEC = dict(
    name=dict(type="str"),
    recursive=dict(type="bool", default=False),
    reveal_values=dict(type="bool", default=False, aliases=["with_values"]),
    hide_output=dict(type="bool", default=True),
    expand_references=dict(type="bool", default=False),
    include_imports=dict(type="bool", default=False),
)


def main():
    # Values are this module's output when asked for; they are not masked in the
    # result (masking would return "********"): the action plugin hides the result.
    module = InfisicalModule(supports_check_mode=True, **infisical_argument_spec(scope=True, **OWN_SPEC))
    params = module.params

    def read():
        name = _validate.secret_name(params["name"]) if params["name"] is not None else None
        scope = SecretScope.from_options(module.client, params)
        secrets = read_secrets(module.client, scope, name=name, recursive=params["recursive"],
                               with_values=params["reveal_values"], expand_references=params["expand_references"],
                               include_imports=params["include_imports"])
        result = dict(changed=False, secrets=[_shown(s, params["reveal_values"]) for s in secrets])
        if params["reveal_values"]:
            result["secret_values"] = secrets_by_key(secrets, full_paths=params["recursive"])
        return result

    module.run(read)


def _shown(secret, with_values):
    shown = {k: v for k, v in secret.items() if k not in ("tag_ids", "type", "project_id")}
    if not with_values:
        shown.pop("value", None)
    return shown


if __name__ == "__main__":
    main()
