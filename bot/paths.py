"""Where the project's files live, independent of the current directory."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"
ENV_FILE = PROJECT_ROOT / ".env"
ENV_EXAMPLE_FILE = PROJECT_ROOT / ".env.example"
MODELS_DIR = PROJECT_ROOT / "models"
DATA_DIR = PROJECT_ROOT / "data"
CRM_MAPPING_FILE = DATA_DIR / "crm_fields.yml"
MEETING_EMAILS_FILE = DATA_DIR / "meeting_emails.yml"
SAVED_REPLIES_FILE = DATA_DIR / "saved_replies.yml"
PROMPTS_FILE = DATA_DIR / "prompts.yml"
ROUTING_FILE = DATA_DIR / "routing.yml"
OPENINGS_FILE = DATA_DIR / "openings.yml"
