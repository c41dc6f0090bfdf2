"""--break and --watch: a bad one ends with exit status 2 and one line saying why."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("spec, says", [
    ("loss if valeu > 0", "--break 'loss if valeu > 0': column 9: unknown name 'valeu'"),
    ("dL/dw* if abs(value) <", "ends too early"),
    ("if value > 0", "before 'if'"),
    ("loss if value = previous", "'=' assigns"),
])
def test_a_bad_break_exits_2_with_one_line(cli, spec, says) -> None:
    result = cli("--example", "xor", "--iterations", "3", "--break", "loss", "--break", spec)
    assert result.status == 2 and result.out == ""
    assert result.err.count("\n") == 1 and says in result.err
    assert result.err.startswith("tui-backprop: --break")


def test_a_watch_of_nothing_exits_2_with_one_line(cli) -> None:
    result = cli("--example", "xor", "--watch", "w9[1,1]")
    assert result.status == 2
    assert result.err.count("\n") == 1 and "--watch 'w9[1,1]': no step writes 'w9[1,1]'" in result.err


def test_break_and_watch_reach_the_debugger(cli, monkeypatch) -> None:
    from tui_backprop.app.app import BackpropApp

    seen = {}

    def run(self) -> None:
        seen["breaks"] = [bp.text for bp in self._breakpoints]
        seen["watches"] = list(self._watches)

    monkeypatch.setattr(BackpropApp, "run", run)
    result = cli("--example", "xor", "--iterations", "2", "--break", "loss if value > previous",
                 "--break", "a1[*] if value == 0", "--watch", "w1[1,1]", "--watch", "loss")
    assert result.status == 0, result.err
    assert seen == {"breaks": ["loss if value > previous", "a1[*] if value == 0"],
                    "watches": ["w1[1,1]", "loss"]}
