"""Participant feedback over the network: always for the seat's own team, limited, and never disruptive."""

from __future__ import annotations

import asyncio

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.net.server import MAX_FEEDBACK_FORMS
from tests.net.conftest import Raw, joined, serve, until

FORM = {
    "type": "feedback",
    "terminal": "a1b2",
    "strengths": "Clear roles",
    "improvements": "Logs came late",
    "ratings": {"contain_protect_ot": 4},
    "comments": "",
}


def forms(session) -> list[ev.ParticipantFeedbackGiven]:
    return [e for e in session.events if isinstance(e, ev.ParticipantFeedbackGiven)]


async def hello(spy: Raw, server, seat: str) -> None:
    await spy.send({"type": "hello", "team": seat, "key": server.hosting.keys[seat]})


async def results(spy: Raw, count: int) -> dict[str, dict]:
    await until(lambda: sum(m["type"] in ("result", "error") for m in spy.received) >= count)
    return {m["id"]: m for m in spy.received if m["type"] == "result"}


def test_the_ended_exercise_offers_each_team_a_form_of_its_own_objectives(hosted):
    async def go():
        server = await serve(hosted)
        csirt, _ = await joined(server, "csirt_cell")
        assert "feedback_form" not in csirt.view
        server.submit(c.End())
        await until(lambda: "feedback_form" in csirt.view)
        asked = [o["id"] for o in csirt.view["feedback_form"]["objectives"]]
        assert asked == [
            "contain_protect_ot",
            "share_indicators",
            "attribution_discipline",
            "whole_of_government",
            "restore_transits",
        ]
        assert await csirt.feedback("Clear roles", "", {"share_indicators": 5}, "") is None
        assert [(f.team, f.ratings) for f in forms(hosted)] == [("csirt_cell", {"share_indicators": 5})]
        assert forms(hosted)[0].respondent == f"terminal {csirt.terminal}"
        await csirt.stop()
        await server.stop()

    asyncio.run(go())


def test_feedback_naming_another_team_is_refused_and_its_own_is_recorded_for_the_seat(hosted):
    async def go():
        server = await serve(hosted)
        server.submit(c.End())
        async with Raw(server) as spy:
            await hello(spy, server, "csirt_cell")
            await spy.send({**FORM, "id": "1", "team": "mfa_cell"})
            await spy.send({**FORM, "id": "2", "ratings": {"public_information": 2}})
            await spy.send({**FORM, "id": "3"})
            answers = await results(spy, 3)
        errors = [m["message"] for m in spy.received if m["type"] == "error"]
        assert any("team: Extra inputs are not permitted" in e for e in errors)
        assert answers["2"]["error"].startswith("objective 'public_information' does not concern team 'csirt_cell'")
        assert answers["3"]["ok"]
        assert [f.team for f in forms(hosted)] == ["csirt_cell"]
        await server.stop()

    asyncio.run(go())


def test_feedback_before_the_end_and_from_the_room_is_refused(hosted):
    async def go():
        server = await serve(hosted)
        async with Raw(server) as team, Raw(server) as room:
            await hello(team, server, "csirt_cell")
            await hello(room, server, "room")
            await team.send({**FORM, "id": "1"})
            await room.send({**FORM, "id": "1"})
            early, watching = (await results(team, 1))["1"], (await results(room, 1))["1"]
        assert early["error"] == "participant feedback comes after the exercise: end it first"
        assert watching["error"] == "the room seat watches the exercise: feedback forms come from the teams"
        assert forms(hosted) == []
        await server.stop()

    asyncio.run(go())


def test_wrong_types_huge_text_and_control_characters_are_refused(hosted):
    async def go():
        server = await serve(hosted)
        server.submit(c.End())
        async with Raw(server) as spy:
            await hello(spy, server, "csirt_cell")
            for i, bad in enumerate(
                [
                    {"ratings": {"contain_protect_ot": "5"}},
                    {"ratings": {"contain_protect_ot": 4.0}},
                    {"ratings": {"contain_protect_ot": True}},
                    {"ratings": {"contain_protect_ot": 9}},
                    {"ratings": ["contain_protect_ot"]},
                    {"strengths": "x" * 5000},
                    {"terminal": "../../etc"},
                ]
            ):
                await spy.send({**FORM, "id": str(i), **bad})
            await spy.send({**FORM, "id": "ctl", "comments": "fine \x1b[31m red"})
            answers = await results(spy, 8)
        assert sum(m["type"] == "error" and "invalid message" in m["message"] for m in spy.received) == 7
        assert not answers["ctl"]["ok"] and "invisible control character" in answers["ctl"]["error"]
        assert forms(hosted) == []
        await server.stop()

    asyncio.run(go())


def test_a_flood_of_forms_is_limited_and_a_resubmission_keeps_both_in_the_log(hosted):
    async def go():
        server = await serve(hosted)
        server.submit(c.End())
        async with Raw(server) as spy:
            await hello(spy, server, "csirt_cell")
            for i in range(MAX_FEEDBACK_FORMS + 3):
                await spy.send({**FORM, "id": str(i), "strengths": f"take {i}"})
            answers = await results(spy, MAX_FEEDBACK_FORMS + 3)
        accepted = [i for i in range(MAX_FEEDBACK_FORMS + 3) if answers[str(i)]["ok"]]
        assert accepted == list(range(MAX_FEEDBACK_FORMS))
        assert "sent 5 feedback forms already" in answers[str(MAX_FEEDBACK_FORMS)]["error"]
        assert len(forms(hosted)) == MAX_FEEDBACK_FORMS
        assert {f.respondent for f in forms(hosted)} == {"terminal a1b2"}  # one terminal: the report counts one
        await server.stop()

    asyncio.run(go())
