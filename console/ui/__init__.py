"""The window (PySide6): one package per room of the desk, as an operator meets them.

    shell/         starting the window, one copy per seat, crash reports, language, theme, tray
    common/        what every room shares: workers, ask, list table, errors in one line, status bar
    login/         who sits at the desk: login, password check ahead, switch user
    tickets/       the main window: ticket list, detail, lifecycle actions, companions, sync
    new_call/      F2: the New Call form, caller history, dispatch choice, pick lists, draft
    due/           what falls due: alerts, sound, due queue, snooze, deadline rules
    phonebook/     responsible units: window, table model, edit and import dialogs
    missed_calls/  missed calls to call back: window, table model, dialog
    registers/     登记簿: special groups and the service handbook
    shifts/        opening, handing over and closing a shift
    exports/       export dialogs and the ticket import
    admin/         管理: street, categories, request types, accounts, maintenance, settings, audit
    setup/         the set-up assistant of a new desk

Every table or list model has a file of its own; widgets call services, never the store's SQL.
The main window shows its companions a small surface (tickets.desk_windows.DeskHost).
"""
