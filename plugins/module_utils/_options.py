# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The option table: every shared option declared once, and the bridge from options to a client.

Internal module: may change in any release.

Each :class:`Option` of :data:`OPTIONS` carries its type, default, choices,
``no_log``, environment variables and doc text. From it come

* the modules' argument spec (:func:`infisical_argument_spec`), with late-binding
  ``env_fallback`` for every environment variable the option has;
* the lookup's ``env``/``ini``/``vars`` entries and its list of secret options;
* the doc fragments in ``plugins/doc_fragments``: they stay plain YAML (Ansible reads
  them without importing the collection) and ``tests/unit/plugins/doc_fragments``
  fails when one of them and :func:`fragment_options` disagree.

Environment variables are listed in order of precedence, the first one set wins,
in modules and in the lookup alike (Ansible's config lets the *last* ``env`` entry
win, so the plugin fragments list them in reverse). Modules read options from
``module.params``, lookups from ``get_option()``: both end up in :func:`build_client`
through a plain mapping, so there is one code path.
"""

from __future__ import annotations

import copy
import platform

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

from ansible_collections.secretops.infisical.plugins.module_utils._auth import AUTH_METHODS, LOGIN_METHODS, build_auth
from ansible_collections.secretops.infisical.plugins.module_utils._client import DEFAULT_URL, InfisicalClient
from ansible_collections.secretops.infisical.plugins.module_utils._errors import OptionError

COLLECTION_VERSION = "0.1.0"

PLUGIN_INI_SECTION = "infisical_collection"


class Option:
    """One shared option.

    :param fragment: the doc fragment that documents it (``plugins/doc_fragments/<fragment>.py``).
    :param description: doc lines shared by modules and the lookup.
    :param env: environment variables, first one set wins; read by modules and the lookup.
    :param plugin_env: read by the lookup only (the scope of a module's writes must be in the task,
        not in the environment of whatever host runs it).
    :param plugin: whether the lookup has the option (with ``vars``, and ``ini`` unless ``no_log``).
    :param module_notes: doc lines for modules only.
    :param login: whether ``infisical_login`` has the option (it has no use for a token it would ignore).
    :param login_choices: the choices left for ``infisical_login``, when they are fewer.
    :param login_description: the description for ``infisical_login``, when it differs.
    """

    def __init__(self, name, fragment, type, description, default=None, choices=None, required=False,
                 no_log=False, env=(), plugin_env=(), plugin=True, module_notes=(), login=True, login_choices=None,
                 login_description=None):
        self.name = name
        self.fragment = fragment
        self.type = type
        self.description = list(description)
        self.default = default
        self.choices = list(choices) if choices else None
        self.required = required
        self.no_log = no_log
        self.env = tuple(env)
        self.plugin_env = tuple(plugin_env)
        self.plugin = plugin
        self.module_notes = list(module_notes)
        self.login = login
        self.login_choices = list(login_choices) if login_choices else None
        self.login_description = list(login_description) if login_description else None

    def for_login(self):
        """This option as ``infisical_login`` has it (``None`` if it has not)."""
        if not self.login:
            return None
        option = copy.copy(self)
        option.choices = self.login_choices or self.choices
        option.description = self.login_description or self.description
        return option

    def argument_spec(self):
        """The ``AnsibleModule`` spec entry."""
        spec = dict(type=self.type)
        for key in ("default", "choices"):
            if getattr(self, key) is not None:
                spec[key] = getattr(self, key)
        if self.required:
            spec["required"] = True
        if self.no_log:
            spec["no_log"] = True
        if self.env:
            spec["fallback"] = (env_fallback, list(self.env))
        return spec

    def _doc(self, description):
        doc = dict(description=description, type=self.type)
        if self.required:
            doc["required"] = True
        if self.default is not None:
            doc["default"] = self.default
        if self.choices:
            doc["choices"] = list(self.choices)
        return doc

    def module_doc(self):
        """The option as a module's ``DOCUMENTATION`` fragment describes it."""
        lines = self.description + self.module_notes
        if self.env:
            lines = lines + [_env_sentence(self.env)]
        return self._doc(lines)

    def plugin_doc(self):
        """The option as the lookup's ``PLUGINS`` fragment describes it."""
        lines = list(self.description)
        if self.no_log:
            lines.append("Never read from an ini file.")
        doc = self._doc(lines)
        env = tuple(reversed(self.env + self.plugin_env))  # Ansible: the last env entry wins
        if env:
            doc["env"] = [dict(name=name) for name in env]
        if not self.no_log:
            doc["ini"] = [dict(section=PLUGIN_INI_SECTION, key=self.name)]
        doc["vars"] = [dict(name="ansible_infisical_" + self.name)]
        return doc


