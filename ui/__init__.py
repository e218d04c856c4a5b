"""Streamlit helpers shared by ``app.py`` and ``pages/``: session, guard, navigation, tables.

Only presentation lives here: every rule and every query is in :mod:`lakip.services`.
"""
