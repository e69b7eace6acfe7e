; Included by electron-builder's NSIS installer (electron-builder.yml nsis.include).
; The ledger is one per till, not one per Windows account: create the machine-wide data folder and let
; every local user (the Users group, SID S-1-5-32-545) modify it; by default a folder under ProgramData
; is writable only by whoever created it. Uninstalling never removes it (the ledger is the shop's record).
!macro customInstall
  CreateDirectory "$COMMONAPPDATA\Stock Ledger"
  nsExec::Exec 'icacls "$COMMONAPPDATA\Stock Ledger" /grant *S-1-5-32-545:(OI)(CI)M /T /Q'
!macroend
