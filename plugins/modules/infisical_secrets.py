#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_secrets
short_description: Reconcile many secrets of one Infisical folder at once
version_added: 0.1.0
description:
  - Makes the secrets of one project, environment and folder path match a declared set, in as few
    requests as the API allows, one list of the folder, then batch creates, updates and deletes
    of at most 100 secrets each.
  - By default only the declared secrets are managed; with O(purge_secrets=true) the folder holds
    exactly the declared secrets afterwards.
  - Check mode reads the folder and returns the same plan without writing anything, so a
    check-mode run over many projects and environments is a drift report.
  - Secret values are never returned, and C(--diff) shows them as fingerprints (see O(reveal_values)).
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
      - Only the secrets that are created, updated or deleted appear, with values as fingerprints
        unless O(reveal_values=true); comments and tags in clear.
options:
  secrets:
    description:
      - The declared secrets, either a dictionary of name to value, for example the result of
        C(lookup('ansible.builtin.file', '.env') | secretops.infisical.from_dotenv), or a list of
        items with the keys C(name) (required), C(value), C(comment) and C(tags) (a list of tag slugs).
      - Values are strings, or numbers and booleans converted by this rule - V(true)/V(false) become
        V("true")/V("false"), integers and floats their decimal form (V(8080) becomes V("8080")). A list or
        dictionary value, or text that is not valid UTF-8, is refused (naming C(secrets.<NAME>)) before any write.
      - Every batch is checked against Infisical's 1 MiB request limit before the first write.
      - In the list form, an unset C(comment) or C(tags) is left as it is on the server, and an unset
        C(value) leaves the value of an existing secret alone (a new secret needs one).
      - Values are compared as Infisical stores them (surrounding whitespace removed, one trailing
        newline kept), so values read from files do not make every run report a change.
      - This option is C(no_log), so its values are masked in the output. The names, comments and
        tags of list items are shown unless they equal a value.
    type: raw
    required: true
  state:
    description:
      - V(present) creates missing secrets and updates those that differ.
      - V(absent) deletes the declared secrets that exist; values are ignored, and O(purge_secrets) does not apply.
    type: str
    choices: [present, absent]
    default: present
  purge_secrets:
    description:
      - With V(false) (the default), only the declared secrets are managed; other secrets of the
        folder are left alone ("declared keys only").
      - With V(true), secrets of the folder that are not declared are deleted, so the folder
        holds exactly O(secrets) afterwards ("exact path contents"). Deleted secrets cannot be
        recovered from this module; run in check mode first to see RV(deleted).
      - Only the folder O(path) itself is considered, never its subfolders.
      - Named like O(secretops.infisical.infisical_secret#module:purge_tags) and
        O(secretops.infisical.infisical_project#module:purge_environments); the old name C(purge) is an alias.
    type: bool
    default: false
    aliases: [purge]
  normalize_keys:
    description:
      - Upper-case the declared names and replace every character outside V([A-Z0-9_]) with V(_),
        for example V(db.host-name) becomes V(DB_HOST_NAME). Useful when names come from files.
      - Two declared names that become the same name are an error naming both; nothing is written.
    type: bool
    default: false
  update_value:
    description:
      - V(always) sets the value of an existing secret whenever it differs from the declared one.
      - V(on_create) uses the declared value only when a secret is created and never overwrites
        it afterwards; comments and tags are still managed.
    type: str
    choices: [always, on_create]
    default: always
  create_path:
    description:
      - Create the folder O(path) (and its parents) when it does not exist and secrets are to be created.
      - With V(false), a missing folder is an error naming the path.
    type: bool
    default: false
  fingerprint_key:
    description:
      - When set, RV(fingerprints) returns a keyed hash (HMAC-SHA256 with this key) of every
        secret of the folder after the task, so that two runs, two environments or two
        projects can be compared without revealing values.
      - 'Trade-off: equal fingerprints show that two values are equal (for example the same
        password in V(dev) and V(prod)), and anyone who has the key and the fingerprints can
        test guesses of a value offline. Treat the key like a secret (for example keep it in a
        vault), use a long random key of at least 16 characters, and change it to make old
        fingerprints useless.'
      - An unkeyed hash of a value is never returned.
    type: str
notes:
  - 'Requests: one login (unless O(token) is given), one list of the folder, then one request per
    batch of up to 100 secrets per kind of write; a run with nothing to change sends no write.'
  - On current servers, creates and value updates are sent as C(PATCH /api/v4/secrets/batch) with
    C(mode=upsert), comment or tag changes with C(mode=failOnNotFound), creates with
    O(update_value=on_create) as C(POST /api/v4/secrets/batch). Older (2024) servers have no
    C(mode), so creates and updates are separate batches on the C(/api/v3/secrets/batch/raw) route.
  - 'Each batch is applied completely or not at all by the server. When one fails, the error
    names the batch and the server''s message, and lists in C(applied) the batches that went
    through before; rerunning the task converges.'
  - The result is predicted from the plan, not re-read from the server, to save a request.
  - Only shared secrets are managed; personal overrides are out of scope.
  - Values read from the server are added to the values Ansible masks in output, so any other
    output string equal to a secret value is masked as well.
seealso:
  - module: secretops.infisical.infisical_secret
  - module: secretops.infisical.infisical_secret_info
  - plugin: secretops.infisical.from_dotenv
    plugin_type: filter
  - plugin: secretops.infisical.to_dotenv
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Push a .env file to a folder (declared keys only)
  secretops.infisical.infisical_secrets:
    project_id: "{{ infisical_project_id }}"
    environment: prod
    path: /app
    secrets: "{{ lookup('ansible.builtin.file', 'files/app.env') | secretops.infisical.from_dotenv }}"
    normalize_keys: true
    token: "{{ infisical.token }}"

- name: Make a folder hold exactly these secrets, with comments
  secretops.infisical.infisical_secrets:
    project_id: "{{ infisical_project_id }}"
    environment: staging
    path: /db
    purge_secrets: true
    create_path: true
    secrets:
      - name: DB_HOST
        value: db.staging.internal
        comment: Primary database
      - name: DB_PASSWORD
        value: "{{ lookup('ansible.builtin.password', '/dev/null length=32') }}"
    update_value: on_create
    token: "{{ infisical.token }}"

- name: Drift report of one folder, nothing is written
  secretops.infisical.infisical_secrets:
    project_id: "{{ infisical_project_id }}"
    environment: prod
    path: /app
    purge_secrets: true
    secrets: "{{ app_secrets }}"
    token: "{{ infisical.token }}"
  check_mode: true
  register: drift

- name: Show what differs
  ansible.builtin.debug:
    msg: "missing {{ drift.created }}, changed {{ drift.updated }}, extra {{ drift.deleted }}"

- name: Remove secrets
  secretops.infisical.infisical_secrets:
    project_id: "{{ infisical_project_id }}"
    environment: dev
    state: absent
    secrets:
      - name: LEGACY_KEY
      - name: OLD_TOKEN
    token: "{{ infisical.token }}"
"""

RETURN = r"""
created:
  description: Names of the secrets created, or to be created in check mode, sorted.
  returned: always
  type: list
  elements: str
  sample: [API_KEY, DB_HOST]
updated:
  description: Names of the existing secrets whose value, comment or tags were (or would be) changed, sorted.
  returned: always
  type: list
  elements: str
  sample: [DB_PASSWORD]
deleted:
  description:
    - Names of the secrets deleted, or to be deleted in check mode, sorted.
    - With O(purge_secrets=true) these are the secrets of the folder that are not declared.
  returned: always
  type: list
  elements: str
  sample: [OLD_TOKEN]
unchanged:
  description: Names of the declared secrets that already matched, sorted.
  returned: always
  type: list
  elements: str
  sample: [LOG_LEVEL]
counts:
  description: Number of names in RV(created), RV(updated), RV(deleted) and RV(unchanged).
  returned: always
  type: dict
  contains:
    created:
      description: Number of created secrets.
      type: int
    updated:
      description: Number of updated secrets.
      type: int
    deleted:
      description: Number of deleted secrets.
      type: int
    unchanged:
      description: Number of unchanged declared secrets.
      type: int
  sample: {"created": 2, "updated": 1, "deleted": 1, "unchanged": 1}
batches:
  description:
    - The batch writes sent (or to be sent in check mode), in order, each with its kind
      (V(upsert), V(create), V(update) or V(delete)) and number of secrets; V([]) when nothing changes.
  returned: always
  type: list
  elements: dict
  sample: [{"kind": "upsert", "count": 3}, {"kind": "delete", "count": 1}]
fingerprints:
  description:
    - Name to HMAC-SHA256 (hex) of V(<name>:<value>) keyed with O(fingerprint_key), for every
      secret of the folder after the task (predicted in check mode).
    - V(null) for a secret whose value the server hides from this identity.
  returned: when O(fingerprint_key) is set
  type: dict
  sample: {"DB_HOST": "5b0e3a1f0c9d4e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"}
diff:
  description:
    - Before and after of the secrets that change, name to value (as a fingerprint), comment and
      tags; only with C(--diff).
  returned: when diff mode is enabled
  type: dict
  sample:
    before: {"DB_PASSWORD": {"value": "<secret #1a2b3c4d5e6f>", "comment": "", "tags": []}}
    after: {"DB_PASSWORD": {"value": "<secret #9f8e7d6c5b4a>", "comment": "", "tags": []}}
applied:
  description:
    - On failure of a batch, the batches applied before it (number, kind, count and names).
  returned: on failure of a batch
  type: list
  elements: dict
  sample: [{"batch": 1, "kind": "upsert", "count": 100, "names": ["KEY_001", "KEY_002"]}]
"""

from ansible_collections.secretops.infisical.plugins.module_utils._bulk import SecretsReconciler
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec

OWN_SPEC = dict(
    secrets=dict(type="raw", required=True, no_log=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    purge_secrets=dict(type="bool", default=False, aliases=["purge"], no_log=False),
    normalize_keys=dict(type="bool", default=False),
    update_value=dict(type="str", choices=["always", "on_create"], default="always", no_log=False),
    create_path=dict(type="bool", default=False),
    fingerprint_key=dict(type="str", no_log=True),
)


def main():
    module = InfisicalModule(supports_check_mode=True, **infisical_argument_spec(scope=True, secret_output=True, **OWN_SPEC))
    module.run(SecretsReconciler(module).ensure)


if __name__ == "__main__":
    main()
