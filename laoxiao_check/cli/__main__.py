"""``python -m laoxiao_check.cli``: the command line, as the ``laoxiao-check`` script."""

from laoxiao_check.cli.main import main

main()
