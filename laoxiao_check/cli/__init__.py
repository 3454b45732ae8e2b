"""The command line: one module per command (check, audit, plan, rules, template), the shared
options (``options.py``) and output helpers (``emit.py``); ``main.py`` holds the group and the one
boundary where errors become messages and exit codes. Nothing here computes a rule."""
