"""Word lists for the benchmark's article generator: common English words written for this file, common
first names and surnames, real place names and public agencies. No text is copied from anywhere.

Each list is in rough order of frequency; the generator draws from it with Zipf-like weights, and a
long tail of pseudo-words (made from syllables) is added so the index's term dictionary is as large
as a real archive's.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


NOUNS = _words("""
people year time city government state police law plan report official day week month country
school family group community money vote budget election court case program policy service decision
office worker business company market price tax bill issue question change problem area member
home health job support order statement meeting council board committee department agency campaign
water power energy housing rent street road bridge train bus airport hospital doctor patient nurse
teacher student parent child union contract deal agreement trade tariff border troop soldier guard
officer crime violence shooting fire storm flood heat drought weather season summer winter spring
night morning evening hour minute record data study survey poll result number percent rate cost
fund grant loan debt deficit revenue spending cut increase decline growth economy industry factory
farm farmer crop food restaurant store shop customer owner employee wage salary pension benefit
insurance coverage care clinic vaccine virus disease outbreak test treatment drug research scientist
university college campus class exam degree library museum park garden beach river lake mountain
forest land property building tower project site construction permit zoning neighborhood resident
neighbor crowd protest rally march speech debate hearing trial judge jury lawyer attorney charge
lawsuit ruling appeal verdict sentence prison jail inmate victim witness suspect arrest investigation
evidence document memo letter email message post video photo image camera phone app website network
platform system software computer chip device battery car truck vehicle driver traffic accident crash
safety risk threat attack war conflict peace talks treaty ally enemy weapon missile drone ship port
fleet flight pilot passenger ticket fare route station line schedule delay strike walkout shortage
supply demand oil gas coal solar wind grid plant pipeline emission climate pollution waste recycling
trash sewer pipe leak repair maintenance upgrade investment investor bank stock share profit loss
earnings quarter forecast estimate target goal effort response reaction concern criticism complaint
praise support opposition majority minority leader spokesperson director chairman president governor
mayor senator representative candidate voter ballot district precinct turnout margin victory defeat
seat term limit rule regulation standard requirement guideline exemption waiver deadline date event
festival concert game team player coach fan stadium league title championship match score season
history tradition culture art music film book author artist writer reporter editor newspaper
magazine station broadcast interview audience viewer reader listener subscriber fee charge fine
penalty reward prize award honor ceremony anniversary memorial funeral wedding birthday holiday
vacation trip visit tour guest host partner partnership coalition alliance network association
foundation charity donation donor volunteer shelter food bank pantry meal kitchen table chair room
floor wall roof window door gate fence yard lot block corner square center downtown suburb county
region province territory nation capital village town island coast valley desert field
""")

VERBS = _words("""
say make go take see come know get give find think tell become show leave feel put bring begin keep
hold write stand hear let mean set meet run pay sit speak lie lead read grow lose fall send build
understand draw break spend cut rise drive buy wear choose seek throw catch deal win forgive sell
""") + _words("""
announce approve reject propose support oppose launch open close expand reduce increase cut raise
lower plan consider review release publish report reveal confirm deny suggest warn urge ask call
demand require allow ban block delay cancel postpone resume continue end start finish complete hire
fire arrest charge sue settle vote pass sign veto push press move shift change replace remove add
include exclude cover protect defend attack criticize praise welcome celebrate mark honor remember
visit travel return arrive depart launch test measure estimate predict expect hope fear worry
struggle fight compete perform manage operate control own rent lease borrow lend invest save spend
earn collect deliver provide offer serve treat help assist join form create design develop produce
improve repair restore rebuild damage destroy flood burn injure kill rescue evacuate shelter feed
""")

IRREGULAR_PAST = {
    "say": "said",
    "make": "made",
    "go": "went",
    "take": "took",
    "see": "saw",
    "come": "came",
    "know": "knew",
    "get": "got",
    "give": "gave",
    "find": "found",
    "think": "thought",
    "tell": "told",
    "become": "became",
    "show": "showed",
    "leave": "left",
    "feel": "felt",
    "put": "put",
    "bring": "brought",
    "begin": "began",
    "keep": "kept",
    "hold": "held",
    "write": "wrote",
    "stand": "stood",
    "hear": "heard",
    "let": "let",
    "mean": "meant",
    "set": "set",
    "meet": "met",
    "run": "ran",
    "pay": "paid",
    "sit": "sat",
    "speak": "spoke",
    "lie": "lay",
    "lead": "led",
    "read": "read",
    "grow": "grew",
    "lose": "lost",
    "fall": "fell",
    "send": "sent",
    "build": "built",
    "understand": "understood",
    "draw": "drew",
    "break": "broke",
    "spend": "spent",
    "cut": "cut",
    "rise": "rose",
    "drive": "drove",
    "buy": "bought",
    "wear": "wore",
    "choose": "chose",
    "seek": "sought",
    "throw": "threw",
    "catch": "caught",
    "deal": "dealt",
    "win": "won",
    "forgive": "forgave",
    "sell": "sold",
}

ADJECTIVES = _words("""
new local federal public national former large small major long high low early late big great
good bad strong weak clear recent final full young old open free safe serious important political
economic legal financial social human private military criminal medical annual daily weekly monthly
key main top senior general special current past future next last first second third few several
many other own same different similar certain likely possible unlikely significant critical sharp
steady rapid slow quick modest huge massive tiny narrow wide deep broad heavy light hot cold warm
dry wet quiet loud busy empty crowded rural urban coastal northern southern eastern western central
independent democratic republican conservative liberal progressive moderate popular controversial
unusual rare common routine emergency temporary permanent official unofficial formal informal
direct indirect initial additional extra remaining previous upcoming proposed approved rejected
delayed expected unexpected surprising disappointing encouraging troubling alarming dangerous
affordable expensive cheap costly profitable struggling growing shrinking rising falling stable
""")

ADVERBS = _words("""
also still now already just only even again recently currently nearly almost quickly slowly
finally eventually repeatedly sharply steadily largely mostly partly fully directly publicly
privately openly quietly formally officially initially previously immediately separately jointly
""")

DOC_NOUNS = _words("memo report letter statement filing document proposal audit")

WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
MONTHS = _words("January February March April May June July August September October November December")

FIRST_F = _words("""
Mary Jennifer Linda Patricia Elizabeth Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Ashley
Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia Kathleen
Amy Angela Anna Brenda Pamela Nicole Emma Samantha Katherine Christine Rachel Catherine Carolyn
Janet Maria Heather Diane Julie Joyce Victoria Kelly Christina Lauren Joan Evelyn Olivia Judith
Megan Cheryl Martha Andrea Frances Hannah Jacqueline Ann Gloria Jean Kathryn Alice Teresa Sara
Janice Doris Madison Julia Grace Judy Abigail Marie Denise Beverly Amber Theresa Marilyn Danielle
Diana Brittany Natalie Sophia Rose Isabella Alexis Kayla Charlotte Karoline Tanya Gretchen Letitia
""")

FIRST_M = _words("""
James Robert John Michael David William Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward
Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin
Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry
Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy Christian Keith Roger Terry Gerald Harold Sean
Austin Carl Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe Bruce Gabriel Logan Albert Willie
Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason Philip Louis Ken Gavin
""")

SURNAMES = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez
Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez
Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole
Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens
Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker
Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz
Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice
Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley
Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham
Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman
Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman
Pritzker Leavitt Klippenstein Whitmer Newsom Hochul Shapiro Kowalski Novak Lindqvist Okafor Haddad
""")

