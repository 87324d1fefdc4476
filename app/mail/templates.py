"""Mail texts in French and English: plain `string.Template`s keyed by (template, locale).

Each template has a small `prepare` step that turns the caller's context into display strings
(role labels, dates, optional workspace), so the texts themselves stay free of logic.
`$name` placeholders are filled with `substitute`: a missing value is a bug and raises.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from string import Template
from typing import Any

DEFAULT_LOCALE = "en"
SUBJECT_MAX = 300  # mail_outbox.subject


@dataclass(frozen=True)
class MailTemplate:
    subject: Template
    body: Template


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body: str


_ROLE_LABELS: dict[str, dict[str, str]] = {
    "en": {"owner": "owner", "admin": "administrator", "member": "team member",
           "client_approver": "client approver", "client_viewer": "client viewer (read only)"},
    "fr": {"owner": "propriétaire", "admin": "administrateur·rice",
           "member": "membre de l'équipe", "client_approver": "client validateur",
           "client_viewer": "client lecteur (lecture seule)"},
}


def _format_datetime(value: Any, locale: str) -> str:
    if not isinstance(value, datetime):
        return str(value)
    # The reader's time zone is unknown here: say UTC explicitly rather than guess.
    utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return utc.strftime("%d/%m/%Y à %H:%M UTC" if locale == "fr" else "%Y-%m-%d %H:%M UTC")


def _invitation(context: dict[str, Any], locale: str) -> dict[str, Any]:
    role = str(context.get("role") or "member")
    org, workspace = context["organization_name"], context.get("workspace_name")
    if locale == "fr":
        target = f"l'espace « {workspace} » de {org}" if workspace else f"l'organisation {org}"
    else:
        target = f"the “{workspace}” workspace of {org}" if workspace else org
    return {**context, "target": target,
            "role_label": _ROLE_LABELS[locale].get(role, role),
            "expires_at": _format_datetime(context["expires_at"], locale)}


def _identity(context: dict[str, Any], _locale: str) -> dict[str, Any]:
    return context


def _alert(context: dict[str, Any], locale: str) -> dict[str, Any]:
    # An alert's first notification, or the summary of what came during the cooldown.
    rule, workspace = context["rule_name"], context["workspace_name"]
    new, total = context["new_count"], context["total"]
    lines = "".join(f"- {_one_line(str(line))}\n" for line in context.get("evidence", []))
    if locale == "fr":
        lead = (f"La règle d'alerte « {rule} » s'est déclenchée dans l'espace « {workspace} »."
                if context["first"] else f"L'alerte « {rule} » continue : {new} mentions de "
                f"plus depuis la dernière notification ({total} au total).")
        more = "" if context["first"] else f" — {new} mentions de plus"
        examples = f"\nExemples :\n{lines}" if lines else ""
    else:
        lead = (f"The alert rule “{rule}” fired in the “{workspace}” workspace."
                if context["first"] else f"The alert “{rule}” is still going on: {new} more "
                f"mentions since the last notice ({total} in total).")
        more = "" if context["first"] else f" — {new} more mentions"
        examples = f"\nExamples:\n{lines}" if lines else ""
    return {**context, "lead": lead, "more": more, "examples": examples}


_PREPARE: dict[str, Callable[[dict[str, Any], str], dict[str, Any]]] = {
    "invitation": _invitation,
    "password_reset": _identity,
    "email_verification": _identity,
    "alert": _alert,
}

_SIGNATURE = "\n-- \nVigie\n"

TEMPLATES: dict[tuple[str, str], MailTemplate] = {
    ("invitation", "en"): MailTemplate(
        Template("$inviter_name invited you to $target on Vigie"),
        Template("Hello,\n\n$inviter_name invited you to join $target on Vigie as $role_label."
                 "\n\nAccept the invitation:\n$accept_url\n\n"
                 "This link can be used once and expires on $expires_at.\n"
                 "If you were not expecting this invitation, you can ignore this email.\n"
                 + _SIGNATURE),
    ),
    ("invitation", "fr"): MailTemplate(
        Template("$inviter_name vous invite à rejoindre $target sur Vigie"),
        Template("Bonjour,\n\n$inviter_name vous invite à rejoindre $target sur Vigie "
                 "en tant que $role_label.\n\nAccepter l'invitation :\n$accept_url\n\n"
                 "Ce lien est utilisable une seule fois et expire le $expires_at.\n"
                 "Si vous n'attendiez pas cette invitation, ignorez ce message.\n"
                 + _SIGNATURE),
    ),
    ("password_reset", "en"): MailTemplate(
        Template("Reset your Vigie password"),
        Template("Hello,\n\nSomeone (hopefully you) asked to reset the password of your Vigie "
                 "account.\n\nChoose a new password:\n$reset_url\n\n"
                 "This link can be used once and expires in $expires_minutes minutes.\n"
                 "If you did not ask for it, ignore this email: your password stays the same.\n"
                 + _SIGNATURE),
    ),
    ("password_reset", "fr"): MailTemplate(
        Template("Réinitialisez votre mot de passe Vigie"),
        Template("Bonjour,\n\nQuelqu'un (vous, espérons-le) a demandé à réinitialiser le mot de "
                 "passe de votre compte Vigie.\n\nChoisir un nouveau mot de passe :\n"
                 "$reset_url\n\nCe lien est utilisable une seule fois et expire dans "
                 "$expires_minutes minutes.\nSi vous n'êtes pas à l'origine de cette demande, "
                 "ignorez ce message : votre mot de passe reste inchangé.\n" + _SIGNATURE),
    ),
    ("email_verification", "en"): MailTemplate(
        Template("Confirm your email address for Vigie"),
        Template("Hello,\n\nPlease confirm that this address belongs to you:\n$verify_url\n\n"
                 "This link can be used once and expires in 24 hours.\n"
                 "If you did not create a Vigie account, ignore this email.\n" + _SIGNATURE),
    ),
    ("email_verification", "fr"): MailTemplate(
        Template("Confirmez votre adresse e-mail pour Vigie"),
        Template("Bonjour,\n\nMerci de confirmer que cette adresse vous appartient :\n"
                 "$verify_url\n\nCe lien est utilisable une seule fois et expire dans 24 heures."
                 "\nSi vous n'avez pas créé de compte Vigie, ignorez ce message.\n"
                 + _SIGNATURE),
    ),
    ("alert", "en"): MailTemplate(
        Template("Vigie alert: $rule_name ($workspace_name)$more"),
        Template("Hello,\n\n$lead\n\n$facts\n$examples\nSee the alert and acknowledge it:\n"
                 "$alert_url\n\nYou receive this email because your address is on the alert rule "
                 "“$rule_name” of $workspace_name.\n" + _SIGNATURE),
    ),
    ("alert", "fr"): MailTemplate(
        Template("Alerte Vigie : $rule_name ($workspace_name)$more"),
        Template("Bonjour,\n\n$lead\n\n$facts\n$examples\nVoir l'alerte et en accuser "
                 "réception :\n$alert_url\n\nVous recevez ce message car votre adresse figure dans "
                 "la règle d'alerte « $rule_name » de $workspace_name.\n" + _SIGNATURE),
    ),
}


def normalize_locale(locale: str | None) -> str:
    """'fr-CA' → 'fr'; anything without texts falls back to English."""
    short = (locale or "").strip().lower()[:2]
    return short if short in _ROLE_LABELS else DEFAULT_LOCALE


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _clean_context(context: dict[str, Any]) -> dict[str, Any]:
    # Names come from users: a newline would forge lines of the text, or inject a header
    # once it reaches the subject (which the email package refuses anyway).
    return {k: _one_line(v) if isinstance(v, str) else v for k, v in context.items()}


def render(template: str, locale: str, context: dict[str, Any]) -> RenderedMail:
    if template not in _PREPARE:
        raise KeyError(f"unknown mail template {template!r}")
    lang = normalize_locale(locale)
    texts = TEMPLATES[(template, lang)]
    values = _PREPARE[template](_clean_context(context), lang)
    subject = _one_line(texts.subject.substitute(values))[:SUBJECT_MAX]
    return RenderedMail(subject=subject,
                        body=texts.body.substitute(values))
