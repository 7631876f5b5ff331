"""What a retraining decided between the production version it started with (champion) and the version it added
(challenger), in words and as the markdown of its Prefect artifact."""

from __future__ import annotations

from pydantic import BaseModel

from tourism_grpo.publishing.registry import Version


class Verdict(BaseModel):
    """Champion before, challenger added, production after, and one line saying which won and why."""

    champion: int | None
    challenger: int | None
    production: int | None
    line: str

    def markdown(self, experiment: str, versions: list[Version]) -> str:
        """The verdict over a table of the two versions it is about."""
        rows = ["| role | version | adapter | gate | primary metric |", "|---|---|---|---|---|"]
        for role, number in (("champion (production before)", self.champion), ("challenger", self.challenger)):
            version = next((known for known in versions if known.version == number), None)
            if version is None:
                rows.append(f"| {role} | none | | | |")
                continue
            gate = "passed" if version.accepted else "refused: " + "; ".join(version.reasons)
            rows.append(f"| {role} | {version.tag} | `{version.adapter}` | {gate} | {version.summary} |")
        return "\n".join([f"# Champion and challenger: {experiment}", "", self.line, "", *rows])


def judge(champion: int | None, newest_before: int, versions: list[Version], production: int | None) -> Verdict:
    """The verdict of a run that started with production `champion` and `newest_before` versions."""
    added = [version for version in versions if version.version > newest_before]
    challenger = added[-1] if added else None
    if challenger is None:
        line = "No version was added: " + (
            f"production stays v{champion}." if champion is not None else "the preset has no production version."
        )
    elif production == challenger.version:
        line = f"{challenger.tag} is production: " + (
            f"not worse than v{champion}, it replaces it." if champion is not None else "the preset's first."
        )
    elif champion is not None and production == champion:
        line = f"v{champion} stays production; {challenger.tag} is kept, refused: " + "; ".join(challenger.reasons)
    else:
        line = f"{challenger.tag} is kept, not production (" + "; ".join(challenger.reasons or ["not promoted"]) + ")."
    return Verdict(
        champion=champion,
        challenger=challenger.version if challenger else None,
        production=production,
        line=line,
    )
