"""The error that stops a catalog import, with a stable code and its place in the file."""

from django.utils.translation import gettext, gettext_lazy as _

MESSAGES = {
    "invalid_xml": _("the file is not well-formed XML (%(detail)s)"),
    "unsafe_xml": _(
        "the file declares XML entities or refers to external files (%(detail)s); "
        "such files are rejected because they can exhaust memory or read files on the server"
    ),
    "unreadable_file": _("the file cannot be read: %(detail)s"),
    "unexpected_root": _("the root element is <%(detail)s>, but this format starts with <%(expected)s>"),
    "bad_price": _('price "%(value)s" is not a number'),
    "negative_price": _('price "%(value)s" is negative'),
    "bad_quantity": _('quantity "%(value)s" is not a number'),
    "missing_id": _("the element has no %(field)s"),
}


class ImportFailed(Exception):
    """A file the importer cannot take; the import changes nothing.

    code is stable for programs; message() is the translated text for people.
    """

    def __init__(self, code: str, *, line: int | None = None, element: str = "", file: str = "", **params):
        self.code = code
        self.line = line
        self.element = element
        self.file = file
        self.params = params
        super().__init__(code)

    def __str__(self) -> str:
        # The reader fills in the file name after the error is raised.
        return f"{self.code} at {self.file or '?'}:{self.line or '?'} {self.element} {self.params}"

    def message(self) -> str:
        """Return the error in the active language, naming the file, the element and the line."""
        text = MESSAGES[self.code] % {"detail": "", "value": "", "field": "", "expected": "", **self.params}
        if self.element and self.line:
            text = gettext("%(element)s, line %(line)s: %(message)s") % {
                "element": self.element,
                "line": self.line,
                "message": text,
            }
        elif self.line:
            text = gettext("line %(line)s: %(message)s") % {"line": self.line, "message": text}
        if self.file:
            text = f"{self.file}: {text}"
        return text
