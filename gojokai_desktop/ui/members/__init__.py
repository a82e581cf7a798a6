"""The 会員 and 事業所 pages: the member list and record, life events, import, outputs."""
