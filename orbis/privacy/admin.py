"""The consent ledger is not in the admin: it holds the person's network evidence (IP address,
user agent) and names the person, and Orbis's consent pages show it scoped and audited."""
