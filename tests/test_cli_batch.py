"""`telaah flows retrain|report` and `telaah deploy`."""

import pytest
from click.testing import CliRunner

from pipeline.cli import cli


@pytest.mark.parametrize("args", [["flows", "--help"], ["flows", "retrain", "--help"], ["flows", "report", "--help"],
                                  ["deploy", "--help"]])
def test_cli_batch_help(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "Usage" in result.output


def test_cli_batch_deploy_dry_run_lists_the_three_deployments(tmp_path):
    result = CliRunner().invoke(cli, ["deploy", str(tmp_path), "--db", str(tmp_path / "s.db"), "--interval", "900",
                                      "--report-cron", "0 6 * * *", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("telaah-code: interval=datetime.timedelta(seconds=900)")
    assert lines[1] == "telaah-retrain: manual / on demand"
    assert lines[2].startswith("telaah-report: cron='0 6 * * *'")


def test_cli_batch_deploy_refuses_a_missing_folder(tmp_path):
    result = CliRunner().invoke(cli, ["deploy", str(tmp_path / "tidak-ada"), "--dry-run"])
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.mark.slow
def test_cli_batch_flows_report(prefect_harness, review_db_path, tmp_path):
    result = CliRunner().invoke(cli, ["flows", "report", "--db", str(review_db_path), "--out", str(tmp_path / "lap")])
    assert result.exit_code == 0, result.output
    assert "dari 13 unsur" in result.output and result.output.count("Ditulis: ") == 3


@pytest.mark.slow
def test_cli_batch_flows_retrain_refuses_while_a_run_writes(prefect_harness, review_db_path):
    from pipeline.lock import run_lock

    with run_lock(review_db_path):
        result = CliRunner().invoke(cli, ["flows", "retrain", "--db", str(review_db_path)])
    assert result.exit_code == 1 and "run lain sedang menulis" in result.output
