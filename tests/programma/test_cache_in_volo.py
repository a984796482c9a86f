"""programma.cache.memorizzato's single flight: after a recount makes every counter page's key new,
the requests that miss a key at the same moment compute it once; the others wait for its value.

What it proves: eight threads missing one key at once call the computation once and all get its
value; a waiter computes the value itself when the one computing it keeps nothing (a value not to
keep), when it gives up waiting, and at once when the cache does not answer (Redis down), so a lost
cache never makes a request wait.
"""

import threading
import time

import pytest
from django.core.cache import caches

from programma import cache as pagine
from programma.cache import memorizzato


@pytest.fixture(autouse=True)
def cache_vuota():
    caches["pagine"].clear()
    pagine._memoria.clear()
    yield
    caches["pagine"].clear()
    pagine._memoria.clear()


def _insieme(n, funzione):
    """Run `funzione` in n threads released together; their results, in order."""
    partenza = threading.Barrier(n)
    risultati = [None] * n

    def corri(i):
        partenza.wait()
        risultati[i] = funzione()

    fili = [threading.Thread(target=corri, args=(i,)) for i in range(n)]
    for f in fili:
        f.start()
    for f in fili:
        f.join(timeout=30)
    return risultati


def test_many_requests_missing_one_key_compute_it_once():
    chiamate = []

    def calcola():
        chiamate.append(1)
        time.sleep(0.3)  # a cold dashboard: long enough for every thread to miss the key meanwhile
        return "pagina"

    risultati = _insieme(8, lambda: memorizzato("contatori:g1:cruscotto", calcola, 60))
    assert risultati == ["pagina"] * 8
    assert len(chiamate) == 1


def test_a_value_not_to_keep_lets_each_waiter_compute_its_own():
    chiamate = []

    def calcola():
        chiamate.append(1)
        time.sleep(0.2)
        return 404

    risultati = _insieme(3, lambda: memorizzato("pubblico:g1:x", calcola, 60, da_tenere=lambda v: v == 200))
    assert risultati == [404] * 3
    assert len(chiamate) == 3  # none kept, so none shared: each request answered for itself
    assert caches["pagine"].get("pubblico:g1:x") is None


def test_a_waiter_gives_up_after_the_longest_wait(monkeypatch):
    """A mark left by a process that died: the waiter computes after ATTESA_MASSIMA_SECONDI."""
    monkeypatch.setattr(pagine, "ATTESA_MASSIMA_SECONDI", 0.2)
    caches["pagine"].add("contatori:g2:api:in-volo", 1, 30)
    inizio = time.monotonic()
    assert memorizzato("contatori:g2:api", lambda: "corpo", 60) == "corpo"
    assert 0.2 <= time.monotonic() - inizio < 5


def test_a_cache_that_does_not_answer_never_makes_a_request_wait(monkeypatch):
    class Spenta:
        """RedisTollerante with Redis down: every read a miss, every write skipped."""

        def get(self, chiave, predefinito=None):
            return predefinito

        def add(self, *args):
            return False

        def set(self, *args):
            pass

        def delete(self, *args):
            raise ConnectionError("Redis non risponde")

    monkeypatch.setattr(pagine, "caches", {"pagine": Spenta()})
    inizio = time.monotonic()
    assert memorizzato("contatori:g3:csv", lambda: "corpo", 60) == "corpo"
    assert time.monotonic() - inizio < 0.1


def test_with_a_fallback_a_waiter_gets_the_previous_version_at_once():
    """`ripiego`: while another request makes the new version, the previous one is served at once,
    and not kept under the new key (the next request after it is made gets the new one)."""
    assert memorizzato("pubblico:g1:/contatori/", lambda: "vecchia", 60, ripiego="pubblico:/contatori/") == "vecchia"
    iniziato, fine = threading.Event(), threading.Event()

    def lenta():
        iniziato.set()
        fine.wait(5)
        return "nuova"

    filo = threading.Thread(target=lambda: memorizzato("pubblico:g2:/contatori/", lenta, 60, ripiego="pubblico:/contatori/"))
    filo.start()
    iniziato.wait(5)
    inizio = time.monotonic()
    assert memorizzato("pubblico:g2:/contatori/", lambda: "doppione", 60, ripiego="pubblico:/contatori/") == "vecchia"
    assert time.monotonic() - inizio < 0.5
    fine.set()
    filo.join(5)
    assert memorizzato("pubblico:g2:/contatori/", lambda: "doppione", 60, ripiego="pubblico:/contatori/") == "nuova"
