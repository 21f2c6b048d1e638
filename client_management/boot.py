"""What the desk needs at boot, for the Client form: the fields Client Management Settings require,
and the Relationship Types it offers; for the Opportunity form: the sales stages they count as won."""

import frappe

from client_management.settings import (
	configured_won_sales_stages,
	relationship_types,
	required_field_switches,
)


def extend_bootinfo(bootinfo):
	if frappe.session.user != "Guest":
		bootinfo.client_management = {
			"required_fields": sorted(required_field_switches()),
			"relationship_types": relationship_types(),
			"won_sales_stages": configured_won_sales_stages(),  # Mark as Won on the Opportunity form
		}
