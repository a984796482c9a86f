"""The programme's pages, one module a family: the site's own (`sito`), regional projects and phases
(`progetti`), reports (`report`), works (`opere`) and editions (`edizioni`).

Lists, forms and downloads are built from the shared activity framework (`programma.activities`);
access follows the one policy of `regioni.scoping`. The strategic project's pages are
`programma.risultati.views`.
"""
