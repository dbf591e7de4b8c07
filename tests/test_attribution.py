"""Who a sentence credits for its statement (newsroom.text.attribution)."""

import pytest

from newsroom.text.attribution import Speakers, attribute, counter_party


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # "X said ..."
        ("The army said it had pushed back an attack near Kherson.", "The army"),
        ("Hamas said in a statement that the hostages were alive.", "Hamas"),
        ("Witnesses said the gunmen arrived on motorbikes.", "Witnesses"),
        ("Kyiv said the strikes killed four people in Odesa.", "Kyiv"),
        ("Moscow claims Kyiv staged the attack.", "Moscow"),
        (
            "Yemen's Houthi movement claimed responsibility for the attack on the tanker.",
            "Yemen's Houthi movement",
        ),
        ("Israel's military has denied striking the school in Rafah.", "Israel's military"),
        ("Ukraine’s air force has said it shot down 20 drones.", "Ukraine’s air force"),
        ("The UN refugee agency says a million people have fled Sudan.", "The UN refugee agency"),
        ("Taiwan's defence ministry reported 22 Chinese aircraft.", "Taiwan's defence ministry"),
        ("Mali's junta announced a two-year extension of its rule.", "Mali's junta"),
        ("The ministry later confirmed the deaths.", "The ministry"),
        ("Zelenskiy said in his nightly address that 40 drones were launched.", "Zelenskiy"),
        ("A senior US official told reporters the talks had stalled.", "A senior US official"),
        (
            "Officials in Goma told reporters the rebels had reached the airport.",
            "Officials in Goma",
        ),
        (
            "A spokesperson for the World Food Programme said convoys were stuck.",
            "A spokesperson for the World Food Programme",
        ),
        ("The state broadcaster reported that the president had left.", "The state broadcaster"),
        ("The department warned that more storms were expected.", "The department"),
        ("Russia and Ukraine said the prisoner exchange was complete.", "Russia and Ukraine"),
        ("In a statement the ministry said the convoy had been hit.", "the ministry"),
        ("But the mayor insisted that the water supply was safe.", "the mayor"),
        # adverbs between the speaker and the verb
        (
            "Israel's deputy defence minister categorically denied the report.",
            "Israel's deputy defence minister",
        ),
        (
            "Russian state media have eagerly announced the capture of the town.",
            "Russian state media",
        ),
        ("Sudan's army has repeatedly rejected claims of air strikes on markets.", "Sudan's army"),
        # "..., X said."
        ("Heavy shelling continued in Khartoum, the Sudanese army said.", "the Sudanese army"),
        ("The strike hit a residential block, Ukrainian officials claimed.", "Ukrainian officials"),
        ("It was not immediately clear who fired first, Reuters reported.", "Reuters"),
        ('He "denied everything", the lawyer said.', "the lawyer"),
        ("Three soldiers died on the border, his family have said.", "his family"),
        # inverted: "..., said X."
        ("The town had no power for three days, said Amina Yusuf, a resident.", "Amina Yusuf"),
        ("“We will not give up a single village,” said Olena Hrytsenko.", "Olena Hrytsenko"),
        ('"We have no fuel left," said Ahmed Salim, a doctor in Khan Younis.', "Ahmed Salim"),
        ("‘We will not surrender,’ said Truss.", "Truss"),
        ("The US will send more rocket systems to Kyiv, reports CNN.", "CNN"),
        # "according to X"
        (
            "Two aid workers were killed, according to the UN humanitarian office.",
            "the UN humanitarian office",
        ),
        (
            "According to local officials, the bridge over the Dnipro was hit twice.",
            "local officials",
        ),
        (
            "The dam was breached at dawn, according to Ukraine’s hydropower company.",
            "Ukraine’s hydropower company",
        ),
        # relays: "X, citing Y, reported" and "X cited Y as saying"
        (
            "Al Jazeera, citing a hospital source, reported that 14 people had died.",
            "a hospital source, via Al Jazeera",
        ),
        (
            "Reuters, quoting two security officials, reported that a convoy was ambushed.",
            "two security officials, via Reuters",
        ),
        (
            "Reuters, citing the state-run Belta news agency, reported that talks had failed.",
            "Belta, via Reuters",
        ),
        (
            "Bloomberg reported, citing people familiar with the matter, that the deal was close.",
            "people familiar with the matter, via Bloomberg",
        ),
        (
            "The Associated Press cited witnesses as saying the market was struck at dawn.",
            "witnesses, via The Associated Press",
        ),
        (
            "The rebels could reach the capital within days, CNN cited officials as saying.",
            "officials, via CNN",
        ),
        # appositives
        (
            "The mayor of Mariupol, Vadym Boychenko, said the water supply had been cut.",
            "Vadym Boychenko",
        ),
        (
            "Maria Zakharova, the foreign ministry spokeswoman, said the sanctions were illegal.",
            "Maria Zakharova",
        ),
        (
            "The Kremlin spokesman, Dmitry Peskov, told reporters the talks were over.",
            "Dmitry Peskov",
        ),
        (
            "Pakistan's army chief, General Asim Munir, said the posts had been reinforced.",
            "General Asim Munir",
        ),
        (
            "Sudan's army chief, Abdel Fattah al-Burhan, said the army would not negotiate.",
            "Abdel Fattah al-Burhan",
        ),
        (
            "The Commission's president, Ursula von der Leyen, said the package was ready.",
            "Ursula von der Leyen",
        ),
        (
            "The president of Belarus, Alexander Lukashenko, has claimed the missiles were intercepted.",
            "Alexander Lukashenko",
        ),
        (
            "Jack Morton, the head of a rescue team, a local charity, said 30 people were trapped.",
            "Jack Morton",
        ),
        (
            "Last week another adviser, the military analyst Petro Kuzyk, said the front had held.",
            "Petro Kuzyk",
        ),
        (
            "Myanmar's junta, which seized power in 2021, said rebels had attacked a police post.",
            "Myanmar's junta",
        ),
        (
            "The Syrian Observatory for Human Rights, a UK-based war monitor, said 12 fighters were killed.",
            "The Syrian Observatory for Human Rights",
        ),
        (
            "Ukraine’s military intelligence (HUR) said it had struck a radar station in Crimea.",
            "Ukraine’s military intelligence",
        ),
        # a relative clause after a noun: the claim is the militia's, the denial the army's
        (
            "The militia said its fighters had captured the town, a claim the army denied.",
            "The militia",
        ),
        ("Fighters seized the town, a claim the army denied.", "the army"),
        # according to a description, then the person's name: the name
        (
            "All three bridges have been destroyed, according to the governor of the Luhansk "
            "region, Serhiy Haidai.",
            "Serhiy Haidai",
        ),
        (
            "About 1,200 bodies have not been identified, according to the head of the "
            "national police, Ihor Klymenko.",
            "Ihor Klymenko",
        ),
        ("According to the governor, Serhiy Haidai, the city is surrounded.", "Serhiy Haidai"),
        # the name in apposition to a person inside the description is not the speaker
        (
            "According to a spokesman for the president, Volodymyr Zelensky, the meeting "
            "was cancelled.",
            "a spokesman for the president",
        ),
        (
            "The talks were postponed, according to an adviser to the defence minister, "
            "Rustem Umerov.",
            "an adviser to the defence minister",
        ),
        ("According to the ministry, Russian forces shelled the port.", "the ministry"),
        ("According to local officials, Kharkiv and Izium were shelled.", "local officials"),
        # a verb that speaks only of a claim, with when or where it was said before its clause
        ("Zelensky repeated on Thursday that Ukraine would not cede territory.", "Zelensky"),
        ("Moscow repeated late on Sunday that it had not struck the hospital.", "Moscow"),
        (
            "The Kremlin reiterated in a statement that its troops had not targeted civilians.",
            "The Kremlin",
        ),
        ("The governor restated again that the evacuation would go on.", "The governor"),
    ],
)
def test_attribution_forms(sentence: str, speaker: str) -> None:
    assert attribute(sentence, Speakers()) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        # passives: reported to, reported by, said to
        "Several explosions were reported to have shaken the port city of Sevastopol.",
        "Russian forces were reported to have withdrawn from the village.",
        "The attack was reported by local media.",
        "The figures are said to include civilians.",
        "The content of the documents was first reported by a regional outlet.",
        "Two foreign fighters were widely reported to have been captured.",
        # nouns, not speech verbs
        "The claims could not be verified.",
        "The claims by Moscow could not be verified.",
        "These reports have circulated for days.",
        "Russia's claims about the bridge remain unproven.",
        "Officials’ claims of a breakthrough in Niger were met with scepticism.",
        "The reports of a ceasefire in Tigray were premature.",
        "The general's reports from the front were grim.",
        "Reuters could not independently verify either claim.",
        "The BBC has not been able to verify either claim.",
        "Neither report could be confirmed.",
        "Both claims were later withdrawn.",
        "Each report gave a different toll.",
        # speech verbs inside quotes
        'Protesters held signs reading "Putin said no" outside the embassy.',
        "Protesters chanted “the army says leave” outside the palace.",
        "The banner read ‘the people said enough’ in red paint.",
        "Crowds carried «the president lied» placards.",
        # nobody credited
        "Shelling hit the port of Odesa overnight.",
        "Fighting in Bakhmut reportedly intensified overnight.",
        "It comes after weeks of heavy fighting near the dam.",
        "He said it again.",  # a pronoun with nobody to refer to
        # the same verbs with a thing, not a claim, as their object
        "Russian forces repeated the attack that killed five people in Kherson.",
        "The brigade repeated on Thursday the assault that had failed a week before.",
    ],
)
def test_no_attribution(sentence: str) -> None:
    assert attribute(sentence, Speakers()) is None


