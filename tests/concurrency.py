"""Running test actions at the same moment, each on its own database connection."""

import threading
from collections.abc import Callable

from django.db import connection


def run_in_threads(actions: list[Callable[[], object]]) -> list[object]:
    """Run each action in its own thread and database connection, all released at once.

    Returns what each action returned or the exception it raised, in order.
    """
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = action()
        except Exception as error:  # the caller asserts on the exception itself
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes
