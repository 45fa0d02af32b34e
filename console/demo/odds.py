"""The demo world's odds: how often its residents call again, miss the desk, are unhappy, and what they say.

The seeds' ratios (shared/seeds/README.md; the figures they produce are in console.demo.desk's docstring).
The history generator (console.demo.history) draws against these in a fixed order, so changing one changes
the seeded desk (tests/demo/test_demo_digest.py holds its tables).
"""
from __future__ import annotations

from random import Random

P_REPEAT = 0.07          # caller phoned within the last 7 days
P_SPECIAL = 0.012        # caller is on the special-groups register
P_DUPLICATE = 0.5        # a repeat within 2 h about the same thing is a duplicate, voided
P_VOID_OTHER = 0.003     # prank, wrong number, test call
P_STUCK = 0.004          # dispatched long ago, still waiting on the street office
P_NOT_YET = 0.10         # first check-back: nobody has come yet
P_UNSATISFIED = 0.05     # first satisfaction call
P_LATE_CALL = 0.04       # satisfaction call after its one-day deadline
P_MISSED = 0.031         # missed calls per answered phone call (≈3% of call volume)
P_NO_SCORE = 0.05        # resident gives no attitude/ability score

# Mobile prefixes a demo caller's number starts with (the rest is drawn).
MOBILE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "158", "159", "186", "188", "189", "177",
                   "180", "181", "199", "130", "131", "132", "133", "153")


def solved_said(rating: str, tid: int) -> str:
    """已解决 / 部分解决 / 未解决 as the demo's residents answer it beside their rating (for 解决率). Derived from
    the rating and the ticket's id, not drawn: the generator's random stream, and so the seeded history, stays
    as it was before the question was asked."""
    if rating == "satisfied":
        return "solved"
    if rating == "fairly":
        return "solved" if tid % 4 else "partly"
    return "unsolved" if tid % 2 else "partly"


def resident_scores(r: Random, kind: str) -> tuple[int | None, int | None]:
    """The attitude and ability scores (1–5) a resident gives beside a `kind` of rating, or none
    (P_NO_SCORE): three draws from `r` when scored, one when not, in the generator's order."""
    if r.random() < P_NO_SCORE:
        return None, None
    x, y = r.random(), r.random()
    if kind == "satisfied":
        return (5 if x < 0.78 else 4), (5 if y < 0.65 else 4 if y < 0.95 else 3)
    if kind == "fairly":
        return (4 if x < 0.55 else 3 if x < 0.9 else 5), (4 if y < 0.45 else 3 if y < 0.9 else 2)
    return (3 if x < 0.4 else 2 if x < 0.8 else 1), (2 if y < 0.5 else 1 if y < 0.8 else 3)
