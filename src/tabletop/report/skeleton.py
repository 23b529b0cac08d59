"""The files `tabletop new` writes: a commented skeleton scenario, its playbook and two
decision scripts, small enough to read in a minute and complete enough to validate, play,
simulate and check clean.

Every part is used (the variable is read and changed, the objective cited, the criterion
scored, each team decides, each actor acts), so the trainer grows it rather than prunes it.
Texts are placeholders beginning with TODO, in each language asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

PLACEHOLDER = "TODO"


@dataclass(frozen=True)
class Skeleton:
    name: str
    teams: tuple[str, ...]
    languages: tuple[str, ...]

    @property
    def playbook(self) -> str:
        return f"{self.name}-playbook"

    def files(self) -> dict[str, str]:
        """Relative path → content: the scenario, its playbook and its decision scripts."""
        files = {
            f"{self.name}.yaml": self.scenario_text(),
            f"playbooks/{self.playbook}.yaml": self.playbook_text(),
            f"{self.name}/good.yaml": self.script_text("good"),
            f"{self.name}/poor.yaml": self.script_text("poor"),
        }
        return {path: "\n".join(line.rstrip() for line in text.splitlines()) + "\n" for path, text in files.items()}

    def text(self, what: str, indent: int) -> str:
        """A placeholder text in every language: a plain string for one, a mapping for several."""
        if len(self.languages) == 1:
            return f'"{PLACEHOLDER}: {what}"'
        pad = " " * indent
        return "".join(f'\n{pad}{lang}: "{PLACEHOLDER} ({lang}): {what}"' for lang in self.languages)

    def scenario_text(self) -> str:
        t = self.text
        first_team = self.teams[0]
        actors = "\n".join(
            f'  - {{id: {_actor(team)}, name: "{PLACEHOLDER}: who {team} plays", kind: technical, played_by: {team}}}'
            for team in self.teams
        )
        teams = "\n".join(
            f'  - id: {team}\n    name: "{PLACEHOLDER}: name of {team}"\n    playbooks: [{self.playbook}]'
            for team in self.teams
        )
        decisions = "\n".join(self._decision(n, team) for n, team in enumerate(self.teams))
        all_acted = " and ".join(f'decision.{_decision(team)}.option == "act"' for team in self.teams)
        return f"""\
# yaml-language-server: $schema=../schema/scenario.schema.json
# A skeleton scenario written by `tabletop new`. Replace every text that starts with
# {PLACEHOLDER}, then grow it: docs/authoring.md explains every key.
#   tabletop validate {self.name}.yaml          # every problem, as file:line:col
#   tabletop play {self.name}.yaml --decisions {self.name}/good.yaml
#   tabletop graph {self.name}.yaml -o {self.name}.html   # the flow, drawn
id: {self.name}
title: {t("title of the exercise", 2)}
summary: {t("one paragraph for the facilitator: the situation and what is at stake", 2)}
languages: [{", ".join(self.languages)}]     # the first is the default
clock:
  start: 2026-01-01T09:00:00+00:00   # {PLACEHOLDER}: the story's date and time at T+00:00
  duration: 2h                       # the exercise ends at T+02:00 at the latest
playbooks: [{self.playbook}]   # playbooks/{self.playbook}.yaml

objectives:                          # each is rated P/S/M/U in the after-action report
  - id: respond
    text: {t("what the teams should demonstrate", 6)}
    capability: Operational Coordination   # a HSEEP core capability

state:                               # variables that conditions read and effects change
  pressure: {{type: integer, initial: 10, min: 0, max: 100}}

# escalation levels from 0 upward
ladder:{self.ladder()}
# a kind of actor can name the same levels in its own words, level for level:
# ladders:
#   media: [quiet, reporting, headlines, front page, frenzy]

actors:                              # one per team here; add the simulated parties too
{actors}
  - {{id: press, name: Press, kind: media}}     # simulated: no team plays it (the white cell)

teams:
{teams}

