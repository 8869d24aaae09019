"""Quote finding and speaker attribution, one rule per test, on small made-up paragraphs."""

from __future__ import annotations

from collections.abc import Callable

from index.extract import Extractor
from index.extract.entities import build_entities
from index.extract.nlp import pipe
from index.extract.quotes import find_quotes, paragraphs_to_parse, scan_paragraph
from index.model import Article, Extraction, Paragraph, Post, Quote

Extract = Callable[..., Extraction]


def only(ex: Extraction) -> Quote:
    assert len(ex.quotes) == 1, [q.text for q in ex.quotes]
    return ex.quotes[0]


def test_split_quote_gives_both_parts_the_speaker(extract: Extract) -> None:
    ex = extract("“We are going in tomorrow,” Mayor Jane Smith said. “Nobody can stop us now.”")
    assert [q.text for q in ex.quotes] == ["We are going in tomorrow,", "Nobody can stop us now."]
    assert [q.speaker for q in ex.quotes] == ["Jane Smith", "Jane Smith"]
    assert [q.speaker_kind for q in ex.quotes] == ["person", "person"]


def test_split_in_one_sentence_with_adding(extract: Extract) -> None:
    ex = extract("Asked about the plan, Governor Tom Hale replied, “We will see soon,” adding: “I never said when.”")
    assert [q.speaker for q in ex.quotes] == ["Tom Hale", "Tom Hale"]


def test_offsets_are_the_quoted_text_without_marks(extract: Extract) -> None:
    text = "“We are going in tomorrow,” Mayor Jane Smith said."
    q = only(extract(text))
    assert text[q.start:q.end] == q.text == "We are going in tomorrow,"
    assert q.paragraph == 0 and q.end_paragraph is None


def test_multi_paragraph_quote_is_one_quote(extract: Extract) -> None:
    first = "“This is the first paragraph of a long statement from the senator, and it goes on"
    second = "“and this is the second paragraph, which ends the quotation,” said Senator Mary Brown."
    q = only(extract(first, second))
    assert q.paragraph == 0 and q.end_paragraph == 1
    assert q.text.startswith("This is the first paragraph") and q.text.endswith("ends the quotation,")
    assert second[: q.end].endswith("quotation,")
    assert q.speaker == "Mary Brown"


def test_guillemets_and_german_marks(extract: Extract) -> None:
    q = only(extract("Jean Dupont said: «We will win this fight.»"))
    assert (q.text, q.speaker) == ("We will win this fight.", "Jean Dupont")
    q = only(extract("Angela Merkel told the crowd „We will manage this together.“ and left."))
    assert (q.text, q.speaker) == ("We will manage this together.", "Angela Merkel")


def test_straight_quotes(extract: Extract) -> None:
    q = only(extract('"The budget is balanced for the first time," Treasurer Ann Lee said on Monday.'))
    assert (q.text, q.speaker) == ("The budget is balanced for the first time,", "Ann Lee")


def test_scare_quotes_are_not_quotes(extract: Extract) -> None:
    assert extract("Trump called the city a “hellhole” and a “war zone” on Friday.").quotes == ()


def test_short_phrases_with_no_speaker_are_not_quotes(extract: Extract) -> None:
    ex = extract("Protesters carried signs reading “Fund our schools,” and “Put kids first.” "
                 "It is only the “tip of the iceberg” for the sharing economy.")
    assert ex.quotes == ()


def test_scare_quote_of_a_generic_describer_is_not_speech(extract: Extract) -> None:
    ex = extract("Some advertisers claim that you can “opt out” of their targeted advertising.")
    assert ex.quotes == ()


def test_short_first_person_utterance_stays(extract: Extract) -> None:
    q = only(extract("She looked up from the desk. “I’m all yours,” she said to the crowd."))
    assert q.text == "I’m all yours,"


def test_pronoun_in_a_clause_under_a_named_subject_is_that_subject(extract: Extract) -> None:
    q = only(extract("Gordon Sondland spoke to the president on July 26. Last week the official David Holmes "
                     "described the call, saying he recalled it “vividly.”"))
    assert q.speaker == "David Holmes"


