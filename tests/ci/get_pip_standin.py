# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in for the get-pip.py bootstrap script that ansible-test downloads.

ansible-test creates its virtual environments without pip, then runs
``https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py`` in
them, unless ``~/.ansible/test/cache/get_pip_<X_Y>.py`` already exists. That host
is unreachable from CI, so tests/ci/run-tests.sh copies this file to the cache
name. ansible-test runs it with arguments such as
``--disable-pip-version-check pip==25.2 --no-setuptools --no-wheel``.

Like the real script, it only installs pip: ensurepip first (offline), then the
requested pip version from the package index.
"""

from __future__ import annotations

import subprocess
import sys

# Options of get-pip.py itself, unknown to "pip install".
GET_PIP_OPTIONS = ('--no-setuptools', '--no-wheel')


def main() -> None:
    """Install pip, and only pip, into the running interpreter's environment."""
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_OPTIONS]
    pip = [sys.executable, '-m', 'pip']

    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'], stdout=subprocess.DEVNULL)
    subprocess.check_call(pip + ['install', '--upgrade', '--quiet'] + args)

    if '--no-setuptools' in sys.argv[1:]:
        # ensurepip of Python <= 3.11 also installs setuptools; get-pip.py would not.
        subprocess.check_call(pip + ['uninstall', '--yes', '--quiet', 'setuptools'],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == '__main__':
    main()