injects:
  - id: first_report                 # timed: delivered at T+00:00
    at: 0
    from: press
    to: [{", ".join(self.teams)}]
    title: {t("one line for the inbox", 6)}
    body: {t("what the teams learn", 6)}
    effects:
      - {{add: pressure, by: 20}}
  - id: escalation                   # conditional: once pressure reaches 50, five minutes later
    when: state.pressure >= 50
    delay: 5m
    from: press
    to: [{first_team}]
    title: {t("what happens when things get worse", 6)}
    body: {t("the details", 6)}

decisions:                           # one per team; each option is scored and has effects
{decisions}

reactions:                           # the white cell answers: when this holds, do that
  - id: press_story
    actor: press
    when: state.pressure >= 60
    effects:
      - {{raise: press, by: 1}}

scoring:
  criteria:
    - {{id: soundness, name: Soundness, weight: 1}}

end:                                 # outcomes that end the exercise early
  - id: contained
    when: {all_acted}
    text: {t("what this ending means", 6)}
"""

    def ladder(self) -> str:
        """The usual five levels: named in English, placeholders in the other languages."""
        levels = ("normal", "elevated", "serious", "severe", "crisis")
        if self.languages == ("en",):
            return " [" + ", ".join(levels) + "]"
        return "".join(
            "\n  - {" + ", ".join(f"{lang}: {_level(level, lang)}" for lang in self.languages) + "}" for level in levels
        )

    def _decision(self, n: int, team: str) -> str:
        t = self.text
        return f"""\
  - id: {_decision(team)}
    team: {team}
    prompt: {t("the question put to " + team, 6)}
    opens: {{at: {10 + 10 * n}m}}
    window: 20m                      # closes 20 minutes after it opens ...
    default: wait                    # ... and then 'wait' applies
    objectives: [respond]
    options:
      - id: act
        label: {t("the sound answer", 10)}
        scores: {{soundness: 3}}
        playbook_steps: [{self.playbook}/assess, {self.playbook}/act]
        effects:
          - {{add: pressure, by: -10}}
      - id: wait
        label: {t("the tempting but poor answer", 10)}
        scores: {{soundness: 0}}
        effects:
          - {{add: pressure, by: 20}}
          - {{raise: {_actor(team)}, by: 1}}"""

    def playbook_text(self) -> str:
        t = self.text
        return f"""\
# yaml-language-server: $schema=../../schema/playbook.schema.json
# The reference procedure the options of {self.name}.yaml cite as {self.playbook}/<step>.
# Replace it with your organisation's own, or list a bundled one in the scenario instead.
id: {self.playbook}
title: {t("the procedure's title", 2)}
owner: technical
languages: [{", ".join(self.languages)}]
steps:
  - id: assess
    title: {t("first step", 6)}
    phase: detection
    target: 30m                      # done by T+00:30
  - id: act
    title: {t("second step", 6)}
    phase: containment
    target: 1h
"""

    def script_text(self, kind: str) -> str:
        option, delay, note = ("act", "5m", "every team gives the sound answer five minutes after its decision opens")
        if kind == "poor":
            option, delay, note = ("wait", "15m", "every team gives the poor answer late")
        steps = "\n".join(
            f"  - {{after_open: {delay}, team: {team}, decide: {_decision(team)}, option: {option}, "
            f'rationale: "{PLACEHOLDER}: why"}}'
            for team in self.teams
        )
        return f"""\
# yaml-language-server: $schema=../../schema/script.schema.json
# A decision script for {self.name}.yaml: {note}.
#   tabletop play {self.name}.yaml --decisions {self.name}/{kind}.yaml
# Steps: decide, note, deliver, score, rate, end (see "Decision scripts" in docs/authoring.md).
steps:
{steps}
  - {{at: 1h30m, rate: respond, rating: {"S" if kind == "good" else "M"}, note: "{PLACEHOLDER}: why this rating"}}
"""


def _level(level: str, language: str) -> str:
    return level if language.split("-")[0] == "en" else f'"{PLACEHOLDER} ({language}): {level}"'


def _actor(team: str) -> str:
    return f"{team}_actor"


def _decision(team: str) -> str:
    return f"{team}_decision"
