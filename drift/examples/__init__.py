"""Example models that ship with drift: the Renexus database as SQLAlchemy models.

`drift demo` and the tests compare them with the Renexus example database
(`drift check --orm drift.examples.renexus_models:Base`); they are also a template for writing models
that match a database drift has reflected.
"""
