"""Ticket brokering (斡旋): items, order rounds, orders, allocation, stock, handovers, sales."""
