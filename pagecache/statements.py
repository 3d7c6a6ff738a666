"""The SQL statements themselves, seen through a wrapper on every database connection.

While a page renders for the cache, every watched table it reads adds its table keys to
the page. Every write to a watched table that no model signal or ``writes()`` block
accounted for changes those keys, so bulk updates, importers, raw SQL and migrations are
never missed: correctness first, precision where an app registered its model.
"""

import re

from . import registry
from .dependencies import depends_on, is_collecting, touch

_WRITE = re.compile(
    r"""^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?(\w+)""",
    re.IGNORECASE,
)
_READ = re.compile(r"""\b(?:FROM|JOIN)\s+["`]?(\w+)""", re.IGNORECASE)


def written_table(sql):
    """The watched table a statement writes to, or None."""
    match = _WRITE.match(sql)
    if match is None:
        return None
    table = match.group(1).lower()
    return table if registry.watched(table) else None


def read_tables(sql):
    """The watched tables a statement reads from."""
    return {table.lower() for table in _READ.findall(sql) if registry.watched(table.lower())}


def watch_connection(sender, connection, **kwargs):
    """connection_created receiver: wrap the new connection's statements."""

    def wrapper(execute, sql, params, many, context):
        try:
            result = execute(sql, params, many, context)
        except Exception:
            registry.forget_windows()
            raise
        table = written_table(sql)
        if table is not None:
            if not registry.accounted(table):
                touch(registry.table_keys(table), using=connection.alias)
        elif is_collecting():
            for read in read_tables(sql):
                depends_on(*registry.table_keys(read))
        return result

    # Sent again on every reconnection of the same connection object (a worker closes its
    # connection between tasks): wrap once, or the wrappers pile up until a statement
    # overflows the stack.
    if not any(getattr(existing, "pagecache", False) for existing in connection.execute_wrappers):
        wrapper.pagecache = True
        connection.execute_wrappers.append(wrapper)
