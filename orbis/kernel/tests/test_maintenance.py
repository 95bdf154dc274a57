from django.db import connection

from orbis.kernel.maintenance import refresh_planner_statistics


def test_refresh_planner_statistics_records_table_statistics(db, admin, make_contact):
    make_contact(admin)
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'customers_contact'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'customers_contact'")
        assert cursor.fetchone()[0] > 0
