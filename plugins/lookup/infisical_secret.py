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
requirements:
  - requests (the Python library, on the controller)
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
    lasts exactly one task. It belongs to one process; a worker forked from the controller never reuses
    what a lookup evaluated in the controller (for example in a task name) kept, so no host can receive
    another host's answer.
  - With O(token_cache=true), the server's API generation is kept in O(token_cache_file) as well, so a task
    on a 2024 server does not probe its routes again. On macOS, set E(OBJC_DISABLE_INITIALIZATION_SAFETY_WITH_FORK=YES) if workers
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
import re
import warnings

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._client import DEFAULT_URL, HAS_REQUESTS
from ansible_collections.secretops.infisical.plugins.module_utils._errors import InfisicalError, OptionError, PermissionDeniedError
from ansible_collections.secretops.infisical.plugins.module_utils._options import SECRET_OPTION_NAMES, SHARED_OPTION_NAMES, build_client
from ansible_collections.secretops.infisical.plugins.module_utils._secret import SecretScope, read_secrets
from ansible_collections.secretops.infisical.plugins.plugin_utils._token_cache import TokenCache, TokenCacheError

try:
    from urllib3.exceptions import InsecureRequestWarning
except ImportError:  # reported by HAS_REQUESTS
    InsecureRequestWarning = Warning

display = Display()

# What one process keeps in memory: clients (each with its token and its keep-alive
# requests.Session), project ids of slugs, folder listings, what was done once (warning,
# generation saved). Ansible runs
# each task in a worker forked from the controller, and the controller itself evaluates
# lookups (task names are templated before forking): a worker inherits that memory, and
# reusing an inherited client means sharing the controller's TCP connection with every
# other worker, which then read each other's answers. So the state belongs to one process
# id, and a process that finds another id's state starts afresh.
_STATE = {"pid": None}


# Options (and the variables feeding them) whose values never appear in an error.
SECRET_OPTIONS = SECRET_OPTION_NAMES
SECRET_VARIABLES = tuple("ansible_infisical_" + name for name in SECRET_OPTIONS)


def _process_state():
    pid = os.getpid()
    if _STATE["pid"] != pid:
        # Dropped, not closed: closing would shut the socket the parent still uses.
        _STATE.clear()
        _STATE.update(pid=pid, clients={}, projects={}, folders={}, once=set())
    return _STATE


def _one_line(text):
    return " ".join(str(text).split())


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if not HAS_REQUESTS:
            raise AnsibleLookupError("The secretops.infisical.infisical_secret lookup requires the Python library 'requests' on the controller")
        self._set_options(self._own_variables(variables), kwargs)
        self._token_cache = None
        try:
            # With validate_certs=false urllib3 warns on every request, straight to stderr;
            # the lookup says it once, through Ansible (see _warn_insecure).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", InsecureRequestWarning)
                return self._run(terms or [], _process_state())
        except (InfisicalError, TokenCacheError) as exc:
            raise AnsibleLookupError(_one_line(exc)) from None

    def _own_variables(self, variables):
        """The ``ansible_infisical_*`` variables, templated.

        Ansible hands a lookup the play's variables as they were written, so
        ``ansible_infisical_ca_path: "{{ ca_dir }}/ca.pem"`` would arrive as that text.
        Only this lookup's own variables are templated (and kept): its options read no others.
        """
        prefix = "ansible_infisical_"
        return {name: self._templar.template(variables[name]) for name in (variables or {}) if name.startswith(prefix)}

    def _set_options(self, variables, kwargs):
        """Options as Ansible reads them, refusing what it would let through or word with a value."""
        for name in SECRET_OPTIONS:
            value = kwargs.get(name)
            if value is not None and not isinstance(value, str):
                raise AnsibleLookupError("Option '%s' must be a string (got %s)" % (name, type(value).__name__))
        try:
            self.set_options(var_options=variables, direct=kwargs)
        except AnsibleError as exc:
            # Wrong type, value not among the choices: one line, no traceback, and no
            # value of a secret option (Ansible quotes the value it refuses).
            raise AnsibleLookupError(_redact(_option_message(_one_line(exc.message)), variables, kwargs)) from None
        unknown = sorted(set(kwargs) - set(self._options))
        if unknown:
            raise AnsibleLookupError("Unknown option%s %s; the options are: %s" % (
                "s" if len(unknown) > 1 else "", ", ".join("'%s'" % name for name in unknown),
                ", ".join(sorted(n for n in self._options if not n.startswith("_")))))
        for name, value in sorted(kwargs.items()):
            # Ansible reads any unknown word as false; a typo must not turn the cache off.
            if _is_bool_option(self, name) and not isinstance(value, bool):
                try:
                    boolean(value, strict=True)
                except TypeError:
                    raise AnsibleLookupError("Option '%s' must be a boolean (true or false), got %s"
                                             % (name, type(value).__name__ if not isinstance(value, str) else "'%s'" % value)) from None

    def _run(self, terms, state):
        names = [_secret_name(term) for term in terms]
        client = self._client(state)
        scope = self._scope(client, state)
        try:
            values = self._folder(client, scope, state)
        except PermissionDeniedError as exc:
            if self.get_option("on_denied") == "error":
                raise
            if self.get_option("on_denied") == "warn":
                display.warning("Skipping secrets of %s: %s" % (scope.describe(), exc))
            self._remember_generation(client, state)
            return [{}] if (not names or self.get_option("as_dict")) else []
        self._remember_generation(client, state)

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

    # -- reuse within one process (one task)

    def _client(self, state):
        options = {name: self.get_option(name) for name in SHARED_OPTION_NAMES}
        url = (options.get("url") or DEFAULT_URL).rstrip("/")
        if self.get_option("token_cache"):
            self._token_cache = TokenCache(self.get_option("token_cache_file"))
            self._token_cache.check()  # before any request: a login must not be wasted
        key = tuple(sorted((k, str(v)) for k, v in options.items()))
        use_cache = self.get_option("cache")
        if use_cache and key in state["clients"]:
            return state["clients"][key]

        token_cache = self._token_cache
        client_id = options.get("universal_auth_client_id")
        if token_cache and client_id and not options.get("token"):
            options["token"] = token_cache.get(url, client_id)
        if token_cache and options.get("api_generation") in (None, "auto"):
            # Learnt by an earlier task: a 2024 server is not probed again.
            options["api_generation"] = token_cache.get_generation(url) or options.get("api_generation")
        on_login = None
        if token_cache and client_id:
            def on_login(access):
                token_cache.put(url, client_id, access.token, access.expires_at)
        client = build_client(options, warn=display.warning, on_login=on_login)
        if options.get("validate_certs") is False:
            _warn_insecure(state, client.base_url)
        if use_cache:
            state["clients"][key] = client
        return client

    def _remember_generation(self, client, state):
        """Keep the generation beside the tokens, so that the next task need not probe."""
        saved = (self._token_cache.path, client.base_url, client.generation) if self._token_cache else None
        if saved and client.generation and saved not in state["once"]:
            self._token_cache.put_generation(client.base_url, client.generation)
            state["once"].add(saved)

    def _scope(self, client, state):
        scope_options = {name: self.get_option(name) for name in ("project_id", "project", "environment", "path")}
        for name, value in scope_options.items():
            if value is not None and not isinstance(value, str):
                raise OptionError(name, "must be a string (got %s)" % type(value).__name__)
        if not scope_options["project_id"] and not scope_options["project"]:
            raise OptionError("project_id", "or 'project' is required")
        key = (client.base_url, scope_options["project"])
        if scope_options["project"] and self.get_option("cache") and key in state["projects"]:
            scope_options["project_id"] = state["projects"][key]
        scope = SecretScope.from_options(client, scope_options)
        if scope_options["project"]:
            state["projects"][key] = scope.project_id
        return scope

    def _folder(self, client, scope, state):
        expand = self.get_option("expand_references")
        imports = self.get_option("include_imports")
        key = (scope.key(client.base_url), expand, imports)
        if self.get_option("cache") and key in state["folders"]:
            return state["folders"][key]
        secrets = read_secrets(client, scope, with_values=True, expand_references=expand, include_imports=imports)
        values = {s["name"]: s["value"] for s in secrets}
        if self.get_option("cache"):
            state["folders"][key] = values
        return values


