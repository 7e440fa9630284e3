"""Streaming reader of untrusted catalog XML, one record subtree at a time.

The SAX parser is fed the file in chunks. Only the subtree of the record being
read (one Товар, one offer) is kept in memory, so memory stays flat however
large the file is. Parsing goes through defusedxml: entity declarations
(billion laughs) and external entities are rejected, and an external DTD named
in a DOCTYPE (YML feeds declare `SYSTEM "shops.dtd"`) is never fetched.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from .errors import ImportFailed

CHUNK_BYTES = 64 * 1024


@dataclass
class Node:
    """One XML element with the namespace prefix stripped from its tag and attributes."""

    tag: str
    attrib: dict[str, str]
    line: int
    text: str = ""
    children: list["Node"] = field(default_factory=list)

    def child(self, tag: str) -> "Node | None":
        return next((node for node in self.children if node.tag == tag), None)

    def all(self, tag: str) -> list["Node"]:
        return [node for node in self.children if node.tag == tag]

    def text_at(self, *path: str) -> str:
        """Return the stripped text of the first element at this path of child tags, or ""."""
        node: Node | None = self
        for tag in path:
            node = node.child(tag) if node else None
        return node.text.strip() if node else ""


@dataclass(frozen=True)
class Record:
    """A finished record subtree and the tags of its ancestors, root first."""

    node: Node
    parents: tuple[str, ...]


def local_name(qname: str) -> str:
    return qname.rsplit(":", 1)[-1]


class _SafeParser(DefusedExpatParser):
    """defusedxml's SAX parser that also skips the external DTD subset instead of raising."""

    def reset(self):
        super().reset()
        # The external DTD of a DOCTYPE is a parameter entity. With parameter
        # entity parsing set to NEVER, expat does not request it, so nothing is
        # fetched and the document still parses. Entity declarations still raise.
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)


class _RecordBuilder(ContentHandler):
    def __init__(self, is_record: Callable[[str, tuple[str, ...]], bool], current_line: Callable[[], int]):
        super().__init__()
        self.is_record = is_record
        self.current_line = current_line
        self.path: list[str] = []
        self.stack: list[Node] = []
        self.finished: list[Record] = []
        self.root: str | None = None

    def startElement(self, name, attrs):
        tag = local_name(name)
        if self.root is None:
            self.root = tag
        if self.stack or self.is_record(tag, tuple(self.path)):
            attrib = {local_name(key): value for key, value in attrs.items() if not key.startswith("xmlns")}
            node = Node(tag, attrib, self.current_line())
            if self.stack:
                self.stack[-1].children.append(node)
            self.stack.append(node)
        self.path.append(tag)

    def endElement(self, name):
        self.path.pop()
        if self.stack:
            node = self.stack.pop()
            if not self.stack:
                self.finished.append(Record(node, tuple(self.path)))

    def characters(self, content):
        if self.stack:
            self.stack[-1].text += content


def stream_records(
    path: Path,
    is_record: Callable[[str, tuple[str, ...]], bool],
    *,
    expected_root: str,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Record]:
    """Yield each record element of the file as soon as its end tag is read.

    is_record(tag, ancestor_tags) returns whether an element is a record; elements
    outside records are not kept. on_bytes(n) is called with the number of
    bytes read so far. Raises ImportFailed on malformed or unsafe XML and when
    the root element is not expected_root.
    """
    parser = _SafeParser()
    # ExpatParser sets a locator only in parse(), not in feed(); the parser
    # itself reports the line of the event being handled.
    builder = _RecordBuilder(is_record, parser.getLineNumber)
    parser.setContentHandler(builder)

    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                parser.feed(chunk)
                _check_root(builder, expected_root)
                yield from builder.finished
                builder.finished.clear()
                if on_bytes:
                    on_bytes(stream.tell())
            parser.close()
    except SAXParseException as error:
        raise ImportFailed(
            "invalid_xml", line=error.getLineNumber(), detail=error.getMessage(), file=path.name
        ) from error
    except DefusedXmlException as error:
        raise ImportFailed("unsafe_xml", detail=type(error).__name__, file=path.name) from error
    except OSError as error:
        raise ImportFailed("unreadable_file", detail=error.strerror or str(error), file=path.name) from error

    if builder.root is None:
        raise ImportFailed("invalid_xml", line=1, detail="no element found", file=path.name)
    _check_root(builder, expected_root)
    yield from builder.finished


def _check_root(builder: _RecordBuilder, expected_root: str) -> None:
    if builder.root is not None and builder.root != expected_root:
        raise ImportFailed("unexpected_root", detail=builder.root, expected=expected_root, line=1)
