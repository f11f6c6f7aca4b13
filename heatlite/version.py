"""The installed heatlite version, for --version and build_info."""

from __future__ import annotations

from importlib import metadata


def version_string() -> str:
    try:
        return metadata.version("heatlite")
    except metadata.PackageNotFoundError:
        return "unknown"
