"""The SQL the page cache reads: which watched table a statement writes, which it reads."""

from django.test import SimpleTestCase

from pagecache import registry
from pagecache.statements import read_tables, written_table


class StatementTests(SimpleTestCase):
    def setUp(self):
        saved = set(registry._prefixes)
        self.addCleanup(lambda: registry._prefixes.__init__(saved))
        registry.watch("shop")

    def test_writes(self):
        for sql in [
            'UPDATE "shop_item" SET "name" = %s',
            "INSERT INTO shop_item (name) VALUES (%s)",
            "insert or replace into `shop_item` values (1)",
            'DELETE FROM "shop_item" WHERE "id" IN (SELECT U0."id" FROM "other_table" U0)',
        ]:
            with self.subTest(sql=sql):
                self.assertEqual(written_table(sql), "shop_item")
        self.assertIsNone(written_table('UPDATE "auth_user" SET "last_login" = %s'))
        self.assertIsNone(written_table('SELECT * FROM "shop_item"'))

    def test_reads(self):
        sql = (
            'SELECT "shop_item"."id" FROM "shop_item" INNER JOIN "shop_price" ON (1) '
            'LEFT OUTER JOIN "auth_user" ON (1) WHERE EXISTS (SELECT 1 FROM shop_stock U0)'
        )
        self.assertEqual(read_tables(sql), {"shop_item", "shop_price", "shop_stock"})
