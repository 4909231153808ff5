"""Salesforce: labels, page objects, the flow (data export, then Don't Renew or Cancel Subscription), sandbox."""

TITLE = "Salesforce"
ORDER = 2
PORTAL = "flows.salesforce.sandbox:SalesforcePortal"
