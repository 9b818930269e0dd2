"""Per-host limits: how many requests at once, the pause between two, and Retry-After pauses."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kb.links.config import HostLimits


class _Host:
    def __init__(self, limits: HostLimits):
        self.limits = limits
        self.slots = threading.BoundedSemaphore(limits.concurrency)
        self.lock = threading.Lock()
        self.next_start = 0.0


class Throttle:
    """Spaces the requests to each host; ``sleep`` and ``clock`` are replaceable for tests."""

    def __init__(
        self,
        limits: Callable[[str], HostLimits],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.limits, self.clock, self.sleep = limits, clock, sleep
        self.hosts: dict[str, _Host] = {}
        self.lock = threading.Lock()

    def _host(self, name: str) -> _Host:
        with self.lock:
            if name not in self.hosts:
                self.hosts[name] = _Host(self.limits(name))
            return self.hosts[name]

    @contextmanager
    def slot(self, name: str) -> Iterator[None]:
        """Hold one of the host's request slots, once its pause since the last start is over."""
        host = self._host(name)
        with host.slots:
            with host.lock:
                now = self.clock()
                start = max(now, host.next_start)
                host.next_start = start + host.limits.interval
            if start > now:
                self.sleep(start - now)
            yield

    def pause(self, name: str, seconds: float) -> None:
        """Hold back every request to the host for ``seconds`` (a Retry-After answer)."""
        host = self._host(name)
        with host.lock:
            host.next_start = max(host.next_start, self.clock() + seconds)
