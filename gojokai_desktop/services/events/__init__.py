"""Training and events (研修会・行事): events, applications, attendance, money and outputs."""
