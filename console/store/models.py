"""The desk's tables as typed SQLAlchemy models.

Codes (status, channel, kinds) are short ASCII strings from
`console.domain.enums`; labels are looked up there, never stored.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..domain.unit_search import unit_search_text
from .types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    __table_args__ = (CheckConstraint("role in ('operator','supervisor','admin')", name="role"),)


class LoginThrottle(Base):
    """Wrong passwords in a row per typed name, and until when it is locked (console.domain.login_throttle)."""

    __tablename__ = "login_throttle"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Grid(Base):
    """网格: a part of the street with its own grid workers."""

    __tablename__ = "grids"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    worker: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    # Retired: hidden from pickers and editors' "add to" lists, kept on old tickets (never deleted once used).
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Community(Base):
    __tablename__ = "communities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    initials: Mapped[str] = mapped_column(String(64), default="")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    grid: Mapped[Grid | None] = relationship()


class Category(Base):
    """问题分类, two levels: a parent (水电气) and its children (停电)."""

    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    name: Mapped[str] = mapped_column(String(64))
    initials: Mapped[str] = mapped_column(String(64), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # A city platform's or GB/T 39666 code that exports carry; "" when the desk has none.
    code: Mapped[str] = mapped_column(String(32), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    parent: Mapped[Category | None] = relationship(remote_side="Category.id")
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_categories_parent_name"),)

    @property
    def path(self) -> str:
        return f"{self.parent.name}/{self.name}" if self.parent else self.name


class RequestTypeRow(Base):
    """诉求类型; the codes are fixed in the domain, the table lets SQL join labels."""

    __tablename__ = "request_types"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(16))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


def _unit_search_on_insert(context: DefaultExecutionContext) -> str:
    """A new unit's search text from the row being inserted (it has no contacts yet).

    Writers that insert a unit by its name alone (an import's "add missing") need nothing more to
    make it findable; console.services.phonebook rewrites it once the contacts are in.
    """
    row = context.get_current_parameters()
    return unit_search_text(row.get("name") or "", row.get("initials") or "", row.get("skills") or "",
                            row.get("notes") or "")


class Unit(Base):
    """责任单位: who can be sent to fix a problem."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    initials: Mapped[str] = mapped_column(String(128), default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # "import" for a unit an import created because a sheet named it (no contacts yet: the
    # phonebook says so until the desk completes it); "" for one entered at the desk.
    origin: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # bumped by every change (console.services.phonebook): a save from a stale copy is refused, not applied
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # What the phonebook's search matches (console.domain.unit_search builds both, from the unit and its
    # contacts; console.store.unit_search keeps them current after each write of the phonebook).
    search_text: Mapped[str] = mapped_column(Text, default=_unit_search_on_insert, server_default="")
    search_digits: Mapped[str] = mapped_column(Text, default="", server_default="")
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="Contact.id"
    )


class UnitCommunity(Base):
    __tablename__ = "unit_communities"
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )


class UnitCategory(Base):
    __tablename__ = "unit_categories"
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True
    )


class Contact(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    person: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(64), default="")
    phones: Mapped[str] = mapped_column(String(128), default="")
    duty_hours: Mapped[str] = mapped_column(String(128), default="")
    unit: Mapped[Unit] = relationship(back_populates="contacts")


class Shift(Base):
    __tablename__ = "shifts"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handover_note: Mapped[str] = mapped_column(Text, default="")


