CLIENT_MANAGER = "Client Manager"

# Roles this app creates and removes on uninstall.
ROLES = (CLIENT_MANAGER,)
