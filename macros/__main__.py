import sys

from macros.outils.cli import main

sys.exit(main())
