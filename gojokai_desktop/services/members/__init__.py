"""Members, establishments and family (会員・事業所・家族): life events, search, import."""
