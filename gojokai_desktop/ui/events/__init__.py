"""The 研修・行事 screens: events of the year, applications, attendance, fees, money, rules."""
