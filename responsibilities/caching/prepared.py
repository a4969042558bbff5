"""A hot ORM query compiled once per database connection, then run with a new parameter.

The current page answers from the page cache in about a millisecond, but must still ask the
database which version is current on every request (a publish shows at once). Building that
query through the ORM (joins, ``values()``, SQL compilation) cost more than running it. Here
the queryset is built and compiled once per connection with a placeholder value; each request
swaps its own value into the compiled parameters and runs the same SQL through the
connection's cursor (so query logging and counting still see it), and the ORM's own
converters turn the row into Python values, exactly as ``values_list()`` would.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

from django.db import connections, router
from django.db.models import Model, QuerySet

#: Stands for the parameter while compiling (never sent to the database; no slug has spaces).
PLACEHOLDER = "raci prepared parameter \uffff"


class PreparedFirst:
    """``build(value).values_list(*fields).first()`` without rebuilding the query each time.

    ``build`` must use ``value`` exactly once as a query parameter (a string), and the query
    must return at most one row (the first is taken, with no ORDER BY).
    """

    def __init__(self, model: type[Model], build: Callable[[str], QuerySet], fields: Sequence[str]):
        self._model = model
        self._build = build
        self._fields = tuple(fields)
        # Per connection (each thread has its own): SQL, parameters, the placeholder's index, converters.
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _compile(self, alias: str):
        queryset = self._build(PLACEHOLDER).values_list(*self._fields)[:1]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if list(params).count(PLACEHOLDER) != 1:
            raise ValueError("the prepared query must use its parameter exactly once")
        converters = compiler.get_converters([select[0] for select in compiler.select[: compiler.col_count]])
        return sql, tuple(params), list(params).index(PLACEHOLDER), list(converters.items())

    def first(self, value: str) -> dict | None:
        """The row for ``value`` as ``{field: value}``, or None."""
        alias = router.db_for_read(self._model)
        connection = connections[alias]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(alias)
        sql, params, index, converters = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params[:index], value, *params[index + 1 :]))
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, (functions, expression) in converters:  # as SQLCompiler.apply_converters
            for function in functions:
                row[position] = function(row[position], expression, connection)
        return dict(zip(self._fields, row, strict=True))