def _env_sentence(env):
    if len(env) == 1:
        return "If not set, the E(%s) environment variable is used." % env[0]
    return "If not set, the environment variable %s is used (the first that is set)." % " or ".join("E(%s)" % e for e in env)


def _auth_method_doc(names):
    """The description of ``auth_method``, from the methods themselves."""
    methods = [AUTH_METHODS[name] for name in names]
    lines = ["How to obtain an access token: %s." % "; ".join(method.doc for method in methods)]
    if len(methods) > 1:
        lines.append("When neither the option nor its environment variable is set, the first of %s whose "
                     "credentials are given is used, so existing tasks keep "
                     "working: client credentials select V(universal_auth) even beside a O(token), which it then "
                     "uses first." % ", ".join("V(%s)" % method.name for method in methods))
        lines.append("As in community.hashi_vault, the method decides which options are used; those of other "
                     "methods are ignored.")
    else:
        lines.append("The default is V(%s), the only method here that obtains a new token." % methods[0].name)
    return lines


OPTIONS = (
    # -- connection
    Option("url", "connection", "str", [
        "Base URL of the Infisical server, without a path.",
        "Infisical Cloud US is V(https://app.infisical.com) (also V(https://us.infisical.com)), Infisical Cloud EU is "
        "V(https://eu.infisical.com); a self-hosted server is V(https://<host>). Regions are separate deployments, "
        "so identities and tokens of one do not work on the other.",
    ], default=DEFAULT_URL, env=("INFISICAL_URL", "ANSIBLE_INFISICAL_URL")),
    Option("validate_certs", "connection", "bool", [
        "Verify the server's TLS certificate.",
        "Set to V(false) only for testing; use O(ca_path) for a private CA.",
    ], default=True, env=("ANSIBLE_INFISICAL_VALIDATE_CERTS",)),
    Option("ca_path", "connection", "path", [
        "Path to a PEM file with the CA certificate(s) that signed the server's certificate.",
    ], env=("ANSIBLE_INFISICAL_CA_PATH",)),
    Option("timeout", "connection", "int", [
        "Seconds to wait for the server to answer each request.",
    ], default=30, env=("ANSIBLE_INFISICAL_TIMEOUT",)),
    Option("retries", "connection", "int", [
        "How many times a failed request is retried.",
        "Retried are HTTP 429 (after the server's C(Retry-After)), 502, 503 and 504, one 500 on reads, and connection "
        "failures, with exponential backoff and jitter in between.",
        "A write whose answer was lost is re-read before it is sent again, so nothing is created twice.",
        "V(0) disables retries.",
    ], default=5, env=("ANSIBLE_INFISICAL_RETRIES",)),
    Option("retry_max_wait", "connection", "int", [
        "Upper bound, in seconds, for the total time spent waiting between retries of one request.",
    ], default=120, env=("ANSIBLE_INFISICAL_RETRY_MAX_WAIT",)),
    Option("api_generation", "connection", "str", [
        "Which API routes the server has. V(current) servers (Infisical Cloud, recent self-hosted) serve "
        "C(/api/v4/secrets) and C(/api/v1/projects); self-hosted builds from 2024 (V(legacy)) serve only the older "
        "C(/api/v3/secrets/raw) and C(/api/v1|v2/workspace) routes.",
        "V(auto) tries the current routes and switches to the older ones after the first 404 for a missing route, "
        "which costs one request per task on a 2024 server. Set V(legacy) there to save it.",
    ], choices=["auto", "current", "legacy"], default="auto",
        env=("INFISICAL_API_GENERATION", "ANSIBLE_INFISICAL_API_GENERATION")),
    # -- authentication
    Option("auth_method", "auth", "str", _auth_method_doc(AUTH_METHODS), choices=list(AUTH_METHODS),
           login_choices=LOGIN_METHODS, login_description=_auth_method_doc(LOGIN_METHODS),
           env=("INFISICAL_AUTH_METHOD", "ANSIBLE_INFISICAL_AUTH_METHOD")),
    Option("universal_auth_client_id", "auth", "str", [
        "Client ID of a machine identity's Universal Auth configuration (O(auth_method=universal_auth)).",
        "Required together with O(universal_auth_client_secret).",
    ], env=("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_ID")),
    Option("universal_auth_client_secret", "auth", "str", [
        "Client secret of the machine identity (O(auth_method=universal_auth)).",
    ], no_log=True, env=("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET")),
    Option("token", "auth", "str", [
        "An access token obtained earlier, typically RV(secretops.infisical.infisical_login#module:token) of "
        "M(secretops.infisical.infisical_login), so that a play logs in once.",
        "Alone, it selects O(auth_method=token). Beside client credentials it is used first, and the credentials "
        "only to log in again if the server rejects the token (expired or revoked).",
    ], no_log=True, login=False, env=("INFISICAL_TOKEN", "ANSIBLE_INFISICAL_TOKEN")),
    Option("organization_slug", "auth", "str", [
        "Slug of the sub-organization to log in to (O(auth_method=universal_auth)); unset logs in to the "
        "identity's own organization.",
        "It chooses the organization of the access token, which the modules that have an C(organization_id) "
        "option use unless it is set.",
    ], env=("ANSIBLE_INFISICAL_ORGANIZATION_SLUG",)),
    # -- the project of a resource (modules), and where secrets live (modules and the lookup)
    Option("project_id", "project", "str", [
        "ID of the Infisical project.",
        "Mutually exclusive with O(project); one of them is required.",
        "Prefer it over O(project) in large runs, it saves one request per task.",
    ], plugin_env=("ANSIBLE_INFISICAL_PROJECT_ID",)),
    Option("project", "project", "str", [
        "Slug or name of the project, resolved to its ID (slug first, then an exact name match).",
        "Mutually exclusive with O(project_id).",
    ], plugin_env=("ANSIBLE_INFISICAL_PROJECT",)),
    Option("environment", "scope", "str", [
        "Slug of the environment, for example V(dev), V(staging) or V(prod).",
    ], required=True, plugin_env=("ANSIBLE_INFISICAL_ENVIRONMENT",)),
    Option("path", "scope", "str", [
        "Absolute folder path of the secrets, for example V(/) or V(/app/db).",
        "Folder names may contain letters, digits, V(-) and V(_); one trailing V(/) is ignored.",
    ], default="/", plugin_env=("ANSIBLE_INFISICAL_PATH",)),
    # -- modules only
    Option("reveal_values", "secret_output", "bool", [
        "Put secret values in plain text into the returned object and the C(--diff) output.",
        "By default values are never returned, and C(--diff) shows them as fingerprints like "
        "C(<secret #1a2b3c4d5e6f>), a keyed hash with a key made for each run: equal for equal values within one "
        "run, so you see that a value changes but never what it is.",
        "With V(true), task output, callbacks, logs and job events may contain secrets. Ansible still masks any "
        "string equal to a C(no_log) option, so this mainly reveals the old value of a changed secret.",
    ], default=False, plugin=False),
    Option("organization_id", "organization", "str", [
        "ID of the organization. By default the organization of the access token is used (see O(organization_slug)).",
        "On older self-hosted servers without C(GET /api/v1/identities/details), that is the organization of the "
        "identity named by the access token.",
    ], plugin=False),
)

