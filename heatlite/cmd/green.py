"""Importing this module green-patches the standard library.

The daemons serve many requests and stack operations on green threads, so
heatlite-api, -engine and -all import it before anything opens a socket.
heatlite-wsgi-api does not: uwsgi and gunicorn bring their own concurrency.
"""

import eventlet

eventlet.monkey_patch()
