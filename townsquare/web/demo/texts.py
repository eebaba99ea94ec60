"""What the demo's features say: rules, the announcement, polls, messages and shared links."""

from __future__ import annotations

from dataclasses import dataclass

RULES: tuple[tuple[str, str], ...] = (
    ("Be kind. Disagree with ideas, not with people.", "No harassment, insults or pile-ons."),
    ("Describe your pictures.", "Alt text lets everyone enjoy them, screen readers included."),
    ("Put a content warning on spoilers and heavy topics.", ""),
    ("No advertising without asking first.", "Sharing your own craft now and then is fine."),
)
ANNOUNCEMENT = (
    "Welcome to the demo square! Polls, lists, filters, scheduled posts and trends are all "
    "switched on. Have a look around, and see #townsquare for what is new."
)
WELCOME_POST = (
    "Hello everyone, and welcome to our little #townsquare! Please read the server rules, "
    "describe your pictures, and say hi to your neighbours."
)
MENTION_POST = "@{admin} thank you for running this place! Could we have a #boardgames night?"
REPLY_TO_WELCOME = "@{admin} Glad to be here. The {tag} crowd says hi!"
SCHEDULED_POST = (
    "Reminder: the square's monthly meetup is tomorrow evening at the library. "
    "Bring a friend! #townsquare"
)
# A word a few posts use, so the filter on the admin's home has something to warn about.
FILTER_TITLE = "Hot takes"
FILTER_KEYWORD = "hot take"
# The admin's lists: a title and the interests whose people belong in it.
LISTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Kitchen table", ("baking", "cooking", "coffee")),
    ("Outdoors", ("hiking", "cycling", "birdwatching", "running", "gardening")),
)
FOLLOWED_TAGS = ("urbanism", "books", "astronomy")
ADMIN_FEATURED_TAGS = ("townsquare",)


@dataclass(frozen=True, slots=True)
class PollScript:
    question: str
    options: tuple[str, ...]
    is_multiple: bool = False


CLOSED_POLLS = (
    PollScript(
        "What should the square's next meetup be? #townsquare",
        ("A picnic in the park", "A board game night", "A bike ride", "A book swap"),
    ),
    PollScript(
        "Tea or coffee for the first cup of the day? #coffee",
        ("Coffee, obviously", "Tea, always", "Whatever is closest"),
    ),
)
OPEN_POLLS = (
    PollScript(
        "Which bread should I bake this weekend? #baking",
        ("Sourdough", "Focaccia", "Rye", "Brioche"),
    ),
    PollScript(
        "Where do you read the most? Pick all that apply. #books",
        ("In bed", "On the train", "In the park", "At a café"),
        is_multiple=True,
    ),
)


@dataclass(frozen=True, slots=True)
class Message:
    """One direct message: who writes it (0: the first person, -1: the admin) and its text."""

    author: int
    text: str


# Direct conversations with the admin; {0}, {1} and {admin} are usernames.
CONVERSATIONS: tuple[tuple[Message, ...], ...] = (
    (
        Message(1, "@{admin} @{0} Are you both coming to the night market on Saturday?"),
        Message(0, "@{1} @{admin} Wouldn't miss it. I'll bring cardamom buns."),
        Message(-1, "@{1} @{0} Count me in! Let's meet by the fountain at seven."),
    ),
    (
        Message(0, "@{admin} Hi! Thanks for setting this up. Is there a way to follow a hashtag?"),
        Message(-1, "@{0} There is: open the hashtag's page and press Follow. Lists help too."),
        Message(0, "@{admin} Found it, thank you! Following #gardening now."),
    ),
)


@dataclass(frozen=True, slots=True)
class SharedLink:
    """A page people pass around today, with what they say about it."""

    url: str
    tag: str
    comments: tuple[str, ...]


SHARED_LINKS = (
    SharedLink(
        "https://example.org/news/tram-line-opens",
        "urbanism",
        (
            "The new tram line opens this week!",
            "Hot take: the tram is the best thing the council did in years.",
            "Finally, a car-free way to the seaside.",
            "Took the first tram this morning, so smooth.",
        ),
    ),
    SharedLink(
        "https://example.org/recipes/cardamom-buns",
        "baking",
        (
            "These cardamom buns are worth the effort.",
            "Made these twice already this week.",
            "Hot take: cardamom beats cinnamon, every time.",
        ),
    ),
    SharedLink(
        "https://example.org/sky/meteor-shower-tonight",
        "astronomy",
        (
            "Meteor shower tonight, clear skies forecast!",
            "Setting an alarm for 3 am for this.",
            "Anyone heading up the hill to watch?",
        ),
    ),
    SharedLink(
        "https://example.org/events/night-market",
        "cooking",
        (
            "The night market is back on Saturday.",
            "Dumpling stall at the night market, see you there.",
            "Best street food in town, once a month.",
        ),
    ),
)
