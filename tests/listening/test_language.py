"""Offline language detection of short social-media posts."""

import pytest

from app.listening.language import clean, detect_language, language_probabilities


@pytest.fixture(autouse=True)
def _isolate() -> None:
    """No database or Redis here: skip the suite's per-test truncate and flush."""


@pytest.mark.parametrize(("text", "expected"), [
    ("@Novafone_FR ça fait 3 jours que j'ai plus de réseau, personne répond 😡", "fr"),
    ("Livraison en 24h et colis nickel, je recommande 👌 #Brixo", "fr"),
    ("jsuis dégoûté, mon tel est arrivé avec l'écran rayé", "fr"),
    ("Fuyez cette banque.", "fr"),
    ("Still no refund after 6 weeks @QuickCart, what are you waiting for?", "en"),
    ("Highly recommend Crumbs & Co, the sourdough is unreal 🔥", "en"),
    ("Stay away from this bank.", "en"),
    ("Der Kundenservice von Novafone ist eine Katastrophe, seit zwei Wochen kein Internet", "de"),
    ("Bestellung heute angekommen, alles super verpackt. Danke!", "de"),
    ("El servicio al cliente de Brixo no contesta desde hace una semana", "es"),
    ("Me encanta la nueva colección, los colores son preciosos", "es"),
    ("Il pacco è arrivato in ritardo e danneggiato, pessimo servizio", "it"),
    ("De bezorging was snel en de verpakking was netjes, top!", "nl"),
    ("O atendimento da loja foi ótimo, recomendo a todos", "pt"),
])
def test_detects_the_languages_agencies_meet(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Obsługa klienta jest fatalna, czekam na zwrot pieniędzy od miesiąca", "pl"),
    ("Kundtjänsten svarade snabbt och löste mitt problem direkt", "sv"),
    ("Müşteri hizmetleri çok kötü, paramı hala geri alamadım", "tr"),  # noqa: RUF001
    ("カスタマーサービスの対応がとても良かったです", "ja"),
])
def test_still_detects_other_languages(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", [
    "", "ok", "top !", "mdr", "lol", "👍👍", "Merci", "10/10", "#fail", "@Brixo_FR",
    "https://t.co/abc", "Brixo Novafone Kadoo", "nul", "Danke",
])
def test_too_short_or_ambiguous_is_none(text):
    assert detect_language(text) is None


def test_noise_is_removed_before_detection():
    assert clean("@Brixo_FR merci !! 😍 https://t.co/x #top 10/10") == "merci"
    assert language_probabilities("") == []


def test_probabilities_are_a_distribution():
    ranked = language_probabilities("Le colis est arrivé ouvert et il manquait un article")
    assert ranked[0][0] == "fr"
    assert abs(sum(p for _, p in ranked) - 1.0) < 1e-3
