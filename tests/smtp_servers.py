"""Real SMTP servers on loopback for the outbox tests: one that works, one that hangs.

Each runs in a thread of the test process on a port of its own; use them as context managers.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from email import message_from_bytes
from email.message import Message

#: Ports on this machine set aside for these tests.
WORKING_PORT = 8661
HANGING_PORT = 8662
#: Nothing listens here: a connection is refused at once.
CLOSED_PORT = 8663


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class FakeSMTPServer:
    """Speaks just enough SMTP for Django's backend; keeps every message it accepted."""

    def __init__(self, port: int = WORKING_PORT):
        self.messages: list[Message] = []
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self) -> None:
                self.reply("220 fake.example.org ESMTP")
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip().upper()
                    if command.startswith(("EHLO", "HELO")):
                        self.reply("250 fake.example.org")
                    elif command == "DATA":
                        self.reply("354 go ahead")
                        data = b""
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data += chunk
                        owner.messages.append(message_from_bytes(data))
                        self.reply("250 queued")
                    elif command == "QUIT":
                        self.reply("221 bye")
                        return
                    else:  # MAIL FROM, RCPT TO, RSET, NOOP
                        self.reply("250 ok")

        self.server = _Server(("127.0.0.1", port), Handler)
        self.port = port

    def __enter__(self) -> FakeSMTPServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class HangingSMTPServer:
    """Accepts connections and never says a word, until ``release()`` hangs up on them."""

    def __init__(self, port: int = HANGING_PORT):
        self.port = port
        self.accepted = threading.Event()
        self._release = threading.Event()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self._listener.settimeout(0.2)

    def _serve(self) -> None:
        while not self._release.is_set():
            try:
                conn, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._sockets.append(conn)
            self.accepted.set()

    def release(self) -> None:
        self._release.set()
        for conn in self._sockets:
            conn.close()

    def __enter__(self) -> HangingSMTPServer:
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        self._thread.join(5)
        self._listener.close()
