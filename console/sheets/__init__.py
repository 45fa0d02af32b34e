"""Spreadsheets from outside, read safely and planned without touching the desk: xlsx safety
(untrusted files), header matching, row checks and the grouped errors. Pure: no session, no
audit; the services in console.services.imports apply what is planned here. Modules import
openpyxl late, so importing this package costs nothing at start-up.
"""
