"""`python -m journey`: the engine's command line."""

import sys

from journey.cli import main

sys.exit(main())
