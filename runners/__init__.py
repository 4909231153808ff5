"""cancelproof runner: CLI, run loop, gate, browser, credentials, logging, errors."""
