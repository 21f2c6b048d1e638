CLIENT_MANAGER = "Client Manager"
SETTINGS = "Client Management Settings"

BALANCE_FORWARD, OPEN_ITEM, TRANSACTION = "Balance Forward", "Open Item", "Transaction"
STATEMENT_TYPES = (BALANCE_FORWARD, OPEN_ITEM, TRANSACTION)

# Roles this app creates and removes on uninstall.
ROLES = (CLIENT_MANAGER,)
