"""Who lives in the demo community and what they talk about, generated from word lists."""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST_NAMES = (
    "Maya", "Tomás", "Aiko", "Priya", "Jonas", "Fatima", "Leo", "Ingrid", "Kwame", "Sofia",
    "Mateo", "Hana", "Oliver", "Amara", "Nikolai", "Chloé", "Ravi", "Elena", "Yusuf", "Freya",
    "Diego", "Mei", "Samuel", "Zara", "Henrik", "Lucía", "Kofi", "Anya", "Felix", "Noor",
    "Arjun", "Clara", "Emeka", "Greta", "Hiroshi", "Isla", "Jamal", "Katja", "Luca", "Nadia",
    "Oskar", "Paloma", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Valentina", "Wen", "Yara",
    "Abebe", "Bianca", "Cyrus", "Dalia", "Eitan", "Flora", "Gustavo", "Ines", "Jude", "Lena",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Lindqvist", "Tanaka", "Sharma", "Moreau", "Haddad", "Novak", "Silva", "Mensah",
    "Rossi", "Kowalski", "Nguyen", "Fischer", "Costa", "Ivanova", "Murphy", "Kim", "Alvarez",
    "Berg", "Dubois", "Yilmaz", "Petrov", "Santos", "Walsh", "Chen", "Andersen", "Ito", "Reyes",
)  # fmt: skip
ROLES = (
    "Nurse", "Librarian", "Software developer", "Teacher", "Retired engineer", "Student",
    "Illustrator", "Baker", "Bike mechanic", "Architect", "Barista", "Gardener", "Translator",
    "Bus driver", "Physiotherapist", "Data analyst", "Carpenter", "Museum guide", "Chef",
)  # fmt: skip
CITIES = (
    "Lisbon", "Leeds", "Montréal", "Osaka", "Nairobi", "Tallinn", "Valparaíso", "Ghent",
    "Melbourne", "Accra", "Bergen", "Porto", "Kyoto", "Glasgow", "Oaxaca", "Wellington",
)  # fmt: skip

# Each interest is a hashtag and things to say about it ("... about <thing>").
INTERESTS: dict[str, tuple[str, ...]] = {
    "photography": ("golden hour by the harbour", "fog over the river", "an old film camera",
                    "street portraits", "long exposures of the tram lines"),
    "gardening": ("the first tomatoes of the year", "compost that finally smells right",
                  "a wildflower strip for the bees", "seedlings on the windowsill",
                  "pruning roses"),
    "cycling": ("a long ride along the coast", "fixing a flat in the rain", "the new bike lane",
                "cycling to work in the frost", "a gravel route through the forest"),
    "baking": ("sourdough with an open crumb", "cardamom buns", "a lemon drizzle cake",
               "laminated dough at 6 am", "a rye starter named Gerald"),
    "birdwatching": ("a kingfisher on the canal", "the swifts coming back", "an owl at dusk",
                     "counting sparrows for the survey", "a heron that ignores everyone"),
    "hiking": ("a ridge walk in the clouds", "a muddy trail with a great view",
               "a hut at the end of the valley", "blisters and blueberries", "the first snow"),
    "books": ("a novel I couldn't put down", "the library's new poetry shelf",
              "a second-hand shop full of treasures", "reading in the park", "our book club pick"),
    "coffee": ("a perfect flat white", "a new hand grinder", "the café on the corner",
               "cold brew season", "beans roasted down the street"),
    "running": ("an easy 10k at sunrise", "a new personal best", "intervals on the track",
                "running in the rain", "the parkrun crowd"),
    "knitting": ("a striped scarf", "socks with a tricky heel", "hand-dyed wool",
                 "a sweater three years in the making", "a knitting circle at the pub"),
    "music": ("a brass band in the square", "a record fair", "practising scales again",
              "a tiny jazz club", "the choir's winter concert"),
    "cooking": ("a big pot of dal", "homemade dumplings", "the market's first asparagus",
                "a slow Sunday ragù", "pickling everything in sight"),
    "astronomy": ("Saturn through a small telescope", "a clear night away from the city",
                  "the Perseids", "the Moon's terminator", "a star party on the hill"),
    "boardgames": ("a four-hour game night", "a cooperative game we finally won",
                   "painting miniatures", "teaching my parents a new game", "a café full of games"),
    "woodworking": ("a dovetail joint that fits", "a walnut cutting board", "sharpening chisels",
                    "a bookshelf for the hallway", "the smell of fresh shavings"),
    "urbanism": ("a street turned into a park", "the new tram line", "benches that people use",
                 "trees along the high street", "a car-free Sunday"),
    "opensource": ("my first merged pull request", "a friendly code review",
                   "fixing a bug from 2014", "writing docs for a small library", "a sprint day"),
    "cats": ("a cat asleep on my keyboard", "the neighbour's cat visiting again",
             "a cardboard box fort", "3 am zoomies", "a cat who loves the bath"),
}  # fmt: skip

