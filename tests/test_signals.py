"""Signals read from one sentence (newsroom.text.signals.read_signals).

Decisions recorded here:
- "deny" in the sense of withholding ("denied access", "denied bail", "the denial of food",
  "has been denied €7bn", "were denied to call witnesses") and the cyber-attack term
  "denial of service" reject no claim: no ``denial``.
- A negated denial ("has not denied", "would neither confirm nor deny") is no denial on
  record: no ``denial``.
- Names that start like the verb (Denys, Denis, Denysenko) are not denials.
- The wire formulas without the word "independently" ("could not immediately verify",
  "could not be verified", "was unable to verify") still say the text is not verified.
"""

import pytest

from newsroom.models import SIGNALS
from newsroom.text.signals import read_signals

DENIALS = [
    "The ministry denied that its jets had struck the market in Idlib.",
    "Hamas denies holding the two aid workers.",
    "Kigali has repeatedly denied backing the M23 rebels in North Kivu.",
    "Moscow issued a flat denial within the hour.",
    "The embassy rejected the accusations as groundless.",
    "Islamabad rejected claims that its drones had crossed the border.",
    "The Kremlin dismissed the reports as Western propaganda.",
    "The junta dismissed the allegations of a massacre in the village.",
    "A spokesman called the casualty figures fabricated.",
    "Officials described the video as “fake” and said it was filmed elsewhere.",
    "Police in Dhaka refuted the figures given by the opposition.",
    "The governor disputed the reports of looting in the market.",
    "The army said the footage was fake.",
    "That is simply not true, the foreign minister told reporters.",
    "Serbia's president said there was no truth in the claims.",
    "The satellite images contradict the navy's account of the sinking.",
    "The report, which Tehran denies, says the drones were assembled in Iran.",
    "Міністерство оборони заперечило ці повідомлення.",
    "Штаб спростував інформацію про відступ.",
    "Министерство обороны опровергло эти сообщения.",
    "Кремль отрицает причастность к взрыву.",
    "The reports were denied by Moscow within the hour.",
    "The claim was denied in a statement from the presidency.",
    "Tehran denied to reporters that its drones were involved.",
]

NOT_DENIALS = [
    "Denys Shmyhal said the grid had been repaired.",
    "Denis Pushilin, the Moscow-installed leader, said the shelling had stopped.",
    "Vadym Denysenko said the trial was a bargaining chip.",
    "Government websites were hit by a distributed denial-of-service attack.",
    "A denial of service attack knocked the central bank's site offline.",
    "Journalists were denied access to the front line near Avdiivka.",
    "The aid convoy was denied entry at the Rafah crossing.",
    "The opposition leader was denied bail by a court in Kampala.",
    "The country has been denied €7.2bn in reconstruction funds.",
    "Long-range missiles have been denied to the army, officials said.",
    "Defence lawyers were denied to call their own witnesses.",
    "Refugees said the denial of food at the checkpoints was deliberate.",
    "Kyiv has not denied the reports of an incursion.",
    "The Pentagon would neither confirm nor deny the report.",
    "The ministry refused to confirm or deny that the base had been hit.",
    "The president dismissed his defence minister on Tuesday.",
    "The president dismissed the commander as the offensive stalled.",
    "The dismissal of the army chief surprised analysts in Khartoum.",
    "Shelling continued overnight in Kherson, officials said.",
    "The rejected ceasefire proposal would have frozen the front line.",
]


@pytest.mark.parametrize("sentence", DENIALS)
def test_denial(sentence: str) -> None:
    assert "denial" in read_signals(sentence)