def _is_bool_option(lookup, name):
    return isinstance(lookup._options.get(name), bool)


# How ansible-core words a refused option: 2.19 and later first, then 2.16 to 2.18.
_BAD_TYPE = (re.compile(r"^Config '(?P<name>\w+)' for .* has an invalid value: (?P<detail>.*)$"),
             re.compile(r"^Invalid type for configuration option .* setting: (?P<name>\w+) \(from \w+\): (?P<detail>.*)$"))
_BAD_CHOICE = (re.compile(r"^Invalid value '(?P<value>.*)' for config '(?P<name>\w+)' for .*$"),
               re.compile(r'^Invalid value "(?P<value>.*)" for configuration option ".* setting: (?P<name>\w+) ", valid values are: .*$'))
# 2.16 to 2.18 fail on a list or dict given for a boolean before the type check: "unhashable type".
_UNHASHABLE = re.compile(r"^Unhandled exception when retrieving (?P<name>\w+): unhashable type: '(?P<type>\w+)'")


def _first_match(patterns, message):
    for pattern in patterns:
        match = pattern.match(message)
        if match:
            return match
    return None


def _option_message(message):
    """Ansible's wording of a refused option, in the collection's (the option first)."""
    match = _UNHASHABLE.match(message)
    if match:
        return "Option '%s' must be a boolean (true or false), got %s" % (match.group("name"), match.group("type"))
    match = _first_match(_BAD_TYPE, message)
    if match:
        if match.group("name") in SECRET_OPTIONS:
            return "Option '%s' has an invalid value" % match.group("name")
        return "Option '%s' has an invalid value: %s" % (match.group("name"), match.group("detail"))
    match = _first_match(_BAD_CHOICE, message)
    if match:
        return "Option '%s' has an invalid value '%s'" % (match.group("name"), match.group("value"))
    return message


def _redact(message, variables, kwargs):
    """Belt and braces: replace the values of secret options, wherever they came from, by ********.

    Only values long enough not to match ordinary words (tokens and client secrets are long).
    """
    for source in (kwargs or {}, variables or {}):
        for name, value in source.items():
            if (name in SECRET_OPTIONS or name in SECRET_VARIABLES) and isinstance(value, str) and len(value) >= 8:
                message = message.replace(value, "********")
    return message


def _secret_name(term):
    if not isinstance(term, str):
        # Never the term itself: a mistyped structure may hold values.
        raise OptionError("_terms", "must be secret names, each a string (got %s)" % type(term).__name__)
    return _validate.secret_name(term, option="_terms")


def _warn_insecure(state, url):
    if url in state["once"]:
        return
    state["once"].add(url)
    display.warning("Certificate verification is disabled for %s (validate_certs=false): "
                    "the lookup cannot tell the server from an impostor" % url)
