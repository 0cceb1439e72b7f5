"""The CPU-bound steps in other processes: a local process pool (``--workers N``) or a Dask cluster
(``--dask-address``).

Only pure work runs there (read, pseudonymise with the key prepared before the run, segment, suggest; or the
re-suggest of stored passages); the results come back to the flow, which writes them in file order, so passage
ids, versions and pseudonyms are the same as in a serial run whatever order the workers finish in. The lexicon and
the model are sent once per worker (the pool's initializer, or ``Client.scatter``), never once per file. No Prefect,
no database and no printing here.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

# Per-process resources of a pool worker (set once by the initializer): {"lexicon": ..., "model": ...}.
_RESOURCES: dict[str, Any] = {}
_PRELOAD = ["pipeline.process", "pipeline.segment", "pipeline.suggest", "pipeline.lexicon", "pipeline.privacy"]


def _init(lexicon: Any, model: Any) -> None:
    _RESOURCES.update(lexicon=lexicon, model=model)


def _resources(resources: Any) -> tuple[Any, Any]:
    if resources is not None:  # a Dask worker: the scattered (lexicon, model)
        return resources
    return _RESOURCES.get("lexicon"), _RESOURCES.get("model")


def process_one(path: str, settings: dict, key: Any, resources: Any = None) -> Any:
    """``process.process_file`` with this worker's lexicon and model (PipelineError travels back as raised)."""
    from pipeline.process import process_file

    lexicon, model = _resources(resources)
    return process_file(path, settings=settings, lexicon=lexicon, model=model, key=key)


def resuggest_one(passages: tuple, resources: Any = None) -> tuple[list, str]:
    """``batch.resuggest`` of stored passages with this worker's lexicon and model."""
    from pipeline.batch import resuggest

    lexicon, model = _resources(resources)
    return resuggest(passages, lexicon=lexicon, model=model)


def _ready() -> int:
    return os.getpid()


def connect(address: str, *, timeout: float = 10):
    """A Dask client for the scheduler at ``address``.

    Raises:
        PipelineError: the scheduler cannot be reached (the message names the address and what to do).
    """
    from distributed import Client

    from pipeline.errors import PipelineError

    try:
        return Client(address, set_as_default=False, timeout=timeout)
    except (OSError, ValueError, TypeError) as exc:
        raise PipelineError(
            f"--dask-address {address}: penjadwal Dask tidak dapat dihubungi ({exc}); jalankan `dask scheduler` "
            "atau periksa alamatnya / the Dask scheduler cannot be reached; start it or check the address"
        ) from exc


class Workers:
    """N local processes or a Dask cluster, with the lexicon and model already in every worker.

    Args:
        workers: processes of the local pool (ignored with ``address``).
        address: a Dask scheduler address (``tcp://host:8786``); its workers need telaah installed.
        lexicon, model: what every worker suggests with.
    """

    def __init__(self, *, workers: int = 2, address: str | None = None, lexicon: Any = None, model: Any = None):
        self.address = address
        self._client = self._pool = self._resources = None
        if address:
            self._client = connect(address)
            self._resources = self._client.scatter((lexicon, model), broadcast=True)
        else:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init,
                                             initargs=(lexicon, model))
            for _ in range(workers):  # start every worker now, while the flow is still starting
                self._pool.submit(_ready)

    def submit(self, fn, *args) -> Future:
        """Run ``fn(*args)`` (``process_one`` or ``resuggest_one``) in a worker; ``.result()`` gives its value."""
        if self._client is not None:
            return self._client.submit(fn, *args, self._resources, pure=False)
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Stop the local processes (a Dask cluster keeps running; only the connection is closed)."""
        if self._client is not None:
            self._client.close()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
