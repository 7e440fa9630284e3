"""Catalog import from CommerceML (1C, MoySklad, Bitrix) and YML files."""
