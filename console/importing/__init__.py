"""Spreadsheets in and out: files from outside are untrusted (see xlsx_safety).

Modules import openpyxl late, so importing this package costs nothing at
start-up; call `units.import_units_file` for `import units` and
`phonebook_export.export_phonebook_xlsx` for the phonebook sheet.
"""
