"""``gojokai events list|participants|report|import``: the lines and files a script reads."""

from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader

from gojokai_desktop.cli import main
from tests.integration.events.scenario import trip_scenario


def test_list_starts_each_line_with_the_id_participants_takes(
    ctx, event_society, db_url, capsys, tmp_path
) -> None:
    scenario = trip_scenario(ctx, event_society)
    ctx.database.dispose()
    db = ["--db", db_url]
    assert main(["events", "list", "--fiscal-year", "2025", *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    # The society's year label and era dates, as the tickets commands say them.
    assert lines[0] == "令和7年度の行事（2件）"
    assert lines[1] == "ID\t開催日\t行事名\t定員\t申込\t参加\t待機"
    assert f"{scenario.study_id}\tR7.6.6\t事務担当者研修会\t30\t0\t0\t0" in lines
    trip_line = next(line for line in lines if "バス旅行" in line)
    assert trip_line == f"{scenario.event_id}\tR7.9.20\t秋の日帰りバス旅行\t5\t6\t4\t1"
    event_id = trip_line.split("\t")[0]
    assert main(["events", "participants", "--event", event_id, "--out",
                 str(tmp_path / "p.xlsx"), *db]) == 0  # fmt: skip
    assert "参加者名簿（参加 5人・キャンセル待ち 1人）" in capsys.readouterr().out
    assert load_workbook(tmp_path / "p.xlsx")["参加者名簿"].max_row >= 6
    assert main(["events", "participants", "--event", event_id, "--out",
                 str(tmp_path / "p.pdf"), *db]) == 0  # fmt: skip
    assert "友人　一" in PdfReader(tmp_path / "p.pdf").pages[0].extract_text()


def test_report_writes_the_figures_and_refuses_other_files(
    ctx, event_society, db_url, capsys, tmp_path
) -> None:
    trip_scenario(ctx, event_society)
    ctx.database.dispose()
    db = ["--db", db_url]
    assert main(["events", "report", "--fiscal-year", "2025", "--out",
                 str(tmp_path / "r.xlsx"), *db]) == 0  # fmt: skip
    # The count said is the year's events (2), for the workbook as for the PDF.
    assert "令和7年度の行事の実績（2件）を出力しました" in capsys.readouterr().out
    assert main(["events", "report", "--fiscal-year", "2025", "--out",
                 str(tmp_path / "r.pdf"), *db]) == 0  # fmt: skip
    assert "行事の実績（2件）を出力しました" in capsys.readouterr().out
    sheet = load_workbook(tmp_path / "r.xlsx")["行事別"]
    heads = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "ID")
    for heading in ("定員", "申込数", "参加者数", "待機数", "参加費収入", "補助額"):
        assert heading in heads
    assert main(["events", "report", "--fiscal-year", "2025", "--out",
                 str(tmp_path / "r.csv"), *db]) == 2  # fmt: skip
    assert ".xlsx か .pdf" in capsys.readouterr().err


def test_import_refuses_a_bad_file_with_exit_1_and_takes_a_good_one(
    ctx, event_society, db_url, capsys, tmp_path
) -> None:
    from gojokai_desktop.db.models import Member
    from gojokai_desktop.services.events.importer import write_application_form
    from gojokai_desktop.services.events.records import create_event
    from tests.integration.events.helpers import trip

    event = create_event(ctx, trip())
    with ctx.reader() as session:
        number = session.get(Member, event_society.crew[0]).number
    write_application_form(ctx, event.id, tmp_path / "bad.xlsx", [("0000-000", "本人")])
    write_application_form(ctx, event.id, tmp_path / "ok.xlsx", [(number, "本人")])
    ctx.database.dispose()
    db = ["--db", db_url]
    args = ["events", "import", "--event", str(event.id), "--applied-on", "R7.7.1"]
    assert main([*args, str(tmp_path / "bad.xlsx"), *db]) == 1
    assert "5行目: 会員番号 0000-000 の会員はいません。" in capsys.readouterr().err
    assert main([*args, str(tmp_path / "ok.xlsx"), "--dry-run", *db]) == 0
    assert "確認のみ" in capsys.readouterr().out
    assert main([*args, str(tmp_path / "ok.xlsx"), *db]) == 0
    assert "申込 1件・1人を登録しました" in capsys.readouterr().out
