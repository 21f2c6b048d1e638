"""`_` and `_lt` (lazy, for module-level text) for the modules the unit tier imports without
Frappe: Frappe's own translation on a site, the message unchanged elsewhere."""

try:
	from frappe import _, _lt
except ImportError:  # unit tier: no Frappe installed

	def _(message: str, *args, **kwargs) -> str:
		return message

	_lt = _


__all__ = ["_", "_lt"]
