#!/usr/bin/python
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: infisical_server_info
short_description: Check that an Infisical server is up (preflight)
version_added: 0.1.0
description:
  - Calls the server's unauthenticated status endpoint (C(GET /api/status)) and returns what it reports.
  - Use it as a preflight check before a play changes anything, for example to fail early on a wrong
    O(url), a TLS problem or a server that is still starting.
  - Needs no credentials; the authentication options are accepted (so C(module_defaults) for the
    C(group/secretops.infisical.infisical) group apply) but not used.
author:
  - secretops.infisical maintainers (@secretops)
requirements:
  - requests (the Python library, on the host that runs the module)
extends_documentation_fragment:
  - secretops.infisical.connection
  - secretops.infisical.auth
  - secretops.infisical.attributes
  - secretops.infisical.attributes.action_group
  - secretops.infisical.attributes.info_module
"""

EXAMPLES = r"""
- name: Fail early if the server is unreachable
  secretops.infisical.infisical_server_info:
    url: https://eu.infisical.com
  register: infisical_server

- name: Show what the server reports
  ansible.builtin.debug:
    msg: "{{ infisical_server.status.message }} at {{ infisical_server.status.date }}"
"""

RETURN = r"""
url:
  description: The server that answered.
  returned: success
  type: str
  sample: https://app.infisical.com
status:
  description:
    - The status document, keys in snake_case. Fields vary with the server's version.
  returned: success
  type: dict
  contains:
    message:
      description: V(Ok) when the server is ready.
      type: str
      sample: Ok
    date:
      description: Server time.
      type: str
      sample: "2026-12-01T17:35:08.123Z"
  sample: {"message": "Ok", "date": "2026-12-01T17:35:08.123Z"}
"""

from ansible_collections.secretops.infisical.plugins.module_utils._diff import snake_case_keys
from ansible_collections.secretops.infisical.plugins.module_utils._module import InfisicalModule
from ansible_collections.secretops.infisical.plugins.module_utils._options import build_client, infisical_argument_spec


def main():
    module = InfisicalModule(supports_check_mode=True, **infisical_argument_spec())

    def status():
        client = build_client(module.params, warn=module.warn, authenticated=False)
        return dict(changed=False, url=client.base_url, status=snake_case_keys(client.status()))

    module.run(status)


if __name__ == "__main__":
    main()
