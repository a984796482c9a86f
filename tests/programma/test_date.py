"""programma.numbers.data_breve: the one way a day, or a moment in Rome's time, is written in
tables, exports, messages and the change history (31/12/2027, 31/12/2027 14:05)."""

import datetime as dt

from programma.numbers import data_breve


def test_a_day_and_a_moment_in_romes_time():
    assert data_breve(dt.date(2027, 12, 31)) == "31/12/2027"
    # 13:05 UTC is 14:05 in Rome in winter; a naive moment is taken as it is.
    assert data_breve(dt.datetime(2027, 12, 31, 13, 5, tzinfo=dt.UTC)) == "31/12/2027 14:05"
    assert data_breve(dt.datetime(2027, 7, 1, 9, 0)) == "01/07/2027 09:00"
