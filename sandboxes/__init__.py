"""Mock ("sandbox") portals that follow docs/portals.md: the sandbox server, each vendor's portal, and the
identity providers' sign-in screens. Tests and new users run the flows against them; the run loop never
starts one (the command line does, around a run: ``run --sandbox``, ``sandbox``, ``demo``)."""
