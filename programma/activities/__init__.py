"""The shared activity framework: what every staff list and form of the programme is built from.

tavoli, eventi and programma's own pages (reports, works, regional projects) use these pieces
instead of writing their own:

- `lists`: a filter base (search, region switcher, provinces in scope) and one list mixin
  (scoped queryset, whitelisted sorting, 25 rows a page, the same context names), rendered by
  `templates/activities/lista.html` with blocks for what differs;
- `editing`: detail, create, update and delete mixins (scoped lookup, the write policy of
  `regioni.scoping`, one transaction, success messages, change history);
- `files`: the scoped download of an uploaded file;
- `forms`: the date widget, the Italian amount field and the form base;
- `workflow`: the one publication workflow of the documents that reach the public section (a table
  of steps per kind, read by the models and by `editing.PassaggioView`);
- `notifiche`: whom a step tells (its `avvisa`), by e-mail after the commit, and each user's
  "Da fare" (the records waiting for them), derived from those tables and the records' states.

A new kind of activity is a model (with a `ScopedQuerySet`), a filter, a form and a few lines of view.
"""
