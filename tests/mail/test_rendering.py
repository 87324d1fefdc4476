"""Mail texts and SMTP_URL parsing: pure functions, no server needed."""

from datetime import UTC, datetime

import aiosmtplib
import pytest

from app.mail import smtp
from app.mail.templates import SUBJECT_MAX, TEMPLATES, render

INVITATION = {"inviter_name": "olivia@agence-lumiere.fr", "organization_name": "Agence Lumière",
              "workspace_name": "Boulangerie Dupain", "role": "client_approver",
              "accept_url": "https://app.vigie.test/invitations/accept?token=t0k",
              "expires_at": datetime(2026, 12, 2, 15, 30, tzinfo=UTC)}
CONTEXTS = {"invitation": INVITATION,
            "password_reset": {"reset_url": "https://x/reset-password?token=r",
                               "expires_minutes": 60},
            "email_verification": {"verify_url": "https://x/verify-email?token=v"},
            "alert": {"workspace_name": "W", "rule_name": "R", "kind": "keyword",
                      "facts": "3 mentions", "first": True, "new_count": 3, "total": 3,
                      "alert_url": "https://x/workspaces/w/alerts/a", "evidence": []}}


@pytest.mark.parametrize(("template", "locale"), sorted(TEMPLATES))
def test_every_template_renders_its_link(template: str, locale: str) -> None:
    mail = render(template, locale, CONTEXTS[template])
    link = next(v for k, v in CONTEXTS[template].items() if k.endswith("_url"))
    assert link in mail.body
    assert mail.subject and "\n" not in mail.subject and "$" not in mail.body + mail.subject


def test_invitation_in_french_and_english() -> None:
    fr = render("invitation", "fr", INVITATION)
    assert fr.subject == ("olivia@agence-lumiere.fr vous invite à rejoindre l'espace "
                          "« Boulangerie Dupain » de Agence Lumière sur Vigie")
    assert "en tant que client validateur" in fr.body
    assert "expire le 02/12/2026 à 15:30 UTC" in fr.body
    en = render("invitation", "en", {**INVITATION, "workspace_name": None, "role": "admin"})
    assert en.subject == "olivia@agence-lumiere.fr invited you to Agence Lumière on Vigie"
    assert "as administrator" in en.body and "2026-12-02 15:30 UTC" in en.body


def test_unknown_locales_fall_back_to_english_and_regions_are_ignored() -> None:
    assert render("password_reset", "de", CONTEXTS["password_reset"]).subject == \
        "Reset your Vigie password"
    assert render("password_reset", "fr-CA", CONTEXTS["password_reset"]).subject == \
        "Réinitialisez votre mot de passe Vigie"


def test_user_supplied_names_cannot_add_lines_or_overflow_the_subject() -> None:
    mail = render("invitation", "en", {**INVITATION, "workspace_name": None,
                                       "organization_name": "Evil\r\nBcc: all@x.fr" + "x" * 400})
    assert "\n" not in mail.subject and len(mail.subject) == SUBJECT_MAX
    assert "Evil Bcc: all@x.fr" in mail.body


def test_missing_context_and_unknown_templates_are_bugs() -> None:
    with pytest.raises(KeyError):
        render("password_reset", "en", {"reset_url": "https://x"})
    with pytest.raises(KeyError):
        render("newsletter", "en", {})


def test_smtp_url_with_starttls_on_the_submission_port() -> None:
    target = smtp.parse_smtp_url("smtp://apikey:p%40ss%3Aword@smtp.example.org")
    assert (target.host, target.port, target.use_tls, target.start_tls) == \
        ("smtp.example.org", 587, False, True)
    assert (target.username, target.password) == ("apikey", "p@ss:word")
    assert "p@ss" not in repr(target)


def test_smtps_url_uses_implicit_tls() -> None:
    target = smtp.parse_smtp_url("smtps://u:p@mail.example.org")
    assert (target.port, target.use_tls, target.start_tls) == (465, True, False)


@pytest.mark.parametrize(("url", "start_tls"), [
    ("smtp://127.0.0.1:1025", None),  # opportunistic: used if the relay offers it
    ("smtp://127.0.0.1:25?starttls=false", False),
    ("smtp://127.0.0.1:2525?starttls=true", True),
])
def test_starttls_elsewhere(url: str, start_tls: bool | None) -> None:
    assert smtp.parse_smtp_url(url).start_tls is start_tls


@pytest.mark.parametrize("url", ["http://host", "smtp://", "mailto:a@b.fr"])
def test_bad_smtp_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        smtp.parse_smtp_url(url)


@pytest.mark.parametrize(("error", "kind"), [
    (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(550, "no user", "a")]),
     smtp.PermanentSmtpError),
    (aiosmtplib.SMTPDataError(554, "spam"), smtp.PermanentSmtpError),
    (aiosmtplib.SMTPSenderRefused(553, "not allowed", "a"), smtp.PermanentSmtpError),
    (aiosmtplib.SMTPDataError(452, "full"), smtp.TransientSmtpError),
    (aiosmtplib.SMTPAuthenticationError(535, "bad"), smtp.TransientSmtpError),
    (aiosmtplib.SMTPConnectResponseError(554, "go away"), smtp.TransientSmtpError),
    (aiosmtplib.SMTPServerDisconnected("bye"), smtp.TransientSmtpError),
    (ConnectionRefusedError(111, "refused"), smtp.TransientSmtpError),
])
def test_error_classes(error: Exception, kind: type) -> None:
    assert type(smtp.classify(error)) is kind
