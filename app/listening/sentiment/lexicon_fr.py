"""French rules and the brand / customer-service layer over the vader_FR lexicon.

Valences use VADER's scale (-4..+4). Keys may carry accents: they are folded at load time,
because social media French drops accents ("decu", "genial") as often as it keeps them.
The booster and negator lists start from vader_FR's (MIT) and add the spoken forms.
"""

from app.listening.sentiment.rules import B_DECR, B_INCR, LanguageRules

NEGATORS = frozenset({
    "pas", "jamais", "rien", "aucun", "aucune", "aucunement", "nullement", "sans", "ni",
    "personne", "zéro", "0",
})

# "ne"/"n'" alone does not negate: it announces a negator after the verb
# ("je ne recommande pas"), and "plus" negates only in that frame ("ça ne marche plus").
NE_PARTICLES = frozenset({"ne"})
NE_NEGATORS = frozenset({"pas", "plus", "jamais", "rien", "aucun", "aucune", "personne", "point"})

BOOSTERS = {
    **dict.fromkeys([
        "absolument", "archi", "beaucoup", "carrément", "complètement", "extrêmement",
        "franchement", "grave", "hyper", "incroyablement", "méga", "particulièrement",
        "profondément", "putain de",
        "sacrément", "si", "super", "tellement", "terriblement", "totalement", "trop", "très",
        "ultra", "vachement", "vraiment", "énormément", "de ouf", "à mort", "du tout", "mega",
        "giga", "full", "tout simplement", "bien trop", "encore plus",
    ], B_INCR),
    **dict.fromkeys([
        "assez", "moyennement", "légèrement", "peu", "plutôt", "presque", "quasi", "un peu",
        "un poil", "limite", "à peine",
    ], B_DECR),
}
# Spoken French puts some intensifiers after the word they strengthen ("j'kiffe grave").
POSTPOSED_BOOSTERS = frozenset({"grave", "trop", "de ouf", "à mort", "vraiment", "carrément"})

CONTRASTS = frozenset({
    "mais", "par contre", "cependant", "pourtant", "sauf que", "en revanche", "néanmoins",
    "toutefois",
})

# Neutral when present, negative when negated or absent: "toujours pas de remboursement".
EXPECTED = {
    **dict.fromkeys([
        "remboursement", "rembourser", "réponse", "réponses", "répond", "répondent", "répondu",
        "nouvelles", "nouvelle", "retour", "retours", "solution", "solutions", "réseau",
        "connexion", "internet", "wifi", "signal", "réception", "livraison", "livré", "livrée",
        "livrés", "reçu", "reçue", "reçus", "reçues", "arrivé", "arrivée", "arrivés", "marche",
        "marchent", "fonctionne", "fonctionnent", "fonctionné", "aide", "suivi", "rappelle",
        "rappeler", "excuses", "traité", "traitée", "dispo",
        "disponible", "joignable", "joindre", "contact", "accès", "courant", "électricité",
        "chauffage", "eau chaude", "info", "infos", "information", "informations", "mail",
        "appel", "service client", "service clients", "service clientèle", "sav",
        "compensation", "dédommagement", "facture", "colis",
        "commande", "service", "débit", "4g", "5g", "fibre", "tonalité", "confirmation",
        "explication", "explications", "communication", "rembourse", "remboursent",
        "décroche", "décrochent", "ouvrir", "ouvre", "résoudre", "venu", "venue", "data",
    ], (0.0, -1.8)),
    **dict.fromkeys(["résilier", "résiliation"], (0.0, -1.5)),
    "geste commercial": (1.0, -1.8),
    "remboursé": (1.0, -1.8),
    "remboursée": (1.0, -1.8),
    "résolu": (1.5, -1.8),
    "réglé": (1.2, -1.8),
    "réparé": (1.2, -1.8),
    "rappelé": (0.8, -1.8),
    "rappelée": (0.8, -1.8),
    "dépanné": (1.8, -1.5),
}

