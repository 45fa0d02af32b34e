"""The shell around the desk: starting the window (launch, start-up preload, the window
ahead of the login), one copy per seat (single_instance), crash reports, language (i18n),
theme, tray icon and the check that this machine can show a window at all (platform_check).

It opens the rooms; the rooms never import the shell except i18n and theme."""