def test_attribute_without_speakers_works_on_its_own() -> None:
    assert attribute("The army said the road was open.") == "The army"


@pytest.mark.parametrize(
    ("sentences", "speakers"),
    [
        pytest.param(
            [
                "Sudan's army chief, Abdel Fattah al-Burhan, said the army would not negotiate.",
                "He said the RSF had been pushed out of Omdurman.",
                "Burhan added that elections would follow.",
            ],
            ["Abdel Fattah al-Burhan", "Abdel Fattah al-Burhan", "Abdel Fattah al-Burhan"],
            id="particle-name-pronoun-surname",
        ),
        pytest.param(
            [
                "Colombian President Gustavo Petro said the talks would resume in Havana.",
                "Petro said the ELN had agreed to a ceasefire.",
            ],
            ["Colombian President Gustavo Petro", "Gustavo Petro"],
            id="title-not-part-of-name",
        ),
        pytest.param(
            [
                "Vyacheslav Gladkov said 11 apartment buildings were damaged.",
                "Gladkov said earlier on Telegram: “The cause is being investigated.”",
                "He added that two people were in hospital.",
            ],
            ["Vyacheslav Gladkov", "Vyacheslav Gladkov", "Vyacheslav Gladkov"],
            id="surname-then-pronoun",
        ),
        pytest.param(
            [
                "The governor of Kharkiv, Oleh Syniehubov, said two people died.",
                "Rescuers were still searching the rubble.",
                "He said the shelling had resumed at dawn.",
            ],
            ["Oleh Syniehubov", None, "Oleh Syniehubov"],
            id="pronoun-skips-an-unattributed-sentence",
        ),
        pytest.param(
            [
                "Ethiopia's government said the TPLF had withdrawn from Mekelle.",
                "They said aid convoys could now enter the city.",
            ],
            ["Ethiopia's government", "Ethiopia's government"],
            id="they-is-the-last-speaker",
        ),
        pytest.param(
            [
                "Ethiopia's government said the TPLF had withdrawn from Mekelle.",
                "He said aid convoys could now enter the city.",
            ],
            ["Ethiopia's government", None],
            id="he-is-never-an-organisation",
        ),
        pytest.param(
            [
                "Israel's prime minister, Benjamin Netanyahu, spoke in parliament.",
                "Netanyahu told lawmakers the operation would go on.",
            ],
            [None, "Benjamin Netanyahu"],
            id="surname-learned-from-an-unattributed-sentence",
        ),
        pytest.param(
            [
                "Maria Zakharova, the foreign ministry spokeswoman, said the sanctions were illegal.",
                "Dmitry Peskov said the Kremlin would respond.",
                "He said talks were not on the table.",
                "Zakharova said later that Moscow had no intention of negotiating.",
            ],
            ["Maria Zakharova", "Dmitry Peskov", "Dmitry Peskov", "Maria Zakharova"],
            id="pronoun-is-the-latest-person",
        ),
        pytest.param(
            [
                "Ukraine’s deputy defence minister, Hanna Maliar, said the city was holding.",
                "“We will not leave,” Maliar said.",
            ],
            ["Hanna Maliar", "Hanna Maliar"],
            id="surname-after-quote",
        ),
        pytest.param(
            [
                "The EU will decide next week, the Commission president, Ursula von der Leyen, has said.",
                "She said the decision would be unanimous.",
            ],
            ["Ursula von der Leyen", "Ursula von der Leyen"],
            id="particles-in-a-person-name",
        ),
        # a person named by a title alone, after the bulletin named them with it
        pytest.param(
            [
                "President Volodymyr Zelenskiy said street fights continue in the city.",
                "“Remember how they hoped to seize the Donbas?” the president said.",
            ],
            ["President Volodymyr Zelenskiy", "Volodymyr Zelenskiy"],
            id="the-president-after-president-x",
        ),
        pytest.param(
            [
                "The governor of the Luhansk region, Serhiy Haidai, said the plant was held.",
                "The governor added that 500 civilians were sheltering there.",
            ],
            ["Serhiy Haidai", "Serhiy Haidai"],
            id="the-governor-after-an-appositive",
        ),
        pytest.param(
            [
                "Russia’s foreign minister, Sergei Lavrov, said the talks had stalled.",
                "The foreign minister added that Moscow would not yield.",
                "The minister also said sanctions had failed.",
            ],
            ["Sergei Lavrov"] * 3,
            id="the-minister-and-the-foreign-minister",
        ),
        pytest.param(
            [
                "Governor Oleh Syniehubov said two people were hurt in Kharkiv.",
                "The governor of Luhansk, Serhiy Haidai, said the bridge was down.",
                "The governor added that buses would leave at noon.",
            ],
            ["Governor Oleh Syniehubov", "Serhiy Haidai", "The governor"],
            id="two-governors-leave-the-governor-as-written",
        ),
        pytest.param(
            [
                "Foreign Minister Dmytro Kuleba said the talks would go on.",
                "The prime minister said the budget was ready.",
            ],
            ["Foreign Minister Dmytro Kuleba", "The prime minister"],
            id="another-title-is-another-person",
        ),
        pytest.param(
            [
                "Former president Petro Poroshenko said the deal was a mistake.",
                "The president said the deal would stand.",
            ],
            ["Petro Poroshenko", "The president"],
            id="a-former-president-is-not-the-president",
        ),
        # a deputy or vice holder is not "the president" nor "the minister"
        pytest.param(
            [
                "Vice President Kamala Harris arrived in Warsaw on Friday.",
                "The president said the alliance was united.",
            ],
            [None, "The president"],
            id="a-vice-president-is-not-the-president",
        ),
        pytest.param(
            [
                "Russia’s deputy defence minister, Timur Ivanov, was arrested.",
                "The minister said the case was a matter for the courts.",
            ],
            [None, "The minister"],
            id="a-deputy-minister-is-not-the-minister",
        ),
        pytest.param(
            [
                "Prime Minister Denys Shmyhal said the grid was stable.",
                "The minister said repairs would take weeks.",
            ],
            ["Prime Minister Denys Shmyhal", "The minister"],
            id="a-prime-minister-is-not-the-minister",
        ),
        # a name after "the title," that is no apposition of it
        pytest.param(
            ["According to the mayor, Vitali Klitschko’s office said water was restored."],
            ["the mayor"],
            id="a-possessive-after-the-title-is-another-party",
        ),
        pytest.param(
            [
                "The wife of the president, Olena Zelenska, visited the hospital.",
                "The president said the strike was a war crime.",
            ],
            [None, "The president"],
            id="a-name-after-of-the-title-may-be-the-head",
        ),
    ],
)
def test_speakers_across_a_bulletin(sentences: list[str], speakers: list[str | None]) -> None:
    known = Speakers()
    assert [attribute(sentence, known) for sentence in sentences] == speakers


