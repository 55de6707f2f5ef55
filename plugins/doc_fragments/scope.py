# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Where secrets live.

    Written from the option table (``OPTIONS`` in module_utils/_options.py); the unit test
    tests/unit/plugins/doc_fragments/test_option_table.py fails when the two disagree.
    """

    # Modules extend both "project" and "scope"; the lookup's PLUGINS part has all four options.
    DOCUMENTATION = r"""
options:
  environment:
    description:
      - Slug of the environment, for example V(dev), V(staging) or V(prod).
    type: str
    required: true
  path:
    description:
      - Absolute folder path of the secrets, for example V(/) or V(/app/db).
      - Folder names may contain letters, digits, V(-) and V(_); one trailing V(/) is ignored.
    type: str
    default: /
"""

    PLUGINS = r"""
options:
  project_id:
    description:
      - ID of the Infisical project.
      - Mutually exclusive with O(project); one of them is required.
      - Prefer it over O(project) in large runs, it saves one request per task.
    type: str
    env:
      - name: ANSIBLE_INFISICAL_PROJECT_ID
    ini:
      - section: infisical_collection
        key: project_id
    vars:
      - name: ansible_infisical_project_id
  project:
    description:
      - Slug or name of the project, resolved to its ID (slug first, then an exact name match).
      - Mutually exclusive with O(project_id).
    type: str
    env:
      - name: ANSIBLE_INFISICAL_PROJECT
    ini:
      - section: infisical_collection
        key: project
    vars:
      - name: ansible_infisical_project
  environment:
    description:
      - Slug of the environment, for example V(dev), V(staging) or V(prod).
    type: str
    required: true
    env:
      - name: ANSIBLE_INFISICAL_ENVIRONMENT
    ini:
      - section: infisical_collection
        key: environment
    vars:
      - name: ansible_infisical_environment
  path:
    description:
      - Absolute folder path of the secrets, for example V(/) or V(/app/db).
      - Folder names may contain letters, digits, V(-) and V(_); one trailing V(/) is ignored.
    type: str
    default: /
    env:
      - name: ANSIBLE_INFISICAL_PATH
    ini:
      - section: infisical_collection
        key: path
    vars:
      - name: ansible_infisical_path
"""
