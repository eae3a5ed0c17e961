from django import template

from progress import tracking

register = template.Library()


@register.filter
def step_state(states, key: str) -> str:
    """The state of plan step `key` in `states` (to do when never set)."""
    return tracking.state_of(states, key)


@register.filter
def state_label(state: str) -> str:
    return tracking.STATE_LABELS[state]