def test_one_word_quote_of_a_pronoun_subject(extract: Extract) -> None:
    q = only(extract("Richard Locksley studies tuft cells. He describes the prospects as “exciting,” for now."))
    assert (q.speaker, q.confidence) == ("Richard Locksley", "inferred")


def test_an_advice_column_is_not_a_transcript(extract: Extract) -> None:
    ex = extract("DEAR ABBY: My husband of twenty years wants to move to Ohio.", "DEAR WORRIED: Talk to him first.",
                 "DEAR ABBY: My sister never calls me back.", "DEAR LONELY: Call her anyway.")
    assert ex.quotes == ()


def test_a_quote_paragraph_continues_the_attributed_quote_before(extract: Extract) -> None:
    ex = extract("“The statement was out of touch with what the public expects,” Lee Jae-myung said.",
                 "“There is no other way but to leave office early.”",
                 "Six parties began proceedings this week.", "“It is a sad day for the country.”")
    assert [(q.speaker, q.cue, q.confidence) for q in ex.quotes[:2]] == [
        ("Lee Jae-myung", "same-sentence", "stated"), ("Lee Jae-myung", "continuation", "inferred")]
    assert ex.quotes[2].speaker is None  # the paragraph before quoted no one


def test_two_word_utterance_with_a_cue_is_a_quote(extract: Extract) -> None:
    q = only(extract("“That's correct,” Kurt Volker said."))
    assert q.speaker == "Kurt Volker"


def test_titles_of_works_are_not_quotes(extract: Extract) -> None:
    ex = extract("She starred in the film “The Long Goodbye Again” last year. The song “Wild Rose Of Glasgow” won.")
    assert ex.quotes == ()


def test_apostrophes_do_not_pair_as_quotes() -> None:
    text = "The players’ union said it won’t sign. Chicago’s mayor’s office didn’t reply."
    assert scan_paragraph(0, text) == []


def test_british_single_quotes_need_punctuation_inside() -> None:
    text = "He said: ‘We are not going to accept this deal,’ before the players’ union left."
    segments = scan_paragraph(0, text)
    assert [text[s.start:s.end] for s in segments] == ["We are not going to accept this deal,"]


def test_according_to(extract: Extract) -> None:
    q = only(extract("The company will grow “faster than ever before this year,” according to Maria Lopez."))
    assert (q.speaker, q.cue) == ("Maria Lopez", "according-to")


def test_colon_cue(extract: Extract) -> None:
    q = only(extract("Police chief Tom Reed: “We have the suspect in custody now.”"))
    assert (q.speaker, q.cue) == ("Tom Reed", "colon")


def test_pronoun_resolves_to_the_last_person(extract: Extract) -> None:
    ex = extract(
        "Senator Bob Jones spoke on Tuesday.",
        "“The plan is a disaster for the city and for the state,” he told reporters.",
    )
    q = only(ex)
    assert (q.speaker, q.cue) == ("Bob Jones", "pronoun")


def test_organisation_speaker(extract: Extract) -> None:
    q = only(extract("The Department of Homeland Security said in a statement: “We will enforce the law everywhere.”"))
    assert (q.speaker, q.speaker_kind) == ("Department of Homeland Security", "organization")


def test_document_speaker(extract: Extract) -> None:
    q = only(extract("The memo said the plan was ready. “All units are to deploy by Friday morning,” it read."))
    assert (q.speaker, q.speaker_kind) == ("the memo", "document")


def test_unnamed_speaker_is_its_description_not_a_guess(extract: Extract) -> None:
    # Issue 13: a source named only by role is a speaker, as the text gives it; never the person
    # named before (before, this quote had no speaker at all).
    ex = extract(
        "Mayor Jane Smith visited the site on Monday.",
        "“We will not comment on the ongoing investigation,” a spokesperson said.",
    )
    q = only(ex)
    assert (q.speaker, q.speaker_text, q.speaker_kind) == ("a spokesperson", "a spokesperson", "description")
    assert q.confidence == "stated"


