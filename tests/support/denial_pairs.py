"""A labelled set for cross-bulletin denial links: fictional bulletins, written for Wiredesk,
in English, Russian and Ukrainian, and which denial answers which claim.

Places are real; every event, quote, official and outlet here is invented. Each pair names
its claim and its denial by a fragment of their text. ``LINKED`` pairs must be linked;
``APART`` pairs must not be, each with the reason; any other link found between these
bulletins counts as wrong too (see :func:`score`).
"""

from __future__ import annotations

from dataclasses import dataclass

KHERSON_CLAIM = (
    "Russia's defence ministry said its forces had destroyed a Ukrainian ammunition depot "
    "near Kherson overnight."
)
MYKOLAIV_DENIAL = (
    "Russia's defence ministry dismissed Ukraine's report of 14 drones downed over Mykolaiv "
    "as fiction."
)

BULLETINS: list[dict[str, str]] = [
    # Kherson depot: one claim, a wire story re-run twice, another outlet's wording, a denial.
    {
        "source": "Meridian Wire",
        "published": "2027-03-03T06:00:00Z",
        "text": f"{KHERSON_CLAIM} Meridian Wire could not independently verify the claim.",
    },
    {
        "source": "Northgate Herald",
        "published": "2027-03-03T06:30:00Z",
        "text": f"KHERSON, March 3 (Meridian Wire) - {KHERSON_CLAIM} Meridian Wire could not "
        "independently verify the claim.",
    },
    {
        "source": "Frontline Digest",
        "published": "2027-03-03T07:00:00Z",
        "text": f"{KHERSON_CLAIM} Meridian Wire could not independently verify the claim. "
        "(Meridian Wire)",
    },
    {
        "source": "Dnipro Dispatch",
        "published": "2027-03-03T10:00:00Z",
        "text": "The Russian defence ministry claimed on Wednesday that an ammunition depot near "
        "Kherson had been blown up by its missiles. Residents reported a column of smoke.",
    },
    {
        "source": "Eastern Monitor",
        "published": "2027-03-04T09:00:00Z",
        "text": "Ukraine's southern command denied that any ammunition depot near Kherson had "
        "been hit, saying the Russian missiles destroyed a grain store.",
    },
    # Mykolaiv drones: a claim by Ukraine, a denial by Russia, and the denial re-run.
    {
        "source": "Live blog",
        "published": "2027-03-05T07:00:00Z",
        "text": "Ukraine's air force said it had shot down 14 Russian drones over Mykolaiv "
        "overnight. Schools in the city opened two hours late.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-03-05T12:00:00Z",
        "text": f"{MYKOLAIV_DENIAL} The ministry gave no figures of its own.",
    },
    {
        "source": "Frontline Digest",
        "published": "2027-03-05T12:40:00Z",
        "text": f"MOSCOW, March 5 (Northern Telegraph) - {MYKOLAIV_DENIAL} The ministry gave no "
        "figures of its own.",
    },
    # Bakhmut station: a denial the next day, and one three weeks later.
    {
        "source": "Northern Telegraph",
        "published": "2027-03-01T15:00:00Z",
        "text": "The Wagner group claimed its fighters had captured the railway station in "
        "Bakhmut.",
    },
    {
        "source": "Eastern Monitor",
        "published": "2027-03-02T08:00:00Z",
        "text": "Ukraine's eastern command rejected claims that the Bakhmut railway station had "
        "fallen as propaganda.",
    },
    {
        "source": "Meridian Wire",
        "published": "2027-03-22T08:00:00Z",
        "text": "Ukraine's eastern command denied that the railway station in Bakhmut had been "
        "captured.",
    },
    # Kramatorsk launcher: an English claim, a Ukrainian denial.
    {
        "source": "Meridian Wire",
        "published": "2027-03-10T06:00:00Z",
        "text": "Russia's defence ministry said its forces had destroyed a HIMARS launcher near "
        "Kramatorsk and killed 30 Ukrainian soldiers.",
    },
    {
        "source": "Khvylia Radio",
        "published": "2027-03-11T09:00:00Z",
        "text": "Генштаб ЗСУ спростував заяву Міністерства оборони Росії про знищення установки "
        "HIMARS під Краматорськом.",
    },
    # Feodosia ship: an English claim, a Russian denial.
    {
        "source": "Black Sea Courier",
        "published": "2027-03-12T07:00:00Z",
        "text": "Ukraine's navy said its sea drones had damaged the Russian patrol ship Sergei "
        "Kotov near Feodosia.",
    },
    {
        "source": "Borealis Russian Service",
        "published": "2027-03-12T18:00:00Z",
        "text": "Министерство обороны России опровергло сообщения о повреждении корабля «Сергей "
        "Котов» у Феодосии, назвав их фейком.",
    },
    # Enerhodar training centre: claims before and after the denial.
    {
        "source": "Northern Telegraph",
        "published": "2027-03-13T09:00:00Z",
        "text": "The plant's Russian-installed management said a drone launched by Ukrainian "
        "forces had struck the training centre in Enerhodar.",
    },
    {
        "source": "Eastern Monitor",
        "published": "2027-03-13T20:00:00Z",
        "text": "Ukraine's military intelligence denied that its drones had targeted the training "
        "centre at the Enerhodar nuclear plant.",
    },
    {
        "source": "Live blog",
        "published": "2027-03-14T08:00:00Z",
        "text": "Russian-installed officials in Enerhodar said a Ukrainian drone had hit the "
        "training centre of the nuclear plant.",
    },
    # Nova Kakhovka hospital: a hedged claim.
    {
        "source": "Live blog",
        "published": "2027-03-16T07:00:00Z",
        "text": "A Russian-installed official in Nova Kakhovka said Ukrainian rockets had "
        "reportedly hit the town's hospital.",
    },
    {
        "source": "Dnipro Dispatch",
        "published": "2027-03-16T13:00:00Z",
        "text": "Ukraine's southern command denied shelling the hospital in Nova Kakhovka.",
    },
    # Kramatorsk depot: a Russian claim, a Ukrainian denial.
    {
        "source": "Borealis Russian Service",
        "published": "2027-03-18T06:00:00Z",
        "text": "Министерство обороны России заявило, что российские войска уничтожили склад "
        "боеприпасов в Краматорске.",
    },
    {
        "source": "Khvylia Radio",
        "published": "2027-03-18T15:00:00Z",
        "text": "Генштаб ЗСУ спростував інформацію про знищення складу боєприпасів у Краматорську.",
    },
    # Sevastopol ship: a Ukrainian claim, a Russian denial.
    {
        "source": "Meridian Wire",
        "published": "2027-03-20T05:00:00Z",
        "text": "Ukraine's general staff said its forces had sunk a Russian landing ship, the "
        "Yamal, off Sevastopol.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-03-20T11:00:00Z",
        "text": "Russia's Black Sea Fleet denied that the landing ship Yamal had been sunk, "
        "saying it had returned to Sevastopol for repairs.",
    },
    # Sloviansk bus station: a mayor's claim, a denial the next day.
    {
        "source": "Live blog",
        "published": "2027-03-22T07:00:00Z",
        "text": "Vadym Lyakh, the mayor of Sloviansk, said a Russian missile had destroyed the "
        "city's central bus station.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-03-23T10:00:00Z",
        "text": "Russia's defence ministry rejected Ukrainian claims that its missile had hit the "
        "bus station in Sloviansk as a provocation, saying the blast was caused by Ukrainian "
        "air defences.",
    },
    # Izium maternity hospital: a claim by each side; the denial answers only one.
    {
        "source": "Eastern Monitor",
        "published": "2027-03-24T08:00:00Z",
        "text": "Ukraine's general staff said Russian forces had shelled the maternity hospital "
        "in Izium.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-03-24T09:00:00Z",
        "text": "Russian-installed officials in Izium said Ukrainian artillery had shelled the "
        "town's maternity hospital.",
    },
    {
        "source": "Meridian Wire",
        "published": "2027-03-25T06:00:00Z",
        "text": "Ukraine's general staff denied that Ukrainian artillery had shelled the maternity "
        "hospital in Izium, saying Russian forces had fired on it.",
    },
    # A school in another town.
    {
        "source": "Live blog",
        "published": "2027-03-26T07:00:00Z",
        "text": "Russian-installed officials said Ukrainian rockets had hit a school in Tokmak.",
    },
    {
        "source": "Dnipro Dispatch",
        "published": "2027-03-26T12:00:00Z",
        "text": "Ukraine's southern command denied striking a school in Melitopol, saying the "
        "building had been used as a barracks.",
    },
    # Kupiansk: another event near the same town.
    {
        "source": "Meridian Wire",
        "published": "2027-03-27T06:00:00Z",
        "text": "Russia's defence ministry said its troops had taken the village of Pishchane, "
        "near Kupiansk.",
    },
    {
        "source": "Eastern Monitor",
        "published": "2027-03-27T14:00:00Z",
        "text": "Ukraine's eastern command denied that Russian troops had crossed the Oskil river "
        "near Kupiansk, saying its units still held the eastern bank.",
    },
    # Odesa: drones either way, about two different events.
    {
        "source": "Live blog",
        "published": "2027-03-28T07:00:00Z",
        "text": "Ukraine's air force said it had shot down 20 Russian drones over Odesa overnight.",
    },
    {
        "source": "Black Sea Courier",
        "published": "2027-03-28T15:00:00Z",
        "text": "Russia's defence ministry denied that its drones had hit a grain terminal in "
        "Odesa, saying it had struck a warehouse of naval drones.",
    },
    # Tuapse: a denial that restates nothing.
    {
        "source": "Meridian Wire",
        "published": "2027-03-29T06:00:00Z",
        "text": "Ukraine's general staff said its drones had hit an oil refinery in Tuapse.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-03-29T12:00:00Z",
        "text": "Moscow denied the claims.",
    },
    # A Russian denial about another town than the English claim.
    {
        "source": "Live blog",
        "published": "2027-03-30T07:00:00Z",
        "text": "Ukraine's air force said it had shot down a Russian Su-34 jet over Kharkiv.",
    },
    {
        "source": "Borealis Russian Service",
        "published": "2027-03-30T12:00:00Z",
        "text": "Министерство обороны России опровергло сообщения о потере самолёта под Херсоном.",
    },
    # Zaporizhzhia: two claims the same day, the denial answers neither.
    {
        "source": "Meridian Wire",
        "published": "2027-03-31T06:00:00Z",
        "text": "Russia's defence ministry said its forces had struck a Ukrainian command post in "
        "Zaporizhzhia.",
    },
    {
        "source": "Dnipro Dispatch",
        "published": "2027-03-31T13:00:00Z",
        "text": "Regional governor Ivan Fedorov denied that a drone had hit the regional hospital "
        "in Zaporizhzhia, saying the damage was caused by falling debris.",
    },
    # Harder cases, written after the rules: words that differ, one name across scripts,
    # a third party denying, a near miss in Crimea, an outlet's own report, a related denial.
    {
        "source": "Live blog",
        "published": "2027-04-02T07:00:00Z",
        "text": "Russian-installed officials said Ukrainian forces had shelled a hospital in "
        "Kherson's Dniprovskyi district.",
    },
    {
        "source": "Eastern Monitor",
        "published": "2027-04-02T15:00:00Z",
        "text": "Kyiv denied bombarding the Dniprovskyi clinic in Kherson.",
    },
    {
        "source": "Meridian Wire",
        "published": "2027-04-04T06:00:00Z",
        "text": "Russia's defence ministry said its troops had captured Klishchiivka.",
    },
    {
        "source": "Khvylia Radio",
        "published": "2027-04-04T17:00:00Z",
        "text": "Сили оборони спростували захоплення Кліщіївки.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-04-06T06:00:00Z",
        "text": "Russia's Rosatom said IAEA inspectors had left the Zaporizhzhia nuclear plant.",
    },
    {
        "source": "Meridian Wire",
        "published": "2027-04-06T12:00:00Z",
        "text": "The IAEA denied that its inspectors had left the Zaporizhzhia plant.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-04-08T06:00:00Z",
        "text": "Russia's defence ministry said its air defences shot down a Ukrainian Neptune "
        "missile over Crimea.",
    },
    {
        "source": "Black Sea Courier",
        "published": "2027-04-09T06:00:00Z",
        "text": "Ukraine's navy denied that a Neptune missile had hit a ferry in Kerch.",
    },
    {
        "source": "Meridian Wire",
        "published": "2027-04-10T05:00:00Z",
        "text": "Explosions were heard over Belgorod overnight, and a fuel depot on the city's "
        "edge was burning at dawn.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-04-10T11:00:00Z",
        "text": "Russia's defence ministry denied that the fuel depot in Belgorod had been hit by "
        "Ukrainian drones.",
    },
    {
        "source": "Live blog",
        "published": "2027-04-12T07:00:00Z",
        "text": "Ukraine's energy ministry said Russian strikes had cut power to 200,000 homes in "
        "Kharkiv.",
    },
    {
        "source": "Northern Telegraph",
        "published": "2027-04-12T13:00:00Z",
        "text": "Russia's defence ministry denied that its strikes had hit a power plant in "
        "Kharkiv, saying it struck arms depots.",
    },
]


