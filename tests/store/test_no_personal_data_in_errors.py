"""An unexpected database error never carries the values bound to the statement: a caller's phone, name and
words stay out of hotline.log and crash reports (SQLAlchemy's hide_parameters)."""
from __future__ import annotations

import traceback

import pytest
from sqlalchemy.exc import DBAPIError, StatementError

from console.services import tickets as T


def test_a_stale_category_in_a_save_fails_without_the_callers_data(desk, operator):
    secret_phone, secret_name, secret_words = "13912345678", "欧阳秘密", "我家住在保密小区9号"
    with pytest.raises((DBAPIError, StatementError)) as caught:
        T.log_call(desk, operator, T.NewCall(description=secret_words, caller_phone=secret_phone,
                                             caller_name=secret_name, category_id=987654))
    text = "".join(traceback.format_exception(caught.value))
    for secret in (secret_phone, secret_name, secret_words):
        assert secret not in text
    assert "hide_parameters" in text  # SQLAlchemy says what it left out


def test_the_log_masks_numbers_in_messages_and_tracebacks():
    import logging

    from console.log_setup import MaskingFormatter

    try:
        raise ValueError("居民 13987654321 身份证 110101199003071234")
    except ValueError:
        record = logging.LogRecord("console.x", logging.ERROR, __file__, 1, "caller %s said", ("021-59123456",),
                                   exc_info=__import__("sys").exc_info())
    line = MaskingFormatter("%(message)s").format(record)
    assert "139****4321" in line and "021-****3456" in line and "110***********1234" in line
    assert "98765" not in line and "59123456" not in line and "199003071234" not in line