# (title as written before a name, longer form used in social post signatures)
TITLES = [
    ("Gov.", "Governor"), ("Mayor", "Mayor"), ("Sen.", "Senator"), ("Rep.", "Representative"),
    ("Press Secretary", "Press Secretary"), ("Police Chief", "Chief"), ("Judge", "Judge"),
    ("Dr.", "Dr."), ("Attorney General", "Attorney General"), ("Superintendent", "Superintendent"),
    ("Commissioner", "Commissioner"), ("Sheriff", "Sheriff"), ("President", "President"),
]

ROLES = _words("spokesperson spokeswoman spokesman director chairman economist analyst professor "
               "organizer resident owner researcher lawyer manager")

STATES = [
    "Illinois", "California", "Texas", "Florida", "New York", "Pennsylvania", "Ohio", "Georgia",
    "Michigan", "North Carolina", "New Jersey", "Virginia", "Washington", "Arizona", "Massachusetts",
    "Tennessee", "Indiana", "Maryland", "Missouri", "Wisconsin", "Colorado", "Minnesota", "Oregon",
    "Louisiana", "Kentucky", "Oklahoma", "Connecticut", "Utah", "Iowa", "Nevada", "Arkansas",
    "Mississippi", "Kansas", "New Mexico", "Nebraska", "Idaho", "Hawaii", "Maine", "Montana",
    "Delaware", "Alaska", "Vermont", "Wyoming", "Rhode Island", "New Hampshire", "West Virginia",
    "South Carolina", "Alabama", "South Dakota", "North Dakota",
]

