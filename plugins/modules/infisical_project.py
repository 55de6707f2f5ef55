#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_project
short_description: Manage an Infisical project and its environments
version_added: 0.1.0
description:
  - Creates, updates or deletes a project, found by O(slug) (or by O(project_id) when given, which
    also allows changing the slug).
  - Reads the project first and changes only the settings that differ, so a second run reports no
    change and sends no write.
  - With O(environments), reconciles the project's environments in the same task; missing ones are
    created, names and positions are updated, and with O(purge_environments=true) unlisted ones are deleted.
  - Creating a project makes the calling machine identity an C(admin) member of it. Unless
    O(environments) is given with O(purge_environments=true) (or a O(template) other than V(default)),
    the server also creates the environments C(Development/dev), C(Staging/staging) and
    C(Production/prod); check mode and C(--diff) show them in the predicted project.
  - The organisation is the one of the token (see O(organization_slug) to choose it at login).
  - On 2024 self-hosted servers only O(name), O(slug) (on create), O(auto_capitalization) and
    O(environments) can be managed; other settings give an error naming the option.
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth
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
      - Slug of the project, unique in the organisation. Required unless O(project_id) is given.
      - To create a project it must have 5 to 36 lower-case letters and digits joined by V(-).
      - With O(project_id), a different slug renames the project's slug (up to 64 characters, V(_) allowed).
    type: str
  project_id:
    description:
      - ID of an existing project. With O(state=present) it must exist (no project is created by id).
    type: str
  name:
    description:
      - Display name. Defaults to O(slug) when a project is created; unset leaves it as it is.
    type: str
  description:
    description:
      - Description of the project; unset leaves it as it is.
    type: str
  type:
    description:
      - Product type, used only when the project is created (a different value on an existing
        project gives a warning).
    type: str
    choices: [secret-manager, cert-manager, kms, ssh, secret-scanning, pam]
  template:
    description:
      - Project template applied at creation (the server's default is V(default), which creates
        dev, staging and prod). The environments of other templates cannot be predicted in check mode.
    type: str
  delete_protection:
    description:
      - Whether the server refuses to delete the project.
      - With O(state=absent) and O(delete_protection=false), the protection is switched off first;
        otherwise deleting a protected project fails with a message saying so.
      - The old name C(has_delete_protection) is an alias; M(secretops.infisical.infisical_identity) calls it
        O(secretops.infisical.infisical_identity#module:delete_protection) too.
    type: bool
    aliases: [has_delete_protection]
  auto_capitalization:
    description:
      - Whether new secret names are upper-cased by the server.
    type: bool
  enforce_capitalization:
    description:
      - Whether the server rejects secret names that are not upper-case.
    type: bool
  pit_version_limit:
    description:
      - How many versions of each secret the server keeps (1 to 100).
    type: int
  secret_sharing:
    description:
      - Whether secrets of the project may be shared through Infisical's secret sharing.
    type: bool
  environments:
    description:
      - The environments the project should have. Unset leaves the environments as they are.
      - Listed environments are created when missing; their O(environments[].name) and
        O(environments[].position) are updated when they differ.
      - Environments not listed are kept unless O(purge_environments=true).
    type: list
    elements: dict
    suboptions:
      slug:
        description:
          - Slug of the environment, for example V(dev); lower-case letters and digits joined by V(-) or V(_).
        type: str
        required: true
      name:
        description:
          - Display name. Defaults to the slug when the environment is created; unset leaves it as it is.
        type: str
      position:
        description:
          - Position in the project's environment order, starting at 1. Unset leaves it as it is
            (new environments are appended).
        type: int
  purge_environments:
    description:
      - Delete the environments not listed in O(environments), with all their secrets.
      - Has no effect when O(environments) is unset.
    type: bool
    default: false
  state:
    description:
      - V(present) creates the project or updates what differs; V(absent) deletes it with everything in it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Deleting a project deletes all of its environments, folders and secrets.
seealso:
  - module: secretops.infisical.infisical_project_info
  - module: secretops.infisical.infisical_environment
  - module: secretops.infisical.infisical_folder
"""

EXAMPLES = r"""
- name: A project with dev and prod only
  secretops.infisical.infisical_project:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    slug: web-shop
    name: Web shop
    description: Secrets of the web shop
    delete_protection: true
    environments:
      - slug: dev
        name: Development
        position: 1
      - slug: prod
        name: Production
        position: 2
    purge_environments: true
  register: project

- name: Add an environment and keep the others
  secretops.infisical.infisical_project:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    slug: web-shop
    environments:
      - slug: qa
        name: QA

- name: Delete the project, switching its delete protection off first
  secretops.infisical.infisical_project:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    slug: web-shop
    delete_protection: false
    state: absent
"""

RETURN = r"""
operation:
  description: What was done, or would be done in check mode.
  returned: always
  type: str
  choices: [create, update, delete, none]
  sample: create
project:
  description:
    - The project after the task (re-read from the server); V({}) when absent.
    - In check mode, the predicted project; a predicted create has no RV(project.id), and its
      environments (the server's defaults and the listed ones) have no ids.
    - On 2024 servers the settings they do not have are V(null).
  returned: always
  type: dict
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
      description: Product type.
      type: str
      sample: secret-manager
    org_id:
      description: ID of the organisation.
      type: str
      sample: 9b1c1b7e-2d3c-4a5b-8c9d-0e1f2a3b4c5d
    has_delete_protection:
      description: Whether delete protection is on.
      type: bool
      sample: true
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
      description: Environments, by position.
      type: list
      elements: dict
      sample: [{"id": "5d1e...", "name": "Development", "slug": "dev", "position": 1}]
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
  sample: {"before": {}, "after": {"slug": "web-shop", "name": "Web shop"}}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec
from ansible_collections.secretops.infisical.plugins.module_utils._project import ProjectResource

OWN_SPEC = dict(
    slug=dict(type="str"),
    project_id=dict(type="str"),
    name=dict(type="str"),
    description=dict(type="str"),
    type=dict(type="str", choices=["secret-manager", "cert-manager", "kms", "ssh", "secret-scanning", "pam"]),
    template=dict(type="str"),
    delete_protection=dict(type="bool", aliases=["has_delete_protection"]),
    auto_capitalization=dict(type="bool"),
    enforce_capitalization=dict(type="bool"),
    pit_version_limit=dict(type="int"),
    secret_sharing=dict(type="bool"),
    environments=dict(type="list", elements="dict", options=dict(
        slug=dict(type="str", required=True),
        name=dict(type="str"),
        position=dict(type="int"),
    )),
    purge_environments=dict(type="bool", default=False),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def main():
    spec = infisical_argument_spec(**OWN_SPEC)
    spec["required_one_of"].append(("slug", "project_id"))
    module = InfisicalModule(supports_check_mode=True, **spec)
    module.run(ProjectResource(module).ensure)


if __name__ == "__main__":
    main()
