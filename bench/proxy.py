"""A TCP proxy on 127.0.0.1 in front of a real service (Redis, PostgreSQL), whose behaviour a
test switches while requests run through it:

- ``pass``: bytes go both ways;
- ``slow``: every chunk waits ``delay`` seconds first;
- ``drop``: bytes are read and thrown away, nothing answers (packets dropped on the way);
- ``reset``: every open connection is cut with a TCP reset, and so is every new one.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time


class Proxy:
    def __init__(
        self,
        upstream_port: int,
        upstream_host: str = "127.0.0.1",
        delay: float = 2.0,
        listen_port: int = 0,
    ):
        self.upstream = (upstream_host, upstream_port)
        self.delay = delay
        self.mode = "pass"
        self.lock = threading.Lock()
        self.connections: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", listen_port))
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def set(self, mode: str) -> None:
        assert mode in ("pass", "slow", "drop", "reset")
        self.mode = mode
        if mode == "reset":
            with self.lock:
                connections, self.connections = self.connections, []
            for connection in connections:
                _reset(connection)

    def close(self) -> None:
        self.closed = True
        self.listener.close()
        self.set("reset")

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.mode == "reset":
                _reset(client)
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _reset(client)
                continue
            server.settimeout(None)
            with self.lock:
                self.connections += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                if self.mode == "drop":
                    continue
                if self.mode == "slow":
                    time.sleep(self.delay)
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


def _reset(connection: socket.socket) -> None:
    """Close with RST rather than FIN (SO_LINGER with a zero timeout)."""
    with contextlib.suppress(OSError):
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()


class ProxyProcess:
    """The same proxy in a process of its own, so that its threads do not share an interpreter
    with a benchmark's client threads (which can hold up what it forwards). Switched between
    ``pass`` and ``reset`` by signals."""

    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1"):
        import subprocess
        import sys

        probe = socket.create_server(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.proxy", str(self.port), upstream_host, str(upstream_port)]
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the proxy process did not start")

    def set(self, mode: str) -> None:
        import signal

        self.process.send_signal({"reset": signal.SIGUSR1, "pass": signal.SIGUSR2}[mode])

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def main() -> None:
    """``python -m bench.proxy LISTEN_PORT UPSTREAM_HOST UPSTREAM_PORT``: SIGUSR1 resets every
    connection until SIGUSR2."""
    import signal
    import sys

    listen, host, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    proxy = Proxy(port, host, listen_port=listen)
    signal.signal(signal.SIGUSR1, lambda *args: proxy.set("reset"))
    signal.signal(signal.SIGUSR2, lambda *args: proxy.set("pass"))
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
