# Windows build: a clean venv, PyInstaller folder build, then the Inno Setup installer.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path $PSScriptRoot -Parent)
py -m venv .venv-build
.venv-build\Scripts\pip install -c constraints.txt -e ".[build]"
.venv-build\Scripts\pyinstaller installer\gojokai.spec --noconfirm
& "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" installer\gojokai.iss
