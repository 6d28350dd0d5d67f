"""Installed as `movenext.pth`: when `MOVENEXT_INCLUDE` is set (comma-separated
module patterns), every Python process starts with movenext's import hook.
`movenext run` sets it, so the programs it starts compile the same modules."""

import os


def _install() -> None:
    patterns = [p.strip() for p in os.environ.get("MOVENEXT_INCLUDE", "").split(",") if p.strip()]
    if patterns:
        from movenext.importhook import install_import_hook

        install_import_hook(patterns)


_install()
