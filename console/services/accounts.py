"""Accounts and passwords (kept as argon2id hashes: console.domain.passwords)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.enums import Role
from ..domain.errors import ConflictError, UserError, ValidationError
from ..domain.login_throttle import delay_after, refusal
from ..domain.passwords import hash_password, needs_rehash, verify_password
from ..domain.permissions import require
from ..store.models import LoginThrottle, User
from .context import Actor, Desk, audit


def _check_password(password: str) -> None:
    if len(password) < 6:
        raise ValidationError("密码至少 6 个字符。", "A password needs at least 6 characters.")
    if len(password) > 256:
        raise ValidationError("密码太长。", "The password is too long.")


def add_user(desk: Desk, actor: Actor, username: str, password: str, role: str,
             display_name: str = "") -> int:
    require(actor.role, "manage_accounts")
    username = (username or "").strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise ValidationError("用户名不能为空、不能含空格，最多 64 个字符。",
                              "A user name must be 1–64 characters with no spaces.")
    try:
        role = str(Role.from_text(role))
    except ValueError:
        raise ValidationError(f"未知的角色：{role}（可选 operator、supervisor、admin）。",
                              f"Unknown role: {role} (operator, supervisor, admin).") from None
    _check_password(password)
    with desk.db.write() as s:
        if s.scalar(select(User.id).where(User.username == username)) is not None:
            raise ValidationError(f"用户名“{username}”已存在。", f"The user name {username!r} is taken.")
        u = User(username=username, display_name=(display_name or username)[:64], role=role,
                 password_hash=hash_password(password), active=True, created_at=desk.now())
        s.add(u)
        s.flush()
        audit(s, actor, desk.now(), "add_user", "user", u.id, None, {"username": username, "role": role})
        return u.id


def check_login(desk: Desk, username: str, password: str) -> Actor:
    """The Actor for a right name and password, else a UserError — a name locked by too many wrong
    passwords is refused without looking at the password (console.domain.login_throttle). No side effects:
    the window checks a password while it is typed (console.ui.login.password_check_ahead); only a
    submitted attempt counts (`record_login`)."""
    name = (username or "").strip()
    with desk.db.read() as s:  # read() rolls back at the end, which expires u: use it inside
        locked = s.scalar(select(LoginThrottle.locked_until).where(LoginThrottle.username == name[:64]))
        refused = refusal(locked, desk.now())
        if refused is not None:
            raise refused
        u = s.scalar(select(User).where(User.username == name))
        if u is None or not u.active or not verify_password(password or "", u.password_hash):
            raise UserError("用户名或密码不对。", "Wrong user name or password.")
        return Actor(u.id, u.username, u.display_name, u.role)


def record_login(desk: Desk, username: str, ok: bool) -> None:
    """Count a submitted attempt: a right password clears the name's count; a wrong one adds to it and, past
    the free ones, locks the name for a doubling delay (audited when a lock starts). An attempt refused
    while locked does not count again."""
    name = (username or "").strip()[:64]
    if not name:
        return
    now = desk.now()
    with desk.db.write() as s:
        row = s.get(LoginThrottle, name)
        if ok:
            if row is not None:
                s.delete(row)
            return
        if row is None:
            row = LoginThrottle(username=name, failures=0)
            s.add(row)
        elif row.locked_until is not None and row.locked_until > now:
            return
        row.failures = (row.failures or 0) + 1
        row.last_failure_at = now
        delay = delay_after(row.failures)
        row.locked_until = now + delay if delay else None
        if delay:
            audit(s, Actor(None, name, name, "operator"), now, "login_locked", "user", None, None,
                  {"username": name, "failures": row.failures, "seconds": int(delay.total_seconds())})


def authenticate(desk: Desk, username: str, password: str) -> Actor:
    """`check_login`, and the attempt counted (`record_login`): the login dialog's submit, the command line."""
    try:
        actor = check_login(desk, username, password)
    except UserError:
        record_login(desk, username, ok=False)
        raise
    logged_in(desk, actor, password)
    return actor