class Ticket(Base):
    """热线单: one call (or visit) and everything that happened to it."""

    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(16), default="phone")
    caller_name: Mapped[str] = mapped_column(String(64), default="")
    caller_phone: Mapped[str] = mapped_column(String(32), default="")
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    building: Mapped[str] = mapped_column(String(32), default="")
    room: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    # console.domain.address: "12号301室" and "12 / 301" share the key "12-301"
    address_key: Mapped[str] = mapped_column(String(64), default="")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    request_type: Mapped[str] = mapped_column(ForeignKey("request_types.code"), default="help")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="logged")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # someone of the unit on site (到场)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result: Mapped[str] = mapped_column(Text, default="")
    callback_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    satisfaction: Mapped[str | None] = mapped_column(String(16))  # a level's code (console.domain.satisfaction)
    satisfaction_scale: Mapped[int | None] = mapped_column(Integer)  # 3 or 5: the scale it was given on
    # a satisfaction call that ended without a rating: declined (拒评) or unreachable (回访不成功)
    callback_outcome: Mapped[str | None] = mapped_column(String(16))
    # the review of an unfavourable rating: review / rectify / revisit / unjustified / revisited (enums.ReviewStage)
    review_stage: Mapped[str | None] = mapped_column(String(16))
    # whether the resident says it was solved, asked at the satisfaction call (enums.Solved; NULL: not asked)
    solved: Mapped[str | None] = mapped_column(String(16))
    attitude: Mapped[int | None] = mapped_column(Integer)
    ability: Mapped[int | None] = mapped_column(Integer)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # 挂起 since (waiting on the resident)
    # 保密: the caller's name, phone and address are shown in no list and no output (console.domain.masking)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # 并单: the ticket this duplicate was merged into (console.domain.merging); status "merged"
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_tickets_received", "received_at", "id"),
        Index("ix_tickets_phone_received", "caller_phone", "received_at"),
        Index("ix_tickets_status_received", "status", "received_at"),
        Index("ix_tickets_unit", "unit_id"),
        Index("ix_tickets_category", "category_id"),
        Index("ix_tickets_community", "community_id"),
        Index("ix_tickets_shift", "shift_id"),
        Index("ix_tickets_address", "address_key", "community_id"),
        CheckConstraint("attitude is null or attitude between 1 and 5", name="attitude"),
        CheckConstraint("ability is null or ability between 1 and 5", name="ability"),
    )


class TicketEvent(Base):
    """One step of a ticket's life: who did what, when, from which status."""

    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    detail: Mapped[str] = mapped_column(Text, default="")
    # console.domain.undo: the ticket and its deadlines before this step (JSON, services/step_undo.py),
    # and when / by whom (a users.id) the step was taken back
    before_state: Mapped[str | None] = mapped_column(Text)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undone_by: Mapped[int | None] = mapped_column(Integer)


class MissedCall(Base):
    __tablename__ = "missed_calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    called_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    called_back_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    logged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # the telephone's call id when the link reported it (migration 0022); unique: recorded once per call
    call_id: Mapped[str | None] = mapped_column(String(128))

    __table_args__ = (Index("uq_missed_calls_call_id", "call_id", unique=True),)


class LiveCall(Base):
    """A call ringing at the desk now (or a moment ago), shared by its seats (migration 0024).

    The link that hears the telephone (a seat's in-process link, or `calls listen`) writes the ring, the
    answer and the end; every seat's window reads new rows to show the caller card; the seat that takes
    the call sets `taken_by` by compare-and-set (console.services.live_calls). A blackboard, not a record:
    rows older than a day are pruned; the missed call and the ticket are what the desk keeps."""

    __tablename__ = "live_calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(String(128))
    caller: Mapped[str] = mapped_column(String(32), default="")
    line: Mapped[str] = mapped_column(String(128), default="")
    source: Mapped[str] = mapped_column(String(16), default="")
    rang_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cause: Mapped[str | None] = mapped_column(String(24))
    taken_by: Mapped[str | None] = mapped_column(String(80))  # who took it, as the other seats read it
    taken_by_user: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("uq_live_calls_call_id", "call_id", unique=True),)


