"""The wheel carries the forms, presets, demo tables and migrations; installed, it prints."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _shipped(folder: str, *patterns: str) -> set[str]:
    """Files of a top-level folder as the wheel names them (inside the package)."""
    files = {p for pattern in patterns for p in (ROOT / folder).glob(pattern) if p.is_file()}
    return {
        f"gojokai_desktop/{p.relative_to(ROOT).as_posix()}"
        for p in files
        if "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = ("wheel", str(ROOT), "--no-deps", "--no-build-isolation", "--quiet", "-w", str(out))
    subprocess.run([sys.executable, "-m", "pip", *build], check=True, cwd=out)
    [built] = out.glob("gojokai_desktop-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_every_form_template_and_its_readme_is_in_the_wheel(wheel_names: set[str]) -> None:
    forms = _shipped("forms", "*.toml", "*.md")
    assert "gojokai_desktop/forms/receipt.toml" in forms
    assert "gojokai_desktop/forms/README.md" in forms
    assert forms <= wheel_names, sorted(forms - wheel_names)


def test_every_preset_and_demo_table_is_in_the_wheel(wheel_names: set[str]) -> None:
    resources = _shipped("resources", "**/*")
    assert "gojokai_desktop/resources/presets/benefits_004.toml" in resources
    assert "gojokai_desktop/resources/demo/postal_codes.csv" in resources
    assert resources <= wheel_names, sorted(resources - wheel_names)


def test_the_migrations_are_in_the_wheel(wheel_names: set[str]) -> None:
    migrations = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "gojokai_desktop" / "db" / "migrations").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert "gojokai_desktop/db/migrations/script.py.mako" in migrations
    assert "gojokai_desktop/db/migrations/versions/0001_initial.py" in migrations
    assert migrations <= wheel_names, sorted(migrations - wheel_names)


def test_the_wheel_holds_only_the_package_and_its_metadata(
    wheel: Path, wheel_names: set[str]
) -> None:
    version = wheel.name.split("-")[1]
    metadata = f"gojokai_desktop-{version}.dist-info"
    assert {name.split("/", 1)[0] for name in wheel_names} == {"gojokai_desktop", metadata}
    assert f"{metadata}/licenses/LICENSE" in wheel_names


_PRINT_EVERY_FORM = """
import sys
from pathlib import Path
import gojokai_desktop
from gojokai_desktop.cli import main
from gojokai_desktop.services.printing import shipped_forms_dir
print(Path(gojokai_desktop.__file__).parent)
print(shipped_forms_dir())
for form in sorted(shipped_forms_dir().glob("*.toml")):
    if main(["print", form.stem, "--blank", "--out", f"{form.stem}.pdf"]) != 0:
        sys.exit(f"{form.stem} did not print")
"""


@pytest.mark.slow
def test_an_installed_wheel_prints_every_form_from_inside_the_package(
    wheel: Path, tmp_path: Path
) -> None:
    """A venv with the wheel installed (its dependencies borrowed from this one) prints."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    scripts = "Scripts" if os.name == "nt" else "bin"
    python = venv / scripts / ("python.exe" if os.name == "nt" else "python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Only the dependencies: a .pth line adds a folder but runs none of its own .pth files,
    # so this project's editable install there stays out of the new venv.
    Path(site, "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = ("install", "--quiet", "--no-deps", "--no-index", str(wheel))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), *install], check=True)
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "GOJOKAI_DATA_DIR": str(tmp_path / "data")}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(python), "-c", _PRINT_EVERY_FORM],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    package, forms = (Path(line) for line in done.stdout.splitlines()[:2])
    assert package == Path(site) / "gojokai_desktop"
    assert forms == package / "forms"
    printed = sorted(p.stem for p in work.glob("*.pdf"))
    assert printed == sorted(p.stem for p in (ROOT / "forms").glob("*.toml"))
    assert all(p.read_bytes().startswith(b"%PDF") for p in work.glob("*.pdf"))
