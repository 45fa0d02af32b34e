"""The demo desk's log-ins, shown on the login dialog in --demo mode.

Kept apart from console.demo.desk (which builds the demo data and
imports the whole store) so the login dialog can show them before the
database layer has been imported.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str


# README documents these; all share DEMO_PASSWORD.
DEMO_PASSWORD = "hotline"
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("zhang", "张晓梅", "operator"),
    DemoAccount("wang", "王建国", "operator"),
    DemoAccount("li", "李主任", "supervisor"),
    DemoAccount("admin", "管理员", "admin"),
)
