"""Run a module (celery, gunicorn) with this checkout's code only.

    python -m benchmarks.own_tree celery -A consolidate worker …

An editable install of another checkout in the same virtualenv adds an import finder that
fills in any module this checkout lacks (a ``visits.tasks`` merged elsewhere, say) from that
other checkout; Celery's task discovery then imports code that does not fit ours. The finder
is removed before the module runs.
"""

import runpy
import sys


def _editable(finder) -> bool:
    return "__editable__" in (getattr(finder, "__module__", "") or type(finder).__module__)


sys.meta_path[:] = [finder for finder in sys.meta_path if not _editable(finder)]
module, sys.argv = sys.argv[1], [sys.argv[1], *sys.argv[2:]]
runpy.run_module(module, run_name="__main__", alter_sys=True)
