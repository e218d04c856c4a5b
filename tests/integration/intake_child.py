"""Send one workbook through the real services in a process of bounded memory.

``python -m tests.integration.intake_child DATA_DIR FILE quarter|plan MEMORY_MB`` limits the
process's address space to MEMORY_MB (RLIMIT_AS), builds the runtime on DATA_DIR's database,
submits FILE and prints one JSON line: the outcome, the first messages, how many there were,
the service call's seconds and the process's peak resident memory in MB. A MemoryError
comes out as the outcome ``memory``: the limit was hit.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(data_dir: str, file: str, importer: str, memory_mb: str) -> None:
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    from lakip.config import load_settings
    from lakip.services.access import SISTEM
    from lakip.services.errors import InputTidakValid
    from lakip.services.planning import import_plan
    from lakip.services.runtime import build_runtime
    from lakip.services.submissions import submit_quarter

    rt = build_runtime(load_settings({"LAKIP_DATA_DIR": data_dir}))
    data = Path(file).read_bytes()
    t0 = time.perf_counter()
    outcome, messages = "accepted", []
    try:
        if importer == "quarter":
            submit_quarter(rt, SISTEM, data, Path(file).name)
        else:
            import_plan(rt, SISTEM, data, Path(file).name)
    except InputTidakValid as exc:
        outcome, messages = "rejected", exc.errors
    except MemoryError:
        outcome = "memory"
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "outcome": outcome,
                "messages": messages[:5],
                "count": len(messages),
                "seconds": round(seconds, 3),
                "peak_mb": round(peak_mb, 1),
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:5])
