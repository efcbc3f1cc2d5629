"""Leads synced to the CRMs sales already uses (HubSpot, Salesforce), as consumers of the event outbox."""
