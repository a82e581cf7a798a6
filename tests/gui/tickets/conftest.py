"""The ticket society of the integration tests, for the screens."""

from tests.integration.tickets.conftest import TicketSociety, tickets

__all__ = ["TicketSociety", "tickets"]
