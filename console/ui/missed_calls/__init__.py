"""Missed calls to call back: the window, its table model and the dialog that logs one."""
