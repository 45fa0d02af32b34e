"""The tickets room, the desk's main window: the ticket list (filter bar, table model),
the detail pane, the lifecycle actions and their dialogs, and the companion windows the
main window opens (desk_windows: phonebook, registers, missed calls, due rules…)."""
