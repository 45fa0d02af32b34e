"""Package layout only (metadata is in pyproject.toml).

The fixed top-level folders `resources/` and `db/` hold what the running
program reads; they are installed as `console.resources` and `console.db`
so that a plain, non-editable `pip install .` carries them.
"""
from setuptools import find_packages, setup

packages = find_packages(include=["console", "console.*"]) + ["console.resources", "console.db"]
setup(
    packages=packages,
    package_dir={"console.resources": "resources", "console.db": "db"},
)
