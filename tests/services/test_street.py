"""The desk's own street: the naming rule once, and adding communities and grids."""
from __future__ import annotations

import pytest

from console.domain.errors import PermissionDenied, ValidationError
from console.services import street as S


def test_a_place_name_is_folded_and_checked():
    assert S.clean_place_name("  临江一村  ") == "临江一村"
    assert S.clean_place_name("ＡＢ小区") == "AB小区"  # full-width letters from an input method
    for bad in ("", "   ", "甲/乙", "甲、乙", "长" * 65):
        with pytest.raises(ValidationError):
            S.clean_place_name(bad)


def test_names_pasted_from_a_spreadsheet_column():
    assert S.split_names("临江一村\t12\n\n临江二村\r\n临江一村\n  ") == ["临江一村", "临江二村"]


def test_add_communities_and_a_grid(desk, admin, operator):
    ids = S.add_communities(desk, admin, ["临江一村", "临江二村"])
    gid = S.add_grid(desk, admin, "第九网格", "周网格", "13900000009", ids)
    rows = {c.name: c for c in S.list_communities(desk)}
    assert rows["临江一村"].grid_id == gid and rows["临江二村"].grid == "第九网格"
    g = next(g for g in S.list_grids(desk) if g.id == gid)
    assert g.communities == ("临江一村", "临江二村") and g.worker == "周网格"
    with pytest.raises(ValidationError, match="已存在"):
        S.add_communities(desk, admin, ["临江三村", "临江一村"])
    assert "临江三村" not in {c.name for c in S.list_communities(desk)}  # all or none
    with pytest.raises(PermissionDenied):
        S.add_communities(desk, operator, ["临江四村"])


def test_street_name_is_a_setting(desk, admin):
    S.set_street_name(desk, admin, "临江街道")
    assert S.street_name(desk) == "临江街道"
    assert not S.set_street_name(desk, admin, "临江街道").settings  # unchanged: nothing written
