"""``gojokai print`` and ``gojokai forms check`` from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from gojokai_desktop.cli import main
from gojokai_desktop.services.printing import shipped_forms_dir

# The commands act as the society's administrator, logged in from the environment.
pytestmark = pytest.mark.usefixtures("cli_user")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "printing"


@pytest.fixture
def member_db(ctx, society, db_url: str) -> str:
    from gojokai_desktop.db.models import Establishment, Member

    with ctx.unit_of_work("テストデータ") as uow:
        shop = Establishment(number=7, name="テスト工業", join_date=dt.date(2020, 4, 1))
        uow.session.add(shop)
        uow.session.flush()
        uow.session.add(
            Member(
                number="0007-001",
                name="印刷 太郎",
                name_kana="インサツ タロウ",
                kana_search="インサツタロウ",
                establishment_id=shop.id,
                join_date=dt.date(2022, 4, 1),
            )
        )
        uow.commit()
    ctx.database.dispose()
    return db_url


def test_print_member_form_writes_the_pdf(member_db: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "app.pdf"
    status = main(
        [
            "print",
            "member_application",
            "--member",
            "0007-001",
            "--out",
            str(out),
            "--db",
            member_db,
        ]
    )
    assert status == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "印刷 太郎" in text
    assert "テスト工業" in text
    assert "1 頁" in capsys.readouterr().out


def test_print_blank_by_title_with_copies(member_db: str, tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    status = main(
        ["print", "退会届", "--blank", "--copies", "2", "--out", str(out), "--db", member_db]
    )
    assert status == 0
    pages = PdfReader(out).pages
    assert len(pages) == 2
    assert "テスト町勤労者互助会" in pages[0].extract_text()


def test_print_unknown_member_says_so(member_db: str, tmp_path: Path, capsys) -> None:
    status = main(
        [
            "print",
            "receipt",
            "--member",
            "1234-567",
            "--out",
            str(tmp_path / "x.pdf"),
            "--db",
            member_db,
        ]
    )
    assert status == 2
    assert "1234-567" in capsys.readouterr().err


def test_forms_check_reports_each_broken_file(capsys) -> None:
    files = sorted(str(p) for p in FIXTURES.glob("broken_*.toml"))
    status = main(["forms", "check", *files])
    assert status == 1
    err = capsys.readouterr().err
    assert "broken_unknown_key.toml: 3行目 要素1" in err
    assert "未知のキー 'colour'" in err
    assert "broken_syntax.toml: 3行目" in err


def test_forms_check_passes_the_shipped_forms(capsys) -> None:
    assert main(["forms", "check"]) == 0
    shipped = len(list(shipped_forms_dir().glob("*.toml")))
    assert f"{shipped} 件とも問題ありません。" in capsys.readouterr().out
