# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Behaviour switches of the emulated server generations."""
from __future__ import annotations


class Profile:
    """What differs between the current API (2026) and a 2024 self-hosted build."""

    def __init__(self, name):
        if name not in PROFILES:
            raise ValueError("Unknown profile %r (choose from %s)" % (name, ", ".join(PROFILES)))
        self.name = name
        self.legacy = name == "2024"
        # Validation errors: 422 (current) or 401 (2024), always error "ValidationFailure".
        self.validation_status = 401 if self.legacy else 422
        # reqId in error bodies.
        self.req_id = not self.legacy
        self.secret_exists = "Secret already exist" if self.legacy else "Secret already exists"
        self.validate_secret_names = not self.legacy
        self.validate_folder_names = not self.legacy
        # Listing secrets of an unknown environment or path: 404 (current) or 200 [] (2024).
        self.missing_folder_lists_empty = self.legacy
        # Folder create of an existing name: 400 (current) or the existing folder (2024).
        self.folder_create_idempotent = self.legacy
        # Login lockout after repeated failures exists on current builds only.
        self.lockout = not self.legacy
        # v3 PATCH needs secretValue on 2024 builds.
        self.v3_patch_requires_value = self.legacy
        # Batch update mode (failOnNotFound / upsert / ignore) is current only.
        self.batch_mode = not self.legacy
        # Values hidden via viewSecretValue / secretValueHidden / secretMetadata: current only.
        self.value_hiding = not self.legacy


PROFILES = ("current", "2024")
