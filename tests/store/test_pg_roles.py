"""The seat role's grants (console.store.pg_roles), without a server: the psql recipe in docs/
is the module's own output, and the statements never hand a seat the owner's powers."""
from __future__ import annotations

from pathlib import Path

import pytest

from console.store.pg_roles import SCRIPT_PATH, quote_ident, seat_grant_script, seat_grant_statements

ROOT = Path(__file__).resolve().parents[2]


def test_the_documented_recipe_is_what_the_module_generates():
    """Regenerate with: python -c "from console.store.pg_roles import seat_grant_script as s;
    open('docs/postgresql-seat-role.sql', 'w').write(s())" """
    assert (ROOT / SCRIPT_PATH).read_text(encoding="utf-8") == seat_grant_script()


def test_the_seat_gets_rows_not_the_tables():
    sql = seat_grant_statements("hotline_seat", "hotline_owner")
    joined = "\n".join(sql).upper()
    assert "TRUNCATE" not in joined and "TRIGGER" not in joined and "REFERENCES" not in joined
    assert " ALL " not in joined.replace("REVOKE ALL", "").replace("ALL TABLES", "").replace("ALL SEQUENCES", "")
    # the append-only trail and the schema version are narrowed after the broad grant
    broad = next(i for i, s in enumerate(sql) if "ON ALL TABLES" in s)
    assert sql[broad + 1:broad + 3] == ['REVOKE ALL ON TABLE "public".audit_log FROM "hotline_seat"',
                                        'GRANT SELECT, INSERT ON TABLE "public".audit_log TO "hotline_seat"']
    assert 'GRANT SELECT ON TABLE "public".alembic_version TO "hotline_seat"' in sql
    assert any(s.startswith('ALTER DEFAULT PRIVILEGES FOR ROLE "hotline_owner"') for s in sql)


@pytest.mark.parametrize(("name", "quoted"), [("seat", '"seat"'), ('we"ird', '"we""ird"'), ("席位", '"席位"')])
def test_role_names_are_quoted_as_identifiers(name, quoted):
    assert quote_ident(name) == quoted


@pytest.mark.parametrize("bad", ["", "a\x00b"])
def test_an_unusable_role_name_is_refused(bad):
    with pytest.raises(ValueError):
        quote_ident(bad)
