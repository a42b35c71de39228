"""Serving the course to trainees: never imported by a trainee's kernel.

- ``local``: ``sales-course start``, one trainee's own JupyterLab on this machine.
- ``hub``: ``sales-course hub``, a JupyterHub for a workshop, with trainees as OS users.
- ``exchange``: the hub's nbgrader exchange, private per trainee.
- ``prestart``: start a class's servers ahead of the session on any JupyterHub (TLJH, Z2JH).
- ``client``: a trainee and an instructor driven over HTTP (tests and benchmarks).
"""
