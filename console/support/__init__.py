"""The support agent's WhatsApp inbox: queue, conversation log, takeover, replies and tickets."""
from flask import Blueprint

from console.auth import LogoutForm, current_user, roles_required
from core.models.users import Role

blueprint = Blueprint("support", __name__, url_prefix="/support", template_folder="templates")
SUPPORT_ROLES = (Role.SUPPORT_AGENT, Role.OPS_MANAGER)  # super admins always pass roles_required


@blueprint.before_request
@roles_required(*SUPPORT_ROLES)
def support_staff_only():
    """Every path of the blueprint (pages, actions, polling) is gated here, not view by view."""
    return None


@blueprint.context_processor
def layout_context():
    from console.support.display import ist
    return {"user": current_user(), "logout_form": LogoutForm(), "ist": ist}


from console.support import actions, views  # noqa: E402,F401 - routes register on import
