"""Evidence: capture, manifest and hash chain, report, verify, export.

A leaf library: it imports nothing of runners/, flows/, cli/ or sandboxes/. What it needs from them is handed
in (the run record to write, a key store to sign with, a browser to print with); its errors are its own.
"""