@dataclass(frozen=True)
class Pair:
    """A claim and a denial, by fragments of their texts (each in one first copy)."""

    claim: str
    denial: str
    why: str = ""


LINKED = [
    Pair("destroyed a Ukrainian ammunition depot near Kherson", "any ammunition depot near"),
    Pair("depot near Kherson had been blown up", "any ammunition depot near"),
    Pair("shot down 14 Russian drones over Mykolaiv", "report of 14 drones downed"),
    Pair("captured the railway station in Bakhmut", "Bakhmut railway station had fallen"),
    Pair("HIMARS launcher near Kramatorsk", "установки HIMARS"),
    Pair("patrol ship Sergei Kotov", "корабля «Сергей"),
    Pair("struck the training centre in Enerhodar", "targeted the training centre"),
    Pair("hit the training centre of the nuclear plant", "targeted the training centre"),
    Pair("reportedly hit the town's hospital", "denied shelling the hospital in Nova"),
    Pair("уничтожили склад боеприпасов", "знищення складу боєприпасів"),
    Pair("sunk a Russian landing ship", "landing ship Yamal had been sunk"),
    Pair("destroyed the city's central bus station", "hit the bus station in Sloviansk"),
    Pair("Ukrainian artillery had shelled the town's", "denied that Ukrainian artillery"),
    Pair("IAEA inspectors had left", "its inspectors had left"),
    # Expected misses: the denial's words differ from the claim's ("clinic" for
    # "hospital"), or one name is all that ties a Ukrainian denial to an English claim.
    Pair("shelled a hospital in Kherson's", "bombarding the Dniprovskyi clinic"),
    Pair("captured Klishchiivka", "захоплення Кліщіївки"),
]
APART = [
    Pair("Russian forces had shelled the maternity", "denied that Ukrainian artillery", "one side"),
    Pair("captured the railway station in Bakhmut", "railway station in Bakhmut had", "21 days"),
    Pair("hit a school in Tokmak", "striking a school in Melitopol", "another town"),
    Pair("village of Pishchane", "crossed the Oskil river", "another event, same town"),
    Pair("shot down 20 Russian drones over Odesa", "hit a grain terminal", "another event"),
    Pair("oil refinery in Tuapse", "Moscow denied the claims", "restates nothing"),
    Pair("Su-34 jet over Kharkiv", "потере самолёта под Херсоном", "another town, Russian"),
    Pair("command post in Zaporizhzhia", "hospital in Zaporizhzhia", "another event"),
    Pair("HIMARS launcher near Kramatorsk", "знищення складу боєприпасів", "8 days"),
    Pair("shot down 14 Russian drones over Mykolaiv", "ammunition depot near", "another town"),
    Pair("hit the training centre of the nuclear plant", "any ammunition depot", "another town"),
    Pair("shot down 20 Russian drones over Odesa", "report of 14 drones", "another town"),
    Pair("Neptune missile over Crimea", "ferry in Kerch", "another place, another event"),
    Pair("fuel depot on the city's", "fuel depot in Belgorod", "an outlet's own report"),
    Pair("cut power to 200,000 homes", "hit a power plant in Kharkiv", "another statement"),
]


@dataclass(frozen=True)
class Score:
    """How the links found compare with the labels."""

    found: int
    right: int
    labelled: int
    wrong: list[tuple[int, int]]
    missed: list[Pair]

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0
