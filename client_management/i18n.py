"""`_` for the modules the unit tier imports without Frappe: Frappe's own translation on a site,
the message unchanged elsewhere."""

try:
	from frappe import _
except ImportError:  # unit tier: no Frappe installed

	def _(message: str, *args, **kwargs) -> str:
		return message


__all__ = ["_"]
