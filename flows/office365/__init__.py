"""Office 365 / Microsoft 365 admin center: labels, page objects and the flow (its mock portal: sandboxes/office365)."""

from runners.model import Vendor

VENDOR = Vendor(
    name="office365",
    title="Office 365 / Microsoft 365 admin center",
    flow="flows.office365.flow:FLOW",
    portal="sandboxes.office365.portal:Office365Portal",
    signin="flows.signin:SignInPage",  # its own sign-in page and its identity provider's screens
    base_url="https://admin.microsoft.com/",
    report_facts=(
        "status",
        "licenses_assigned",
        "price",
        "next_charge_date",
        "billing_account_type",
        "purchase_channel",
        "contract_end",
    ),
    order=1,
)
