"""Who may do what. Checked in the services, so no front end can skip it."""
from __future__ import annotations

from .enums import Role
from .errors import PermissionDenied

SUPERVISOR_ONLY = {
    "void": ("作废工单", "void a ticket"),
    "edit_deadline_rules": ("修改时限规则", "edit deadline rules"),
    "export_unmasked": ("导出未打码的电话号码", "export unmasked phone numbers"),
    "import_tickets": ("导入历史工单", "import old tickets"),
    "manage_street": ("修改社区和网格", "change communities and grids"),
    "manage_lists": ("修改问题分类和诉求类型", "change categories and request types"),
    "manage_desk": ("修改值班台设置", "change the desk's settings"),
    "correct_steps": ("更正别人的或较早的操作", "correct someone else's or an older step"),
    "press": ("督办工单", "press a unit on a ticket"),
    "decide_extensions": ("审批延期申请", "decide requests for more time"),
    "decide_returns": ("审批退单", "decide a unit's return of a ticket"),
    "merge": ("并单", "merge duplicate tickets"),
    "lift_confidential": ("取消工单的保密", "lift a ticket's confidentiality"),
    "review_ratings": ("复核不满意评价", "review an unfavourable rating"),
}
ADMIN_ONLY = {
    "manage_accounts": ("管理账号", "manage accounts"),
    "replace_desk": ("从备份恢复或整库迁移数据库", "restore the database or move the whole desk"),
}


def may(role: str, action: str) -> bool:
    r = Role(role)
    if action in ADMIN_ONLY:
        return r is Role.ADMIN
    if action in SUPERVISOR_ONLY:
        return r in (Role.SUPERVISOR, Role.ADMIN)
    return True


def require(role: str, action: str) -> None:
    if may(role, action):
        return
    zh, en = (SUPERVISOR_ONLY | ADMIN_ONLY)[action]
    need_zh = "管理员" if action in ADMIN_ONLY else "值班领导或管理员"
    need_en = "an admin" if action in ADMIN_ONLY else "a supervisor or an admin"
    raise PermissionDenied(f"只有{need_zh}可以{zh}。", f"Only {need_en} may {en}.")
