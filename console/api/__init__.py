"""The JSON API under /api/v1, authenticated by API tokens (core.api_tokens); errors are JSON 4xx."""
from console.api.views import blueprint

__all__ = ["blueprint"]
