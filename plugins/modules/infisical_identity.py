#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_identity
short_description: Manage an Infisical machine identity and its Universal Auth configuration
version_added: 0.1.0
description:
  - Creates, updates or deletes a machine identity of the organization, with its organization role,
    delete protection and metadata.
  - With O(universal_auth), attaches Universal Auth to the identity, updates its settings (sending only
    the settings that differ) or removes it (O(universal_auth.state=absent)).
  - Identities are addressed by O(identity_id), or by O(name). Infisical does not keep names unique;
    when several identities share O(name) the task fails and lists their ids.
  - Check mode reads the server and returns the real plan without writing anything.
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
options:
  name:
    description:
      - Name of the identity.
      - Without O(identity_id), the identity is looked up by this name (and created with it when missing).
      - With O(identity_id), the identity is renamed to this name when it differs.
    type: str
  identity_id:
    description:
      - ID of an existing identity. Takes precedence over the lookup by O(name).
      - With O(state=present), the identity must exist (an identity cannot be created with a given ID).
    type: str
  state:
    description:
      - V(present) creates the identity or updates what differs; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  role:
    description:
      - Organization role of the identity, a built-in slug (V(admin), V(member), V(no-access)) or the slug of
        a custom organization role.
      - Unset leaves the role as it is; a new identity gets V(no-access).
    type: str
  delete_protection:
    description:
      - Whether the identity is protected against deletion. Unset leaves it as it is.
    type: bool
  metadata:
    description:
      - Metadata of the identity as key/value pairs. Replaces all metadata when it differs; V({}) removes it.
      - Unset leaves the metadata as it is.
    type: dict
  universal_auth:
    description:
      - Universal Auth configuration of the identity. Unset leaves Universal Auth as it is.
      - A setting that is not given keeps its current value (or the server's default when Universal Auth
        is attached).
    type: dict
    suboptions:
      state:
        description:
          - V(present) attaches Universal Auth or updates its settings; V(absent) removes it, which
            invalidates its client ID and every client secret. Attaching it again gives a new client ID.
        type: str
        choices: [present, absent]
        default: present
      access_token_ttl:
        description:
          - Lifetime of access tokens in seconds; V(0) means they do not expire. Server default 2592000 (30 days).
          - Must not be greater than O(universal_auth.access_token_max_ttl).
        type: int
      access_token_max_ttl:
        description:
          - Longest lifetime in seconds an access token can reach by renewal. Server default 2592000.
        type: int
      access_token_num_uses_limit:
        description:
          - How many requests an access token may make; V(0) means unlimited.
        type: int
      access_token_period:
        description:
          - Renewal period in seconds for periodic tokens; V(0) turns periodic tokens off.
          - Not supported by older self-hosted servers.
        type: int
      access_token_trusted_ips:
        description:
          - IP addresses or CIDR blocks access tokens may be used from, for example V(10.0.0.0/8).
          - Compared as a set of normalized CIDR blocks, so V(10.0.0.1) equals V(10.0.0.1/32).
          - Server default V(0.0.0.0/0) and V(::/0) (anywhere). Infisical Cloud needs a paid plan for other ranges.
        type: list
        elements: str
      client_secret_trusted_ips:
        description:
          - IP addresses or CIDR blocks from which client secrets may be used to log in, compared like
            O(universal_auth.access_token_trusted_ips).
        type: list
        elements: str
      lockout_enabled:
        description:
          - Whether repeated failed logins lock the login temporarily. Server default V(true).
        type: bool
      lockout_threshold:
        description:
          - Failed logins (1 to 30) that trigger a lockout. Server default 3.
        type: int
      lockout_duration_seconds:
        description:
          - How long a lockout lasts (30 to 86400 seconds). Server default 300.
        type: int
      lockout_counter_reset_seconds:
        description:
          - After how many seconds (5 to 3600) without failures the counter is reset. Server default 30.
        type: int
notes:
  - Client secrets are managed with M(secretops.infisical.infisical_identity_client_secret), project
    roles with M(secretops.infisical.infisical_project_identity).
  - The token used needs an organization role that may manage identities.