def test_speakers_remember_people_and_organisations_separately() -> None:
    known = Speakers()
    attribute("Vyacheslav Gladkov said the blasts damaged 39 houses.", known)
    attribute("The Russian defence ministry said its air defences had worked.", known)
    assert known.last_person == "Vyacheslav Gladkov"
    assert known.last_any == "The Russian defence ministry"
    assert known.expand("Gladkov") == "Vyacheslav Gladkov"
    assert known.expand("Shoigu") == "Shoigu"


@pytest.mark.parametrize(
    ("sentence", "surname", "full"),
    [
        ("On Sunday Vladimir Putin met his security council.", "Putin", "Vladimir Putin"),
        ("Russian President Vladimir Putin met his security council.", "Putin", "Vladimir Putin"),
        ("Ukraine’s Denys Shmyhal visited the plant.", "Shmyhal", "Denys Shmyhal"),
        ("The former army chief Lord Dannatt spoke on the radio.", "Dannatt", "Lord Dannatt"),
        (
            "Saudi Crown Prince Mohammed bin Salman hosted the talks.",
            "Salman",
            "Mohammed bin Salman",
        ),
        ("Fighters loyal to Khalifa Haftar advanced on Sirte.", "Haftar", "Khalifa Haftar"),
        (
            "A photo showed Abdel Fattah al-Burhan in Port Sudan.",
            "Burhan",
            "Abdel Fattah al-Burhan",
        ),
    ],
)
def test_learn_names(sentence: str, surname: str, full: str) -> None:
    known = Speakers()
    known.learn_names(sentence)
    assert known.expand(surname) == full


