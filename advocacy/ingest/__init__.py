"""The one spine for public data: fetch a source (HTTP or the mirror) and check it
(fetch.py), write the difference in chunks with an importer's hooks (importer.py, diff.py),
and publish the stored copies only once the database has committed (publish.py). The
directory, the bills and the rules fill it in with their own sources and records."""
