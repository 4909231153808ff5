"""Office 365 / Microsoft 365 admin center: labels, page objects, the flow, the sandbox portal."""

TITLE = "Office 365 / Microsoft 365 admin center"
ORDER = 1
PORTAL = "flows.office365.sandbox:Office365Portal"
