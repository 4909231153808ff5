"""The mock portal of Salesforce (Lightning Setup and the Your Account app), after docs/portals.md."""
