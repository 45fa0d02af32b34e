"""The set-up assistant (设置向导): a new desk from its first start to its first logged call.

console.ui.shell.launch opens `SetupAssistant` instead of the login dialog on a
database without an active account; administrators reopen its desk-owned
pages from 设置 → 设置向导…. See assistant.py for the flow, plan.py for
what is written and in which order.
"""
from .assistant import SetupAssistant

__all__ = ["SetupAssistant"]
