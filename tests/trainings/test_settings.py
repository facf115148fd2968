"""TRAINING_COMPLETION_PERCENT: a share of the sessions, checked when the process starts."""

from __future__ import annotations

import pytest

from tests.core.test_settings import run_manage


@pytest.mark.parametrize("value", ["0", "101", "drie"])
def test_a_completion_share_out_of_range_stops_the_start(tmp_path, value):
    result = run_manage(
        "check", DEBUG="true", VAR_DIR=str(tmp_path), TRAINING_COMPLETION_PERCENT=value
    )
    assert result.returncode != 0
    assert "TRAINING_COMPLETION_PERCENT" in result.stderr


def test_a_completion_share_in_range_starts(tmp_path):
    result = run_manage(
        "check", DEBUG="true", VAR_DIR=str(tmp_path), TRAINING_COMPLETION_PERCENT="50"
    )
    assert result.returncode == 0, result.stderr