OPTION_BY_NAME = {option.name: option for option in OPTIONS}


def options_of(fragment, login=False):
    """The options a doc fragment documents, in table order (as ``infisical_login`` has them with ``login``)."""
    chosen = [option for option in OPTIONS if option.fragment == fragment]
    if login:
        chosen = [option.for_login() for option in chosen if option.login]
    return chosen


def spec_of(*fragments, login=False):
    """The argument spec of the options of ``fragments`` (fresh dicts, callers may change them)."""
    return {option.name: option.argument_spec() for fragment in fragments for option in options_of(fragment, login)}


def fragment_options(fragment, plugins=False, login=False):
    """What ``plugins/doc_fragments/<fragment>.py`` must say under ``options``.

    :param plugins: the ``PLUGINS`` part (the lookup) instead of ``DOCUMENTATION`` (modules).
    :param login: the ``LOGIN`` part (``infisical_login``).
    """
    chosen = [option for option in options_of(fragment, login) if option.plugin or not plugins]
    return {option.name: option.plugin_doc() if plugins else option.module_doc() for option in chosen}


# Kept for callers that think in groups; each is generated from the table.
CONNECTION_SPEC = spec_of("connection")
AUTH_SPEC = spec_of("auth")
PROJECT_SPEC = spec_of("project")
SCOPE_SPEC = spec_of("scope")
SECRET_OUTPUT_SPEC = spec_of("secret_output")
ORGANIZATION_SPEC = spec_of("organization")