@pytest.mark.parametrize(
    "sentence",
    ["The Russian Defence Ministry issued a statement.", "The Rapid Support Forces advanced."],
)
def test_organisations_are_not_learned_as_people(sentence: str) -> None:
    known = Speakers()
    known.learn_names(sentence)
    assert known.full_names == {}


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # the speaker after the clause, with titles, descriptions and a time after the name
        ("The bridge is intact, said Mykola Hrytsenko on Tuesday.", "Mykola Hrytsenko"),
        ("The depot is still burning, added Iryna Marchuk late on Friday.", "Iryna Marchuk"),
        ("“We will not leave,” pledged Governor Olha Bilyk.", "Governor Olha Bilyk"),
        ("'We will not leave,' vowed Mayor Petro Sydor.", "Mayor Petro Sydor"),
        ('"The road is open," said Olha Bilyk, the governor.', "Olha Bilyk"),
        ("‘The road is open,’ stressed Taras Melnyk in a statement.", "Taras Melnyk"),
        (
            "The checkpoint was closed overnight, said border service spokesman Andriy Demchenko.",
            "Andriy Demchenko",
        ),
        (
            "The talks are over, said the ministry's spokeswoman Daria Lysenko on Sunday.",
            "Daria Lysenko",
        ),
        ("Two drones were shot down over the region, the air force said.", "the air force"),
        ("The convoy reached the city at dawn, the navy said on Monday.", "the navy"),
        (
            "The sanctions are working, argued Poland's ambassador to Kyiv, Tomasz Wrona.",
            "Tomasz Wrona",
        ),
        (
            "Aid is not getting through, warned the head of the Red Cross mission, Anna Berg.",
            "Anna Berg",
        ),
        # the closing speaker governs the sentence, not a speaker inside a relative clause
        (
            "Fighting for the village that Russia said it had captured went on, Ukraine's "
            "eastern forces said on Monday.",
            "Ukraine's eastern forces",
        ),
        (
            "The bridge that Moscow claimed to have destroyed is still in use, the regional "
            "governor said.",
            "the regional governor",
        ),
        # relays
        ("Petrov said the convoy had been hit, according to Interfax.", "Petrov, via Interfax"),
        (
            "Ivanenko told reporters the line had held, according to the Ukrinform agency.",
            "Ivanenko, via the Ukrinform agency",
        ),
        ("Interfax quoted Petrov as saying the convoy had been hit.", "Petrov, via Interfax"),
        ("Petrov was quoted as saying the convoy had been hit.", "Petrov"),
        (
            "The commander was quoted by Tass as saying the offensive would go on.",
            "The commander, via Tass",
        ),
        (
            "The troops had withdrawn, according to a report in Le Monde, which cited two "
            "officials.",
            "two officials, via Le Monde",
        ),
        (
            "The crossing was closed, according to a statement from the border service.",
            "the border service",
        ),
        (
            "Nine people were hurt, according to figures released by the health ministry.",
            "the health ministry",
        ),
        (
            "“The town is ours,” the Ria news agency quoted Pavel Lyubov as saying.",
            "Pavel Lyubov, via the Ria news agency",
        ),
        # the agent of a passive speech verb
        (
            "Forty people were said by the mayor to be sheltering in the church.",
            "the mayor",
        ),
        (
            "That was confirmed by the head of the district in Izium, Roman Savych, who said "
            "the bridge had fallen.",
            "Roman Savych",
        ),
        # organisations, described people and leading dates
        (
            "“The front has not moved,” reported the Centre for the Study of Defence on Monday.",
            "the Centre for the Study of Defence",
        ),
        (
            "The city’s occupation rulers said they would hold a vote.",
            "The city’s occupation rulers",
        ),
        ("On 6 March his adviser Petro Lutsenko said the talks would resume.", "Petro Lutsenko"),
        ("Last Friday Oksana Melnyk, the mayor, said the school would reopen.", "Oksana Melnyk"),
        ("Kharkiv regional governor Ihor Zaichenko rejected the claims.", "Ihor Zaichenko"),
    ],
)
def test_attribution_constructions(sentence: str, speaker: str) -> None:
    assert attribute(sentence) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "Two people reported injured after the strike.",
        "Three reported wounded after the shelling of the market.",
        "Four more were reported missing on Tuesday.",
        "The administration has not yet reported any casualties.",
        "The ministry did not say how many drones were launched.",
        "The governor declined to say whether the plant was hit.",
        "[Video: smoke rises over the port]",
        "Our correspondent in the city saw burned-out cars on the main road.",
    ],
)
def test_not_a_speaker(sentence: str) -> None:
    assert attribute(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "claimant", "denier"),
    [
        ("Kyiv says the dam was mined, a claim Moscow denies.", "Kyiv", "Moscow"),
        (
            "Russia said its ships had sunk a boat, which the Ukrainian navy rejected.",
            "Russia",
            "the Ukrainian navy",
        ),
        (
            "Kyiv accused Moscow of shelling the plant, an accusation the Kremlin denies.",
            "Kyiv",
            "the Kremlin",
        ),
        (
            "The militia said it had taken the airport, but the army denied it.",
            "The militia",
            "the army",
        ),
    ],
)
def test_one_sentence_two_parties(sentence: str, claimant: str, denier: str) -> None:
    assert attribute(sentence) == claimant
    assert counter_party(sentence) == denier


