"""The cached pages with no Redis: the default cache, files that every gunicorn worker on
the machine shares (CACHE_URL=file://...). Same pages, options and output as churn.py;
quiet unless --churn is given. See bench/README.md.

    .venv/bin/python bench/embedded.py [--articles N --duration S ...]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import churn  # noqa: E402

if __name__ == "__main__":
    churn.main(embedded=True)
