"""twinbench harness: registry of methods, runner, records, metrics and the CLI."""