CITIES = [
    "Chicago", "Baltimore", "Houston", "Phoenix", "Philadelphia", "San Antonio", "San Diego", "Dallas",
    "Austin", "Jacksonville", "Columbus", "Charlotte", "Indianapolis", "Seattle", "Denver", "Boston",
    "Nashville", "Detroit", "Portland", "Memphis", "Louisville", "Milwaukee", "Albuquerque", "Tucson",
    "Fresno", "Sacramento", "Atlanta", "Omaha", "Raleigh", "Miami", "Minneapolis", "Tulsa", "Cleveland",
    "Wichita", "Arlington", "Tampa", "Aurora", "Anaheim", "Pittsburgh", "Cincinnati", "Toledo",
    "Newark", "Buffalo", "Madison", "Lubbock", "Norfolk", "Reno", "Boise", "Spokane", "Richmond",
    "Des Moines", "Birmingham", "Rochester", "Tacoma", "Oakland", "Springfield", "Peoria", "Rockford",
    "Joliet", "Naperville", "Evanston", "Gary", "Dayton", "Akron", "Savannah", "Knoxville",
]

COUNTRIES = [
    "Canada", "Mexico", "China", "Japan", "Germany", "France", "Britain", "Ukraine", "Russia", "India",
    "Brazil", "Israel", "Iran", "Venezuela", "Italy", "Spain", "Poland", "Turkey", "Egypt", "Nigeria",
    "Kenya", "Australia", "Argentina", "Colombia", "Chile", "Peru", "Sweden", "Norway", "Ireland",
]

# Organisations that define their acronym in the text: "the Department of Defense (DoD)".
AGENCIES = [
    ("Department of Homeland Security", "DHS"), ("Department of Defense", "DoD"),
    ("Immigration and Customs Enforcement", "ICE"), ("Federal Aviation Administration", "FAA"),
    ("Environmental Protection Agency", "EPA"), ("Food and Drug Administration", "FDA"),
    ("Centers for Disease Control and Prevention", "CDC"), ("Federal Bureau of Investigation", "FBI"),
    ("Department of Transportation", "DOT"), ("National Weather Service", "NWS"),
    ("Federal Emergency Management Agency", "FEMA"), ("Securities and Exchange Commission", "SEC"),
    ("Federal Trade Commission", "FTC"), ("Internal Revenue Service", "IRS"),
    ("Department of Education", "DOE"), ("National Transportation Safety Board", "NTSB"),
    ("Occupational Safety and Health Administration", "OSHA"), ("Department of Justice", "DOJ"),
    ("Social Security Administration", "SSA"), ("Small Business Administration", "SBA"),
    ("American Civil Liberties Union", "ACLU"), ("National Rifle Association", "NRA"),
    ("World Health Organization", "WHO"), ("International Monetary Fund", "IMF"),
    ("Chicago Transit Authority", "CTA"), ("Metropolitan Transit Authority", "MTA"),
]
ORG_KINDS = _words("Corporation Group Holdings Partners Industries Foundation Institute Alliance Council "
                   "Association Coalition Authority Network Labs")
ORG_FIELDS = _words("Energy Health Water Housing Transit Labor Farm Steel Media Data Health Freight "
                    "Solar Insurance Retail Education Airline Shipping Grain")

SITES = [
    "Riverton Gazette", "Lakeshore Ledger", "Prairie Post", "Harbor Herald", "Capitol Dispatch",
    "Midland Tribune", "Valley Courier", "Northside Record", "Metro Daily", "Coastal Times",
    "Granite State Beacon", "Union Observer", "Heartland Sentinel", "Bay City Chronicle",
    "Summit Register", "Frontier Journal", "Keystone Bulletin", "Evergreen Examiner", "Delta Star",
    "Twin Rivers News", "Old Town Crier", "Great Plains Press", "Pinecrest Review", "Ironworks Weekly",
]

SECTIONS = _words("politics local nation world business health education crime weather sports opinion")

SYLLABLES = _words("""
ka ro mi tan vel dor sa ni lo ber qua zen tor mar fi lu ga shen pol tri ven da ko mor ris ul ex an
cal pho nex bri stra lin gor thu mel vash ith ol ry cen dar ost pel quin sor tev ur wyn yal zor ban
""")
