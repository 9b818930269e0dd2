import sys

from kb.records.cli import main

sys.exit(main())
