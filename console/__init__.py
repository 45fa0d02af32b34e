"""hotline-console: the duty-desk console of a community service hotline."""

# A literal, not importlib.metadata: reading the installed metadata costs ~50 ms
# on every start, before the login dialog can paint. pyproject.toml takes the
# package version from here (tool.setuptools.dynamic).
__version__ = "0.1.0"