def test_previous_paragraph_that_introduces_the_speaker(extract: Extract) -> None:
    ex = extract(
        "The city has had a hard year. Press Secretary Karoline Leavitt said in a news conference.",
        "She said that the city needed more police officers.",
        "“Clearly, Americans want to serve their communities, and they need a leader.”",
    )
    q = only(ex)
    assert (q.speaker, q.cue) == ("Karoline Leavitt", "previous-paragraph")


def test_previous_speaker_is_not_reused_after_a_quote(extract: Extract) -> None:
    ex = extract(
        "“We are going in tomorrow,” Mayor Jane Smith said.",
        "“The mayor has no plan for the city at all.”",
    )
    assert [q.speaker for q in ex.quotes] == ["Jane Smith", None]


def test_post_text_is_not_a_quote(extractor: Extractor) -> None:
    paragraphs = (
        Paragraph("Mayor Jane Smith posted on X about the vote."),
        Paragraph("“We will win this vote and everyone knows it.” — Jane Smith (@JaneSmith) May 3, 2025"),
    )
    article = Article(id="p", title="t", paragraphs=paragraphs)
    docs = list(extractor.nlp.pipe([p.text for p in paragraphs]))
    posts = (Post(platform="x", author="Jane Smith", handle="JaneSmith", paragraphs=(1,)),)
    _, resolver = build_entities(article, docs, posts)
    assert find_quotes(article, docs, resolver, posts) == ()
    assert len(find_quotes(article, docs, resolver, ())) == 1


def test_pull_quote_repeated_is_kept_once(extract: Extract) -> None:
    ex = extract(
        "“It is not enough for one day in a hospital.”",
        "Asked about the aid, Dr. Marwan Hams sighed. “It is not enough for one day in a hospital,” he said.",
    )
    q = only(ex)
    assert (q.paragraph, q.speaker) == (1, "Marwan Hams")


def test_person_inside_the_subject_phrase(extract: Extract) -> None:
    q = only(extract("“This app is a flaming poop salad,” wrote professor and attorney Seth Abramson."))
    assert q.speaker == "Seth Abramson"


def test_quote_of_a_post_with_its_own_cue_is_kept(extractor: Extractor) -> None:
    paragraphs = (
        Paragraph("“This app is a flaming poop salad,” wrote attorney Seth Abramson."),
        Paragraph("This app is a flaming poop salad, — Seth Abramson (@SethAbramson) August 13, 2024"),
    )
    article = Article(id="p", title="t", paragraphs=paragraphs)
    docs = list(extractor.nlp.pipe([p.text for p in paragraphs]))
    posts = (Post(platform="x", author="Seth Abramson", handle="SethAbramson",
                  text="This app is a flaming poop salad,", paragraphs=(1,)),)
    _, resolver = build_entities(article, docs, posts)
    quotes = find_quotes(article, docs, resolver, posts)
    assert [(q.paragraph, q.speaker) for q in quotes] == [(0, "Seth Abramson")]


def test_a_passive_subject_is_not_the_speaker(extract: Extract) -> None:
    q = only(extract(
        "Ingrid Okafor, who is seeking a second term, replied that the memo had been written before she took "
        "office and had “never once reached the mayor's desk, this one or the last one.”"
    ))
    assert q.speaker == "Ingrid Okafor"


def test_a_pronoun_finds_the_person_a_fragment_was_about(extract: Extract) -> None:
    ex = extract(
        "Mayor Ingrid Okafor spoke first.",
        "Dana Kowalczyk, president of the transit workers' union, which has endorsed Okafor, watched from the "
        "audience. She said afterwards that the mayor had “won the argument on transit and held her own.”",
    )
    assert only(ex).speaker == "Dana Kowalczyk"


def test_only_quote_paragraphs_and_their_context_are_parsed() -> None:
    paragraphs = (
        "The council met on Monday.",  # 0: too far back
        "The budget was on the agenda.",  # 1: where "She" of 4 may look
        "Mayor Jane Smith opened the session.",  # 2
        "The vote was postponed.",  # 3: before the quote
        "She spoke for an hour.",  # 4
        "Nobody objected.",  # 5
        "“We will try again next week,” she said.",  # 6: a quote
        "The next session is in May.",  # 7
    )
    article = Article(id="c", title="t", paragraphs=tuple(Paragraph(p) for p in paragraphs))
    assert paragraphs_to_parse(article) == [False, True, True, True, True, True, True, False]
    plain = Article(id="d", title="t", paragraphs=tuple(Paragraph(p) for p in paragraphs[:3]))
    assert paragraphs_to_parse(plain) == [False, False, False]


