"""Roles from the dependency parse: actor and counterpart of military figures,
payer and payee of money figures, and the scope (event | cumulative) of military
figures, per ``annotation-guidelines.md`` ("Roles: actor and counterpart", "Money
roles", "Military figures").

One job per module: ``syntax`` (the governing act and its arguments), ``parties``
(a token -> a country, armed group or named entity), ``slots`` (the party in one
argument slot), ``engine`` (which argument is the actor, which the counterpart, per
verb class), ``deals`` (who pays whom under a contract), ``money`` (payer and
payee), ``states`` (a leader in office or a state's organ -> the state, for money
roles), ``context`` (the sentence's other acts and the one before, where the
figure's own act names no actor; a casualty's cause; the host of personnel whose own
act names none), ``scope`` and ``attach`` (apply to one doc's figures). Word lists:
``transforms/data/roles_verbs.json``, ``roles_parties.json``, ``roles_scope.json``,
``roles_states.json``.
"""

from __future__ import annotations

from transforms.roles.attach import attach_military_roles, attach_money_roles

__all__ = ["attach_military_roles", "attach_money_roles"]