AUTH_REQUIRED_TOGETHER = [("universal_auth_client_id", "universal_auth_client_secret")]
PROJECT_MUTUALLY_EXCLUSIVE = [("project_id", "project")]
PROJECT_REQUIRED_ONE_OF = [("project_id", "project")]

# Every connection and authentication option, for plugins that copy get_option() values into a mapping.
SHARED_OPTION_NAMES = tuple(CONNECTION_SPEC) + tuple(AUTH_SPEC)
# Options whose values never appear in output or errors.
SECRET_OPTION_NAMES = tuple(option.name for option in OPTIONS if option.no_log)


def infisical_argument_spec(project=False, scope=False, secret_output=False, organization=False, login=False, **own):
    """Return ``AnsibleModule`` keyword arguments: the shared options plus the module's own.

    The result carries the shared constraints as well, so a module cannot forget
    them: ``InfisicalModule(supports_check_mode=True, **infisical_argument_spec(name=...))``.

    :param project: add ``project_id``/``project`` (doc fragment ``project``).
    :param scope: add ``environment`` and ``path`` too (doc fragments ``project`` and ``scope``).
    :param secret_output: add ``reveal_values`` (doc fragment ``secret_output``).
    :param organization: add ``organization_id`` (doc fragment ``organization``).
    :param login: the options of ``infisical_login`` (doc fragment ``auth.login``): no ``token``.
    """
    fragments = ["connection", "auth"]
    kwargs = dict(required_together=list(AUTH_REQUIRED_TOGETHER), mutually_exclusive=[], required_one_of=[])
    if project or scope:
        fragments.append("project")
        kwargs["mutually_exclusive"].extend(PROJECT_MUTUALLY_EXCLUSIVE)
        kwargs["required_one_of"].extend(PROJECT_REQUIRED_ONE_OF)
    if scope:
        fragments.append("scope")
    if secret_output:
        fragments.append("secret_output")
    if organization:
        fragments.append("organization")
    spec = spec_of(*fragments, login=login)
    overlap = set(own) & set(spec)
    if overlap:
        raise ValueError("module options shadow shared options: %s" % ", ".join(sorted(overlap)))
    spec.update(own)
    kwargs["argument_spec"] = spec
    return kwargs


def validate_connection_options(options):
    """Offline checks of the shared options; raises :class:`OptionError`."""
    url = options.get("url") or DEFAULT_URL
    if not (url.startswith("https://") or url.startswith("http://")) or len(url.split("://", 1)[1].strip("/")) == 0:
        raise OptionError("url", "must be an http:// or https:// URL such as %s (got '%s')" % (DEFAULT_URL, url))
    for name, minimum in (("timeout", 1), ("retries", 0), ("retry_max_wait", 0)):
        value = options.get(name)
        if value is not None and int(value) < minimum:
            raise OptionError(name, "must be at least %d (got %s)" % (minimum, value))


def user_agent():
    return "secretops.infisical/%s (ansible-core %s; python %s)" % (
        COLLECTION_VERSION, ANSIBLE_VERSION, platform.python_version())


def build_client(options, warn=None, on_login=None, session=None, authenticated=True, auth_methods=None):
    """An :class:`InfisicalClient` from a mapping of the shared option names.

    :param options: ``module.params``, or a dict the lookup filled from ``get_option()``.
    :param authenticated: ``False`` for clients that only call unauthenticated routes.
    :param auth_methods: the ``auth_method`` values allowed (default: all).
    """
    validate_connection_options(options)
    auth = build_auth(options, on_login, auth_methods) if authenticated else None
    if not options.get("validate_certs", True) and (options.get("url") or DEFAULT_URL).startswith("https://") and warn:
        warn("certificate verification is disabled (validate_certs=false): the server's identity is not checked, "
             "so secrets and tokens may reach an impostor; use ca_path for a private CA instead")
    return InfisicalClient(
        url=options.get("url") or DEFAULT_URL,
        auth=auth,
        validate_certs=options.get("validate_certs", True),
        ca_path=options.get("ca_path"),
        timeout=options.get("timeout") or 30,
        retries=options.get("retries") if options.get("retries") is not None else 5,
        retry_max_wait=options.get("retry_max_wait") if options.get("retry_max_wait") is not None else 120,
        warn=warn,
        session=session,
        user_agent=user_agent(),
        generation=options.get("api_generation"),
    )
