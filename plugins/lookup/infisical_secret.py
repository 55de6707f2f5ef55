# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: infisical_secret
short_description: Read secrets from Infisical
version_added: 0.1.0
description:
  - Returns the values of the secrets named in the terms, in order, from one project, environment and folder.
  - Without terms, or with O(as_dict=true), returns the whole folder as one dictionary of name to value.
  - "Fast by design: within one task, the first call logs in and lists the folder once; every other key,
    every other call of the lookup in that task (a template calling it a hundred times, each item of a
    C(loop)) is answered from memory. Across tasks, pass O(token) from M(secretops.infisical.infisical_login),
    or enable O(token_cache), so that the play logs in once."
  - Secret values are kept in memory for the duration of one task only and never written to disk.
author:
  - secretops.infisical maintainers (@secretops)
extends_documentation_fragment:
  - secretops.infisical.connection.plugins
  - secretops.infisical.auth.plugins
  - secretops.infisical.scope.plugins
options:
  _terms:
    description:
      - Names of the secrets to read. Leave empty to read the whole folder as a dictionary.
    type: list
    elements: str
    required: false
  as_dict:
    description:
      - Return one dictionary (name to value) instead of a list of values.
      - With terms, the dictionary holds only those secrets.
    type: bool
    default: false
  on_missing:
    description:
      - What to do when a named secret does not exist.
      - V(error) fails the task, V(warn) warns and leaves the secret out, V(skip) leaves it out silently.
    type: str
    choices: [error, warn, skip]
    default: error
  on_denied:
    description:
      - What to do when the identity may not read the folder (HTTP 403).
      - V(error) fails the task, V(warn) warns and returns nothing for it, V(skip) returns nothing silently.
    type: str
    choices: [error, warn, skip]
    default: error
  expand_references:
    description:
      - Let the server expand secret references such as C(${OTHER_KEY}) in values.
    type: bool
    default: false
  include_imports:
    description:
      - Also find secrets imported into the folder (the folder's own secret wins on a name clash).
    type: bool
    default: false
  cache:
    description:
      - Keep the login and the folder listing in memory for the rest of the task, so that many keys
        and many calls cost one login and one list.
      - Set to V(false) to read the server on every call.
    type: bool
    default: true
  token_cache:
    description:
      - Store the access token obtained by login in O(token_cache_file) and reuse it in later tasks
        and later runs until shortly before it expires.
      - Only the token is stored, never secret values. Off by default; passing O(token) from
        M(secretops.infisical.infisical_login) achieves the same without a file.
    type: bool
    default: false
    env:
      - name: ANSIBLE_INFISICAL_TOKEN_CACHE
    ini:
      - section: infisical_collection
        key: token_cache
    vars:
      - name: ansible_infisical_token_cache
  token_cache_file:
    description:
      - File for O(token_cache), created with mode C(0600).
    type: path
    default: ~/.cache/secretops.infisical/tokens.json
    env:
      - name: ANSIBLE_INFISICAL_TOKEN_CACHE_FILE
    ini:
      - section: infisical_collection
        key: token_cache_file
    vars:
      - name: ansible_infisical_token_cache_file
notes:
  - Lookups run on the controller, so O(url) and the credentials must work from there.
  - Like every lookup, this one runs in the worker process of each task; the in-memory cache therefore
    lasts exactly one task. On macOS, set E(OBJC_DISABLE_INITIALIZATION_SAFETY_WITH_FORK=YES) if workers
    crash in C(requests) after C(fork).
  - Use C(query) or C(wantlist=true) to always get a list.
seealso:
  - module: secretops.infisical.infisical_login
  - module: secretops.infisical.infisical_secret_info
"""

EXAMPLES = r"""
- name: One secret (login with INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / _SECRET from the environment)
  ansible.builtin.debug:
    msg: "{{ lookup('secretops.infisical.infisical_secret', 'DB_USER', project_id=infisical_project_id, environment='prod', path='/db') }}"

- name: Log in once, then pass the token to every lookup of the play
  secretops.infisical.infisical_login:
  register: infisical

- name: Several secrets, in order
  ansible.builtin.set_fact:
    db_user: "{{ creds[0] }}"
    db_password: "{{ creds[1] }}"
  vars:
    creds: "{{ query('secretops.infisical.infisical_secret', 'DB_USER', 'DB_PASSWORD',
                     project_id=infisical_project_id, environment='prod', path='/db', token=infisical.token) }}"
  no_log: true

- name: The whole folder as a dictionary (one login and one list, however many keys the template uses)
  ansible.builtin.template:
    src: app.env.j2
    dest: /etc/app.env
    mode: "0600"
  vars:
    app_secrets: "{{ lookup('secretops.infisical.infisical_secret', project_id=infisical_project_id,
                            environment='prod', path='/app', token=infisical.token) }}"

