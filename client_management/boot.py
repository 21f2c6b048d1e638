"""What the desk needs at boot: the fields Client Management Settings require, for the Client form."""

import frappe

from client_management.settings import required_field_switches


def extend_bootinfo(bootinfo):
	if frappe.session.user != "Guest":
		bootinfo.client_management = {"required_fields": sorted(required_field_switches())}