@pytest.mark.parametrize(
    "sentence",
    [
        "The army denied the claims.",
        "Russia said the dam was mined.",
        "Kyiv says the dam was mined, a claim it has repeated for weeks.",
    ],
)
def test_no_second_party(sentence: str) -> None:
    assert counter_party(sentence) is None


def test_he_after_a_named_person_who_was_not_yet_credited() -> None:
    speakers = Speakers()
    attribute("Volunteers led by Marta Kovalenko reached the village on Friday.", speakers)
    assert attribute("She said the water had run out.", speakers) == "Marta Kovalenko"


def test_a_role_is_a_person_for_he_and_she() -> None:
    speakers = Speakers()
    attribute("The governor of Sumy said the shelling went on all night.", speakers)
    assert attribute("He said two houses burned.", speakers) == "The governor of Sumy"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a judgement of falsity is speech: "called the report a lie"
        ("The navy's spokesman, Ivan Kord, called the report 'pure invention'.", "Ivan Kord"),
        ("Kherson's governor called the allegation absurd.", "Kherson's governor"),
        (
            "Occupation officials described the Ukrainian account as propaganda.",
            "Occupation officials",
        ),
        # citing anywhere in the sentence
        (
            "Ria reported that two bridges were down, citing the regional emergency service.",
            "the regional emergency service, via Ria",
        ),
        (
            "Citing two senior officers, the Odesa Courier reported that the port was closed.",
            "two senior officers, via the Odesa Courier",
        ),
        ("Sirko was quoted as saying by Ukrinform that the line held.", "Sirko, via Ukrinform"),
        # a pronoun right before the verb is the subject
        ("State television showed footage it said was of a downed jet.", None),
        ("'We are staying,' one volunteer said.", "one volunteer"),
        ("Ukrposhta apologised to customers for the delays.", "Ukrposhta"),
    ],
)
def test_more_constructions(sentence: str, speaker: str | None) -> None:
    assert attribute(sentence) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        # verbs that are speech only with the right object
        "Russia has denied access to the plant to a second team of inspectors.",
        "A district court rejected their appeal on Monday.",
        "The council dismissed the head of the water company.",
        "Officials described the damage in detail.",
        # nobody, or a modal: no statement on record
        "No group has yet claimed responsibility for the blast.",
        "Nobody has claimed the attack.",
        "Sponsors can claim a monthly payment from the council.",
    ],
)
def test_verbs_that_are_not_statements(sentence: str) -> None:
    assert attribute(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "denier"),
    [
        (
            "Officials said 12 villages were flooded, a figure the occupation administration "
            "disputed.",
            "the occupation administration",
        ),
        (
            "Kyiv said the bridge was hit, a claim rejected by Russian officials.",
            "Russian officials",
        ),
        ("Kyiv said the bridge was hit, a claim it repeated on Monday.", None),
        ("The toll was disputed by the regional governor.", "the regional governor"),
    ],
)
def test_more_second_parties(sentence: str, denier: str | None) -> None:
    assert counter_party(sentence) == denier


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Kharkiv's mayor did not deny that the metro had been hit.", "Kharkiv's mayor"),
        ("Ukraine has called on its allies to send more air defence.", "Ukraine"),
        ("The UN rights office described the detentions as arbitrary.", "The UN rights office"),
        ("The envoy expressed concern about the shelling of the plant.", "The envoy"),
        ("The envoy pleaded with donors to fund the repairs.", "The envoy"),
        (
            "In an interview, the Kremlin spokesman, Pavel Orlov, was forced to deny rumours "
            "that the talks had collapsed.",
            "Pavel Orlov",
        ),
        (
            "There was no comment from the occupation authorities, who have repeatedly denied "
            "shelling the town.",
            "the occupation authorities",
        ),
        (
            "As the shelling went on around the port Anna Kovalenko, the head of the Red Cross "
            "office, which has worked in the city since 2014, said aid was running out.",
            "Anna Kovalenko",
        ),
        ("The water was reportedly cut off, pro-Russian bloggers claimed.", "pro-Russian bloggers"),
    ],
)
def test_speech_acts_and_antecedents(sentence: str, speaker: str) -> None:
    assert attribute(sentence) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "Police are investigating reports of looting in the market.",
        "The council did not deny reports of looting.",
        "The mayor welcomed reports that the bridge had reopened.",
        "Nobody has denied that the bridge was hit.",
        "Neither side denied the reports.",
    ],
)
def test_reports_as_a_noun_and_nobody_speaking(sentence: str) -> None:
    assert attribute(sentence) is None


