"""Only to ship `movenext.pth` (the MOVENEXT_INCLUDE startup hook) into
site-packages; everything else is in pyproject.toml."""

import os

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithStartupHook(build_py):
    def run(self):
        super().run()
        self.copy_file("movenext.pth", os.path.join(self.build_lib, "movenext.pth"))


setup(cmdclass={"build_py": BuildWithStartupHook})
