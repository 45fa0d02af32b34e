"""One module per command group; each handler takes (args, ctx) and returns the exit status.

Each module imports only the standard library at its top: the services,
SQLAlchemy, openpyxl and reportlab are imported inside the handlers, so
`--version` and the window's start pay for none of them.
"""
