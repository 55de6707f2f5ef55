#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_secret
short_description: Manage one secret in an Infisical project
version_added: 0.1.0
description:
  - Creates, updates or deletes one shared secret, addressed by project, environment, folder path and name.
  - Reads the secret first and writes only what differs (value, comment, tags, multiline encoding),
    so a second run reports no change and sends no write.
  - Check mode reads the server and returns the real plan without writing anything.
  - The secret's value is never returned, and C(--diff) shows it as a fingerprint (see O(reveal_values)).
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth
  - secretops.infisical.project
  - secretops.infisical.scope
  - secretops.infisical.secret_output
  - secretops.infisical.attributes
  - secretops.infisical.attributes.action_group
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - Secret values appear as fingerprints unless O(reveal_values=true); comments and tags in clear.
options:
  name:
    description:
      - Name (key) of the secret, for example V(DB_PASSWORD). Case-sensitive.
      - Must not contain V(:) or V(/), nor start or end with whitespace.
    type: str
    required: true
  state:
    description:
      - V(present) creates the secret or updates what differs; V(absent) deletes it if it exists.
    type: str
    choices: [present, absent]
    default: present
  value:
    description:
      - The secret's value. Required to create a secret; when unset, an existing value is left as it is.
      - Infisical strips surrounding whitespace from values but keeps one trailing newline when the
        value ends with one (V("  a b \\n") is stored as V("a b\\n")). The module compares values the
        same way, so a trailing newline from a file does not make every run report a change.
      - A string, or a number or boolean converted by this rule - V(true)/V(false) become V("true")/V("false"),
        integers and floats their decimal form (V(8080) becomes V("8080")). A list or a dictionary is refused,
        and so is text that is not valid UTF-8 (for example undecoded bytes from a file), before any write.
    type: raw
  update_value:
    description:
      - V(always) sets the value whenever it differs from O(value).
      - V(on_create) uses O(value) only when the secret is created and never overwrites it afterwards,
        the usual way to generate a password once, for example with
        C(lookup('ansible.builtin.password', '/dev/null length=32')).
    type: str
    choices: [always, on_create]
    default: always
  comment:
    description:
      - Comment of the secret. Surrounding whitespace is removed. V("") clears it.
      - Unset leaves the comment as it is.
    type: str
  tags:
    description:
      - Slugs of the project tags the secret carries. The tags must exist in the project
        (see M(secretops.infisical.infisical_tag)).
      - Unset leaves the tags as they are; V([]) removes every tag (with O(purge_tags=true)).
    type: list
    elements: str
  purge_tags:
    description:
      - With V(true), tags not listed in O(tags) are removed from the secret.
      - With V(false), listed tags are added and others are kept. Has no effect when O(tags) is unset.
    type: bool
    default: true
  skip_multiline_encoding:
    description:
      - Infisical's multiline encoding flag for the secret. Unset leaves it as it is.
    type: bool
  create_path:
    description:
      - Create the folder O(path) (and its parents) when it does not exist.
      - With V(false), a missing folder is an error naming the path.
    type: bool
    default: false
notes:
  - Only shared secrets are managed; personal overrides are out of scope.
  - Values read from the server are added to the values Ansible masks in output, so any other
    output string equal to a secret value (for example an environment named like a value) is
    masked as well.
seealso:
  - module: secretops.infisical.infisical_secret_info
  - plugin: secretops.infisical.infisical_secret
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: Write a secret
  secretops.infisical.infisical_secret:
    project_id: "{{ infisical_project_id }}"
    environment: prod
    path: /db
    name: DB_USER
    value: app
    comment: Database user of the app
    token: "{{ infisical.token }}"

- name: Generate a password on the first run, never change it afterwards
  secretops.infisical.infisical_secret:
    project_id: "{{ infisical_project_id }}"
    environment: prod
    path: /db
    name: DB_PASSWORD
    value: "{{ lookup('ansible.builtin.password', '/dev/null length=32 chars=ascii_letters,digits') }}"
    update_value: on_create
    create_path: true
    token: "{{ infisical.token }}"

- name: Connection and scope from module_defaults, one login for the play
  module_defaults:
    group/secretops.infisical.infisical:
      url: https://eu.infisical.com
      token: "{{ infisical.token }}"
      project: web-shop
      environment: staging
  block:
    - name: Remove a secret
      secretops.infisical.infisical_secret:
        name: LEGACY_API_KEY
        state: absent
"""

RETURN = r"""
operation:
  description: What was done, or would be done in check mode.
  returned: always
  type: str
  choices: [create, update, delete, none]
  sample: update
secret:
  description:
    - The secret after the task (re-read from the server), without its value; V({}) when absent.
    - In check mode, the predicted secret; a predicted create has no RV(secret.id) or RV(secret.version).
  returned: always
  type: dict
  contains:
    id:
      description: Immutable ID of the secret.
      type: str
      sample: 6f0e8f9e-0b7c-4f5b-9a61-3f3b2f1b9c4a
    name:
      description: Name of the secret.
      type: str
      sample: DB_PASSWORD
    version:
      description: Version; 1 at creation, increased by every update.
      type: int
      sample: 3
    comment:
      description: Comment of the secret.
      type: str
      sample: Database password
    tags:
      description: Tag slugs, sorted.
      type: list
      elements: str
      sample: [database]
    skip_multiline_encoding:
      description: The multiline encoding flag.
      type: bool
      sample: false
    environment:
      description: Environment slug.
      type: str
      sample: prod
    path:
      description: Folder path.
      type: str
      sample: /db
    value:
      description: The value, only with O(reveal_values=true).
      type: str
      sample: null
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: "2026-12-01T17:35:08.123Z"
    updated_at:
      description: Time of the last update (ISO 8601).
      type: str
      sample: "2026-12-01T17:35:08.123Z"
  sample:
    id: 6f0e8f9e-0b7c-4f5b-9a61-3f3b2f1b9c4a
    name: DB_PASSWORD
    version: 1
    comment: ""
    tags: []
    skip_multiline_encoding: false
    environment: prod
    path: /db
diff:
  description: Before and after, with values as fingerprints; only with C(--diff).
  returned: when diff mode is enabled
  type: dict
  sample: {"before": {"name": "DB_PASSWORD", "value": "<secret #1a2b3c4d5e6f>"}, "after": {"name": "DB_PASSWORD", "value": "<secret #9f8e7d6c5b4a>"}}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec
from ansible_collections.secretops.infisical.plugins.module_utils._secret import SecretResource

OWN_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    value=dict(type="raw", no_log=True),
    update_value=dict(type="str", choices=["always", "on_create"], default="always", no_log=False),
    comment=dict(type="str"),
    tags=dict(type="list", elements="str"),
    purge_tags=dict(type="bool", default=True),
    skip_multiline_encoding=dict(type="bool"),
    create_path=dict(type="bool", default=False),
)


def main():
    module = InfisicalModule(supports_check_mode=True, **infisical_argument_spec(scope=True, secret_output=True, **OWN_SPEC))
    module.run(SecretResource(module).ensure)


if __name__ == "__main__":
    main()
