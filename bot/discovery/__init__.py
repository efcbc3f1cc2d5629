"""Discovery: understanding what a visitor wants before recommending anything."""
