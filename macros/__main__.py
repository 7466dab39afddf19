import gc
import sys

# The cyclic collector is off while the command line and the engine are imported: it would
# walk the growing heap some 160 times for nothing (0.05 s of `make site`, where every such
# second is serial). `site` keeps it off in this process, which only imports, forks and
# waits, and turns it on in each process it forks (outils/preparation.py, moteur/construction.py);
# every other command turns it on again as soon as its arguments are read (outils/cli.py).
gc.disable()

from macros.outils.cli import main  # noqa: E402

sys.exit(main())