def test_pipe_parses_only_the_paragraphs_asked_for(extractor: Extractor) -> None:
    texts = [("Mayor Jane Smith spoke in Chicago.", False), ("“No,” she said.", True)]
    docs = list(pipe(extractor.nlp, texts, batch_size=1))
    assert [d.text for d in docs] == [t for t, _ in texts]
    assert [d.has_annotation("DEP") for d in docs] == [False, True]
    assert [e.text for e in docs[0].ents] == ["Jane Smith", "Chicago"]


def test_mixed_marks_end_at_the_closing_mark(extract: Extract) -> None:
    # A straight opening mark closed by a curly one: the quote stops there, "said Hill" stays outside.
    ex = extract('"And I asked, well, on whose authority?” said Hill. "We never got an answer," she added later.')
    assert [q.text for q in ex.quotes] == ["And I asked, well, on whose authority?", "We never got an answer,"]
    assert ex.quotes[0].speaker == "Hill" and ex.quotes[0].evidence == "‘said Hill’"


def test_pronoun_agrees_with_a_first_name(extract: Extract) -> None:
    ex = extract(
        "Karoline Leavitt spoke after Tom Hale left the room.",
        "“We will not back down on this at all,” she said.",
    )
    q = only(ex)
    assert (q.speaker, q.confidence) == ("Karoline Leavitt", "inferred")
    assert q.evidence.startswith("‘she said’ → Karoline Leavitt")


def test_no_carry_over_into_a_sentence_with_its_own_cue(extract: Extract) -> None:
    ex = extract("“We are going in tomorrow,” Mayor Jane Smith said. “That is a mistake,” a resident replied.")
    assert [(q.speaker, q.speaker_kind) for q in ex.quotes] == [("Jane Smith", "person"),
                                                               ("a resident", "description")]


def test_description_refers_to_the_person_the_article_introduced(extract: Extract) -> None:
    ex = extract(
        "The actor James Carter spoke to the magazine this week.",
        "“Hearing the heartbeat was something we never take for granted,” the actor said.",
    )
    q = only(ex)
    assert (q.speaker, q.speaker_text, q.speaker_kind) == ("James Carter", "the actor", "description")


def test_a_partial_quote_needs_a_speech_verb_of_its_own(extract: Extract) -> None:
    ex = extract("The Pentagon said the claims were “patently false,” and critics called it a “stunt.”")
    assert [(q.text, q.speaker) for q in ex.quotes] == [("patently false,", "Pentagon")]


def test_title_case_headings_are_not_quotes(extract: Extract) -> None:
    assert extract("The exhibit “The World of Tomorrow Is Here.” opened on Monday in the old hall.").quotes == ()


def test_the_owner_of_words_is_their_speaker(extract: Extract) -> None:
    # From corpus pages: a noun of speech the quote hangs from, and "in X's words" right before it.
    ex = extract("Despite Mr. Donald Trump’s Oct. 11 announcement that the United States and China had reached a "
                 "“historic” Phase 1 trade agreement, actually signing a deal has proved elusive.",
                 "In Dr. Michael Shadlen's words, “Could the moment when the brain believes it has accumulated "
                 "enough evidence be tied to the person's awareness of having decided?”")
    assert [(q.text, q.speaker, q.cue, q.confidence) for q in ex.quotes] == [
        ("historic", "Donald Trump", "possessive", "stated"),
        ("Could the moment when the brain believes it has accumulated enough evidence be tied to the person's "
         "awareness of having decided?", "Michael Shadlen", "possessive", "stated"),
    ]


