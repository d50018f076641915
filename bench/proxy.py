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
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1", delay: float = 2.0):
        self.upstream = (upstream_host, upstream_port)
        self.delay = delay
        self.mode = "pass"
        self.lock = threading.Lock()
        self.connections: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
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