def test_a_claim_another_party_called_absurd_has_a_second_party() -> None:
    sentence = "Moscow claimed its troops took the town, a claim Kyiv called absurd."
    assert attribute(sentence) == "Moscow"
    assert counter_party(sentence) == "Kyiv"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Several bloggers close to the army reportedly disputed the ministry's account.",
            "Several bloggers close to the army",
        ),
        ("The disputed district was shelled again.", None),
        ("Kyiv contested the seat in the vote.", None),
    ],
)
def test_disputing_a_claim_is_speech_and_a_disputed_place_is_not(
    sentence: str, speaker: str | None
) -> None:
    assert attribute(sentence) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        # a headline's or an event note's reduced passive: an event, no speaker
        "Shelling reported; no casualties.",
        "Shelling reported near Kupiansk; no casualties.",
        "Clashes reported in the village overnight.",
        "Explosions reported in Belgorod overnight.",
        "Heavy fighting reported around the district.",
        "Two deaths confirmed in Odesa after the strike.",
        "Missile strikes confirmed in Dnipro.",
        "Looting reported.",
        "Airstrike reported, two killed.",
    ],
)
def test_a_reduced_passive_report_credits_nobody(sentence: str) -> None:
    assert attribute(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # the same verbs with a clause, an object, or a subject that is a source
        ("Russia reported on Monday that it had taken the village.", "Russia"),
        ("Residents reported hearing explosions near the depot.", "Residents"),
        ("Reuters reported on Tuesday.", "Reuters"),
        ("The ministry confirmed.", "The ministry"),
        ("Police reported in a statement that two men were held.", "Police"),
        ("Olena Kovalenko reported from Kharkiv.", "Olena Kovalenko"),
        ("Gunfire reported outside the stadium, witnesses said.", "witnesses"),
    ],
)
def test_report_verbs_with_a_source_still_credit_it(sentence: str, speaker: str) -> None:
    assert attribute(sentence) == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a common noun that names a party speaks for it, as "the air force" does
        ("The plant was shut down for repairs, the company said.", "the company"),
        ("The plant was shut down for repairs, the firm said.", "the firm"),
        ("Power was cut in three districts, the utility said.", "the utility"),
        ("Two patients were moved to other wards, the hospital said.", "the hospital"),
        ("Trains to Odesa were delayed, the railway said.", "the railway"),
        ("Gas supplies were restored, the energy company said.", "the energy company"),
        ("Three people were injured, emergency services said.", "emergency services"),
        ("The site was evacuated, the plant's owner said.", "the plant's owner"),
        ("The church was hit twice, a local priest said.", "a local priest"),
        ("The factory's owner said production had stopped.", "The factory's owner"),
        ("The bridge was destroyed, the air force said.", "the air force"),
        # siblings: other parties, tenses and word orders
        (
            "The state airline has suspended flights to Lviv, the carrier's owner says.",
            "the carrier's owner",
        ),
        ("The grid operator warned that outages would last until Friday.", "The grid operator"),
        (
            "Two pupils were hurt, the school's headteacher told reporters.",
            "the school's headteacher",
        ),
        ("Flights resumed on Monday, the airport said.", "the airport"),
        ("Villagers said the water had been cut for a week.", "Villagers"),
    ],
)
def test_a_common_noun_party_is_the_speaker(sentence: str, speaker: str | None) -> None:
    assert attribute(sentence) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        # a document with no party named, or an event, credits nobody
        "The bridge was destroyed, the video said.",
        "The bridge was destroyed, the report said.",
        "The bridge was destroyed, the statement said.",
        "The bridge was destroyed, the shelling said.",
        "The strike killed four people, the footage appeared to show.",
    ],
)
def test_a_document_or_an_event_without_a_party_is_no_speaker(sentence: str) -> None:
    assert attribute(sentence) is None


