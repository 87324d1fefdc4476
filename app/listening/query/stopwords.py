"""French and English stop words, in folded form (lowercase, no accents), plus the debris of
links and social posts. They are never worth offering as an exclusion: they occur in any
text, and some are query operators."""

_ENGLISH = """
a about above after again against all am an and any are aren as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don
down during each few for from further get got had hadn has hasn have haven having he her
here hers herself him himself his how however i if in into is isn it its itself just let ll
me more most mustn my myself no nor not now of off on once only or other ought our ours
ourselves out over own re really same shan she should shouldn so some such than that the
their theirs them themselves then there these they this those through to too under until
up ve very was wasn we were weren what when where which while who whom why will with won
would wouldn yes yet you your yours yourself yourselves also one two new like via vs amp
"""

_FRENCH = """
a ai aie aient aies ait alors as au aucun aucune aupres auquel aura aurai auraient aurais
aurait auras aurez auriez aurions aurons auront aussi autre autres aux auxquels avaient
avais avait avant avec avez aviez avions avoir avons ayant ayez ayons bon c ca car ce ceci
cela celle celles celui cependant ces cet cette ceux chaque chez ci comme comment d dans de
des deja depuis devrait doit donc dont du elle elles en encore entre es est et etaient
etais etait etant ete etes etiez etions etre eu eue eues eurent eus eusse eussent eusses
eussiez eussions eut eux fait faire fois font fut furent fus fusse fussent ici il ils j je
jusqu jusque l la le les leur leurs lors lorsque lui m ma mais me meme memes mes moi mon
moins n ne ni non nos notre nous on ont ou par parce pas peu peut plus pour pourquoi puis
qu quand que quel quelle quelles quels qui quoi s sa sans se sera serai seraient serais
serait seras serez seriez serions serons seront ses si sien soi soient sois soit sommes son
sont sous soyez soyons suis sur t ta te tes toi ton tous tout toute toutes tres tu un une
unes uns v va vers voila vos votre vous vu y sauf ou apres chez selon tant tel telle
"""

_WEB = """
http https www com org net fr html php amp rt via cc dm pm am lol mdr ptdr
"""

STOP_WORDS: frozenset[str] = frozenset((_ENGLISH + _FRENCH + _WEB).split())
