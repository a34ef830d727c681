"""A TCP proxy on loopback that can make the server behind it vanish, for the fault tests.

Modes:
- up: connections are forwarded to the server;
- down: nothing listens on the port (a connect is refused) and every open connection is reset,
  as when the database host restarts or a firewall rejects;
- blackhole: open connections are reset, and new ones are accepted but nothing is ever forwarded
  or answered, as when packets are silently dropped (only a client-side timeout ends the wait).

One thread does all the work with a selector, and mode changes run on that thread too: a socket
closed by another thread while this one sits in recv() on it would not send its reset at once.
"""

from __future__ import annotations

import queue
import selectors
import socket
import struct
import threading
from collections.abc import Callable


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer gets a RST (connection reset), not an orderly FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int, host: str = "127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.host = host
        self.mode = "up"
        self._selector = selectors.DefaultSelector()
        self._listener: socket.socket | None = None
        self._peers: dict[socket.socket, socket.socket | None] = {}  # each side -> the other (None: blackholed)
        self._clients: set[socket.socket] = set()  # the sides our callers connected; these get the resets
        self._calls: queue.Queue[tuple[Callable[[], None], threading.Event, list]] = queue.Queue()
        self._wake_read, self._wake_write = socket.socketpair()
        self._selector.register(self._wake_read, selectors.EVENT_READ)
        self._running = True
        self.port = 0
        self._listen()
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._loop, name="tcp-proxy", daemon=True)
        self._thread.start()

    # --- called from the test ------------------------------------------------------------------

    def up(self) -> None:
        self._call(self._to_up)

    def down(self) -> None:
        self._call(self._to_down)

    def blackhole(self) -> None:
        self._call(self._to_blackhole)

    def close(self) -> None:
        self._call(self._to_down)
        self._running = False
        self._wake_write.send(b"x")
        self._thread.join(timeout=5)
        self._wake_read.close()
        self._wake_write.close()
        self._selector.close()

    @property
    def open_connections(self) -> int:
        return len(self._clients)

    def _call(self, fn: Callable[[], None]) -> None:
        done, errors = threading.Event(), []
        self._calls.put((fn, done, errors))
        self._wake_write.send(b"x")
        if not done.wait(5):
            raise RuntimeError("the proxy's thread did not answer")
        if errors:
            raise errors[0]

    # --- on the proxy's thread -----------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the same port again after down
        listener.bind((self.host, self.port))
        listener.listen(64)
        listener.setblocking(False)
        self._listener = listener
        self._selector.register(listener, selectors.EVENT_READ)

    def _to_up(self) -> None:
        self.mode = "up"
        if self._listener is None:
            self._listen()

    def _to_down(self) -> None:
        self.mode = "down"
        if self._listener is not None:
            self._selector.unregister(self._listener)
            self._listener.close()
            self._listener = None
        self._reset_all()

    def _to_blackhole(self) -> None:
        self._reset_all()
        self.mode = "blackhole"
        if self._listener is None:
            self._listen()

    def _reset_all(self) -> None:
        for sock in list(self._peers):
            self._drop(sock)

    def _drop(self, sock: socket.socket) -> None:
        """Reset the caller's side and close ours to the server; both sides leave the selector."""
        if sock not in self._peers:
            return
        peer = self._peers.pop(sock)
        for side in (sock, peer):
            if side is None:
                continue
            self._peers.pop(side, None)
            self._selector.unregister(side)
            if side in self._clients:
                self._clients.discard(side)
                _reset(side)
            else:
                side.close()

    def _accept(self) -> None:
        try:
            client, _ = self._listener.accept()
        except (BlockingIOError, OSError):
            return
        upstream = None
        if self.mode == "up":
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                _reset(client)
                return
            upstream.setblocking(True)
            self._peers[upstream] = client
            self._selector.register(upstream, selectors.EVENT_READ)
        client.setblocking(True)
        self._clients.add(client)
        self._peers[client] = upstream
        self._selector.register(client, selectors.EVENT_READ)

    def _forward(self, sock: socket.socket) -> None:
        try:
            data = sock.recv(65536)  # readable, so this does not block
        except OSError:
            data = b""
        if not data:
            self._drop(sock)
            return
        peer = self._peers.get(sock)
        if peer is None:
            return  # blackholed: swallowed, never answered
        try:
            peer.sendall(data)  # the database's messages here are small; the buffers take them
        except OSError:
            self._drop(sock)

    def _loop(self) -> None:
        while self._running:
            for key, _ in self._selector.select(timeout=1):
                sock = key.fileobj
                if sock is self._wake_read:
                    self._wake_read.recv(4096)
                    while not self._calls.empty():
                        fn, done, errors = self._calls.get()
                        try:
                            fn()
                        except Exception as error:  # noqa: BLE001 - raised again in the caller's thread
                            errors.append(error)
                        done.set()
                elif sock is self._listener:
                    self._accept()
                elif sock in self._peers:  # not one closed earlier in this same round
                    self._forward(sock)
