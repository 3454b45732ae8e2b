"""``python -m laoxiao_check``: the command line, as the ``laoxiao-check`` script."""

from laoxiao_check.cli.main import main

main()
