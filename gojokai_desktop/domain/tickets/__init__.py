"""Ticket brokering (斡旋) rules: prices and subsidy, caps, allocation (抽選・先着), serials."""