DOMAIN = {
    # scams, outages, crises
    "arnaque": -3.0, "arnaques": -3.0, "arnaquer": -3.0, "arnaqué": -3.0, "arnaquée": -3.0,
    "arnaqués": -3.0, "arnaqueurs": -3.0, "escroquerie": -3.0, "escroc": -3.0, "escrocs": -3.0,
    "voleurs": -2.8, "voleur": -2.8, "vol": 0.0, "volé": -2.2, "panne": -2.0, "pannes": -2.0,
    "bug": -1.6, "bugs": -1.6, "bugue": -1.8, "bugué": -1.8, "beug": -1.6, "beugue": -1.8,
    "plantage": -2.0, "plante": -1.2, "planté": -1.5, "crash": -2.0, "boycott": -2.5,
    "boycotter": -2.5, "boycottez": -2.5, "scandale": -2.6, "scandaleux": -2.8,
    "rappel produit": -1.8, "rappel conso": -1.8, "rappel": 0.0, "fuite": -1.5,
    "fuite de données": -2.6, "piratage": -2.2, "piraté": -2.2, "hors service": -2.0,
    "hs": -1.6, "coupure": -1.8, "coupures": -1.8, "défectueux": -2.2, "défectueuse": -2.2,
    "cassé": -2.0, "cassée": -2.0, "abîmé": -1.8, "abîmée": -1.8, "endommagé": -1.8,
    "relation client": 0.0, "hotline": 0.0, "moyen de paiement": 0.0, "moyens de paiement": 0.0,
    # money
    "cher": -1.2, "chère": -1.0, "hors de prix": -2.2, "frais cachés": -2.4, "piège": -2.0,
    "prélevé deux fois": -2.4, "débité deux fois": -2.4, "facturé deux fois": -2.4,
    "mensonger": -2.5, "mensongère": -2.5, "mensonge": -2.3, "menteurs": -2.5, "menteur": -2.5,
    "bon plan": 2.0, "bon d'achat": 0.0, "bon de commande": 0.0, "code promo": 0.0,
    # service quality
    "lent": -1.5, "lente": -1.5, "lenteur": -1.6, "retard": -1.5, "retards": -1.5,
    "en retard": -1.6, "annulé": -1.5, "annulée": -1.5, "perdu": -1.5, "perdue": -1.5,
    "injoignable": -2.4, "incompétent": -2.6, "incompétents": -2.6, "incompétence": -2.6,
    "méprisant": -2.5, "mépris": -2.5, "impoli": -2.2, "désagréable": -2.2, "malpoli": -2.2,
    "bloqué": -1.5, "bloquée": -1.5, "erreur": -1.5, "problème": -1.5, "problèmes": -1.5,
    "souci": -1.3, "soucis": -1.3, "pb": -1.3, "galère": -2.0, "galères": -2.0,
    "galérer": -1.8, "attente": -0.8, "j'attends toujours": -2.0, "toujours en attente": -2.0,
    "plainte": -1.5, "litige": -1.8, "foutage de gueule": -3.0,
    "se fout": -2.5, "se foutent": -2.5, "se moquent": -2.2, "se moque": -2.2,
    "rapide": 1.5, "rapides": 1.5, "rapidement": 1.0, "réactif": 2.2, "réactive": 2.2,
    "réactivité": 2.0, "efficace": 2.1, "efficaces": 2.1, "aimable": 1.8, "aimables": 1.8,
    "pro": 1.4, "professionnel": 1.5, "professionnels": 1.5, "à l'écoute": 2.0,
    "fiable": 1.8, "fluide": 1.3, "intuitif": 1.5, "pratique": 1.3,
    # opinions
    "au top": 2.8, "top": 2.2, "nickel": 2.5, "impeccable": 2.5, "parfait": 2.5,
    "parfaite": 2.5, "génial": 2.8, "géniale": 2.8, "géniaux": 2.8, "bien": 1.0, "bon": 1.2,
    "bonne": 1.2, "je recommande": 2.6, "recommande": 2.2, "recommandé": 2.0,
    "recommander": 2.0, "kiffe": 2.5, "kiff": 2.5, "adore": 2.8, "adoré": 2.8, "jadore": 2.8,
    "love": 2.5, "ouf": 1.8, "incroyable": 2.0, "bravo": 2.4, "félicitations": 2.4,
    "chapeau": 1.8, "satisfait": 2.0, "satisfaite": 2.0, "ravi": 2.8, "ravie": 2.8,
    "content": 2.0, "contente": 2.0, "contents": 2.0, "heureux": 2.5, "heureuse": 2.5,
    "fan": 2.0, "pépite": 2.5, "canon": 2.0, "bluffé": 2.5, "bluffant": 2.5, "cool": 1.8,
    "sympa": 2.0, "agréable": 2.0, "délicieux": 2.8, "délicieuse": 2.8, "excellent": 2.8,
    "excellente": 2.8, "merci": 1.5, "masterclass": 2.5, "youpi": 2.0, "enfin": 0.5,
    "pas mal": 1.5, "pas mal de": 0.0, "pas terrible": -1.8, "pas ouf": -1.8, "pas fou": -1.5,
    "terrible": -0.5, "fou": 0.0, "moyen": -0.8, "médiocre": -2.2, "bof": -1.2, "mouais": -1.0,
    "nul": -2.5, "nulle": -2.5, "nuls": -2.5, "naze": -2.0, "pourri": -2.5, "pourrie": -2.5,
    "merdique": -2.8, "merde": -2.0, "horrible": -2.8, "affreux": -2.8, "pire": -2.8,
    "catastrophe": -2.5, "catastrophique": -3.0, "déçu": -2.2, "déçue": -2.2, "déçus": -2.2,
    "déception": -2.2, "décevant": -2.2, "décevante": -2.2, "honteux": -2.8, "honte": -2.5,
    "inadmissible": -2.8, "inacceptable": -2.8, "lamentable": -2.8, "pitoyable": -2.5,
    "abusé": -2.0, "marre": -2.2, "ras le bol": -2.5, "dégoûté": -2.2, "dégoûtée": -2.2,
    "vénère": -2.0, "énervé": -2.0, "énervée": -2.0, "furieux": -2.6, "colère": -2.0,
    "relou": -1.8, "chiant": -2.0, "dégueulasse": -3.0, "dégueu": -2.8, "immonde": -3.0,
    "infect": -3.0, "beurk": -2.5, "sale": -1.8, "malade": -2.0, "intoxication": -3.0,
    "dangereux": -2.2, "toxique": -2.5, "spam": -1.5, "harcèlement": -2.5,
    "merci pour rien": -2.8, "à fuir": -3.0, "fuyez": -3.0, "plus jamais": -2.2,
    # interjections and slang: laughter is weak evidence (often ironic), so kept small
    # dev-set fixes: brand-context senses, and words that fold onto a function word
    # ("sûr" -> "sur") or were translated from an English homograph ("prix" as "prize")
    "misère": -2.0, "prix": 0.0, "prix fort": -1.5, "fort": 1.0, "honnêtement": 0.0,
    "attends": 0.0, "réclamation": 0.0, "vols": 0.0, "sur": 0.0, "sous": 0.0, "fois": 0.0,
    "part": 0.0, "partir": 0.0, "nouveau": 0.0, "nouvelle": 0.0, "nouveaux": 0.0,
    "seul": 0.0, "seule": 0.0, "certains": 0.0, "chuté": -1.5, "lâché": -1.5,
    "lâchent": -1.5, "lâche": -1.5, "c'est du vol": -2.5, "quoi ce délire": -1.8,
    "une loterie": -1.5, "appréciable": 1.8, "ouvert": 0.0, "assurance": 0.0, "lance": 0.0,
    "dure": 0.0, "sinistre": 0.0, "intéressé": 0.0, "intéressés": 0.0, "frais": 0.0,
    "accepte": 0.0, "vigueur": 0.0, "congés": 0.0, "garantie": 0.0, "garanties": 0.0,
    "mieux": 0.8, "attendais à mieux": -1.8, "blague": -1.8, "taudis": -2.5,
    "bouloche": -1.5, "augmente": -1.0, "augmenté": -1.0, "augmentation": -1.0,
    "hausse": -1.0, "sans prévenir": -1.5, "prévienne": 0.0, "down": -1.8,
    "tourne en boucle": -1.5, "parler à un humain": -1.2, "censé": -1.0, "censée": -1.0,
    "inexistant": -1.8, "inexistante": -1.8, "impossible": -1.5, "ça fait plaisir": 2.0,
    "offert": 1.2, "de service en service": -1.5, "renvoient la balle": -2.0,
    "je valide": 2.0, "indispensable": 1.5, "délirants": -1.5, "délirant": -1.5,
    "prélève": -0.8, "prélèvent": -0.8, "prélever": -0.8, "brûlé": -1.5,
    "un recommandé": 0.0, "en recommandé": 0.0, "lettre recommandée": 0.0,
    "surfacturé": -2.2, "surfacturée": -2.2, "non merci": -1.5, "loué": 0.0, "louée": 0.0,
    "racheté": 0.0, "rachète": 0.0, "unique": 0.0, "spéciale": 0.0, "spécial": 0.0,
    "festival": 0.0, "noël": 0.0, "étend": 0.0, "oublie": -1.2, "oublié": -1.2,
    "oubliée": -1.2, "sonne dans le vide": -1.5, "invalide": -1.2, "pas cher": 1.5,
    "à l'heure": 1.2, "ponctuel": 1.5, "repoussé": -1.2, "repoussée": -1.2,
    "bousillé": -2.5, "un bon de": 0.0, "vacances": 0.0, "surchauffe": -1.8, "coupé": -1.0,
    "sans demander": -1.5, "sauve la vie": 2.5, "sauvent la vie": 2.5, "encourageant": 1.8,
    "encourageants": 1.8, "j'ai hâte": 1.8, "frais de retard": 0.0, "amis": 0.0,
    "même pas eu besoin": 1.2, "ben voyons": -1.5, "la classe": 2.0,
    "mdr": 0.6, "ptdr": 0.6, "lol": 0.6, "xd": 0.6, "jpp": -1.5, "wtf": -1.8, "pff": -1.5,
    "pfff": -1.5, "grr": -1.5, "omg": 0.3, "rip": -1.2, "svp": 0.0, "stp": 0.0,
}

RULES = LanguageRules(
    lang="fr",
    negators=NEGATORS,
    ne_particles=NE_PARTICLES,
    ne_negators=NE_NEGATORS,
    boosters=BOOSTERS,
    postposed_boosters=POSTPOSED_BOOSTERS,
    contrasts=CONTRASTS,
    expected=EXPECTED,
    absence_after=frozenset({"rien", "pas", "jamais", "plus"}),
    post_negators=frozenset({"pas", "jamais"}),
    persistence=frozenset({"toujours", "encore"}),
    ironic_closers=frozenset({"génial", "top", "super", "parfait", "bravo", "magnifique",
                              "merveilleux", "excellent", "formidable", "la classe", "trop bien",
                              "au top", "chapeau", "génialissime"}),
    domain=DOMAIN,
    elision=True,
)
