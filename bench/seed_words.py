"""Word lists for `bench.seed`: enough variety that names, companies and cities look real."""

from __future__ import annotations

FIRST_NAMES = (
    "Anna", "Ben", "Carla", "David", "Elena", "Felix", "Greta", "Hannah", "Ivan", "Julia",
    "Karim", "Laura", "Marco", "Nina", "Oliver", "Paula", "Quentin", "Rosa", "Samuel", "Tara",
    "Uwe", "Vera", "William", "Xenia", "Yusuf", "Zoe", "Amir", "Bianca", "Chloe", "Daniel",
    "Emma", "Fatima", "George", "Helena", "Isabel", "Jonas", "Katja", "Leon", "Maria", "Noah",
    "Olga", "Pedro", "Rahul", "Sofia", "Thomas", "Ulla", "Victor", "Wen", "Yara", "Lucas",
)  # fmt: skip
LAST_NAMES = (
    "Schmidt", "Miller", "Rossi", "Dubois", "Kowalski", "Novak", "Jensen", "Garcia", "Smith",
    "Wagner", "Becker", "Fischer", "Meyer", "Weber", "Hoffmann", "Lopez", "Martin", "Bernard",
    "Moreau", "Ricci", "Bianchi", "Costa", "Silva", "Santos", "Nowak", "Horvat", "Olsen",
    "Nielsen", "Larsen", "Berg", "Lindqvist", "Virtanen", "Murphy", "Kelly", "Walsh", "Brown",
    "Taylor", "Wilson", "Evans", "Clarke", "Young", "Khan", "Patel", "Ahmed", "Yilmaz", "Demir",
    "Tanaka", "Chen", "Nguyen", "Kim",
)  # fmt: skip
COMPANY_FIRST = (
    "Blue", "Green", "Silver", "Golden", "Northern", "Alpine", "Coastal", "Urban", "Bright",
    "Swift", "Red", "Oak", "Maple", "Cedar", "River", "Harbor", "Summit", "Pioneer", "Nova",
    "Atlas", "Orbit", "Pixel", "Iron", "Crystal", "Sunny", "Little", "Royal", "Metro", "Prime",
    "Clever", "Happy", "Wild", "Quiet", "Lucky", "Stone", "Amber", "Falcon", "Fox", "Bear",
    "Lotus",
)  # fmt: skip
COMPANY_SECOND = (
    "Bakery", "Consulting", "Logistics", "Dental", "Studio", "Garden", "Media", "Plumbing",
    "Florists", "Imports", "Software", "Labs", "Fitness", "Travel", "Kitchen", "Print", "Auto",
    "Legal", "Realty", "Coffee", "Books", "Optics", "Pharmacy", "Clinic", "Architects",
    "Photography", "Catering", "Design", "Tailors", "Brewery", "Vineyard", "Cycles", "Pets",
    "Events", "Academy", "Security", "Energy", "Furniture", "Outdoor", "Games",
)  # fmt: skip
COMPANY_SUFFIX = ("GmbH", "Ltd", "LLC", "Inc.", "SARL", "BV", "AB", "Oy", "S.r.l.", "")
RESELLER_FIRST = (
    "Hostwise", "Cloudberry", "Webfoundry", "Netharbor", "Serverline", "Datapeak", "Bytefield",
    "Sitecraft", "Nimbus", "Stackhouse",
)  # fmt: skip
RESELLER_SECOND = ("Hosting", "Cloud", "Web Services", "Networks", "Digital")
# (city, country, postal code prefix)
CITIES = (
    ("Berlin", "DE", "10"), ("Hamburg", "DE", "20"), ("Munich", "DE", "80"),
    ("Cologne", "DE", "50"), ("Vienna", "AT", "1"), ("Zurich", "CH", "80"),
    ("Paris", "FR", "75"), ("Lyon", "FR", "69"), ("Amsterdam", "NL", "10"),
    ("Rotterdam", "NL", "30"), ("Brussels", "BE", "10"), ("Copenhagen", "DK", "1"),
    ("Stockholm", "SE", "11"), ("Oslo", "NO", "0"), ("Helsinki", "FI", "00"),
    ("Warsaw", "PL", "00"), ("Prague", "CZ", "1"), ("Milan", "IT", "20"), ("Rome", "IT", "00"),
    ("Madrid", "ES", "28"), ("Barcelona", "ES", "08"), ("Lisbon", "PT", "1"),
    ("Dublin", "IE", "D0"), ("London", "GB", "EC"), ("Manchester", "GB", "M"),
    ("New York", "US", "10"), ("Austin", "US", "78"), ("Toronto", "CA", "M5"),
)  # fmt: skip
STREETS = (
    "Main Street", "Station Road", "Market Square", "Harbour Lane", "Park Avenue", "Mill Road",
    "Church Street", "Garden Way", "Bridge Street", "Hill Road", "Lake View", "Oak Avenue",
)  # fmt: skip
DEPARTMENTS = (
    "Sales", "Support", "Engineering", "Marketing", "Finance", "Human Resources", "Operations",
    "Legal", "Design", "IT", "Purchasing", "Customer Success",
)  # fmt: skip
SERVICE_WORDS = (
    "www", "shop", "blog", "app", "docs", "portal", "crm", "wiki", "info", "sales", "office",
    "media", "api", "status", "news",
)  # fmt: skip
COLORS = ("#1f6feb", "#d73a49", "#28a745", "#6f42c1", "#f66a0a", "#0366d6", "#24292e")
SUSPENSION_REASONS = (
    "Unpaid invoice", "Abuse report", "Requested by customer", "Spam complaints",
    "Security incident under review",
)  # fmt: skip
NOTES = (
    "Called about the renewal; wants a quote for the {plan} plan.",
    "Prefers to be contacted by email, not phone.",
    "Migrated their sites from the old panel on request.",
    "Asked for more mailboxes for the {city} office.",
    "Payment was late twice this year; keep an eye on it.",
    "Key account: escalate tickets straight to second level.",
    "Contact person changed, new owner is {name}.",
    "Interested in managed backups, follow up next month.",
)  # fmt: skip
