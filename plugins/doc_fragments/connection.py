# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Connection options.

    Written from the option table (``OPTIONS`` in module_utils/_options.py); the unit test
    tests/unit/plugins/doc_fragments/test_option_table.py fails when the two disagree.
    """

    DOCUMENTATION = r"""
options:
  url:
    description:
      - Base URL of the Infisical server, without a path.
      - Infisical Cloud US is V(https://app.infisical.com) (also V(https://us.infisical.com)), Infisical Cloud EU
        is V(https://eu.infisical.com); a self-hosted server is V(https://<host>). Regions are separate deployments,
        so identities and tokens of one do not work on the other.
      - If not set, the environment variable E(INFISICAL_URL) or E(ANSIBLE_INFISICAL_URL) is used (the first that
        is set).
    type: str
    default: https://app.infisical.com
  validate_certs:
    description:
      - Verify the server's TLS certificate.
      - Set to V(false) only for testing; use O(ca_path) for a private CA.
      - If not set, the E(ANSIBLE_INFISICAL_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file with the CA certificate(s) that signed the server's certificate.
      - If not set, the E(ANSIBLE_INFISICAL_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for the server to answer each request.
      - If not set, the E(ANSIBLE_INFISICAL_TIMEOUT) environment variable is used.
    type: int
    default: 30
  retries:
    description:
      - How many times a failed request is retried.
      - Retried are HTTP 429 (after the server's C(Retry-After)), 502, 503 and 504, one 500 on reads, and connection
        failures, with exponential backoff and jitter in between.
      - A write whose answer was lost is re-read before it is sent again, so nothing is created twice.
      - V(0) disables retries.
      - If not set, the E(ANSIBLE_INFISICAL_RETRIES) environment variable is used.
    type: int
    default: 5
  retry_max_wait:
    description:
      - Upper bound, in seconds, for the total time spent waiting between retries of one request.
      - If not set, the E(ANSIBLE_INFISICAL_RETRY_MAX_WAIT) environment variable is used.
    type: int
    default: 120
  api_generation:
    description:
      - Which API routes the server has. V(current) servers (Infisical Cloud, recent self-hosted) serve C(/api/v4/secrets)
        and C(/api/v1/projects); self-hosted builds from 2024 (V(legacy)) serve only the older C(/api/v3/secrets/raw)
        and C(/api/v1|v2/workspace) routes.
      - V(auto) tries the current routes and switches to the older ones after the first 404 for a missing route,
        which costs one request per task on a 2024 server. Set V(legacy) there to save it.
      - If not set, the environment variable E(INFISICAL_API_GENERATION) or E(ANSIBLE_INFISICAL_API_GENERATION)
        is used (the first that is set).
    type: str
    default: auto
    choices:
      - auto
      - current
      - legacy
"""

    PLUGINS = r"""
options:
  url:
    description:
      - Base URL of the Infisical server, without a path.
      - Infisical Cloud US is V(https://app.infisical.com) (also V(https://us.infisical.com)), Infisical Cloud EU
        is V(https://eu.infisical.com); a self-hosted server is V(https://<host>). Regions are separate deployments,
        so identities and tokens of one do not work on the other.
    type: str
    default: https://app.infisical.com
    env:
      - name: ANSIBLE_INFISICAL_URL
      - name: INFISICAL_URL
    ini:
      - section: infisical_collection
        key: url
    vars:
      - name: ansible_infisical_url
  validate_certs:
    description:
      - Verify the server's TLS certificate.
      - Set to V(false) only for testing; use O(ca_path) for a private CA.
    type: bool
    default: true
    env:
      - name: ANSIBLE_INFISICAL_VALIDATE_CERTS
    ini:
      - section: infisical_collection
        key: validate_certs
    vars:
      - name: ansible_infisical_validate_certs
  ca_path:
    description:
      - Path to a PEM file with the CA certificate(s) that signed the server's certificate.
    type: path
    env:
      - name: ANSIBLE_INFISICAL_CA_PATH
    ini:
      - section: infisical_collection
        key: ca_path
    vars:
      - name: ansible_infisical_ca_path
  timeout:
    description:
      - Seconds to wait for the server to answer each request.
    type: int
    default: 30
    env:
      - name: ANSIBLE_INFISICAL_TIMEOUT
    ini:
      - section: infisical_collection
        key: timeout
    vars:
      - name: ansible_infisical_timeout
  retries:
    description:
      - How many times a failed request is retried.
      - Retried are HTTP 429 (after the server's C(Retry-After)), 502, 503 and 504, one 500 on reads, and connection
        failures, with exponential backoff and jitter in between.
      - A write whose answer was lost is re-read before it is sent again, so nothing is created twice.
      - V(0) disables retries.
    type: int
    default: 5
    env:
      - name: ANSIBLE_INFISICAL_RETRIES
    ini:
      - section: infisical_collection
        key: retries
    vars:
      - name: ansible_infisical_retries
  retry_max_wait:
    description:
      - Upper bound, in seconds, for the total time spent waiting between retries of one request.
    type: int
    default: 120
    env:
      - name: ANSIBLE_INFISICAL_RETRY_MAX_WAIT
    ini:
      - section: infisical_collection
        key: retry_max_wait
    vars:
      - name: ansible_infisical_retry_max_wait
  api_generation:
    description:
      - Which API routes the server has. V(current) servers (Infisical Cloud, recent self-hosted) serve C(/api/v4/secrets)
        and C(/api/v1/projects); self-hosted builds from 2024 (V(legacy)) serve only the older C(/api/v3/secrets/raw)
        and C(/api/v1|v2/workspace) routes.
      - V(auto) tries the current routes and switches to the older ones after the first 404 for a missing route,
        which costs one request per task on a 2024 server. Set V(legacy) there to save it.
    type: str
    default: auto
    choices:
      - auto
      - current
      - legacy
    env:
      - name: ANSIBLE_INFISICAL_API_GENERATION
      - name: INFISICAL_API_GENERATION
    ini:
      - section: infisical_collection
        key: api_generation
    vars:
      - name: ansible_infisical_api_generation
"""
