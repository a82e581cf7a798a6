"""The 斡旋 screens: items, rounds and orders, allocation, stock and handover, money, report."""