OPENERS = (
    "Spent the morning with {thing}. Worth getting up early for.",
    "Small joy of the day: {thing}.",
    "Does anyone else get unreasonably happy about {thing}?",
    "Today's project: {thing}. Progress is slow but steady.",
    "Still thinking about {thing}.",
    "Note to self: {thing} is always a good idea.",
    "Weekend plan: {thing}, coffee, and nothing else.",
    "Finally tried {thing} and I get the hype now.",
    "Hot take: {thing} is underrated.",
    "Quiet evening, {thing}, and a pot of tea.",
    "Can't recommend {thing} enough. Tips welcome!",
    "Who else is into {thing}? Looking for people to swap notes with.",
)
PICTURE_OPENERS = (
    "Made this today, inspired by {thing}.",
    "A little picture to go with {thing}.",
    "This is what {thing} looked like in my head.",
)
REPLIES = (
    "This is lovely!",
    "Where was this?",
    "Same here, every single time.",
    "Adding this to my list.",
    "Oh, I needed this today.",
    "How long did that take you?",
    "Agreed, completely.",
    "Tell me more!",
    "Haha, so true.",
    "Saving this for the weekend.",
    "Love the colours.",
    "You've convinced me to try it.",
)
RESERVED = {"admin", "root", "support", "townsquare"}


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in the demo community, before they have an account."""

    username: str
    display_name: str
    bio: str
    interests: tuple[str, ...]

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.display_name.split()[:2]).upper()


def people(rng: random.Random, count: int) -> list[Person]:
    """``count`` people with unique usernames, each with two or three interests."""
    taken: set[str] = set(RESERVED)
    result: list[Person] = []
    for _ in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        username = _username(first, last, taken)
        taken.add(username)
        interests = tuple(rng.sample(sorted(INTERESTS), rng.randint(2, 3)))
        tags = " and ".join(f"#{tag}" for tag in interests[:2])
        bio = f"{rng.choice(ROLES)} in {rng.choice(CITIES)}. Into {tags}."
        result.append(Person(username, f"{first} {last}", bio, interests))
    return result


def _ascii(name: str) -> str:
    return name.lower().translate(str.maketrans("áéíóúç", "aeiouc"))


def _username(first: str, last: str, taken: set[str]) -> str:
    candidates = [
        _ascii(first),
        f"{_ascii(first)}_{_ascii(last)[0]}",
        f"{_ascii(first)}{_ascii(last)}",
    ]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[-1]}{number}" in taken:
        number += 1
    return f"{candidates[-1]}{number}"


def post_text(rng: random.Random, person: Person, *, has_picture: bool = False) -> str:
    """Something ``person`` might post, with the hashtag of the interest it is about."""
    interest = rng.choice(person.interests)
    opener = rng.choice(PICTURE_OPENERS if has_picture else OPENERS)
    text = f"{opener.format(thing=rng.choice(INTERESTS[interest]))} #{interest}"
    if rng.random() < 0.2:
        text += f" #{rng.choice(sorted(set(INTERESTS) - {interest}))}"
    return text


def reply_text(rng: random.Random, *, to_username: str) -> str:
    """A short, friendly reply that mentions the author, as replies do."""
    return f"@{to_username} {rng.choice(REPLIES)}"
