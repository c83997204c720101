"""A bug in vnplan is one line naming the file, exit status 3; the traceback with --debug."""

from __future__ import annotations

import sys

import pytest

import vnplan.pipeline
from vnplan.cli import main


def run(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["vnplan", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    return exit_.value.code, capsys.readouterr().err


@pytest.fixture
def buggy(monkeypatch, tmp_path):
    def extract(*args, **kwargs):
        raise KeyError("a bug\nwith a second line")

    monkeypatch.setattr(vnplan.pipeline, "extract", extract)
    plan = tmp_path / "plan.txt"
    plan.write_text("Kế hoạch số 57/KH-UBND", "utf-8")
    return plan


@pytest.mark.parametrize("command", [["extract"], ["refs"], ["report", "-o", "r.html"],
                                     ["export", "--appendix", "a.xlsx"], ["check-citations"]])
def test_an_internal_error_is_one_line_and_exit_3(monkeypatch, capsys, buggy, command):
    code, err = run(monkeypatch, capsys, *command, str(buggy))
    assert code == 3
    assert err == (f"vnplan: error: {buggy}: internal error (KeyError: 'a bug\\nwith a second "
                   "line'); please report it\n")


def test_debug_adds_the_traceback(monkeypatch, capsys, buggy):
    code, err = run(monkeypatch, capsys, "--debug", "extract", str(buggy))
    assert code == 3
    assert err.startswith("Traceback")
    assert err.endswith("please report it\n")


def test_a_user_error_is_still_exit_2(monkeypatch, capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, err = run(monkeypatch, capsys, "extract", str(empty))
    assert code == 2
    assert err == f"vnplan: error: {empty}: the file is empty\n"