@pytest.mark.parametrize("sentence", NOT_DENIALS)
def test_not_a_denial(sentence: str) -> None:
    assert "denial" not in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The strike reportedly killed 12 people in Sumy.",
        "The commander was allegedly seen in Donetsk last week.",
        "The general is believed to have been killed in the strike.",
        "It is understood that the talks in Doha will resume on Monday.",
        "There are unconfirmed reports of fighting near the airport in Port Sudan.",
        "The bridge may have been damaged by the blast.",
        "The convoy was said to be carrying ammunition to the front.",
        "Unverified footage showed a column of tanks outside Kursk.",
        "The tanker was apparently hit by a sea drone.",
        "The fighters were rumoured to have left the city.",
        "The air defence system presumably intercepted the missile.",
        "Rebels purportedly control three villages east of Goma.",
        "Нібито російські війська відступили від міста.",
        "Якобы украинские войска отступили.",
    ],
)
def test_hedged(sentence: str) -> None:
    assert "hedged" in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The strike killed 12 people in Sumy, the regional governor said.",
        "The reporter visited the hospital in Mykolaiv.",
        "Analysts said the report was a useful summary of the fighting.",
        "The ministry reported 300 attacks in a week.",
        "It is the third strike on the port this month.",
    ],
)
def test_not_hedged(sentence: str) -> None:
    assert "hedged" not in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The BBC could not independently verify the footage.",
        "These claims have not been independently verified.",
        "It was not possible to independently confirm the report.",
        "It has not been possible to independently verify the casualty figures.",
        "The Guardian was unable to verify the claims independently.",
        "Al Jazeera cannot independently verify the videos from El Fasher.",
        "There was no independent confirmation of the figures.",
        "Reuters could not immediately verify the report.",
        "AFP could not immediately confirm the number of dead.",
        "The claims could not be verified.",
        "The claim could not immediately be verified.",
        "AFP was unable to verify the video.",
        "Neither account could be independently verified.",
        "Нам не вдалося незалежно перевірити ці дані.",
        "Нам не удалось проверить эти сведения.",
    ],
)
def test_not_independently_verified(sentence: str) -> None:
    assert "not_independently_verified" in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The army verified the footage independently.",
        "Independent journalists verified the images from Bucha.",
        "Independent monitors confirmed the shelling of the plant.",
        "The ministry confirmed that the strike had hit a school.",
        "It was not immediately clear who fired first.",
        "Ukraine became independent in 1991.",
    ],
)
def test_not_flagged_as_unverified(sentence: str) -> None:
    assert "not_independently_verified" not in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry said, without providing evidence, that the drones came from Iran.",
        "He accused Kyiv of staging the attack without offering any proof.",
        "Moscow has provided no evidence for the claim.",
        "The spokesman did not provide evidence for the figures.",
        "The accusation was made without evidence.",
        "Officials gave no proof that the ship carried weapons.",
        "No evidence was provided to support the statement.",
        "Міністерство заявило про це без жодних доказів.",
        "Киев заявил об этом без доказательств.",
    ],
)
def test_no_evidence(sentence: str) -> None:
    assert "no_evidence" in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Investigators are collecting evidence of war crimes in Bucha.",
        "There is evidence that the dam was blown up from inside.",
        "The evidence points to a Russian missile.",
        "There is no evidence that sanctions trigger regime change, the economist said.",
        "Prosecutors said they had found evidence of torture.",
    ],
)
def test_not_no_evidence(sentence: str) -> None:
    assert "no_evidence" not in read_signals(sentence)


@pytest.mark.parametrize(
    ("sentence", "signals"),
    [
        ("Shelling hit the port of Odesa overnight.", []),
        (
            "The army reportedly denied the claims.",
            ["denial", "hedged"],
        ),
        (
            "Officials allegedly made the claim without providing evidence, and AFP could not "
            "independently verify it.",
            ["hedged", "not_independently_verified", "no_evidence"],
        ),
        (
            "The ministry dismissed the reports as lies, though the footage could not be "
            "verified and was reportedly filmed in Gaza.",
            ["denial", "hedged", "not_independently_verified"],
        ),
    ],
)
def test_signals_come_in_vocabulary_order(sentence: str, signals: list[str]) -> None:
    found = read_signals(sentence)
    assert found == signals
    assert found == sorted(found, key=SIGNALS.index)
    assert "claim" not in found  # set by attribution in analyse, never here


