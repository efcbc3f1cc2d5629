"""The action server: thin Rasa adapters, one module per conversation concern."""

from actions.catalog import catalog
from actions.meetings import meeting_settings
from actions.page_context import page_openings
from actions.product_questions import answer_matcher
from bot.handoff.desk import handoff_desk
from bot.meetings.email_wording import email_wording

# rasa_sdk imports this package when the action server starts: content with mistakes (the catalog,
# data/answers/, data/warmth.yml, data/meeting_emails.yml, data/openings.yml) stops it there with a clear
# error, instead of failing in the middle of a chat.
catalog()
answer_matcher()
handoff_desk()
meeting_settings()
email_wording()
page_openings()
