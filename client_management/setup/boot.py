"""What the desk needs at boot, for the Client form: the fields Client Management Settings require,
and the Relationship Types it offers; for the Opportunity form: the sales stages they count as won;
for the Client list and form, the app's maps they read (statuses and their colours, address parts, the
roles that may send a follow-up)."""

import frappe

from client_management.constants import ADDRESS_PARTS, CLIENT_STATUS, CLIENT_STATUS_COLOURS
from client_management.constants.follow_ups import FOLLOW_UP_ROLES
from client_management.utils.settings import (
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
			"client_status": CLIENT_STATUS._asdict(),
			"client_status_colours": CLIENT_STATUS_COLOURS,
			"address_parts": ADDRESS_PARTS,
			"follow_up_roles": FOLLOW_UP_ROLES,  # Send Follow-up Now on the Client form
		}
