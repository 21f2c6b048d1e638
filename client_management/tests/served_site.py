"""The site served by the bench's own `frappe serve` on a loopback port: real HTTP for the browser
tier and the role attacks. Started by the tests, stopped after them."""

import json
import socket
import subprocess  # nosec B404
import sys
import time
import urllib.request
from contextlib import contextmanager

import requests

import frappe

PASSWORD = "Roles-Hold-Pass-2026!"  # nosec B105: test users on the test site


def frappe_cli(*args: str) -> list[str]:
	"""The argv of what `bench --site SITE <args>` runs, with this bench's Python (from the sites folder)."""
	return [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", frappe.local.site, *args]


def port_open(port: int) -> bool:
	with socket.socket() as sock:
		return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(url: str, seconds: int = 60):
	deadline = time.time() + seconds
	while time.time() < deadline:
		try:
			with urllib.request.urlopen(url, timeout=5) as response:  # nosec B310 - http on localhost
				if response.status == 200:
					return
		except OSError:
			time.sleep(0.5)
	raise RuntimeError(f"the site did not answer at {url}")


@contextmanager
def served_site(port: int):
	"""Yield the base URL of the current site served on 127.0.0.1:`port`."""
	if port_open(port):
		raise RuntimeError(f"port {port} is already in use")
	server = subprocess.Popen(  # nosec B603 - the bench's own CLI, fixed argv
		frappe_cli("serve", "--port", str(port), "--noreload"),
		cwd=frappe.local.sites_path,
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	url = f"http://127.0.0.1:{port}"
	try:
		wait_for(f"{url}/api/method/ping")
		yield url
	finally:
		server.terminate()
		server.wait(timeout=30)


class Session:
	"""A visitor of the served site: Guest, or logged in with its own cookie jar."""

	def __init__(self, url: str, user: str | None = None):
		self.url = url
		self.http = requests.Session()
		if user:
			response = self.post("/api/method/login", data={"usr": user, "pwd": PASSWORD})
			assert response.status_code == 200, f"{user} could not log in: {response.text[:300]}"

	def get(self, path: str, **params):
		return self.http.get(self.url + path, params=params, timeout=60, allow_redirects=False)

	def post(self, path: str, **kwargs):
		return self.http.post(self.url + path, timeout=60, allow_redirects=False, **kwargs)

	def put(self, path: str, values: dict):
		return self.http.put(self.url + path, data={"data": json.dumps(values)}, timeout=60)

	def method(self, method: str, http: str = "GET", **args):
		path = f"/api/method/{method}"
		if http == "GET":
			return self.get(path, **args)
		return self.post(path, data=args)


def refused(response) -> bool:
	return response.status_code in (401, 403, 404, 417) or (
		response.status_code == 200 and response.json().get("exc_type") is not None
	)


def rows_of(response) -> list:
	if response.status_code != 200:
		return []
	data = response.json()
	data = data.get("data", data.get("message"))
	if isinstance(data, dict):  # reportview: {keys, values}
		return data.get("values", [])
	return data or []
