"""Pure judgements over captured evidence: no browser, no I/O."""
