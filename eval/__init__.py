"""Quality measurements of the matchers (text and logos): `python -m eval.run --out FILE`.

Reads the shared dev data and builds synthetic sets; imports `infringement`, never the web app.
"""
