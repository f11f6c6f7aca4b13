"""A real Keystone for the functional tests, through tools/keystone.

Installed from PyPI on first use (into the checkout's .cache/), started on
loopback with its own SQLite database in a temporary directory, and
stopped at the end of the session. Anything failing here fails the tests:
they never skip for want of a Keystone.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from typing import Any

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

REPO = pathlib.Path(__file__).resolve().parents[2]
TOOL = REPO / "tools" / "keystone"
# A first install downloads Keystone and its dependencies.
INSTALL_TIMEOUT = 900
START_TIMEOUT = 300
# Where Keystone's virtualenv lives (tools/keystone's default: the
# checkout's .cache/keystone-venv).
VENV_ARGS = (["--venv", os.environ["HEATLITE_KEYSTONE_VENV"]]
             if os.environ.get("HEATLITE_KEYSTONE_VENV") else [])


def _tool(*args: str, timeout: float) -> str:
    result = subprocess.run([sys.executable, str(TOOL), *args], capture_output=True,
                            text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError("tools/keystone %s failed (%s):\n%s\n%s" % (
            " ".join(args), result.returncode, result.stdout[-4000:],
            result.stderr[-4000:]))
    return result.stdout


class Keystone:
    """One running Keystone and the personas tools/keystone created."""

    def __init__(self, state: pathlib.Path) -> None:
        self.state = state
        _tool("install", *VENV_ARGS, timeout=INSTALL_TIMEOUT)
        _tool("start", *VENV_ARGS, "--state-dir", str(state), timeout=START_TIMEOUT)
        self.info: dict[str, Any] = json.loads((state / "keystone.json").read_text())
        self.auth_url: str = self.info["auth_url"]
        self.password: str = self.info["password"]
        self._tokens: dict[str, str] = {}

    def register_orchestration(self, url: str) -> None:
        _tool("endpoint", "--state-dir", str(self.state), "--orchestration-url", url,
              timeout=60)

    def stop(self) -> None:
        _tool("stop", "--state-dir", str(self.state), timeout=60)

    def project_id(self, name: str) -> str:
        return self.info["projects"][name]

    def user_project(self, user: str) -> str:
        return self.info["users"][user]["project"]

    def session(self, user: str) -> ks_session.Session:
        """A password-authenticated session scoped to the user's project."""
        auth = v3.Password(auth_url=self.auth_url, username=user, password=self.password,
                           user_domain_name="Default", project_domain_name="Default",
                           project_name=self.user_project(user))
        return ks_session.Session(auth=auth)

    def token(self, user: str) -> str:
        if user not in self._tokens:
            self._tokens[user] = self.session(user).get_token()
        return self._tokens[user]

    def client_env(self, user: str) -> dict[str, str]:
        """OS_* variables for the openstack CLI, password auth."""
        return {"OS_AUTH_URL": self.auth_url, "OS_USERNAME": user,
                "OS_PASSWORD": self.password, "OS_PROJECT_NAME": self.user_project(user),
                "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
                "OS_IDENTITY_API_VERSION": "3", "OS_AUTH_TYPE": "password",
                "OS_REGION_NAME": self.info["region"]}

    def authtoken_options(self) -> dict[str, str]:
        """heatlite's [keystone_authtoken] section for this Keystone."""
        return {"www_authenticate_uri": self.auth_url, "auth_url": self.auth_url,
                "auth_type": "password", "username": "heat", "password": self.password,
                "project_name": "service", "user_domain_name": "Default",
                "project_domain_name": "Default", "region_name": self.info["region"]}