def logged_in(desk: Desk, actor: Actor, password: str) -> None:
    """A submitted, right password: the name's throttle count cleared (`record_login`), and the password
    kept the current way (argon2id) if it was kept an older way (scrypt) — the one moment the program
    has it. Compare-and-set on the old hash: a password changed meanwhile on another seat is left alone.
    The re-hash is audited, without either hash."""
    record_login(desk, actor.username, ok=True)
    if actor.id is None:
        return
    with desk.db.read() as s:
        stored = s.scalar(select(User.password_hash).where(User.id == actor.id))
    if stored is None or not needs_rehash(stored):
        return
    fresh = hash_password(password)  # before the transaction: the hash takes a moment, the lock need not
    with desk.db.write() as s:
        u = s.get(User, actor.id)
        if u is None or u.password_hash != stored:
            return
        u.password_hash = fresh
        audit(s, actor, desk.now(), "rehash_password", "user", u.id, None,
              {"username": u.username, "scheme": "argon2id"})


def expected_actor(desk: Desk, username: str) -> Actor | None:
    """Who logs in with this name if the password turns out right; None for no such active user.

    No password is checked: the launcher uses it only to build that user's window,
    hidden, while the password is being typed (console.ui.shell.window_ahead). The window
    is shown only if authenticate() later returns this very Actor."""
    with desk.db.read() as s:
        u = s.scalar(select(User).where(User.username == (username or "").strip()))
        if u is None or not u.active:
            return None
        return Actor(u.id, u.username, u.display_name, u.role)


def change_password(desk: Desk, actor: Actor, user_id: int, new_password: str) -> None:
    if actor.id != user_id:
        require(actor.role, "manage_accounts")
    _check_password(new_password)
    with desk.db.write() as s:
        u = s.get(User, user_id)
        if u is None:
            raise ValidationError("用户不存在。", "No such user.")
        u.password_hash = hash_password(new_password)
        audit(s, actor, desk.now(), "change_password", "user", u.id, None, {"username": u.username})


def create_first_admin(desk: Desk, username: str, password: str, display_name: str = "") -> Actor:
    """The desk's first administrator, made by the set-up assistant on a desk without accounts.

    Nobody is logged in yet, so no role can be checked: the rule is instead
    that the database has no active account, checked inside the write
    transaction (two seats starting on one new desk cannot both make "the
    first" admin; the second is told to log in). Audited as done by the new
    account itself. No default password exists: the person types one.
    """
    username, display_name = check_first_admin(username, password, display_name)
    hashed = hash_password(password)  # before the transaction: the hash takes a moment, the lock need not
    with desk.db.write() as s:
        if s.scalar(select(User.id).where(User.active).limit(1)) is not None:
            raise ConflictError("这个值班台已经有账号了，请用已有账号登录。",
                                "This desk already has an account; log in with it.")
        if s.scalar(select(User.id).where(User.username == username)) is not None:
            raise ValidationError(f"用户名“{username}”已存在。", f"The user name {username!r} is taken.")
        u = User(username=username, display_name=display_name or username, role=str(Role.ADMIN),
                 password_hash=hashed, active=True, created_at=desk.now())
        s.add(u)
        s.flush()
        actor = Actor(u.id, u.username, u.display_name, u.role)
        audit(s, actor, desk.now(), "create_first_admin", "user", u.id, None,
              {"username": username, "role": u.role})
        return actor


def check_first_admin(username: str, password: str, display_name: str = "") -> tuple[str, str]:
    """(user name, display name) as `create_first_admin` will store them, or a ValidationError.

    The set-up assistant checks its page with this before anything is written."""
    username = (username or "").strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise ValidationError("用户名不能为空、不能含空格，最多 64 个字符。",
                              "A user name must be 1–64 characters with no spaces.")
    display_name = " ".join((display_name or "").split())
    if len(display_name) > 64:
        raise ValidationError("姓名太长（最多 64 个字）。", "The display name is too long (at most 64 characters).")
    _check_password(password)
    return username, display_name


# ------------------------------------------------------------------ the accounts editor (管理 → 账号)

from dataclasses import dataclass  # noqa: E402 - appended section, kept apart for merges

from sqlalchemy import func  # noqa: E402

from .context import Changes, unchanged  # noqa: E402


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool


def list_accounts(desk: Desk, actor: Actor) -> list[AccountRow]:
    """Every account, active first, then by user name (admins only: it names who may log in)."""
    require(actor.role, "manage_accounts")
    with desk.db.read() as s:
        return [AccountRow(u.id, u.username, u.display_name, u.role, bool(u.active))
                for u in s.scalars(select(User).order_by(User.active.desc(), User.username))]


def _user(s: Session, user_id: int) -> User:
    u = s.get(User, user_id)
    if u is None:
        raise ValidationError("用户不存在。", "No such user.")
    return u


