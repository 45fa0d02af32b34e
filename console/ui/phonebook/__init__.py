"""The phonebook of responsible units: the window, its table model, editing one unit and
importing units from a spreadsheet (with the rows that failed, grouped)."""
