# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Option specs shared by every module, and the bridge from options to a client.

Internal module: may change in any release.

Each ``*_SPEC`` constant pairs with the doc fragment of the same stem in
``plugins/doc_fragments`` (``CONNECTION_SPEC`` <-> ``connection``); change both in
the same commit, ``validate-modules`` checks that they agree. Modules read options
from ``module.params``, lookups from ``get_option()``: both end up in
:func:`build_client` through a plain mapping, so there is one code path.
"""

from __future__ import annotations

import platform

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

from ansible_collections.secretops.infisical.plugins.module_utils._auth import AccessTokenProvider, UniversalAuth
from ansible_collections.secretops.infisical.plugins.module_utils._client import DEFAULT_URL, InfisicalClient
from ansible_collections.secretops.infisical.plugins.module_utils._errors import OptionError

COLLECTION_VERSION = "0.1.0"

CONNECTION_SPEC = dict(
    url=dict(type="str", default=DEFAULT_URL, fallback=(env_fallback, ["INFISICAL_URL"])),
    validate_certs=dict(type="bool", default=True),
    ca_path=dict(type="path"),
    timeout=dict(type="int", default=30),
    retries=dict(type="int", default=5),
    retry_max_wait=dict(type="int", default=120),
    api_generation=dict(type="str", choices=["auto", "current", "legacy"], default="auto",
                        fallback=(env_fallback, ["INFISICAL_API_GENERATION"])),
)

AUTH_SPEC = dict(
    universal_auth_client_id=dict(type="str", fallback=(env_fallback, ["INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"])),
    universal_auth_client_secret=dict(type="str", no_log=True,
                                      fallback=(env_fallback, ["INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"])),
    token=dict(type="str", no_log=True, fallback=(env_fallback, ["INFISICAL_TOKEN"])),
    organization_slug=dict(type="str"),
)

AUTH_REQUIRED_TOGETHER = [("universal_auth_client_id", "universal_auth_client_secret")]

PROJECT_SPEC = dict(
    project_id=dict(type="str"),
    project=dict(type="str"),
)

PROJECT_MUTUALLY_EXCLUSIVE = [("project_id", "project")]
PROJECT_REQUIRED_ONE_OF = [("project_id", "project")]

SCOPE_SPEC = dict(
    environment=dict(type="str", required=True),
    path=dict(type="str", default="/"),
)

SECRET_OUTPUT_SPEC = dict(
    reveal_values=dict(type="bool", default=False),
)

# Every shared option name, for plugins that copy get_option() values into a mapping.
SHARED_OPTION_NAMES = tuple(CONNECTION_SPEC) + tuple(AUTH_SPEC)


def infisical_argument_spec(project=False, scope=False, secret_output=False, **own):
    """Return ``AnsibleModule`` keyword arguments: the shared options plus the module's own.

    The result carries the shared constraints as well, so a module cannot forget
    them: ``InfisicalModule(supports_check_mode=True, **infisical_argument_spec(name=...))``.

    :param project: add ``project_id``/``project`` (doc fragment ``project``).
    :param scope: add ``environment`` and ``path`` too (doc fragments ``project`` and ``scope``).
    :param secret_output: add ``reveal_values``.
    """
    groups = [CONNECTION_SPEC, AUTH_SPEC]
    kwargs = dict(required_together=list(AUTH_REQUIRED_TOGETHER), mutually_exclusive=[], required_one_of=[])
    if project or scope:
        groups.append(PROJECT_SPEC)
        kwargs["mutually_exclusive"].extend(PROJECT_MUTUALLY_EXCLUSIVE)
        kwargs["required_one_of"].extend(PROJECT_REQUIRED_ONE_OF)
    if scope:
        groups.append(SCOPE_SPEC)
    if secret_output:
        groups.append(SECRET_OUTPUT_SPEC)
    spec = {}
    for group in groups:
        spec.update({name: dict(option) for name, option in group.items()})
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


def build_auth(options, on_login=None):
    """The token provider described by the ``auth`` options."""
    client_id = options.get("universal_auth_client_id")
    client_secret = options.get("universal_auth_client_secret")
    universal_auth = None
    if client_id or client_secret:
        universal_auth = UniversalAuth(client_id, client_secret, options.get("organization_slug"))
    return AccessTokenProvider(token=options.get("token"), universal_auth=universal_auth, on_login=on_login)


def build_client(options, warn=None, on_login=None, session=None, authenticated=True):
    """An :class:`InfisicalClient` from a mapping of the shared option names.

    :param options: ``module.params``, or a dict the lookup filled from ``get_option()``.
    :param authenticated: ``False`` for clients that only call unauthenticated routes.
    """
    validate_connection_options(options)
    auth = build_auth(options, on_login) if authenticated else None
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
