"""Only to ship `movenext.pth` (the MOVENEXT_INCLUDE startup hook) into
site-packages, for regular and editable installs; everything else is in
pyproject.toml."""

import os

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithStartupHook(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            # An editable wheel (setuptools >= 64) is made of the directory the
            # install command writes to (its install_lib); build_lib is
            # discarded there.
            target = self.get_finalized_command("install").install_lib
        else:
            target = self.build_lib
        self.copy_file("movenext.pth", os.path.join(target, "movenext.pth"))


setup(cmdclass={"build_py": BuildWithStartupHook})
