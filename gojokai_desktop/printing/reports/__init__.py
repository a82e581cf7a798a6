"""Printed annual reports: 収支決算書, 財産目録, 事業報告, 総会資料."""
