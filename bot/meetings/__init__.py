"""Meetings booked in the chat: reps' hours, free slots, booking, invitations and their links."""
