"""The use cases of the journal: the only way the UI and the CLI touch data.

Every function takes an open `Journal` first. Writers validate their input,
commit durably, and return a `Changed`; readers return plain frozen values.
"""