@pytest.mark.parametrize(
    "sentence",
    [
        # "rejected / dismissed / branded ... as false"
        "The eastern command rejected the Russian account of the battle as false.",
        "Kyiv dismissed the video as propaganda.",
        "The ministry branded the leaked document a fake and denounced it as disinformation.",
        # "called the report 'fabricated'", "said the reports were 'fake'"
        "The ministry called the report 'fabricated'.",
        "A spokesman said the reports were 'fake'.",
        "The navy said the story was completely made up.",
        "Kyiv called the navy's account mistaken.",
        "The border guards said the reports were erroneous.",
        # "These claims are lies"
        "These claims are lies.",
        "Such allegations are baseless, the embassy said.",
        # a relative clause of denial
        "Russia said its ships had sunk a boat, which the Ukrainian navy rejected.",
        "The strike, which Moscow has denied, killed six people.",
        "Kyiv accused Moscow of shelling the plant, an accusation the Kremlin denies.",
        # "had 'nothing to do' with"
        "The ministry said it had 'nothing to do' with the blast.",
        "Minsk said it had nothing to do with the sabotage.",
        "The general staff refuted the report.",
        "The governor said no such strike took place.",
    ],
)
def test_denial_wording(sentence: str) -> None:
    assert "denial" in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry did not deny the report.",
        "The plan that parliament rejected would have cut the budget.",
        "The court rejected the appeal on Monday.",
        "He was denied bail.",
        "The story was published on Monday.",
        "The commission called the vote for Sunday.",
    ],
)
def test_not_denial_wording(sentence: str) -> None:
    assert "denial" not in read_signals(sentence)


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("The agency was unable to confirm the reports.", "not_independently_verified"),
        ("Reuters could not verify the video.", "not_independently_verified"),
        ("The footage could not be confirmed.", "not_independently_verified"),
        ("It was impossible to corroborate the account.", "not_independently_verified"),
        ("The claim has not been independently verified.", "not_independently_verified"),
        ("He gave no evidence.", "no_evidence"),
        ("The governor did not back the claim with evidence.", "no_evidence"),
        ("The ministry has not supported its account with any proof.", "no_evidence"),
        ("The ministry presented no proof.", "no_evidence"),
        ("Moscow has shared no evidence of the attack.", "no_evidence"),
        ("The statement offered nothing to back the figure.", "no_evidence"),
    ],
)
def test_caveat_wording(sentence: str, signal: str) -> None:
    assert signal in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry did not confirm the date of the talks.",
        "Investigators gathered evidence at the site.",
        "The report was verified by two editors.",
    ],
)
def test_not_a_caveat(sentence: str) -> None:
    signals = read_signals(sentence)
    assert "not_independently_verified" not in signals
    assert "no_evidence" not in signals


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("The governor said the story was 'a cynical invention'.", "denial"),
        ("Officials called the footage pure fantasy.", "denial"),
        ("Officials said 12 villages were flooded, a figure Moscow disputed.", "denial"),
        ("The casualty count was contested by the regional governor.", "denial"),
        ("Neither account of the shelling could be verified.", "not_independently_verified"),
        ("Neither of the reports has been confirmed.", "not_independently_verified"),
        ("The toll could not be checked independently.", "not_independently_verified"),
        ("The allegation came with no supporting evidence.", "no_evidence"),
        ("Reports suggest the commander was wounded.", "hedged"),
        ("Russian bloggers have speculated that the general was dismissed.", "hedged"),
    ],
)
def test_more_signal_wording(sentence: str, signal: str) -> None:
    assert signal in read_signals(sentence)


@pytest.mark.parametrize(
    ("sentence", "denial"),
    [
        ("The ministry said it had “nothing to do” with the blast.", True),
        ('The ministry said the claims were "completely false".', True),
        ('The ministry said the allegations were "absurd".', True),
        ("The ministry said the claims were ‘untrue’.", True),
        ("Kyiv branded the report a smear.", True),
        ("Kyiv called the report made-up.", True),
        ("Nobody has denied that the bridge was hit.", False),
        ("No one disputed the figures.", False),
        ("Neither side denied the reports.", False),
    ],
)
def test_closing_quotes_and_negative_subjects(sentence: str, denial: bool) -> None:
    assert ("denial" in read_signals(sentence)) is denial


@pytest.mark.parametrize(
    "sentence",
    [
        # a speaker's words calling something false, said of claims or reports
        '"They are lying," he said of Russian claims that the city had fallen.',
        '"This is fake news," the spokeswoman said about reports that the dam was mined.',
        "\u201cIt is all propaganda,\u201d Kovalenko told reporters of Moscow's claims.",
        "Pure fabrication, the ministry said of the allegations.",
        '"These stories are lies," she wrote about the latest reports from Kherson.',
        "The claims are lies, he said.",
    ],
)
def test_quoted_words_calling_claims_false_are_a_denial(sentence: str) -> None:
    assert "denial" in read_signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        '"We were lying in the basement," she said of the night the reports came in.',
        '"They are lying," he said of the children in the shelter.',
        '"The town is ours," he said of Russian claims that the city had fallen.',
    ],
)
def test_falsity_words_not_said_of_a_claim_are_no_denial(sentence: str) -> None:
    assert "denial" not in read_signals(sentence)
