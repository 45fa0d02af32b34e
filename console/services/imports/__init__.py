"""The writing half of the spreadsheet imports: apply a planned sheet (permission checked, one
transaction, audited). Reading and checking the file is console.sheets; call
`units.import_units_file`, `tickets.import_tickets_file`, `street.import_street_file` and
`phonebook_export.export_phonebook_xlsx`.
"""
