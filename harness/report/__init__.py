"""Reports: the one place that turns comparison frames into text tables, markdown and PNGs."""
