"""The flows: one package per vendor (labels, page objects, the flow's steps and rules), and how a flow finds
things the way a person does (ui.py) and signs in (signin.py).

Flows depend on the model (runners/model.py, runners/errors.py) only. Each vendor package names itself in a
:class:`runners.model.Vendor` (its ``VENDOR``: its flow, its sign-in screens reader, its mock portal),
registered as an entry point in pyproject.toml; the runner finds it through runners/vendors.py and never
imports flows/.
"""
