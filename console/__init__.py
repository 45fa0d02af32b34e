"""hotline-console: the duty-desk console of a community service hotline."""
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("hotline-console")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