def test_a_document_credits_the_party_it_names() -> None:
    assert attribute("The bridge was destroyed, the ministry's report said.") == (
        "the ministry's report"
    )
    assert attribute("The company's statement said production had stopped.") == (
        "The company's statement"
    )


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a passive rejection of a claim credits its agent
        ("The claim was rejected by Kyiv as false.", "Kyiv"),
        ("The report was dismissed by the Kremlin as propaganda.", "the Kremlin"),
        ("The allegation was denied by Ukraine's defence ministry.", "Ukraine's defence ministry"),
        ("The accusations have been refuted by the Israeli military.", "the Israeli military"),
        ("The casualty figures were disputed by local officials.", "local officials"),
        ('Moscow\'s account has been dismissed by Warsaw as "pure fiction".', "Warsaw"),
        # what is rejected is no claim: nobody speaks
        ("The lawsuit was dismissed by the court.", None),
        ("The proposal was rejected by parliament on Tuesday.", None),
    ],
)
def test_a_passive_rejection_credits_its_agent(sentence: str, speaker: str | None) -> None:
    assert attribute(sentence) == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a dot inside a name, after an initial or an abbreviated title does not end it
        ("According to Liga.Net, the town was shelled.", "Liga.Net"),
        ("The town was shelled, said J. R. Smith.", "J. R. Smith"),
        (
            "According to Radio Free Europe/Radio Liberty, the town was shelled.",
            ("Radio Free Europe/Radio Liberty"),
        ),
        ("According to Ukrainska Pravda, the town was shelled.", "Ukrainska Pravda"),
        ("The town was shelled, said Mr. Petrov.", "Mr. Petrov"),
        # siblings
        ("According to Censor.net, two drones were downed overnight.", "Censor.net"),
        ("Two drones were downed, Liga.Net reported on Sunday.", "Liga.Net"),
        (
            "The bridge held, said Radio Free Europe/Radio Liberty.",
            ("Radio Free Europe/Radio Liberty"),
        ),
        ("Two patients died, said Dr. Olha Bilyk, the hospital's director.", "Dr. Olha Bilyk"),
        ("According to Mrs. A. Kovalenko, the shelter was full.", "Mrs. A. Kovalenko"),
        ("According to the U.S. military, two drones were downed.", "the U.S. military"),
        ("M. K. Stalin said the talks had failed.", "M. K. Stalin"),
    ],
)
def test_a_name_with_dots_is_whole(sentence: str, speaker: str) -> None:
    assert attribute(sentence) == speaker


