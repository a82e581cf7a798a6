"""How long a clerk waits on a PostgreSQL server before being told something (seconds)."""

# A server that does not answer at all is given up on after CONNECT_TIMEOUT; a network gone
# silent in the middle of an action after about TCP_GIVE_UP (keepalives and unacknowledged
# data); a row another PC holds (an import, a billing run) after LOCK_TIMEOUT; one statement
# (the largest report at L takes a few seconds) after STATEMENT_TIMEOUT; a transaction left
# open (a PC that hung half-way) is ended by the server after IDLE_IN_TRANSACTION_TIMEOUT.
CONNECT_TIMEOUT = 10
TCP_GIVE_UP = 15
LOCK_TIMEOUT = 20
STATEMENT_TIMEOUT = 300
IDLE_IN_TRANSACTION_TIMEOUT = 600
