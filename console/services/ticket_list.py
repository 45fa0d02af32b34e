"""The main window's reads of the ticket list: its keyset pages, a ticket's detail, a search's
ids, the tickets other seats wrote, and the warm-up of those reads before the first paint.

The SQL lives in console.store.queries (ticket_list, search); this module is the window's one
door to it, so the window holds no session and imports nothing of the store (an import-linter
contract in pyproject.toml holds the window and the command line to that). A page and the rows
it names are read in one raw read (`list_read`), so the two agree even while other seats write.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from ..store import queries
from ..store.prepared import RawRead
from ..store.queries import IMPORTED_OPEN, TicketBrief, TicketDetail, TicketPhotoRow, TicketWhere
from .context import Desk, get_setting

__all__ = ["IMPORTED_OPEN", "SEARCH_LIMIT", "ListRead", "TicketBrief", "TicketDetail", "TicketPhotoRow", "TicketWhere",
           "changed_since", "list_filter", "list_read", "search_ids", "ticket_detail", "warm_up"]

SEARCH_LIMIT = 500  # the ids a search hands the list (newest first); more is a search to narrow


def list_filter(statuses: Iterable[str] | None = None, search_ids: Iterable[int] | None = None, *,
                shift_id: int | None = None, received_from: datetime | None = None,
                received_to: datetime | None = None, category_ids: Iterable[int] | None = None,
                community_ids: Iterable[int] | None = None, unit_id: int | None = None) -> TicketWhere:
    """The list's filter as the store's WHERE clauses (console.store.queries.ticket_filter says what
    each argument means: `search_ids=None` is "no search", an empty list "the search found nothing")."""
    return queries.ticket_filter(statuses, search_ids, shift_id=shift_id, received_from=received_from,
                                 received_to=received_to, category_ids=category_ids,
                                 community_ids=community_ids, unit_id=unit_id)


class ListRead:
    """One raw read of the list (console.store.prepared): a keyset page and the rows it names."""

    def __init__(self, read: RawRead):
        self._read = read

    def page(self, where: TicketWhere, after: tuple[Any, ...] | None, limit: int, *, order: str,
             descending: bool) -> list[tuple[int, tuple[Any, ...]]]:
        """(id, sort key) of up to `limit` tickets after the sort key `after` (None: from the top);
        `order` is a key of console.store.queries.TICKET_ORDERS."""
        return queries.ticket_ids_page(self._read, after, limit, where=where, order=order,
                                       descending=descending)

    def rows(self, ids: Iterable[int]) -> list[TicketBrief]:
        """The list rows of these tickets, in the order of `ids` (unknown ids skipped)."""
        return queries.ticket_rows_by_ids(self._read, ids)


@contextmanager
def list_read(desk: Desk) -> Iterator[ListRead]:
    with desk.db.raw_read() as r:
        yield ListRead(r)


def ticket_detail(desk: Desk, ticket_id: int) -> TicketDetail | None:
    """Everything the detail pane, the action bar and printing show of one ticket (None: gone)."""
    with desk.db.read() as s:
        return queries.ticket_detail(s, ticket_id)


def changed_since(desk: Desk, since: datetime) -> set[int]:
    """Tickets any seat wrote at or after `since` (from the audit trail's indexed time)."""
    with desk.db.read() as s:
        return queries.ticket_ids_changed_since(s, since)


def search_ids(desk: Desk, term: str, limit: int = SEARCH_LIMIT) -> list[int]:
    """The ids matching `term`, newest first; runs on the worker pool (a raw read: issue 21)."""
    with desk.db.raw_read() as r:
        return queries.search_ticket_ids(r, term, limit=limit)


def warm_up(desk: Desk, page_size: int, horizon: timedelta) -> None:
    """The reads the window makes before its first paint, once, on the start-up thread.

    console.ui.shell.startup_preload calls this while the operator types the password:
    SQLAlchemy compiles each statement the first time it runs (and imports the services
    behind the filter lists lazily), so running them here leaves the window's constructor
    with cached SQL and warm file pages. Results are thrown away; a statement missing
    from this list is only slower, never wrong.
    """
    from .categories import category_choices, community_choices
    from .phonebook_reads import unit_names
    from .shifts import current_shift

    now = desk.now()
    with desk.db.read() as s:
        page = queries.ticket_ids_page(s, None, page_size, where=())
        queries.ticket_rows_by_ids(s, [i for i, _ in page])
        if page:
            queries.ticket_detail(s, page[0][0])
        get_setting(s, "desk_name", "")
        current_shift(s)
        queries.due_counts(s, now)
        queries.due_queue(s, now, horizon)
        queries.next_due_after(s, now + horizon)
    category_choices(desk)
    community_choices(desk)
    unit_names(desk)