def _keep_an_admin(s: Session, user: User) -> None:
    """Refuse when `user` is the last active administrator (read inside the write transaction,
    which holds the write lock on SQLite and locks the admin rows on PostgreSQL, so two seats
    cannot each remove "the other" admin)."""
    q = select(User.id).where(User.role == Role.ADMIN.value, User.active, User.id != user.id)
    if s.get_bind().dialect.name != "sqlite":
        q = q.with_for_update()
    if user.role == Role.ADMIN.value and user.active and not s.scalars(q).first():
        raise ValidationError("这是最后一个在用的管理员账号，不能停用或降级。",
                              "This is the last active administrator: it cannot be deactivated or demoted.")


def set_role(desk: Desk, actor: Actor, user_id: int, role: str, *, expected: str | None = None) -> Changes:
    """Another person's role (one's own is changed by another admin: the window in use acts with
    the role it logged in with, so a change of one's own would not take hold until the next log in).

    `expected`: the role the editor showed; another admin's change since is refused."""
    require(actor.role, "manage_accounts")
    try:
        role = str(Role.from_text(role))
    except ValueError:
        raise ValidationError(f"未知的角色：{role}。", f"Unknown role: {role}.") from None
    with desk.db.write() as s:
        u = _user(s, user_id)
        unchanged(s, desk, "user", u.id, u.username, expected, u.role)
        if u.role == role:
            return Changes()
        if u.id == actor.id:
            raise ValidationError("不能修改自己正在使用的账号的角色，请由另一位管理员修改。",
                                  "You cannot change the role of the account you are using; ask another admin.")
        if role != Role.ADMIN.value:
            _keep_an_admin(s, u)
        audit(s, actor, desk.now(), "set_role", "user", u.id,
              {"username": u.username, "role": u.role}, {"username": u.username, "role": role})
        u.role = role
    return Changes(settings=True)


def set_display_name(desk: Desk, actor: Actor, user_id: int, display_name: str, *,
                     expected: str | None = None) -> Changes:
    """The name the status bar, the audit view and the shift log show (`expected`: as the editor showed it)."""
    if actor.id != user_id:
        require(actor.role, "manage_accounts")
    name = " ".join((display_name or "").split())
    if not name or len(name) > 64:
        raise ValidationError("姓名不能为空，最多 64 个字。", "The display name must be 1–64 characters.")
    with desk.db.write() as s:
        u = _user(s, user_id)
        unchanged(s, desk, "user", u.id, u.username, expected, u.display_name)
        if u.display_name == name:
            return Changes()
        audit(s, actor, desk.now(), "set_display_name", "user", u.id,
              {"username": u.username, "display_name": u.display_name},
              {"username": u.username, "display_name": name})
        u.display_name = name
    return Changes(settings=True)


def set_active(desk: Desk, actor: Actor, user_id: int, active: bool) -> Changes:
    """Deactivate (cannot log in; the name stays on every ticket and audit row) or reactivate.

    An administrator cannot deactivate their own account while using it: the
    window would go on acting for an account that may not log in.
    """
    require(actor.role, "manage_accounts")
    with desk.db.write() as s:
        u = _user(s, user_id)
        if bool(u.active) == bool(active):
            return Changes()
        if not active:
            if u.id == actor.id:
                raise ValidationError("不能停用自己正在使用的账号。", "You cannot deactivate the account you are using.")
            _keep_an_admin(s, u)
        audit(s, actor, desk.now(), "reactivate_user" if active else "deactivate_user", "user", u.id,
              {"username": u.username, "active": bool(u.active)}, {"username": u.username, "active": bool(active)})
        u.active = bool(active)
    return Changes(settings=True)


def reset_password(desk: Desk, actor: Actor, user_id: int, new_password: str) -> Changes:
    """An admin sets a new password for someone who forgot theirs (the audit names both)."""
    require(actor.role, "manage_accounts")
    change_password(desk, actor, user_id, new_password)
    return Changes()


def has_accounts(desk: Desk) -> bool:
    """Whether the desk has any account at all (a desk just made by `init` has none: the command line then
    acts as the system until the first is added)."""
    with desk.db.read() as s:
        return s.scalar(select(User.id).limit(1)) is not None


def has_active_users(desk: Desk) -> bool:
    """Whether anyone can log in: the window refuses to start without an account (and offers the first)."""
    from ..store.queries import has_active_users as anyone_active

    with desk.db.read() as s:
        return anyone_active(s)


def active_admins(desk: Desk) -> int:
    with desk.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(User)
                            .where(User.role == Role.ADMIN.value, User.active)) or 0)
