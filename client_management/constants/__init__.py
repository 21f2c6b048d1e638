CLIENT_MANAGER = "Client Manager"
SETTINGS = "Client Management Settings"

BALANCE_FORWARD, OPEN_ITEM, TRANSACTION = "Balance Forward", "Open Item", "Transaction"
STATEMENT_TYPES = (BALANCE_FORWARD, OPEN_ITEM, TRANSACTION)

# The Sales Stage this app adds (ERPNext has none for a won deal); the settings' default won stage.
WON_SALES_STAGE = "Won"

# Roles this app creates and removes on uninstall.
ROLES = (CLIENT_MANAGER,)