def test_she_after_a_name_with_a_title_and_a_dot() -> None:
    speakers = Speakers()
    attribute("The town was shelled, said Ms. Halyna Bondar.", speakers)
    assert attribute("She said two houses burned.", speakers) == "Ms. Halyna Bondar"


def _last_speaker(*sentences: str) -> str | None:
    speakers = Speakers()
    found = None
    for sentence in sentences:
        found = attribute(sentence, speakers)
    return found


@pytest.mark.parametrize(
    ("sentences", "speaker"),
    [
        # a person introduced by a description or a title after the last speaker: "she"
        (
            (
                "The caretaker of the school, Halyna Koval, stayed behind.",
                "She said the roof had collapsed.",
            ),
            "Halyna Koval",
        ),
        (
            (
                "Russian missiles hit the school overnight, the regional governor said.",
                "The caretaker of the school, Halyna Koval, stayed behind.",
                "She said the roof had collapsed.",
            ),
            "Halyna Koval",
        ),
        (
            (
                "Drones hit the village, the governor said.",
                "Petro Bondar, a local farmer, refused to leave.",
                "He says the shelling has not stopped.",
            ),
            "Petro Bondar",
        ),
        (
            (
                "Drones hit the village, the governor said.",
                "The school's caretaker, Halyna Koval, 54, stayed behind.",
                '"The roof collapsed," she said.',
            ),
            "Halyna Koval",
        ),
        (
            (
                "Drones hit the village, the governor said.",
                "Deputy Mayor Iryna Sas stayed behind.",
                "She said the roof had collapsed.",
            ),
            "Iryna Sas",
        ),
        (
            (
                "Drones hit the village, officials said.",
                "Two teachers, Oksana Melnyk and Iryna Hnatiuk, stayed behind.",
                "They said the roof had collapsed.",
            ),
            "Oksana Melnyk and Iryna Hnatiuk",
        ),
        # a place named after the speaker is no person: "he" is still the governor
        (
            (
                "Russian drones hit Kryvyi Rih, the governor said.",
                "Drones later struck Kryvyi Rih again.",
                "He said two people were hurt.",
            ),
            "the governor",
        ),
        # a person named inside a person's statement: "he" is still the speaker
        (
            (
                "Governor Oleh Syniehubov said the caretaker, Halyna Koval, was a hero.",
                "He said she had saved ten children.",
            ),
            "Governor Oleh Syniehubov",
        ),
        # a person introduced in a body's statement: "she" is that person
        (
            (
                "Police said the caretaker, Halyna Koval, was injured.",
                "She said the roof collapsed.",
            ),
            "Halyna Koval",
        ),
    ],
)
def test_a_pronoun_after_a_person_introduced_by_description_or_title(
    sentences: tuple[str, ...], speaker: str
) -> None:
    assert _last_speaker(*sentences) == speaker
