"""`fairplan check`, `fairplan records` and `fairplan report` end to end, through `ui.cli.main`,
on the worked example (tests/data/tiny, CONTRACT §5)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ui.cli import main
from ui.commands.records import ProgressLine

TINY = str(Path(__file__).parents[1] / "data" / "tiny")

#: what a bureau exports from its spreadsheet: Chinese headers and values, no record ids
#: on some rows, GB18030. Week of 8 July: the only fair was cancelled; week of 15 July:
#: only the county held one (it does not count for the city).
RECORDS_ZH = (
    "记录编号,地区编号,类型,日期,状态,场地,参会企业数,岗位数,参会人数\n"
    "HH-0705,150100,专场,2024-07-05,已举办,呼和浩特市就业服务中心,32,410,650\n"
    "HH-0710,150100,专场,2024-07-10,已取消,呼和浩特市就业服务中心,,,\n"
    ",150121,专场,2024-07-16,已举办,土默特左旗就业服务站,12,150,300\n"
    ",150100,专场,2024/7/23,已举办,呼和浩特市就业服务中心,28,380,500\n"
    "HH-0725,150100,综合,2024-07-25,已举办,呼和浩特市人力资源市场,120,3200,4100\n"
)


@pytest.fixture
def gb18030_records(tmp_path: Path) -> Path:
    path = tmp_path / "招聘会记录.csv"
    path.write_bytes(RECORDS_ZH.encode("gb18030"))
    return path


def test_new_user_gb18030_import_reimport_and_check(
    tmp_path: Path, gb18030_records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 4, done when: the GB18030 file imports cleanly, a second import changes
    nothing, and `fairplan check` names exactly the missed weeks."""
    db = str(tmp_path / "records.db")
    assert main(["records", "import", str(gb18030_records), "--db", db]) == 0
    assert "新增 5，更新 0，未变 0" in capsys.readouterr().out
    assert main(["records", "import", str(gb18030_records), "--db", db]) == 0
    assert "新增 0，更新 0，未变 5" in capsys.readouterr().out

    out = tmp_path / "out"
    code = main(["check", TINY, "--as-of", "2024-08-01", "--db", db, "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 3
    assert "呼和浩特市（150100）：2 个周期未达标" in printed
    assert (
        "2024-07-08至2024-07-14 专场招聘会：应办 1 场，实办 0 场，取消 1 场（规则 weekly，依据《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)）"
        in printed
    )
    assert (
        "2024-07-15至2024-07-21 专场招聘会：应办 1 场，实办 0 场（规则 weekly，依据《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)）"
        in printed
    )
    assert printed.count("  - ") == 2  # exactly those two

    rows = list(
        csv.DictReader((out / "compliance.csv").read_text(encoding="utf-8-sig").splitlines())
    )
    missed = [(r["rule_id"], r["period_start"]) for r in rows if r["status"] == "missed"]
    assert missed == [("weekly", "2024-07-08"), ("weekly", "2024-07-15")]
    assert len(rows) == 6 and (out / "compliance.xlsx").exists()


def test_check_with_records_file_matches_check_from_store(
    tmp_path: Path, gb18030_records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "check",
            TINY,
            "--records",
            str(gb18030_records),
            "--as-of",
            "2024-08-01",
            "--out",
            str(tmp_path / "a"),
        ]
    )
    assert code == 3
    main(["records", "import", str(gb18030_records), "--db", str(tmp_path / "r.db")])
    main(
        [
            "check",
            TINY,
            "--as-of",
            "2024-08-01",
            "--db",
            str(tmp_path / "r.db"),
            "--out",
            str(tmp_path / "b"),
        ]
    )
    a, b = ((tmp_path / d / "compliance.csv").read_text(encoding="utf-8-sig") for d in "ab")
    assert a == b


def test_check_exit_0_when_nothing_missed_and_default_out(
    tmp_path: Path,
    gb18030_records: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    # as of 10 July only the week of 1 July has ended, and it was met
    assert main(["check", TINY, "--records", str(gb18030_records), "--as-of", "2024-07-10"]) == 0
    assert "所有已结束的周期均达标" in capsys.readouterr().out
    assert (tmp_path / "out" / "tiny" / "compliance.csv").exists()


def test_check_bad_records_exit_2_every_problem_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "region_id,kind,date,status,employers\n"
        "150100,specialized,2024-07-05,held,-5\n"  # negative count
        "440300,specialized,2024-07-06,held,\n"  # a region outside the scenario
        "150100,speciality,2024-07-32,held,\n",  # bad kind and bad date
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert (
        main(["check", TINY, "--records", str(bad), "--as-of", "2024-08-01", "--out", str(out)])
        == 2
    )
    err = capsys.readouterr().err.splitlines()
    assert [re.search(r"第 \d+ 行，列 \w+", line).group(0) for line in err] == [  # type: ignore[union-attr]
        "第 2 行，列 employers",
        "第 3 行，列 region_id",
        "第 4 行，列 kind",
        "第 4 行，列 date",
    ]
    assert "Traceback" not in "\n".join(err)
    assert not out.exists()


def test_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", TINY, "--as-of", "2024-13-01"])
    assert exc.value.code == 2
    assert "参数 --as-of：'2024-13-01' 不是日期（应为 YYYY-MM-DD）" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "en", "check", TINY, "--as-of", "2024-13-01"])
    assert exc.value.code == 2
    assert "argument --as-of: '2024-13-01' is not a date" in capsys.readouterr().err


