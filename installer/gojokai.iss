; Inno Setup script: a per-user Windows installer for the PyInstaller folder dist\gojokai.
; Build on Windows: installer\build.ps1 (runs PyInstaller, then ISCC on this file).
#define AppName "互助会事務システム"
#define AppVersion "0.1.0"

[Setup]
AppId={{6A3C2E7B-5D1F-4C7A-9E59-0B7D3F3A21C4}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=gojokai_desktop
DefaultDirName={localappdata}\Programs\gojokai_desktop
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=gojokai-desktop-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Files]
Source: "..\dist\gojokai\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\gojokai-desktop.exe"
Name: "{group}\{#AppName}（デモ）"; Filename: "{app}\gojokai-desktop.exe"; Parameters: "--demo"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\gojokai-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "デスクトップにアイコンを作る"

[Run]
Filename: "{app}\gojokai-desktop.exe"; Description: "{#AppName}を起動する"; Flags: nowait postinstall skipifsilent
