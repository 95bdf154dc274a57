"""A task for the queue tests: takes a moment, like real work, and says which process ran it."""

import os
import time

from django.tasks import task


@task()
def take_a_moment(number: int) -> dict[str, int]:
    time.sleep(0.05)
    return {"number": number, "pid": os.getpid()}
