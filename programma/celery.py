import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programma.settings")

app = Celery("programma")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks.py; the import of works and the books are packages inside the programma app, named here.
app.autodiscover_tasks()
app.autodiscover_tasks(["programma.importazione", "programma.risultati"])
