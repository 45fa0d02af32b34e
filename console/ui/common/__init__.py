"""What every room of the window shares: background workers (TaskRunner), yes/no questions
(ask), the keyboard-first list table, plain-text escaping, the status bar, the keyset-paged
model base and the one-line wording of database errors (errors).

Nothing here knows a feature room; every room may import from here."""
