"""The 帳票・報告 page: every form printed blank or for members, the society's copies, 印刷設定."""
