"""The mock portal of LinkedIn (Premium, Sales Navigator and its Admin Center), after docs/portals.md."""
