"""The framework floor: a bare django-ninja GET that `make bench` serves beside Orbis.

Same gunicorn settings, same wrk script and ids, rounds interleaved with Orbis's, so that
Orbis's API rate can be read as a share of what Django and django-ninja alone manage on the
same machine at the same moment (bench/README.md).
"""