- name: Optional secrets
  ansible.builtin.debug:
    msg: "{{ query('secretops.infisical.infisical_secret', 'FEATURE_FLAG', on_missing='skip',
                   project_id=infisical_project_id, environment='prod', token=infisical.token) | first | default('off') }}"
"""

RETURN = r"""
_raw:
  description:
    - The values of the named secrets, in the order of the terms (missing ones left out with
      O(on_missing=warn) or O(on_missing=skip)).
    - Without terms or with O(as_dict=true), one dictionary of name to value.
  type: list
  elements: raw
"""

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.secretops.infisical.plugins.module_utils._errors import InfisicalError, PermissionDeniedError
from ansible_collections.secretops.infisical.plugins.module_utils._options import SHARED_OPTION_NAMES, build_client
from ansible_collections.secretops.infisical.plugins.module_utils._secret import SecretScope, read_secrets
from ansible_collections.secretops.infisical.plugins.plugin_utils._token_cache import TokenCache

display = Display()

# Per worker process, i.e. per task: clients (with their token) and folder listings.
_CLIENTS = {}
_FOLDERS = {}


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if not HAS_REQUESTS:
            raise AnsibleLookupError("The secretops.infisical.infisical_secret lookup requires the Python library 'requests' on the controller")
        self.set_options(var_options=variables, direct=kwargs)
        try:
            return self._run(terms or [])
        except InfisicalError as exc:
            raise AnsibleLookupError(str(exc)) from None

    def _run(self, terms):
        names = [_validate.secret_name(term, option="_terms") for term in terms]
        client = self._client()
        scope = self._scope(client)
        try:
            values = self._folder(client, scope)
        except PermissionDeniedError as exc:
            if self.get_option("on_denied") == "error":
                raise
            if self.get_option("on_denied") == "warn":
                display.warning("Skipping secrets of %s: %s" % (scope.describe(), exc))
            return [{}] if (not names or self.get_option("as_dict")) else []

        if not names:
            return [dict(sorted(values.items()))]
        found = []
        for name in names:
            if name in values:
                found.append((name, values[name]))
                continue
            if self.get_option("on_missing") == "error":
                raise AnsibleLookupError("Secret '%s' was not found (%s); set on_missing=warn or skip to allow that"
                                         % (name, scope.describe()))
            if self.get_option("on_missing") == "warn":
                display.warning("Secret '%s' was not found (%s)" % (name, scope.describe()))
        if self.get_option("as_dict"):
            return [dict(found)]
        return [value for _name, value in found]

    # -- reuse within one task

    def _client(self):
        options = {name: self.get_option(name) for name in SHARED_OPTION_NAMES}
        key = tuple(sorted((k, str(v)) for k, v in options.items()))
        use_cache = self.get_option("cache")
        if use_cache and key in _CLIENTS:
            return _CLIENTS[key]

        token_cache = TokenCache(self.get_option("token_cache_file")) if self.get_option("token_cache") else None
        client_id = options.get("universal_auth_client_id")
        if token_cache and client_id and not options.get("token"):
            options["token"] = token_cache.get(options["url"], client_id)
        on_login = None
        if token_cache and client_id:
            def on_login(access):
                token_cache.put(options["url"], client_id, access.token, access.expires_at)
        client = build_client(options, warn=display.warning, on_login=on_login)
        if use_cache:
            _CLIENTS[key] = client
        return client

    def _scope(self, client):
        scope_options = {name: self.get_option(name) for name in ("project_id", "project", "environment", "path")}
        if not scope_options["project_id"] and not scope_options["project"]:
            raise InfisicalError("Option 'project_id' or 'project' is required")
        key = ("scope", client.base_url, scope_options["project"])
        if scope_options["project"] and self.get_option("cache") and key in _FOLDERS:
            scope_options["project_id"] = _FOLDERS[key]
        scope = SecretScope.from_options(client, scope_options)
        if scope_options["project"]:
            _FOLDERS[key] = scope.project_id
        return scope

    def _folder(self, client, scope):
        expand = self.get_option("expand_references")
        imports = self.get_option("include_imports")
        key = (os.getpid(), scope.key(client.base_url), expand, imports)
        if self.get_option("cache") and key in _FOLDERS:
            return _FOLDERS[key]
        secrets = read_secrets(client, scope, with_values=True, expand_references=expand, include_imports=imports)
        values = {s["name"]: s["value"] for s in secrets}
        if self.get_option("cache"):
            _FOLDERS[key] = values
        return values
