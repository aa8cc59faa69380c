"""Money roles: the payer and payee of a money figure from its governing act, per
the guidelines' "Money roles" ("Amazon to pay California $500,000": payer = agent,
payee = recipient; "the EU fined Google $5bn": payer = object, payee = agent; a
contract's money per ``deals``). None where the sentence does not say: never from
co-occurrence. Verb classes and their slots: ``roles_verbs.json`` (``money``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from transforms.entities import entity_id_for
from transforms.roles.deals import (
    deal_roles,
    headline_passive,
    headline_passive_parties,
    money_words,
)
from transforms.roles.parties import Party, party_data, side_of_token
from transforms.roles.slots import Resolver, first_party, slot_party
from transforms.roles.syntax import (
    Act,
    arguments,
    budget_compound,
    governing_act,
    noun_phrase,
    verb_class,
    verb_data,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def _non_payment(act: Act, anchor: Token) -> bool:
    words = verb_data().non_payment_nouns
    if anchor.head.lower_ in words or any(t.lower_ in words for t in act.figure_path[1:]):
        return True
    return any(
        c.dep_ in ("dobj", "nsubj") and c.lower_ in words
        for t in act.figure_path[1:]
        if t.pos_ in ("VERB", "AUX")
        for c in t.children
    )  # "lowering the oil price cap from 60 dollars to 45 dollars"


# Classes whose payee may stand outside the act's own slots (``_gift_recipients``).
_GIVING = frozenset({"give", "pay"})


def _gift_recipients(act: Act) -> list[Token]:
    """Recipients the parse puts outside a gift's slots: the giving verb's dative or
    passive subject for a gift noun it has as object ("give Ukraine a €2.7bn arms
    package", "Morocco was awarded a $200m grant"), or the object a figure hangs on
    as an apposition ("Saudi Arabia lends Pakistan $3bn")."""
    head, path = act.head, act.figure_path
    if head.pos_ == "NOUN" and head.dep_ == "dobj" and verb_class(head.head) in _GIVING:
        verb = head.head
        return [c for c in verb.children if c.dep_ in ("dative", "nsubjpass")]
    if head.dep_ == "pobj" and head.head.lower_ == "with" and verb_class(head.head.head) in _GIVING:
        # "The World Bank provided Turkey with a $2bn loan"
        return [c for c in head.head.head.children if c.dep_ == "dobj"]
    if len(path) >= 3 and path[0].dep_ == "appos" and path[1].dep_ in ("dobj", "dative"):
        return [path[1]] if path[2] == head and path[1].pos_ == "PROPN" else []
    return []


# How many tokens either side of the anchor the figure's own words may stand
# ("$ 1bn" is anchored at "$"; "US$ 2.631 billion" spans three tokens).
FIGURE_WINDOW = 3


def _is_figure(party: Party | None, anchor: Token) -> bool:
    """Whether a party's name holds the figure's own number ("1bn Army" in "awarded
    $1bn Army contract", a misread entity)."""
    if party is None:
        return False
    doc = anchor.doc
    lo, hi = max(0, anchor.i - FIGURE_WINDOW), min(len(doc), anchor.i + FIGURE_WINDOW + 1)
    numbers = {t.text for t in doc[lo:hi] if any(ch.isdigit() for ch in t.text)}
    return any(word in numbers for word in party.name.split())


def _taken_gift(act: Act, resolve: Resolver) -> tuple[Party | None, Party | None] | None:
    """A gift noun a taking verb governs ("Sri Lanka took out a $1bn loan from China"):
    its "from" object pays, the taker receives."""
    head = act.head
    if act.cls != "give" or head.pos_ != "NOUN" or head.dep_ != "dobj":
        return None
    verb = head.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in verb_data().taking_verbs:
        return None
    taking = arguments(verb, "receive")
    payer = slot_party(act, "source", resolve, None) or slot_party(taking, "source", resolve, None)
    return payer, slot_party(taking, "agent", resolve, None)


def _headline_gift(act: Act) -> Token | None:
    """The giving or paying verb of a headline's reduced passive that governs the
    figure, itself or through the gift noun it has as object ("Morocco awarded $200m
    grant", "Former AD Malcolm Turner paid $1.6 million in 2020")."""
    if act.cls not in _GIVING:
        return None
    verb = act.head
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj":
        verb = verb.head
    if verb.pos_ != "VERB" or not headline_passive(verb):
        return None
    if verb_class(verb) == "pay" and any(
        c.dep_ == "prep" and c.lower_ == "for" for c in verb.children
    ):
        return None  # "Apple paid $3bn for Beats": a price paid, the active reading
    return verb


# How many heads above a sale noun the verb that approves it may stand ("made a
# determination for the possible sale": for, determination, made).
APPROVAL_CLIMB = 4


def _approving_state(sale: Token, resolve: Resolver) -> Party | None:
    """The state whose organ approves or determines a sale that names no seller ("the
    US State Department made a determination for the possible sale of F-35 jets to
    Greece"): a foreign military sale's seller (MONEY_RULES.md "Who is who")."""
    tok = sale
    for _ in range(APPROVAL_CLIMB):
        if tok.head == tok or tok.dep_ not in ("pobj", "prep", "dobj"):
            return None
        tok = tok.head
        if tok.pos_ == "VERB":
            if tok.lemma_.lower() in verb_data().non_giver_verbs:
                return None
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            party = resolve(subject) if subject is not None else None
            return party if party is not None and party.iso3 else None
    return None


def _received_bid(act: Act, resolve: Resolver) -> tuple[Party | None, Party | None] | None:
    """A bid or takeover offer that is the object of a receiving verb ("Circuit City has
    received a $3.25bn takeover offer from Highfields"): the bidder ("from") pays, the
    company bid for receives."""
    head = act.head
    if act.cls != "buy" or head.pos_ != "NOUN" or head.dep_ != "dobj":
        return None
    if verb_class(head.head) != "receive":
        return None
    received = arguments(head.head, "receive")
    bidder = slot_party(act, "source", resolve, None)
    payer = bidder or slot_party(received, "source", resolve, None)
    return payer, slot_party(received, "agent", resolve, None)


def _bare_force(tok: Token, resolve: Resolver) -> bool:
    """A force or institution noun with no side-naming modifier, possessor or "of" of
    its own ("to defence", "the armed forces", ``force_nouns``, ``institution_nouns``):
    it names no side, so it is no payee (not the reporting speaker's side: "allocated
    ₹7.2 lakh crore to defence, Finance Minister Nirmala Sitharaman said")."""
    data = party_data()
    if tok.lemma_.lower() not in data.force_nouns | data.institutions:
        return False
    mods = [m for m in noun_phrase(tok)[1:] if m.dep_ != "det"]
    if any(m.dep_ == "poss" or resolve(m) is not None for m in mods):
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


def _without_bare_forces(resolve: Resolver) -> Resolver:
    """``resolve`` for a payee slot: a bare force or institution noun is no party."""

    def resolved(tok: Token) -> Party | None:
        return None if _bare_force(tok, resolve) else resolve(tok)

    return resolved


def _asset_owner(act: Act, resolve: Resolver) -> Party | None:
    """The company whose asset is bought ("bought the Polish plant of fertiliser
    maker Fjordkraft Agro for 410 million zlotys" -> Fjordkraft Agro is paid): the
    named "of" owner of a bought object that is no party itself. A place ("the port
    of Gdansk") owns nothing here."""
    path = {t.i for t in act.figure_path}
    for obj in act.objects:
        if obj.i in path or obj.dep_ != "dobj":
            continue
        for prep in obj.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            owners = [c for c in prep.children if c.dep_ == "pobj" and c.i not in path]
            owner = first_party(owners, resolve)
            if owner is not None and not _is_place(owner):
                return owner
    return None


# Classes of a verb whose goods an "at a cost of" phrase prices.
_COSTED_CLASSES = frozenset({"give", "sell", "buy"})


def _costed_goods(anchor: Token) -> Act | None:
    """The act of goods a cost phrase prices ("1,000 systems at a cost of £39 million
    would be supplied to the Ukrainian army" -> supplied; ``cost_phrase_nouns``): a
    cost that is the price of goods given, sold or bought is paid (its recipient is
    paid, its agent pays), not a mere cost."""
    path = [anchor]
    for dep, words in (("pobj", ("of",)), ("prep", None), ("pobj", ("at", "for"))):
        tok = path[-1]
        if tok.dep_ != dep or tok.head == tok:
            return None
        head = tok.head
        if words is not None and head.lower_ not in words:
            return None
        if words is None and head.lemma_.lower() not in money_words("cost_phrase_nouns"):
            return None
        path.append(head)
    goods = path[-1].head  # the goods noun the phrase hangs on, or the verb itself
    if goods.pos_ == "VERB":
        path.append(goods)  # "send 20 tanks at a cost of €300m"
    elif goods.pos_ in ("NOUN", "PROPN") and goods.dep_ in ("dobj", "nsubjpass"):
        path += [goods, goods.head]
    else:
        return None
    verb = path[-1]
    cls = verb_class(verb) if verb.pos_ == "VERB" else None
    if cls not in _COSTED_CLASSES:
        return None
    return arguments(verb, cls, path=path)


# How many raising links ("is likely to seal", "is set to sign") a deal verb may
# climb to its subject.
_RAISING_CLIMB = 3


def _raised_signer(act: Act, resolve: Resolver) -> Party | None:
    """The subject of the verb a deal noun is the object of, through raising links
    ("India is likely to seal two submarine deals worth over Rs one lakh crore by the
    middle of next year" -> India signs; the time phrase is no agent)."""
    if act.head.dep_ != "dobj" or verb_class(act.head.head) != "deal":
        return None
    cur = act.head.head
    for _ in range(_RAISING_CLIMB):
        subject = next((c for c in cur.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return resolve(subject)
        if cur.dep_ not in ("xcomp", "acomp") or cur.head == cur:
            return None
        cur = cur.head
    return None


def _is_budget(head: Token) -> bool:
    """A budget act: a budget noun, or a noun one modifies ("the budget estimate")."""
    return head.lower_ in verb_data().budget_nouns or budget_compound(head) is not None


def _budget_audience(tok: Token, act: Act) -> bool:
    """Whether ``tok`` is the "to" object of a verb that puts a budget before a
    legislature ("submitted ... to Congress"), not one that pays it; the parse may
    hang that "to" on the budget's own words ("the budget of 5.5 trillion reais to")."""
    prep = tok.head
    if prep.lower_ != "to":
        return False
    verbs = money_words("budget_audience_verbs")
    if prep.head.lemma_.lower() in verbs:
        return True
    own = prep.head in act.figure_path or prep.head == act.head
    return own and act.head.head.lemma_.lower() in verbs


def _with_apposition(resolve: Resolver) -> Resolver:
    """``resolve``, and for a common noun the name in apposition right after it, where
    the noun names no party ("bail out the steelmaker Acciaierie del Sud", "a loan
    granted by the state lender Cassa Depositi e Prestiti", "ordered the carmaker
    Stellaris Motors to pay"), or only the state a company belongs to ("Abu Dhabi's
    sovereign wealth fund Mubadala", ``named_org_nouns``): the noun says what kind of
    party the name is."""

    def resolved(tok: Token) -> Party | None:
        found = resolve(tok)
        if tok.pos_ != "NOUN" or (found is not None and not _is_place(found)):
            return found
        if found is not None and tok.lemma_.lower() not in money_words("named_org_nouns"):
            return found  # "Japan's aid agency JICA", "the Romanian defence ministry"
        names = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        name = next((resolve(c) for c in names if c.i > tok.i), None)
        if found is not None and (name is None or _is_place(name)):
            return found
        return _full_name(names[0], name) if name is not None else found

    return resolved


# Dashes that set a headline's closing attribution off ("Kenya gets $1bn from IMF -
# Treasury": the Treasury says it, the IMF lends).
_ATTRIBUTION_DASHES = frozenset({"-", "\u2013", "\u2014"})


def _before_attribution(resolve: Resolver) -> Resolver:
    """``resolve``, and for a name that closes its sentence after a spaced dash the
    parse made it head of the party before the dash ("from IMF - Treasury"), the
    party before the dash: the closing name is the headline's source."""

    def resolved(tok: Token) -> Party | None:
        words = [t for t in tok.sent if not (t.is_punct or t.is_space)]
        if not words or words[-1] != tok:
            return resolve(tok)
        for dash in tok.children:
            before = dash.nbor(-1) if dash.i > 0 else None
            if dash.text not in _ATTRIBUTION_DASHES or before is None or not before.whitespace_:
                continue
            if before.head == tok and before.dep_ in ("compound", "nmod", "amod"):
                return resolve(before)
        return resolve(tok)

    return resolved


def _after_nationality(resolve: Resolver) -> Resolver:
    """``resolve``, and for an untagged proper noun whose only side is a nationality
    before it ("an offer from Swiss Xstrata", "Swiss" a NORP compound), the company
    that noun names: the nationality says where it is from (as for tagged companies,
    ``parties._named_company``). A state organ or institution noun stays the state."""

    def resolved(tok: Token) -> Party | None:
        found = resolve(tok)
        if found is None or not found.iso3 or tok.pos_ != "PROPN" or tok.ent_type_:
            return found
        if side_of_token(tok) is not None or tok.lemma_.lower() in party_data().institutions:
            return found
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
        if len(mods) != 1 or mods[0].i != tok.i - 1 or mods[0].ent_type_ != "NORP":
            return found
        return Party(entity_id_for("ORG", tok.text), tok.text, None)

    return resolved


def _with_fullest_form(resolve: Resolver) -> Resolver:
    """``resolve``, with a company named short taking the fullest form its text uses
    ("Hanwha inks $2.6b deal" in an article about Hanwha Aerospace -> Hanwha Aerospace;
    MONEY_RULES.md: companies by the fullest form the article uses): the one longer ORG
    entity of the text that starts with the name, is itself a company party and is
    named more often than the short name alone. Two longer forms ("Hanwha Aerospace",
    "Hanwha Ocean") keep the short name, as does a short name the text uses most
    (a parent: "Microsoft" nine times, its division "Microsoft Gaming" once)."""

    def resolved(tok: Token) -> Party | None:
        found = resolve(tok)
        if found is None or _is_place(found):
            return found
        roots = {
            _ORG_POSSESSIVE.sub("", e.text): e.root
            for e in tok.doc.ents
            if e.label_ == "ORG" and e.text.startswith(f"{found.name} ") and "\n" not in e.text
        }
        fuller = {p for p in map(resolve, roots.values()) if p is not None and p != found}
        if len(fuller) != 1:
            return found
        party = fuller.pop()
        if _is_place(party) or not party.name.startswith(f"{found.name} "):
            return found
        text, rest = tok.doc.text, party.name[len(found.name) :]
        alone = len(re.findall(rf"\b{re.escape(found.name)}\b(?!{re.escape(rest)})", text))
        return party if text.count(party.name) > alone else found

    return resolved


# A possessive ending on an entity's text ("Hanwha Aerospace's").
_ORG_POSSESSIVE = re.compile(r"['\u2019]s?$")


def _is_place(party: Party) -> bool:
    """A state or a place ("Abu Dhabi"), as opposed to a company or person."""
    return party.iso3 is not None or party.entity_id.startswith(("country:", "place:"))


def _full_name(tok: Token, party: Party) -> Party:
    """A company party named by the whole run of proper nouns ending at ``tok`` inside
    its phrase where the tagger covered only part of it ("Cassa Depositi e Prestiti"
    tagged "Prestiti")."""
    inside = {t.i for t in tok.subtree}
    first = tok
    while first.i > 0 and first.nbor(-1).pos_ == "PROPN" and first.nbor(-1).i in inside:
        first = first.nbor(-1)
    full = tok.doc[first.i : tok.i + 1].text
    if party.iso3 or party.name not in full or party.name == full:
        return party
    return Party(entity_id_for("ORG", full), full, None)


def _command(act: Act, resolve: Resolver) -> tuple[Party | None, Party | None] | None:
    """A buy-class verb that commands an infinitive clause ("A court ordered the
    carmaker to pay ... and €4m to consumer groups", ``command_verbs``): no purchase;
    the one ordered (the clause's subject) pays, the act's own recipient is paid."""
    head = act.head
    if act.cls != "buy" or head.pos_ != "VERB":
        return None
    if head.lemma_.lower() not in money_words("command_verbs"):
        return None
    ordered = next((c for c in head.children if c.dep_ == "xcomp"), None)
    if ordered is None:
        return None
    inner = arguments(ordered, verb_class(ordered))
    return slot_party(inner, "agent", resolve, None), slot_party(act, "recipient", resolve, None)


def money_roles(anchor: Token, resolve: Resolver) -> tuple[Party | None, Party | None]:
    """(payer, payee) of the money figure anchored at ``anchor``; None where the
    sentence does not say."""
    resolve = _after_nationality(_before_attribution(_with_apposition(resolve)))
    payer, payee = _act_roles(anchor, _with_fullest_form(resolve))
    return (None if _is_figure(payer, anchor) else payer), (
        None if _is_figure(payee, anchor) else payee
    )


def _headline_subject(act: Act) -> None:
    """A headline's "X to V" whose X the parse leaves as an unlabelled dependent ("UK
    to give Ukraine £2.3bn") or as the root the verb hangs on ("EU to fine Google $5bn";
    "Amazon to pay" parses X as subject): X is the agent; as is a name the parse
    makes the verb's compound ("Boeing: Pentagon awards $2bn contract")."""
    verb = act.head
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj" and verb.head.pos_ == "VERB":
        verb = verb.head  # "Boeing: Pentagon awards $2bn contract": the noun's verb
    if verb.pos_ != "VERB" or act.passive:
        return
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and verb.i > 0:
        named = verb.nbor(-1)
        kicker = act.agent is None or (act.agent == verb.head and verb.dep_ in ("acl", "appos"))
        if kicker and named.head == verb and named.dep_ == "compound" and named.pos_ == "PROPN":
            act.agent = named  # the subject parsed as the verb's compound
            return
    if act.agent is not None:
        return
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" and c.i < verb.i for c in verb.children)
    lead = [c for c in verb.children if c.dep_ == "dep" and c.pos_ == "PROPN" and c.i < verb.i]
    if verb.dep_ == "xcomp" and verb.head.pos_ == "PROPN" and verb.head.dep_ == "ROOT":
        lead.append(verb.head)  # "EU to fine Google $5bn": the name is the root
    if infinitive and lead:
        act.agent = lead[0]


def _kicker_subject(act: Act) -> None:
    """A headline's kicker before a spaced dash or colon that the parse joins to the
    subject ("Rural America Waits - LTD Broadband won rights to $1.3 billion", the
    subject "Waits" with "LTD Broadband" its conjunct): the words after the last such
    mark before the verb are the subject."""
    agent, verb = act.agent, act.head
    if agent is None or verb.pos_ != "VERB" or agent.i > verb.i:
        return
    inside = {t.i for t in agent.subtree}
    marks = [
        t
        for t in verb.doc[agent.left_edge.i : verb.i]
        if t.i in inside and t.text in _ATTRIBUTION_DASHES | {":"} and t.nbor(-1).whitespace_
    ]
    if not marks:
        return
    span = [t for t in verb.doc[marks[-1].i + 1 : verb.i] if t.i in inside]
    roots = [t for t in span if t.head.i not in {s.i for s in span}]
    if len(roots) == 1 and roots[0].pos_ in ("PROPN", "NOUN") and roots[0] != agent:
        act.agent = roots[0]


# Slots of the prepositions a currency misread as a verb takes ("a 3.4 trillion won
# deal with Hanwha", "a 4.5 trillion won contract from Poland").
_CURRENCY_PREP_SLOTS = {"with": "partner", "from": "source", "to": "recipient"}


def _currency_verb(tok: Token) -> bool:
    """A currency the parser reads as a verb right after the amount ("3.4 trillion
    won", ``currency_verb_words``), tagged as money or not."""
    if tok.pos_ not in ("VERB", "AUX") or tok.i == 0 or not tok.nbor(-1).like_num:
        return False
    return tok.ent_type_ == "MONEY" or tok.lower_ in money_words("currency_verb_words")


def _worth_valued(anchor: Token) -> Act | None:
    """The classed noun a "worth" adjective on it values, where the parse hangs the
    amount on "worth" as an adverbial ("a contract worth 3.4 trillion won with
    Poland": trillion an npadvmod of worth, or the misread currency verb a clause of
    the contract) and so no act is above it."""
    worth = anchor.head
    if _currency_verb(anchor) and anchor.dep_ == "acl" and worth.pos_ == "NOUN":
        # "a contract worth 3.4 trillion won with Poland", the currency a clause of it
        cls = verb_class(worth)
        return arguments(worth, cls, [anchor, worth]) if cls is not None else None
    if anchor.dep_ != "npadvmod" or worth.lower_ not in verb_data().worth_words:
        return None
    noun = worth.head
    if worth.dep_ != "amod" or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    cls = verb_class(noun)
    return arguments(noun, cls, [anchor, worth, noun]) if cls is not None else None


def _currency_verb_preps(act: Act) -> None:
    """Give the act the prepositions the parse hangs on a currency it misread as a
    verb on the figure ("Poland signed a 3.4 trillion won deal with Hanwha Aerospace",
    "won" a verb whose object is "deal"): they are the figure's own phrase's, as in
    "a $3bn deal with Hanwha Aerospace". Only slots the act has not filled."""
    path = {t.i for t in act.figure_path}
    for tok in act.figure_path:
        for verb in (tok, *tok.children):
            if not _currency_verb(verb) or verb == act.head:
                continue
            objects = [c for c in verb.children if c.dep_ == "dobj" and c.i not in path]
            for prep in (p for h in (verb, *objects) for p in h.children):
                slot = _CURRENCY_PREP_SLOTS.get(prep.lower_) if prep.dep_ == "prep" else None
                if slot is None or act.preps.get(slot):
                    continue
                act.preps[slot] = [c for c in prep.children if c.dep_ == "pobj"]


def _raised_offer(anchor: Token, resolve: Resolver) -> tuple[Party | None, Party | None] | None:
    """A bid raised "to" the figure in a relative clause ("an offer from Swiss Xstrata,
    which the firm raised to A$8.4bn", ``bid_raising_verbs``), the clause hung on the
    bid or on its "from" bidder: the bidder pays, the company bid "for" is paid."""
    prep = anchor.head
    if anchor.dep_ != "pobj" or prep.lower_ != "to" or prep.head == prep:
        return None
    verb = prep.head
    if verb.dep_ != "relcl" or verb.lemma_.lower() not in money_words("bid_raising_verbs"):
        return None
    if not any(c.dep_ == "dobj" and c.tag_ in ("WDT", "WP") for c in verb.children):
        return None
    bid = verb.head
    if verb_class(bid) != "buy" and bid.dep_ == "pobj" and bid.head.head != bid.head:
        bid = bid.head.head  # "an offer from Xstrata, which": the clause on the bidder
    if verb_class(bid) != "buy" or bid.pos_ != "NOUN":
        return None
    act = arguments(bid, "buy", [anchor, prep, verb, bid])
    payer = slot_party(act, "source", resolve, None) or slot_party(act, "agent", resolve, None)
    payee = slot_party(act, "recipient", resolve, None)
    return payer, (payee if payee != payer else None)


def _act_roles(anchor: Token, resolve: Resolver) -> tuple[Party | None, Party | None]:
    act = governing_act(anchor) or _worth_valued(anchor)
    if act is None or act.cls is None:
        return _raised_offer(anchor, resolve) or (None, None)
    _headline_subject(act)
    _kicker_subject(act)
    _currency_verb_preps(act)
    data = verb_data()
    if _non_payment(act, anchor) and _costed_goods(anchor) is None:
        return None, None  # "the oil price cap from 60 dollars": no payment
    if act.cls == "deal":
        payer, payee = deal_roles(act, resolve)
        if payer is None and payee is None:
            signer = slot_party(act, "agent", resolve, None) or _raised_signer(act, resolve)
            if signer is not None and signer.iso3 and not act.preps.get("partner"):
                # "India signed a $3bn deal for 26 jets": a state that signs a deal
                # with no other side named is its customer
                return signer, None
        return payer, payee
    taken = _taken_gift(act, resolve)
    if taken is not None:
        return taken
    given = _headline_gift(act)
    if given is not None:
        # "Morocco awarded $200m grant", "Israel granted $3.8bn in military aid"
        receiver, giver = headline_passive_parties(given, resolve)
        return giver, receiver
    bid = _received_bid(act, resolve) or _command(act, resolve)
    if bid is not None:
        return bid
    slots = data.money.get(act.cls)
    if not slots:
        return None, None
    if act.cls == "fire" and any(t.lower_ in data.worth_words for t in act.figure_path):
        return None, None  # "fired missiles worth $5m": a value, not money spent
    if act.cls == "fine" and not act.passive and act.head.pos_ == "VERB":
        subject = next((c for c in act.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and any(c.dep_ == "agent" for c in act.head.children):
            # "Apple fined $2bn by EU": a headline's reduced passive, its subject pays
            return resolve(subject), slot_party(act, "agent", resolve, None)
    if act.cls == "fine" and not act.passive and slot_party(act, slots[0], resolve, None) is None:
        anchor_names = [
            c for c in anchor.children if c.dep_ in ("nmod", "compound") and c.pos_ == "PROPN"
        ]
        if anchor_names:
            # "fined Google $5bn" parsed with Google inside the money phrase
            name = " ".join(t.text for t in anchor_names)
            payee = slot_party(act, "agent", resolve, None)
            return Party(entity_id_for("ORG", name), name, None), payee
        # "Apple Fined $11 Million in Italy": a headline's reduced passive
        return slot_party(act, "agent", resolve, None), None
    if act.cls == "give" and _is_budget(act.head) and act.preps.get("recipient"):
        # "presented the budget of N47.9 trillion to the National Assembly": an audience
        act.preps["recipient"] = [t for t in act.preps["recipient"] if not _budget_audience(t, act)]
    if act.cls == "sell" and act.preps.get("recipient"):
        # "sells his apartment for Bitcoins": a sale's "for" is its price, "to" its buyer
        act.preps["recipient"] = [t for t in act.preps["recipient"] if t.head.lower_ != "for"]
    payer = slot_party(act, slots[0], resolve, None)
    payee = slot_party(act, slots[1], _without_bare_forces(resolve), None)
    if payee is None and act.cls == "sell" and act.agent is None:
        payee = _approving_state(act.head, resolve)
    if payee is None and act.cls == "buy":
        payee = _asset_owner(act, resolve)
    if payee is None and act.cls in _GIVING:
        payee = first_party(_gift_recipients(act), _without_bare_forces(resolve))
    if act.cls == "invest" and payee is not None and payee.iso3:
        # "invest $5bn in Mexico": a place invested in is paid nothing
        payee = slot_party(act, "recipient", resolve, None)
    if payer is not None and payer == payee:
        return None, None  # one party on both ends is a misparse, not a payment
    return payer, payee
