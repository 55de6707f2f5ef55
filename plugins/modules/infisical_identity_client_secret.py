#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_identity_client_secret
short_description: Create or revoke a Universal Auth client secret of an Infisical machine identity
version_added: 0.1.0
description:
  - Creates a client secret for an identity that has Universal Auth, and returns its value once, in
    RV(client_secret_value). Infisical never shows the value again.
  - Client secrets cannot be changed. They are matched by O(description), so a second run finds the
    secret created by the first and reports no change (and returns no value). O(rotate=true) creates
    a new one and revokes the old ones.
  - O(state=absent) revokes the client secret given by O(client_secret_id), or every client secret
    with O(description).
  - Whenever a value is returned, the task result is hidden from output as if C(no_log) were set;
    the registered variable still holds the value for later tasks.
  - Check mode never creates a client secret (so it returns no value) and never revokes one.
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
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - The value of a client secret is never part of the diff.
options:
  identity_id:
    description:
      - ID of the identity.
    type: str
  identity:
    description:
      - Name of the identity, when O(identity_id) is not given. It must be unique in the organization.
    type: str
  state:
    description:
      - V(present) makes sure a client secret with O(description) exists; V(absent) revokes.
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - Description of the client secret; it identifies the secret for this module.
      - Required with O(state=present). With O(state=absent), every client secret with this description is revoked.
    type: str
  client_secret_id:
    description:
      - ID of the client secret to revoke, with O(state=absent) (RV(client_secret.id) of an earlier run).
    type: str
  ttl:
    description:
      - Lifetime of a new client secret in seconds; V(0) (the default) means it does not expire.
      - Only used when a client secret is created; a different value for an existing one gives a warning.
    type: int
  num_uses_limit:
    description:
      - How many logins a new client secret allows; V(0) (the default) means unlimited.
      - Only used when a client secret is created.
    type: int
  rotate:
    description:
      - With V(true), create a new client secret even when one with O(description) exists, and revoke
        the existing ones after the new one was created. Every run then reports a change.
    type: bool
    default: false
notes:
  - Store RV(client_secret_value) right away (for example with M(secretops.infisical.infisical_secret));
    it cannot be read back.
seealso:
  - module: secretops.infisical.infisical_identity
  - module: secretops.infisical.infisical_login
"""

EXAMPLES = r"""
- name: A client secret for the billing service (created once)
  secretops.infisical.infisical_identity_client_secret:
    identity: svc-billing
    description: billing deployment
    ttl: 7776000
    token: "{{ infisical.token }}"
  register: billing_secret

- name: Keep the value in a project secret, only when it was just created
  secretops.infisical.infisical_secret:
    project_id: "{{ infisical_project_id }}"
    environment: prod
    name: BILLING_CLIENT_SECRET
    value: "{{ billing_secret.client_secret_value }}"
    token: "{{ infisical.token }}"
  when: billing_secret.client_secret_value is not none

- name: Rotate it
  secretops.infisical.infisical_identity_client_secret:
    identity: svc-billing
    description: billing deployment
    rotate: true
    token: "{{ infisical.token }}"
  register: billing_secret

- name: Revoke it
  secretops.infisical.infisical_identity_client_secret:
    identity: svc-billing
    description: billing deployment
    state: absent
    token: "{{ infisical.token }}"
"""

RETURN = r"""
operation:
  description: V(create), V(update) (rotation), V(delete) (revocation) or V(none); predicted in check mode.
  returned: always
  type: str
  sample: create
client_secret_value:
  description:
    - The client secret itself, only when it was just created (not in check mode); V(null) otherwise.
    - The task result is hidden from output whenever this is set.
  returned: always
  type: str
  sample: null
client_secret:
  description:
    - The client secret with O(description) after the task (the newest one if several); V({}) when none.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the client secret.
      type: str
      sample: 4b3a2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d
    description:
      description: Its description.
      type: str
      sample: billing deployment
    client_secret_prefix:
      description: The first characters of the value, to recognize it.
      type: str
      sample: 3fa1
    ttl:
      description: Lifetime in seconds (V(0) = no expiry).
      type: int
      sample: 0
    num_uses_limit:
      description: Allowed logins (V(0) = unlimited).
      type: int
      sample: 0
    num_uses:
      description: Logins made with it so far.
      type: int
      sample: 2
    revoked:
      description: Whether it is revoked.
      type: bool
      sample: false
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: "2026-12-01T17:35:08.123Z"
identity_id:
  description: ID of the identity; V(null) with O(state=absent) when the identity does not exist.
  returned: always
  type: str
  sample: 7c1e2b3a-9d8f-4e6a-b5c4-1a2b3c4d5e6f
revoked:
  description: IDs of the client secrets revoked (or to be revoked in check mode), sorted by creation.
  returned: always
  type: list
  elements: str
  sample: []
diff:
  description: Before and after, without any value; only with C(--diff).
  returned: when diff mode is enabled
  type: dict
  sample: {"before": {}, "after": {"description": "billing deployment", "ttl": 0}}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._identity import ClientSecretResource
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec

OWN_SPEC = dict(
    identity_id=dict(type="str"),
    identity=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    description=dict(type="str"),
    client_secret_id=dict(type="str", no_log=False),
    ttl=dict(type="int"),
    num_uses_limit=dict(type="int"),
    rotate=dict(type="bool", default=False),
)


def main():
    spec = infisical_argument_spec(organization=True, **OWN_SPEC)
    spec["required_one_of"].append(("identity_id", "identity"))
    spec["mutually_exclusive"].append(("identity_id", "identity"))
    # The value this module returns is its purpose: it is not added to no_log_values
    # (that would turn it into a mask in the registered variable); the action plugin
    # hides the whole result instead.
    module = InfisicalModule(supports_check_mode=True, **spec)
    module.run(ClientSecretResource(module).ensure)


if __name__ == "__main__":
    main()
