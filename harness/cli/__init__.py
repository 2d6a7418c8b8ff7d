"""The ``twinbench`` command line: ``main.py`` dispatches to one module per verb; ``options.py`` holds the
shared options and the checks of every input."""
