"""Decompression that stops at a limit: a small download never becomes a large allocation.

    decoder = Inflater(["gzip"], limit)     # the Content-Encoding of a response, in order applied
    for chunk in chunks: out = decoder.feed(chunk)   # TooLarge once more than `limit` bytes come out
    rest = decoder.finish()                  # Undecodable when the stream is cut short or corrupt

Each layer asks zlib for at most one byte more than it may still give out, so no call
inflates more than the limit, whatever a chunk expands to.
"""

from __future__ import annotations

import zlib

__all__ = ["Inflater", "TooLarge", "Undecodable", "ENCODINGS"]

ENCODINGS = ("gzip", "x-gzip", "deflate")


class TooLarge(Exception):
    """More bytes came out than the limit allows."""


class Undecodable(Exception):
    """Not valid data of the encoding, or an encoding we do not read."""


class _Layer:
    def __init__(self, encoding: str) -> None:
        if encoding not in ENCODINGS:
            raise Undecodable(f"unsupported content encoding {encoding!r}")
        self.encoding = encoding
        self._zlib: zlib._Decompress | None = None

    def _new(self, first: bytes) -> zlib._Decompress:
        if self.encoding == "deflate":
            # RFC 9110 "deflate" is zlib-wrapped; some servers send raw deflate: tell by the header
            wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
            return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate `data`, giving out at most room + 1 bytes (one more than room means: too large)."""
        out = bytearray()
        while data:
            if self._zlib is None or (self._zlib.eof and self.encoding != "deflate"):
                self._zlib = self._new(data)      # a gzip stream may hold several members
            elif self._zlib.eof:
                break                             # bytes after the end of a deflate stream are ignored
            try:
                piece = self._zlib.decompress(data, room + 1 - len(out))
            except zlib.error as exc:
                raise Undecodable(f"corrupt {self.encoding} data ({exc})") from exc
            out += piece
            if len(out) > room:
                return bytes(out)
            data = self._zlib.unused_data if self._zlib.eof else self._zlib.unconsumed_tail
        return bytes(out)

    def finish(self) -> None:
        if self._zlib is not None and not self._zlib.eof:
            raise Undecodable(f"{self.encoding} data cut short")


class Inflater:
    """Undo a list of encodings (as listed in Content-Encoding), giving out at most `limit` bytes."""

    def __init__(self, encodings: list[str], limit: int) -> None:
        self.layers = [_Layer(e) for e in reversed(encodings)]   # the last applied is undone first
        self.limit = limit
        self.size = 0

    def feed(self, data: bytes) -> bytes:
        for layer in self.layers:
            data = layer.feed(data, self.limit - self.size)
            if len(data) > self.limit - self.size:
                raise TooLarge(self.limit)
        self.size += len(data)
        return data

    def finish(self) -> None:
        for layer in self.layers:
            layer.finish()