def test_short_words_characterised_as_or_followed_by_as_x_said(extract: Extract) -> None:
    ex = extract("The Pentagon rejected these accusations as “patently false,” and analysts agreed.",
                 "Perhaps there are grounds for hope, since the “new Gannett,” as Michael Reed dubbed the "
                 "combination, will have national-scale heft.")
    assert [(q.text, q.speaker) for q in ex.quotes] == [
        ("patently false,", "Pentagon"), ("new Gannett,", "Michael Reed"),
    ]
    # A bare object predicate of "called" stays a scare quote (test_scare_quotes_are_not_quotes).


def test_a_quote_mark_glued_to_the_speaker(extract: Extract) -> None:
    ex = extract("By the mid-1970s, tarot was on its way to becoming popular, and the cards came from Stuart Kaplan. "
                 "“We have prevailed because we have devoted all of our attention to tarot cards,”Kaplan says.")
    assert [q.speaker for q in ex.quotes] == ["Stuart Kaplan"]


def test_a_sentence_that_opens_with_the_speaker_after_a_question(extract: Extract) -> None:
    # "He" here is a family name, and the sentence is long: the parser splits it off after "?”".
    q = only(extract("“Without rolling back some of the tariffs, then I would ask what is the additional incentive "
                     "of implementing this deal on the Chinese part?” He Jianxiong, the former executive director "
                     "for China at the International Monetary Fund, said at a Nov. 6 event at the Peterson Institute."))
    assert (q.speaker or "").endswith("Jianxiong") and (q.cue, q.confidence) == ("next-sentence", "inferred")


def test_a_name_with_a_role_is_a_person_for_he(extract: Extract) -> None:
    ex = extract("Eswar Prasad, a trade professor at Cornell, said the president had complicated the task. “By "
                 "hyping up expectations and setting unrealistic goals for the trade talks, Trump makes the prospects "
                 "more uncertain and volatile,” he said.")
    assert [(q.speaker, q.speaker_kind) for q in ex.quotes] == [("Eswar Prasad", "person")]


def test_continued_to_is_no_report(extract: Extract) -> None:
    ex = extract("In the aftermath of the elections, tensions between the two sides continued to run hot. The "
                 "party tried to rally support, and voters were “coming out in droves.”")
    assert all(q.speaker is None or "tensions" not in q.speaker for q in ex.quotes)


def test_she_is_the_person_described_before_her(extract: Extract) -> None:
    ex = extract("WIRED spoke to one mother, who knew her teenage daughter and son were masquerading as a Tax "
                 "Preparation Service on Instagram. “I am so ahead of every other parent of teens I know when it "
                 "comes to technology,” she said. “I am literally facepalming that my son has a public account.”")
    assert [(q.speaker, q.speaker_kind, q.confidence) for q in ex.quotes] == [
        ("one mother", "description", "inferred"), ("one mother", "description", "inferred"),
    ]


def test_a_sentence_about_the_speaker_between_his_quotes(extract: Extract) -> None:
    ex = extract("“I was stunned just to see how many people visited my profile even without posting,” said Joseph "
                 "Minga, a friend who recently switched accounts. He learned around 75 to 100 people view his "
                 "profile a week. “It really made me take a step back and ask what they are looking for on here.”")
    assert [(q.speaker, q.cue) for q in ex.quotes] == [("Joseph Minga", "same-sentence"), ("Joseph Minga", "follow-on")]


def test_the_subject_of_the_sentence_before_is_a_guess(extract: Extract) -> None:
    q = only(extract("Charles Schultze, chairman of the Council of Economic Advisers in the Carter administration, "
                     "once summed up the danger of deficits with a metaphor. “It’s not so much a question of the "
                     "wolf at the door, but termites in the woodwork.”"))
    assert (q.speaker, q.confidence) == ("Charles Schultze", "guessed")


def test_any_verb_right_after_the_quote_frames_it(extract: Extract) -> None:
    ex = extract("As Mashable reports, the company announced that it would charge a minimum of $100. A firestorm "
                 "of criticism quickly erupted – “@Uber_Sydney stop being assholes,” one Twitter response began – "
                 "and Uber soon found itself offering free rides instead.")
    assert [(q.speaker, q.speaker_kind) for q in ex.quotes] == [("one Twitter response", "description")]
