#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_login
short_description: Log in to Infisical with a machine identity and return an access token
version_added: 0.1.0
description:
  - Logs in with Universal Auth (client ID and client secret of a machine identity) and returns
    the access token, so later tasks and lookups pass it as their C(token) option and the play logs in only once.
  - The task result is always hidden from output as if C(no_log) were set, because it holds the
    token; the registered variable still holds the token for later tasks.
  - Logging in writes nothing, so the module also runs in check mode and never reports a change.
  - It also returns the server's API generation (RV(api_generation)); pass it as O(api_generation) to
    later tasks so that they need not detect it again.
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth.login
  - secretops.infisical.attributes
  - secretops.infisical.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - The login is performed in check mode too; it changes nothing on the server.
  diff_mode:
    support: none
notes:
  - The module always logs in to obtain a new token, so it has no C(token) option and no
    C(auth_method=token); a C(token) given to it is refused as an unsupported parameter.
  - With O(api_generation=auto) the module learns the generation with one read after the login
    (C(GET /api/v1/projects), which only current servers have); with V(current) or V(legacy) it
    returns the value given and sends nothing more.
  - A token obtained here expires after RV(expires_in) seconds (the identity's access token TTL).
    Modules and lookups given both a C(token) and client credentials log in again by themselves when
    the token is rejected.
seealso:
  - module: secretops.infisical.infisical_server_info
  - name: Infisical Universal Auth
    description: How machine identities authenticate with a client ID and secret.
    link: https://infisical.com/docs/documentation/platform/identities/universal-auth
"""

EXAMPLES = r"""
- name: Log in once for the whole play
  secretops.infisical.infisical_login:
    url: https://eu.infisical.com
    universal_auth_client_id: "{{ infisical_client_id }}"
    universal_auth_client_secret: "{{ infisical_client_secret }}"
  register: infisical

- name: Later tasks reuse the token and the API generation
  secretops.infisical.infisical_secret_info:
    url: https://eu.infisical.com
    token: "{{ infisical.token }}"
    api_generation: "{{ infisical.api_generation }}"
    project_id: "{{ project_id }}"
    environment: prod
    path: /app

- name: Credentials from INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / _SECRET in the environment
  secretops.infisical.infisical_login:
  register: infisical
"""

RETURN = r"""
token:
  description:
    - The access token. Pass it as the C(token) option of the other modules and lookups of this collection.
  returned: success
  type: str
  sample: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...
token_type:
  description: How the token is sent (always V(Bearer)).
  returned: success
  type: str
  sample: Bearer
expires_in:
  description: Seconds the token is valid for; V(0) means it does not expire.
  returned: success
  type: int
  sample: 7200
expires_at:
  description: When the token expires, ISO 8601 in UTC; V(null) when it does not expire.
  returned: success
  type: str
  sample: "2026-12-01T19:35:08Z"
access_token_max_ttl:
  description: Longest lifetime, in seconds, the token can reach by renewal.
  returned: success
  type: int
  sample: 2592000
url:
  description: The server the token belongs to.
  returned: success
  type: str
  sample: https://app.infisical.com
api_generation:
  description:
    - The API generation of the server, detected or as given in O(api_generation). Pass it as
      O(api_generation) (modules) or the lookup's O(secretops.infisical.infisical_secret#lookup:api_generation)
      so that later tasks skip the detection, which costs one request per task on a 2024 server.
  returned: success
  type: str
  choices: [current, legacy]
  sample: current
"""

import datetime

from ansible_collections.secretops.infisical.plugins.module_utils._auth import LOGIN_METHODS
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import infisical_argument_spec


def _iso_utc(epoch):
    if epoch is None:
        return None
    moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def main():
    # The token is this module's output: it is not masked in the result (the
    # action plugin hides the whole task result instead).
    module = InfisicalModule(supports_check_mode=True, mask_tokens=False, auth_methods=LOGIN_METHODS,
                             **infisical_argument_spec(login=True))

    def login():
        client = module.client
        access = client.auth.refresh(client)
        return dict(
            changed=False,
            token=access.token,
            token_type=access.token_type,
            expires_in=access.expires_in,
            expires_at=_iso_utc(access.expires_at),
            access_token_max_ttl=access.max_ttl,
            url=client.base_url,
            api_generation=client.detect_generation(),
        )

    module.run(login)


if __name__ == "__main__":
    main()
