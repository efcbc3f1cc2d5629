"""Events for systems outside: what happened to a lead, recorded in the SQL outbox and delivered, signed,
to webhook subscribers (docs/EVENTS.md)."""
