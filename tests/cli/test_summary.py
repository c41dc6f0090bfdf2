"""`tui-backprop summary`: byte-exact for the seed, generalised for bigger networks."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_seed_summary_is_byte_exact(cli, seed_summary: bytes) -> None:
    result = cli("summary")
    assert result.status == 0
    assert result.out.encode() == seed_summary
    assert result.err == ""


def test_seed_summary_from_the_console_script_is_byte_exact(script: str, seed_summary: bytes) -> None:
    out = subprocess.run([script, "summary"], capture_output=True, check=True).stdout
    assert out == seed_summary


def test_python_dash_m_is_the_same_program(seed_summary: bytes) -> None:
    out = subprocess.run([sys.executable, "-m", "tui_backprop", "summary", "--example", "seed"],
                         capture_output=True, check=True).stdout
    assert out == seed_summary


def test_seed_config_file_gives_the_same_summary(cli, seed_summary: bytes, seed_toml) -> None:
    result = cli("summary", "--config", str(seed_toml))
    assert result.out.encode() == seed_summary


def test_options_before_the_subcommand_are_kept(cli) -> None:
    assert cli("--example", "mazur", "summary").out == cli("summary", "--example", "mazur").out


def test_mazur_summary_lists_every_unit_and_parameter(cli) -> None:
    out = cli("summary", "--example", "mazur").out
    assert "  z1[1] = 0.378, a1[1] = 0.593\n" in out
    assert "  Loss = 0.298\n" in out
    assert "  w2[1,1]: 0.400 -> 0.359\n" in out
    assert "  dLoss/dw2[2,2] = -0.023\n" in out
    # gradients from the last layer back, updates from the first layer on
    assert out.index("dLoss/dw2[1,1]") < out.index("dLoss/dw1[1,1]")
    assert out.index("  w1[1,1]:") < out.index("  w2[1,1]:")


def test_batch_summary_marks_samples(cli) -> None:
    out = cli("summary", "--example", "xor").out
    assert "y_pred⁽⁴⁾" in out and "loss⁽²⁾ = 0.244" in out


@pytest.mark.parametrize("decimals, text", [(1, "Loss = 0.2"), (6, "Loss = 0.156")])
def test_decimals_option(cli, decimals: int, text: str) -> None:
    assert text in cli("summary", "--decimals", str(decimals)).out


def test_iterations_print_one_block_each_and_chain(cli) -> None:
    out = cli("summary", "--iterations", "3").out
    assert out.count("Forward Pass:") == 3
    assert "Iteration 3 of 3:" in out
    # iteration 2 starts from iteration 1's updated w1 (0.502)
    second = out.split("Iteration 2 of 3:")[1]
    assert "  w1: 0.502 -> " in second