seealso:
  - module: secretops.infisical.infisical_identity_info
  - module: secretops.infisical.infisical_identity_client_secret
  - module: secretops.infisical.infisical_project_identity
  - name: Infisical machine identities
    description: Identities and their authentication methods.
    link: https://infisical.com/docs/documentation/platform/identities/machine-identities
"""

EXAMPLES = r"""
- name: An identity for the billing service, with Universal Auth
  secretops.infisical.infisical_identity:
    name: svc-billing
    role: no-access
    metadata:
      team: payments
    universal_auth:
      access_token_ttl: 3600
      access_token_max_ttl: 86400
      client_secret_trusted_ips:
        - 10.0.0.0/8
    token: "{{ infisical.token }}"
  register: billing

- name: Show the client ID to log in with
  ansible.builtin.debug:
    msg: "Client ID of svc-billing: {{ billing.client_id }}"

- name: Remove Universal Auth (invalidates the client ID and all client secrets)
  secretops.infisical.infisical_identity:
    name: svc-billing
    universal_auth:
      state: absent
    token: "{{ infisical.token }}"

- name: Delete the identity
  secretops.infisical.infisical_identity:
    identity_id: "{{ billing.identity.id }}"
    state: absent
    token: "{{ infisical.token }}"
"""

RETURN = r"""
operation:
  description: What was done, or would be done in check mode.
  returned: always
  type: str
  choices: [create, update, delete, none]
  sample: create
client_id:
  description:
    - Client ID of the identity's Universal Auth, for logging in; V(null) without Universal Auth (or in a
      predicted attach).
  returned: always
  type: str
  sample: 2f5c9a7e-4b1d-4f0e-8a61-0c3b2f1b9c4a
identity:
  description:
    - The identity after the task (re-read from the server); V({}) when absent.
    - In check mode, the predicted identity; a predicted create has no RV(identity.id).
  returned: always
  type: dict
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
    organization_id:
      description: ID of the organization.
      type: str
      sample: 0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a
    universal_auth:
      description: Universal Auth settings (trusted IPs as sorted CIDR blocks); V(null) when not attached.
      type: dict
      sample:
        client_id: 2f5c9a7e-4b1d-4f0e-8a61-0c3b2f1b9c4a
        access_token_ttl: 3600
        access_token_max_ttl: 86400
        access_token_num_uses_limit: 0
        access_token_period: 0
        access_token_trusted_ips: ["0.0.0.0/0", "::/0"]
        client_secret_trusted_ips: ["10.0.0.0/8"]
        lockout_enabled: true
        lockout_threshold: 3
        lockout_duration_seconds: 300
        lockout_counter_reset_seconds: 30
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
  sample: {"before": {"name": "svc-billing", "role": "no-access"}, "after": {"name": "svc-billing", "role": "member"}}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._identity import IdentityResource
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec

UNIVERSAL_AUTH_SPEC = dict(
    state=dict(type="str", choices=["present", "absent"], default="present"),
    access_token_ttl=dict(type="int", no_log=False),
    access_token_max_ttl=dict(type="int", no_log=False),
    access_token_num_uses_limit=dict(type="int", no_log=False),
    access_token_period=dict(type="int", no_log=False),
    access_token_trusted_ips=dict(type="list", elements="str", no_log=False),
    client_secret_trusted_ips=dict(type="list", elements="str", no_log=False),
    lockout_enabled=dict(type="bool"),
    lockout_threshold=dict(type="int"),
    lockout_duration_seconds=dict(type="int"),
    lockout_counter_reset_seconds=dict(type="int"),
)

OWN_SPEC = dict(
    name=dict(type="str"),
    identity_id=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    role=dict(type="str"),
    delete_protection=dict(type="bool"),
    metadata=dict(type="dict"),
    universal_auth=dict(type="dict", options=UNIVERSAL_AUTH_SPEC),
)


def main():
    spec = infisical_argument_spec(organization=True, **OWN_SPEC)
    spec["required_one_of"].append(("name", "identity_id"))
    module = InfisicalModule(supports_check_mode=True, **spec)
    module.run(IdentityResource(module).ensure)


if __name__ == "__main__":
    main()
