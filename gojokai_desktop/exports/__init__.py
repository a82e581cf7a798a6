"""Files for outside: workbooks (openpyxl), CSV and Zengin transfer files."""
