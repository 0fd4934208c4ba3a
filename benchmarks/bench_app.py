"""The app as gunicorn serves it in benchmarks/lookup.py, plus a bare JSON endpoint.

The bare endpoint is the ceiling: the same server, workers and client, with no work.
"""

from flask import jsonify

from advocacy import create_app

app = create_app()


@app.get("/bench/bare")
def bare():
    """The least a Flask JSON endpoint can do."""
    return jsonify(ok=True)
