"""Demo data: a multinational company with plausible customers in 14 countries (`orbis demo`).

The only app allowed to import every domain app, because it builds a whole company at once.
"""
