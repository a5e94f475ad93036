from . import sibling
from .models import User, Group as Team
from ..shared.util import helper


def handler(event, context):
    return helper(event)
