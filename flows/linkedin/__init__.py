"""LinkedIn Sales Navigator: labels, page objects, the flow (both documented paths), the sandbox portal."""

TITLE = "LinkedIn Sales Navigator"
ORDER = 3
PORTAL = "flows.linkedin.sandbox:LinkedInPortal"