class Deadline(Base):
    """A promise with a time: the due queue is a query over these rows."""

    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    missed_call_id: Mapped[int | None] = mapped_column(ForeignKey("missed_calls.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(16))
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    snooze_reason: Mapped[str] = mapped_column(Text, default="")
    # a co-handling unit's check-back (kind co_check_back, console.services.co_units): which unit
    co_unit_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_co_units.id"))
    __table_args__ = (
        Index("ix_deadlines_open_due", "done_at", "due_at"),
        CheckConstraint(
            "(ticket_id is not null) or (missed_call_id is not null)", name="has_subject"
        ),
    )


class DeadlineRuleRow(Base):
    __tablename__ = "deadline_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    urgency: Mapped[str | None] = mapped_column(String(16))
    minutes: Mapped[int] = mapped_column(Integer)
    # the minutes are counted on working days only (console.domain.work_calendar)
    working_time: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    __table_args__ = (
        UniqueConstraint("kind", "category_id", "urgency", name="uq_deadline_rules_scope"),
        CheckConstraint("minutes between 1 and 43200", name="minutes"),
    )


class SpecialGroupMember(Base):
    """重点人群: residents the desk must treat with extra care."""

    __tablename__ = "special_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32), default="", index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    address: Mapped[str] = mapped_column(String(255), default="")
    group: Mapped[str] = mapped_column(String(32))
    needs: Mapped[str] = mapped_column(Text, default="")
    grid_worker: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # a stale save is refused


class HandbookEntry(Base):
    """服务手册: a standard answer, read out when answering on the spot."""

    __tablename__ = "handbook_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    keywords: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # a stale save is refused


class AuditEntry(Base):
    """The append-only audit trail (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
    # console.domain.audit_chain: the previous row's hash and this row's (a row changed or removed shows)
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # where the step came from when not the window: "cli:<operating-system account>" (chained when set)
    via: Mapped[str] = mapped_column(String(96), default="", server_default="")
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)


class TicketCall(Base):
    """追加: a repeat call about an open ticket, recorded on it (console.services.tickets.add_call)."""

    __tablename__ = "ticket_calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    caller_phone: Mapped[str] = mapped_column(String(32), default="")
    caller_name: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(16), default="phone", server_default="phone")
    # the merged ticket this caller came from (并单, console.domain.merging); None for a 追加 call. The
    # figures count such a call on its own ticket (a merged one), never twice.
    source_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))


class TicketCoUnit(Base):
    """协办: a unit that helps the ticket's lead unit (主办, tickets.unit_id), checked back on its own."""

    __tablename__ = "ticket_co_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    came_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its check-back: someone came


class TicketPhoto(Base):
    """现场照片: a photo kept with a ticket, re-encoded without metadata (console.services.photos)."""

    __tablename__ = "ticket_photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    media_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255), default="")  # the file's name as added (shown only)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ExtensionRequest(Base):
    """延期: a unit asks for more time on a ticket; a supervisor approves or refuses (console.services.extensions)."""

    __tablename__ = "extension_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    working_days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved: Mapped[bool | None] = mapped_column(Boolean)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (CheckConstraint("working_days between 1 and 30", name="days"),)


class CalendarDayRow(Base):
    """An exception to the Monday–Friday week (console.domain.work_calendar): a holiday or a 调休 day."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # holiday / workday
    name: Mapped[str] = mapped_column(String(64), default="")
    __table_args__ = (CheckConstraint("kind in ('holiday', 'workday')", name="kind"),)


class CalendarYear(Base):
    """A year whose holidays the desk has (seeded from chinese-calendar, entered or imported)."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(32), default="")


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class TicketCounter(Base):
    """Last ticket sequence of a local day; bumped atomically on insert."""

    __tablename__ = "ticket_counters"
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class PolicyStamp(Base):
    """One row (id 1): a random token that triggers renew on any change to the deadline policy's inputs (the
    rules, the calendar's days and years, the time zone setting; migration 0025). The policy built from
    those inputs is kept by its token (services.deadlines.load_policy), so a call reads one short value to
    know another seat changed nothing."""

    __tablename__ = "policy_stamp"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
