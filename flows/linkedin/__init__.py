"""LinkedIn Sales Navigator: labels, page objects, the flow (both documented paths); its mock portal is
sandboxes/linkedin."""

from runners.model import Vendor

VENDOR = Vendor(
    name="linkedin",
    title="LinkedIn Sales Navigator",
    flow="flows.linkedin.flow:FLOW",
    portal="sandboxes.linkedin.portal:LinkedInPortal",
    signin="flows.signin:SignInPage",  # its own sign-in page and its identity provider's screens
    base_url="https://www.linkedin.com/",
    report_facts=("status", "seats", "plan", "next_billing_date", "purchase_channel"),
    order=3,
)
