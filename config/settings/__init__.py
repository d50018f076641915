"""Settings package: ``base`` holds everything read from the environment; ``local`` (the default
for ``manage.py``), ``test`` and ``production`` adjust it for where the service runs."""
