"""Training and events (研修会・行事): kinds, subsidy rules, seats and the waiting list, refunds."""
