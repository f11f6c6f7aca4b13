"""Sphinx configuration for heatlite's documentation (``tox -e docs``).

The configuration and policy references are generated from the code by
oslo.config's and oslo.policy's Sphinx extensions, so they cannot drift
from what the daemons accept; the samples they write go to _static/
(ignored by git) for download.
"""

from __future__ import annotations

import os
import sys

# The API reference directive (_ext/heatlite_api_ref.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext"))

project = "heatlite"
copyright = "heatlite developers"  # noqa: A001  (Sphinx's name for it)

extensions = [
    "oslo_config.sphinxext",
    "oslo_config.sphinxconfiggen",
    "oslo_policy.sphinxext",
    "oslo_policy.sphinxpolicygen",
    "heatlite_api_ref",
]

# Paths are relative to this directory.
config_generator_config_file = "../../etc/heatlite/heat-config-generator.conf"
sample_config_basename = "_static/heat"
policy_generator_config_file = "../../etc/heatlite/heat-policy-generator.conf"
sample_policy_basename = "_static/heat"

exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = ["_static"]
html_title = "heatlite"
