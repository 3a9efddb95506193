"""The app's solve process (`ui.solve.SolveJob`) as Streamlit starts it: under `ui/app.py`.

Streamlit installs the app script as `__main__`; a spawned child re-imports that script
as `__mp_main__` before it runs the solve. Regression (issue 10): with any account in the
store, the child reached the sign-in gate, `st.stop()` does not stop outside a Streamlit
run, and every solve of a signed-in planner ended with "exit code 1".
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.ui.conftest import APP, ROOT, TINY

CHILD = textwrap.dedent(
    """
    import sys, types

    from db import Database
    from identity import Accounts
    from scheduler.scenario import load_scenario
    from ui.solve import SolveJob, SolveOptions

    db, app, tiny = sys.argv[1:4]
    with Database(db) as database:  # a store with an account: the gate is closed
        Accounts(database).add("admin", "admin", "admin password 1")
    main = types.ModuleType("__main__")  # what Streamlit's script runner does
    main.__file__ = app
    sys.modules["__main__"] = main
    job = SolveJob(load_scenario(tiny), SolveOptions(time_limit=3, workers=1)).start()
    job.wait(120)
    print("ERROR" if job.error else "RESULT", job.error or len(job.result.planned))
    """
)


def test_solve_under_the_app_script_with_accounts_regression_exit_code_1(tmp_path: Path) -> None:
    env_db = tmp_path / "records.db"
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(env_db), str(APP), str(TINY)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env={**os.environ, "FAIRPLAN_DB": str(env_db)},
    )
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last == "RESULT 6", f"{last}\n{proc.stderr[-2000:]}"  # the worked example's six fairs
