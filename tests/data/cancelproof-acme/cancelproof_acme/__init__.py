"""Acme Cloud: a vendor shipped by another package (its entry point is in this package's pyproject.toml)."""

from runners.model import Vendor

VENDOR = Vendor(
    name="acme",
    title="Acme Cloud",
    flow="cancelproof_acme.flow:FLOW",
    portal="cancelproof_acme.portal:AcmePortal",
    signin="flows.signin:SignInPage",  # cancelproof's own reader of sign-in screens serves a plugin too
    base_url="https://admin.acme.example/",
    report_facts=("status",),
    order=50,
)
