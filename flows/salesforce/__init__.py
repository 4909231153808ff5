"""Salesforce: labels, page objects, the flow (data export, then Don't Renew or Cancel Subscription); its mock
portal is sandboxes/salesforce."""

from runners.model import Vendor

VENDOR = Vendor(
    name="salesforce",
    title="Salesforce",
    flow="flows.salesforce.flow:FLOW",
    portal="sandboxes.salesforce.portal:SalesforcePortal",
    signin="flows.signin:SignInPage",  # its own sign-in page and its identity provider's screens
    base_url="https://login.salesforce.com/",
    report_facts=("status", "next_billing_date", "contract_end", "renewal_type"),
    order=2,
)
