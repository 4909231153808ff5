"""Evidence: capture, manifest and hash chain, report, verify, export."""
