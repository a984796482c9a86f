"""The child process that typesets one document: HTML on stdin, a PDF/A-2a on stdout.

Run as a plain script by `programma.risultati.stampa` (never imported): it loads no Django and no
project code, only WeasyPrint, and limits its own memory before reading anything, so a document
too big for its budget ends this process, not the worker or web process that asked for it. The
parent enforces the time budget by killing it.

Arguments: the memory limit in MB, and the CPU seconds limit.
"""

import resource
import sys


def main() -> int:
    memoria_mb, secondi = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (memoria_mb * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (secondi, secondi + 1))
    html = sys.stdin.buffer.read().decode("utf-8")

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Nothing is fetched while rendering: the charts and map are inline SVG, the fonts the system's,
    # and only `data:` URLs are allowed, so no text typed by a user can make it read a file or a URL.
    documento = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"]))
    # PDF/A-2a: archival (ISO 19005-2) and tagged ("a": the structure a screen reader follows).
    pdf = documento.write_pdf(pdf_variant="pdf/a-2a")
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except MemoryError:
        sys.stderr.write("MEMORIA\n")
        sys.exit(3)
