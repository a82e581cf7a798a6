"""Reports (帳票・報告): 収支決算書, 財産目録, 事業報告, 総会資料, 中間報告, officers, meetings."""
