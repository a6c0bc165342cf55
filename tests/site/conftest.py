"""Fixtures for tests of the built site: one full build per test session."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sitegen.pipeline.site import PROJECT, Options, build

BUILD_DATE = date(2026, 11, 25)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content built exactly as `python build.py` does, runtime included."""
    site = tmp_path_factory.mktemp("built") / "site"
    build(Options(site=site, on=BUILD_DATE))
    return site


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of content/ that a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(PROJECT / "content", target)
    return target


def quick_build(content: Path, site: Path, **kwargs) -> dict:
    """A build without the 12 MB runtime copy, for tests about pages only."""
    return build(Options(content=content, site=site, on=kwargs.pop("on", BUILD_DATE),
                         runtime=False, **kwargs))
