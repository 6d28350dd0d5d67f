"""Fixtures for the import-hook tests (see support.py for the helpers)."""

import os

import pytest


@pytest.fixture
def chmod_is_effective(tmp_path):
    """Skip when a 0o555 directory can still be written to (running as root)."""
    probe = tmp_path / "chmod-probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        (probe / "file").write_text("x")
    except PermissionError:
        return True
    else:
        pytest.skip("chmod 0o555 does not stop this user from writing (root?)")
    finally:
        probe.chmod(0o755)
        if (probe / "file").exists():
            os.unlink(probe / "file")