def test_records_export_to_file_and_stdout(
    tmp_path: Path, gb18030_records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "r.db")
    main(["records", "import", str(gb18030_records), "--db", db])
    capsys.readouterr()
    assert main(["records", "export", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0]
        == "record_id,region_id,kind,date,status,event_id,venue,employers,positions,attendees"
    )
    assert len(lines) == 6 and "HH-0710,150100,specialized,2024-07-10,cancelled" in lines[2]
    assert main(["records", "export", str(tmp_path / "all.xlsx"), "--db", db]) == 0
    assert main(["records", "import", str(tmp_path / "all.xlsx"), "--db", db]) == 0
    assert "未变 5" in capsys.readouterr().out


def test_records_import_bad_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("region_id,kind,date\n150100,专场,2024-07-05\n", encoding="utf-8")
    assert main(["records", "import", str(bad), "--db", str(tmp_path / "r.db")]) == 2
    assert "第 1 行，列 status: 表头中没有“status”列" in capsys.readouterr().err


def test_env_var_selects_the_store(
    tmp_path: Path,
    gb18030_records: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAIRPLAN_DB", str(tmp_path / "env.db"))
    assert main(["records", "import", str(gb18030_records)]) == 0
    assert (tmp_path / "env.db").exists()


def test_weekly_report(
    tmp_path: Path, gb18030_records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rep"
    code = main(
        [
            "report",
            "weekly",
            TINY,
            "--as-of",
            "2024-07-17",
            "--records",
            str(gb18030_records),
            "--out",
            str(out),
        ]
    )
    assert code == 3  # the week of 8 July was missed by 17 July
    wb = load_workbook(out / "report-weekly-2024-07-15.xlsx")
    assert wb.sheetnames == ["周报", "未达标", "说明"]
    ws = wb["周报"]
    assert ws["A1"].value.startswith("tiny 招聘会周报：本期 2024-07-15 至 2024-07-17")
    assert ws.freeze_panes == "A3"  # the header stays in view
    header = [c.value for c in ws[2]]
    line = dict(zip(header, [c.value for c in ws[3]], strict=True))
    # week of 15 July through the 17th: the county's fair on the 16th; since 3 July: 2 held
    assert (line["城市"], line["本期举办场次"], line["累计举办场次"]) == ("呼和浩特市", 1, 2)
    assert (line["本期岗位数"], line["累计岗位数"], line["本期参会企业"]) == (150, 560, 12)
    # this week's city period is still open and unmet: yellow; one week missed before it
    assert (line["本期未达标周期"], line["累计未达标周期"], line["评价"]) == (0, 1, "黄灯")
    assert ws.cell(row=3, column=len(header)).fill.start_color.rgb.endswith("FFEB9C")
    assert "周报" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("cadence", "as_of", "name", "light", "code"),
    [
        (
            "monthly",
            "2024-07-31",
            "report-monthly-2024-07-01.xlsx",
            "红灯",
            3,
        ),  # two weeks of July missed
        (
            "quarterly",
            "2024-07-07",
            "report-quarterly-2024-07-01.xlsx",
            "黄灯",
            0,
        ),  # nothing ended unmet yet
    ],
)
def test_monthly_and_quarterly_reports(
    tmp_path: Path,
    gb18030_records: Path,
    cadence: str,
    as_of: str,
    name: str,
    light: str,
    code: int,
) -> None:
    args = [
        "report",
        cadence,
        TINY,
        "--as-of",
        as_of,
        "--records",
        str(gb18030_records),
        "--out",
        str(tmp_path),
    ]
    assert main(args) == code
    ws = load_workbook(tmp_path / name).worksheets[0]
    assert ws.cell(row=3, column=ws.max_column).value == light


def test_progress_only_after_a_second() -> None:
    buf = io.StringIO()
    quiet = ProgressLine(buf, after=60)
    quiet("write", 10, 100)
    quiet.close()
    assert buf.getvalue() == ""
    loud = ProgressLine(buf, after=0)
    loud("write", 10, 100)
    loud.close()
    assert buf.getvalue() == "\r正在导入：已写入 10/100 行\n"
