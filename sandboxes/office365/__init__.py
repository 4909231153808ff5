"""The mock portal of Office 365 (the Microsoft 365 admin center), after docs/portals.md."""
