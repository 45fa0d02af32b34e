"""Files in and out: the export dialogs (shift log, quarterly figures, spreadsheets) and
importing tickets from a spreadsheet (--add-missing included)."""
