"""`python -m console`: the same as the `hotline-console` command."""
from .app import main

raise SystemExit(main())
